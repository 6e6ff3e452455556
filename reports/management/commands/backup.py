"""``manage.py backup -o FILE``: every record, user and history row in one compressed file
(docs/backup.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from reports.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "Writes a backup of the whole database (gzip-compressed JSON Lines)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o", "--output", required=True, help="the file to write (.jsonl.gz)"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"])
        if not path.parent.is_dir():
            raise CommandError(
                _("The folder does not exist: %(dir)s") % {"dir": path.parent}
            )
        try:
            header = backup_write(path=path, using=options["database"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        if options["verbosity"]:
            self.stdout.write(
                _("Backup written to %(file)s: %(rows)d rows in %(tables)d tables.")
                % {
                    "file": path,
                    "rows": sum(header.counts.values()),
                    "tables": len(header.counts),
                }
            )
