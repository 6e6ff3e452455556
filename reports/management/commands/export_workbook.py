"""``manage.py export_workbook [--year Y] -o FILE.xlsx``: the import format, keys in the first row."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from reports.workbook import workbook_export


class Command(BaseCommand):
    help = "Exports the data as a workbook in the import format (all years without --year)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=None, help="only this year")
        parser.add_argument(
            "-o", "--output", required=True, help="the .xlsx file to write"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = workbook_export(year=options["year"])
        Path(options["output"]).write_bytes(data)
        self.stdout.write(_("Written: %(file)s") % {"file": options["output"]})
