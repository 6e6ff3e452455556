"""``manage.py evaluate``: the model-cell criteria of cells for a year, as a table or as JSON."""

from __future__ import annotations

import argparse
import datetime
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.models import Cell
from scoring.domain import State
from scoring.services import evaluate, evaluation_json

SYMBOLS = {
    State.PASSED: "✓",
    State.FAILED: "✗",
    State.UNDECIDED: "?",
    State.PENDING: "…",
    State.NOT_APPLICABLE: "–",
}


def parse_date(value: str) -> datetime.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CommandError(_("Not a date (dd/mm/yyyy or yyyy-mm-dd): %(v)s") % {"v": value})


def parse_year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        year = 0
    if not 1930 <= year <= 2100:
        raise argparse.ArgumentTypeError(
            _("Not a year (for example 2025): %(v)s") % {"v": value}
        )
    return year


class Command(BaseCommand):
    help = "Evaluates cells against the 13 model-cell criteria for a year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=parse_year, required=True)
        parser.add_argument(
            "--as-of", dest="as_of", help="dd/mm/yyyy or yyyy-mm-dd; default today"
        )
        parser.add_argument("--ward", help="a ward code")
        parser.add_argument("--cell", help="a cell code")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options) -> None:
        year = options["year"]
        as_of = parse_date(options["as_of"]) if options["as_of"] else None
        if as_of is None:
            today = timezone.localdate()
            as_of = (
                min(today, datetime.date(year, 12, 31)) if year <= today.year else today
            )
        cells = Cell.objects.order_by("code")
        if options["ward"]:
            cells = cells.filter(ward__code=options["ward"])
            if not cells.exists():
                raise CommandError(
                    _("Unknown ward or a ward without cells: %(c)s")
                    % {"c": options["ward"]}
                )
        if options["cell"]:
            cells = cells.filter(code=options["cell"])
            if not cells.exists():
                raise CommandError(_("Unknown cell: %(c)s") % {"c": options["cell"]})
        evaluations = evaluate(year, cells, as_of)
        if options["format"] == "json":
            data = evaluation_json(evaluations, year, as_of)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.write_table(evaluations, year, as_of)

    def write_table(self, evaluations: list, year: int, as_of: datetime.date) -> None:
        self.stdout.write(
            _("Model-cell criteria, year %(y)d, as of %(d)s")
            % {"y": year, "d": as_of.strftime("%d/%m/%Y")}
        )
        width = max((len(e.facts.code) for e in evaluations), default=4)
        header = (
            f"{'':<{width}}  "
            + " ".join(f"{n:>2}" for n in range(1, 14))
            + "  "
            + _("model")
        )
        self.stdout.write(header)
        reasons = []
        for evaluation in evaluations:
            marks = " ".join(
                f"{SYMBOLS[c.result.state]:>2}"
                for c in sorted(evaluation.criteria, key=lambda c: c.entry.number)
            )
            verdict = _("yes") if evaluation.model_cell else _("no")
            self.stdout.write(f"{evaluation.facts.code:<{width}}  {marks}  {verdict}")
            for c in evaluation.criteria:
                if c.result.state == State.FAILED:
                    reasons.append(
                        f"{evaluation.facts.code} #{c.entry.number} {c.entry.title}: {c.result.detail}"
                    )
        self.stdout.write(
            _("✓ passed  ✗ failed  ? undecided  … pending  – not applicable")
        )
        if reasons:
            self.stdout.write("")
            self.stdout.write(_("Why:"))
            for line in reasons:
                self.stdout.write("  " + line)
