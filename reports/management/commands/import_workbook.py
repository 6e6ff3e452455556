"""``manage.py import_workbook FILE.xlsx [--dry-run]``: all or nothing; every error printed as
``Sheet!row column: message`` and exit status 1 with nothing written."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from reports.workbook import ImportPlan, workbook_import


class Command(BaseCommand):
    help = "Imports a workbook (one sheet per table); nothing is written when any row is wrong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check and show what would change, write nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = workbook_import(options["file"], dry_run=options["dry_run"])
        if plan.errors:
            for error in plan.errors:
                self.stderr.write(str(error))
            self.stderr.write(
                _("%(count)d errors: nothing has been imported.")
                % {"count": len(plan.errors)}
            )
            raise SystemExit(1)
        self.report(plan, dry_run=options["dry_run"])

    def report(self, plan: ImportPlan, *, dry_run: bool) -> None:
        self.stdout.write(
            _("Dry run: nothing has been written.") if dry_run else _("Imported.")
        )
        for sheet in plan.sheets:
            self.stdout.write(
                _(
                    "%(sheet)s: %(created)d to create, %(updated)d to update, %(unchanged)d unchanged"
                )
                % {
                    "sheet": sheet.name,
                    "created": sheet.created,
                    "updated": sheet.updated,
                    "unchanged": sheet.unchanged,
                }
                if dry_run
                else _(
                    "%(sheet)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged"
                )
                % {
                    "sheet": sheet.name,
                    "created": sheet.created,
                    "updated": sheet.updated,
                    "unchanged": sheet.unchanged,
                }
            )
        for duplicate in plan.duplicates:
            self.stdout.write(
                _(
                    "Possible duplicate: %(sheet)s!%(row)d %(code)s %(name)s may be "
                    "%(other)s %(other_name)s (%(reason)s)"
                )
                % {
                    "sheet": duplicate.sheet,
                    "row": duplicate.row,
                    "code": duplicate.code,
                    "name": duplicate.full_name,
                    "other": duplicate.existing_code,
                    "other_name": duplicate.existing_name,
                    "reason": duplicate.reason,
                }
            )
