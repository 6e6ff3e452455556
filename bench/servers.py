"""Gunicorn servers and headless locust runs for the load benchmarks (loopback only)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin"
if not (BIN / "gunicorn").exists():
    BIN = ROOT / ".venv" / "bin"


@contextmanager
def gunicorn(app: str, port: int, workers: int, probe: str = "/") -> Iterator[str]:
    """A gunicorn on 127.0.0.1:``port`` with the environment of this process (production settings)."""
    log_path = Path(tempfile.gettempdir()) / f"partycell-bench-gunicorn-{port}.log"
    log = open(log_path, "w")  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            app,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + probe, timeout=5)  # noqa: S310 (loopback)
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"gunicorn {app} did not start on {url}"
                    ) from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@dataclass(frozen=True)
class Stat:
    name: str
    requests: int
    failures: int
    p50: float
    p95: float
    p99: float
    rps: float


def locust(
    targets: dict, *, users: int, seconds: int, label: str, login_window: int = 0
) -> tuple[dict[str, Stat], str]:
    """Runs bench/locustfile.py headless; returns its statistics by request name and its failures."""
    workdir = Path(tempfile.mkdtemp(prefix=f"partycell-bench-{label}-"))
    targets = {**targets, "login_window": login_window}
    (workdir / "targets.json").write_text(json.dumps(targets), encoding="utf-8")
    env = {**os.environ, "BENCH_TARGETS": str(workdir / "targets.json")}
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds + login_window}s",
            "--csv",
            str(workdir / "load"),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "10",
        ],
        cwd=ROOT,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=open(workdir / "locust.log", "w"),  # noqa: SIM115
    )
    stats = {}
    with open(workdir / "load_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            stats[row["Name"]] = Stat(
                row["Name"],
                int(row["Request Count"]),
                int(row["Failure Count"]),
                float(row["50%"]),
                float(row["95%"]),
                float(row["99%"]),
                float(row["Requests/s"]),
            )
    failures = (workdir / "load_failures.csv").read_text(encoding="utf-8")
    return stats, failures


def stats_table(stats: dict[str, Stat]) -> str:
    lines = [
        "| request | count | errors | p50 | p95 | p99 | req/s |",
        "|---|---|---|---|---|---|---|",
    ]
    for stat in stats.values():
        lines.append(
            f"| {stat.name} | {stat.requests} | {stat.failures} | {stat.p50:.0f} ms | "
            f"{stat.p95:.0f} ms | {stat.p99:.0f} ms | {stat.rps:.1f} |"
        )
    return "\n".join(lines)
