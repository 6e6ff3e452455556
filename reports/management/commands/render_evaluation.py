"""``manage.py render_evaluation --cell CODE --year Y -o FILE.pdf`` and ``--ward CODE --year Y -o DIR``:
the annual evaluation of one cell, or of every cell of a ward plus the ward summary, printed in this one
process (WeasyPrint loads its fonts once)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from cells.models import Cell
from reports.documents.batch import ward_document_count, ward_documents
from reports.documents.evaluation import render_cell_evaluation
from reports.models import DataLog
from wards.models import Ward

FIRST_YEAR = 2000


class Command(BaseCommand):
    help = (
        "Prints the annual model-cell evaluation of a cell (--cell, -o FILE.pdf) or of every cell "
        "of a ward with the ward summary (--ward, -o DIR)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--cell", help="the cell's code")
        which.add_argument("--ward", help="the ward's code")
        parser.add_argument("--year", type=int, required=True, help="the year")
        parser.add_argument(
            "-o",
            "--output",
            required=True,
            help="the PDF to write (--cell) or the folder to write into (--ward)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        this_year = timezone.localdate().year
        if not FIRST_YEAR <= year <= this_year:
            raise CommandError(
                _("The year must be between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": this_year}
            )
        output = Path(options["output"])
        if options["cell"]:
            self.print_cell(options["cell"], year, output)
        else:
            self.print_ward(options["ward"], year, output)

    def print_cell(self, code: str, year: int, output: Path) -> None:
        cell = Cell.objects.select_related("ward").filter(code=code).first()
        if cell is None:
            raise CommandError(_("No cell has the code %(code)s.") % {"code": code})
        if output.is_dir():
            raise CommandError(
                _("%(path)s is a folder: give the PDF file to write.")
                % {"path": output}
            )
        if not output.parent.exists():
            raise CommandError(
                _("The folder %(path)s does not exist.") % {"path": output.parent}
            )
        output.write_bytes(render_cell_evaluation(cell, year))
        DataLog.objects.create(
            action=DataLog.Action.PRINT,
            what=f"evaluation {cell.code} {year} (command)",
            details={"cell": cell.code, "year": year},
        )
        self.stdout.write(_("Written: %(file)s") % {"file": output})

    def print_ward(self, code: str, year: int, output: Path) -> None:
        ward = Ward.objects.filter(code=code).first()
        if ward is None:
            raise CommandError(_("No ward has the code %(code)s.") % {"code": code})
        if output.exists() and not output.is_dir():
            raise CommandError(
                _("%(path)s is a file: give the folder to write into.")
                % {"path": output}
            )
        output.mkdir(parents=True, exist_ok=True)
        written = 0
        with tqdm(
            total=ward_document_count(ward), unit="pdf", file=self.stderr._out
        ) as progress:
            for name, pdf in ward_documents(ward, year):
                (output / name).write_bytes(pdf)
                written += 1
                progress.update(1)
        DataLog.objects.create(
            action=DataLog.Action.PRINT,
            what=f"ward documents {ward.code} {year} (command)",
            details={"ward": ward.code, "year": year, "documents": written},
        )
        self.stdout.write(
            _("Written: %(n)s documents into %(path)s") % {"n": written, "path": output}
        )
