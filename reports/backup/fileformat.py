"""The backup file: gzip-compressed JSON Lines. The first line is the header, every other line one row
in the format of Django's ``jsonl`` serializer (docs/backup.md)."""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import zlib
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

FORMAT = "partycell-backup"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore refused; the message is the user's, already translated."""


@dataclasses.dataclass(frozen=True)
class Header:
    version: int
    created: str
    django: str
    counts: dict[str, int]
    migrations: dict[str, list[str]]
    database: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"format": FORMAT, **dataclasses.asdict(self)}


def open_for_writing(path: Path) -> IO[str]:
    return io.TextIOWrapper(gzip.open(path, "wb", compresslevel=6), encoding="utf-8")


def open_for_reading(path: Path) -> tuple[Header, IO[str]]:
    """The header and the stream positioned at the first row. Refuses a file that is not a backup, or
    one written by a newer version of the application."""
    not_a_backup = _("%(file)s is not a partycell backup file.") % {"file": path}
    try:
        # The caller reads on from the second line and closes the stream.
        stream = io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")  # noqa: SIM115
    except FileNotFoundError as error:
        raise BackupError(_("File not found: %(file)s") % {"file": path}) from error
    try:
        data = json.loads(stream.readline())
    except FileNotFoundError as error:
        stream.close()
        raise BackupError(_("File not found: %(file)s") % {"file": path}) from error
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as error:
        stream.close()
        raise BackupError(not_a_backup) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        stream.close()
        raise BackupError(not_a_backup)
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        stream.close()
        raise BackupError(not_a_backup)
    if version > FORMAT_VERSION:
        stream.close()
        raise BackupError(
            _(
                "This backup was written in format version %(found)d, newer than this "
                "application reads (version %(known)d). Update the application first."
            )
            % {"found": version, "known": FORMAT_VERSION}
        )
    try:
        header = Header(
            version=version,
            created=str(data["created"]),
            django=str(data["django"]),
            counts={str(k): int(v) for k, v in data["counts"].items()},
            migrations={str(k): list(v) for k, v in data["migrations"].items()},
            database=str(data.get("database", "")),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        stream.close()
        raise BackupError(not_a_backup) from error
    return header, stream
