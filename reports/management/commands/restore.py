"""``manage.py restore FILE [--replace]``: load a backup, all or nothing (docs/backup.md)."""

from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from reports.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restores a backup into an empty database; --replace deletes the records of a "
        "non-empty one first. All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a file written by manage.py backup")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete every record of this database before loading the backup",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            header = backup_restore(
                path=path, replace=options["replace"], using=options["database"]
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        # The restored records may reuse ids and history ids that cached evaluations were keyed on.
        for alias in caches:
            caches[alias].clear()
        if options["verbosity"]:
            self.stdout.write(
                _("Backup of %(created)s restored: %(rows)d rows.")
                % {"created": header.created, "rows": sum(header.counts.values())}
            )
