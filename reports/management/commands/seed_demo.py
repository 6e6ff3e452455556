"""``manage.py seed_demo [--scale demo|ward|city|province] [--seed N] [--year Y]``.

Thin: parses the arguments, shows a progress bar on stderr, prints what was written and the logins. The
work is in ``reports.seed``.
"""

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from reports import seed as seeding


class Command(BaseCommand):
    help = (
        "Seeds demo data: the Đồng Tâm ward (demo) or generated wards (ward, city, province). "
        "Deterministic for a seed; wards that exist are skipped, so running it again writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=seeding.SCALES,
            default="demo",
            help="demo: 1 designed ward; ward: 1 ward of ~40 cells; city: 15 wards; "
            "province: 100 wards (default: demo).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed (default: 1)"
        )
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help="the complete year to seed (default: last year); the next year is seeded "
            "up to today",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        year = options["year"] or today.year - 1
        scale, verbosity = options["scale"], options["verbosity"]
        wards = len(seeding.ward_specs(scale))
        if verbosity:
            self.stdout.write(
                f"Seeding scale {scale!r} (seed {options['seed']}): {year} complete, "
                f"{year + 1} up to {today:%d/%m/%Y}."
            )
        bar = tqdm(
            total=wards * seeding.STEPS_PER_WARD,
            file=sys.stderr,
            unit="step",
            disable=verbosity == 0 or not sys.stderr.isatty(),
        )

        def progress(label: str, steps: int) -> None:
            bar.set_description(label)
            bar.update(steps)
            if verbosity >= 2:
                bar.write(label, file=sys.stderr)

        started = time.monotonic()
        try:
            result = seeding.seed(
                scale=scale,
                seed=options["seed"],
                year=year,
                today=today,
                progress=progress,
            )
        except seeding.SeedError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        if verbosity:
            self.report(result, time.monotonic() - started)

    def report(self, result: seeding.SeedResult, seconds: float) -> None:
        if result.skipped:
            self.stdout.write(f"Skipped (already seeded): {', '.join(result.skipped)}")
        self.stdout.write(
            f"Wards written: {len(result.created)} in {seconds:.1f} s"
            + (f" ({sum(result.rows.values()):,} rows)" if result.rows else "")
        )
        for label, count in sorted(result.rows.items()):
            self.stdout.write(f"  {label:<28} {count:>10,}")
        rows = [("username", "role", "scope", "password", "")]
        for login in result.logins:
            scope = (
                login.cell
                or login.ward
                or ("every ward" if login.role != "superuser" else "")
            )
            note = "created" if login.created else "existing: password unchanged"
            rows.append((login.username, login.role, scope, login.password, note))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        self.stdout.write("")
        for row in rows:
            cells = [
                value.ljust(width) for value, width in zip(row, widths, strict=False)
            ]
            self.stdout.write("  ".join([*cells, row[4]]).rstrip())
