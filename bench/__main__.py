"""``python -m bench [NAME …] [--quick] [--fresh] [--output FILE]`` — run the benchmarks and write the
report (``make bench`` runs them all into ``docs/performance.md``).

NAME picks a subset (``python -m bench evaluation pages``); the benchmarks are, in order: evaluation,
pages, plans, load, instances, pdfs, imports (the seeding is timed when the database is seeded).
``--quick`` uses the ``ward`` scale, 3 runs and 15-second loads. A quick run or a subset writes to
/tmp/partycell-performance-partial.md unless ``--output`` is given: only a full run of every benchmark
rewrites the reference report.

The benchmarks run against PostgreSQL: ``BENCH_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/partycell_bench``); other databases are named after it
(``…_quick``, ``…_ward``, ``…_import``). They are created, migrated and seeded here.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import secrets
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench.context import Context
from bench.report import Goal, Run, Section, write

ROOT = Path(__file__).resolve().parent.parent
BENCHES = ("evaluation", "pages", "plans", "load", "instances", "pdfs", "imports")
REPORT = ROOT / "docs" / "performance.md"
QUICK_REPORT = Path("/tmp/partycell-performance-partial.md")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"benchmarks to run (default: all): {', '.join(BENCHES)}",
    )
    parser.add_argument(
        "--quick", action="store_true", help="small data, fewer runs, short loads"
    )
    parser.add_argument(
        "--fresh", action="store_true", help="drop and reseed the databases"
    )
    parser.add_argument("--output", type=Path, help="the report to write")
    parser.add_argument(
        "--runs", type=int, help="repetitions per figure (default 5; quick 3)"
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHES]
    if unknown:
        parser.error(
            f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHES)}"
        )
    return args


def configure_environment(database_url: str) -> None:
    """Production settings (bench.settings) against the benchmark database; set before Django starts."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ.pop("DJANGO_DEBUG", None)
    os.environ.pop("PARTYCELL_TESTING", None)
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + secrets.token_urlsafe(48))
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    # The shared cache of production (make serve), empty at each run: the servers start cold.
    os.environ["DJANGO_CACHE_DIR"] = tempfile.mkdtemp(prefix="partycell-bench-cache-")


def static_outdated() -> bool:
    """Whether ``collectstatic`` must run: no manifest yet, or a static file newer than it."""
    from django.conf import settings

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(
        path.stat().st_mtime > built
        for path in (ROOT / "static").rglob("*")
        if path.is_file()
    )


def machine_info() -> dict[str, str]:
    import platform
    import sqlite3

    import django
    import psutil
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    load = os.getloadavg()
    return {
        "CPU": f"{os.cpu_count()} cores ({platform.processor() or platform.machine()})",
        "memory": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "load average at start": f"{load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} (shared machine)",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "PostgreSQL": pg_version,
        "SQLite": sqlite3.sqlite_version,
    }


def main(argv: list[str]) -> int:
    args = parse(argv)
    sys.path.insert(0, str(ROOT))
    from bench import database

    base_url = os.environ.get("BENCH_DATABASE_URL", database.DEFAULT_URL)
    url = (
        database.with_name(base_url, database.name_of(base_url) + "_quick")
        if args.quick
        else base_url
    )
    today = datetime.date.today()
    ctx = Context(
        quick=args.quick,
        runs=args.runs or (3 if args.quick else 5),
        database_url=url,
        scale="ward" if args.quick else "province",
        year=today.year - 1,
        load_seconds=15 if args.quick else 60,
    )
    started, clock = datetime.datetime.now(datetime.UTC), time.perf_counter()
    if args.fresh:
        database.drop(url)
    database.create(url)
    configure_environment(url)
    import django

    django.setup()
    ctx.log(f"database {database.name_of(url)}: migrating")
    database.migrate()
    ctx.seed_note = database.seed(url, ctx.scale, ctx.log)
    database.ensure_bench_users()
    database.analyze()
    from django.core.management import call_command

    if static_outdated():
        ctx.log(
            "collecting static files (the manifest storage of production needs them)"
        )
        call_command("collectstatic", interactive=False, verbosity=0)
    ctx.dataset = {
        "seed_demo scale": f"{ctx.scale} (seed 1; {ctx.year} complete)",
        **database.dataset(),
        "database": database.name_of(url),
    }
    machine = machine_info()
    sections: list[Section] = [seeding_section(ctx)]
    for name in args.names or BENCHES:
        ctx.log(f"running {name}")
        module = importlib.import_module(f"bench.{name}")
        try:
            sections.append(module.run(ctx))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # a broken benchmark is reported, the others still run
            section = Section(name, getattr(module, "TITLE", name))
            section.text.append("```\n" + traceback.format_exc() + "```")
            section.notes.append("This benchmark failed in this run (traceback above).")
            sections.append(section)
            ctx.log(f"{name} failed:\n{traceback.format_exc()}")
    # Only a full run of every benchmark rewrites docs/performance.md.
    partial = args.quick or bool(args.names)
    output = args.output or (QUICK_REPORT if partial else REPORT)
    run = Run(
        machine,
        ctx.dataset,
        sections,
        started,
        time.perf_counter() - clock,
        quick=args.quick,
        subset=tuple(args.names),
    )
    write(run, output)
    ctx.log(f"wrote {output}")
    return 0


def seeding_section(ctx: Context) -> Section:

    section = Section("seeding", "Seeding")
    note = ctx.seed_note
    seconds = note.get("seed_seconds")
    if ctx.scale != "province":
        section.notes.append(
            f"Quick mode: scale {ctx.scale!r}; the province goal is not measured."
        )
        section.goals.append(
            Goal("seed_demo --scale province on PostgreSQL", "< 10 min", "—", None)
        )
    elif seconds is None:
        section.goals.append(
            Goal(
                "seed_demo --scale province on PostgreSQL", "< 10 min", "unknown", None
            )
        )
    else:
        section.goals.append(
            Goal(
                "seed_demo --scale province on PostgreSQL",
                "< 10 min",
                f"{seconds / 60:.1f} min",
                seconds < 600 and note.get("from_empty", False),
                note=""
                if note.get("from_empty")
                else "partly seeded before: not a full run",
            )
        )
        section.notes.append(
            f"Seeded {note.get('seeded_at', '?')} in {seconds:.0f} s (one measurement, taken when the "
            "database was seeded; later runs reuse the database). `--fresh` reseeds and measures again."
        )
    return section


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
