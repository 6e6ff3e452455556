"""Importing the export of the ``ward`` scale into an empty database (``import_workbook``), each run into a
fresh copy of a migrated empty database. Guarded: while ``export_workbook`` and ``import_workbook`` do not
exist, the report says "not yet available"."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

from bench import database
from bench.context import Context
from bench.report import Figure, Goal, Section

TITLE = "Import of a ward's workbook"
GOAL = ("import of the `--scale ward` export", "< 30 s")
ROOT = Path(__file__).resolve().parent.parent


def manage(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def checked(result: subprocess.CompletedProcess) -> None:
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(result.args[2:4])} failed:\n{result.stdout}\n{result.stderr}"
        )


def run(ctx: Context) -> Section:
    from django.core.management import get_commands

    section = Section("imports", TITLE)
    missing = [
        c for c in ("export_workbook", "import_workbook") if c not in get_commands()
    ]
    if missing:
        section.goals.append(Goal(*GOAL, "not yet available", None))
        section.notes.append(f"Not yet available: the commands {', '.join(missing)}.")
        return section
    base = database.name_of(ctx.database_url).removesuffix("_quick")
    ward_url = database.with_name(ctx.database_url, base + "_ward")
    empty_url = database.with_name(ctx.database_url, base + "_empty")
    target_url = database.with_name(ctx.database_url, base + "_import")
    database.create(ward_url)
    checked(manage(ward_url, "migrate", "--noinput"))
    checked(manage(ward_url, "seed_demo", "--scale", "ward", "--verbosity", "0"))
    workbook = Path(tempfile.gettempdir()) / "partycell-bench-ward.xlsx"
    checked(manage(ward_url, "export_workbook", "-o", str(workbook)))
    database.drop(empty_url)
    database.create(empty_url)
    checked(manage(empty_url, "migrate", "--noinput"))
    times = []
    for _ in range(3 if ctx.quick else 5):
        database.drop(target_url)
        with database.admin_connection(ctx.database_url) as conn:
            conn.execute(
                f'CREATE DATABASE "{database.name_of(target_url)}" TEMPLATE "{database.name_of(empty_url)}"'
            )
        started = time.perf_counter()
        checked(manage(target_url, "import_workbook", str(workbook)))
        times.append(time.perf_counter() - started)
    figure = Figure(
        f"import_workbook of the ward export ({workbook.stat().st_size / 2**20:.1f} MB), empty database",
        tuple(times),
    )
    section.figures.append(figure)
    section.goals.append(Goal(*GOAL, f"{figure.median:.1f} s", figure.median < 30))
    section.notes.append(
        "Each run is a new process (`manage.py import_workbook`), its start-up included."
    )
    database.drop(target_url)
    return section
