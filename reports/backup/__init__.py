"""Backup and restore of the whole database in a documented, versioned file (docs/backup.md).

``backup_write`` and ``backup_restore`` are the services behind ``manage.py backup`` and
``manage.py restore``; ``BackupError`` carries the user's message.
"""

from reports.backup.dump import backup_write
from reports.backup.fileformat import FORMAT, FORMAT_VERSION, BackupError, Header
from reports.backup.load import backup_restore

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "BackupError",
    "Header",
    "backup_restore",
    "backup_write",
]
