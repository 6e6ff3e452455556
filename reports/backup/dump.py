"""Writing a backup: one consistent snapshot of every backed-up table."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import django
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from reports.backup.fileformat import FORMAT_VERSION, Header, open_for_writing
from reports.backup.models import backed_up_models
from reports.backup.serializer import Serializer
from reports.models import DataLog


def applied_migrations(
    using: str, apps: set[str] | None = None
) -> dict[str, list[str]]:
    """The migrations applied to the database, by app (only ``apps`` when given)."""
    recorder = MigrationRecorder(connections[using])
    applied: dict[str, list[str]] = {}
    for app, name in sorted(recorder.applied_migrations()):
        if apps is None or app in apps:
            applied.setdefault(app, []).append(name)
    return applied


def backup_write(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> Header:
    """Write every backed-up row to ``path`` and log it (DataLog "backup"). The rows are read in one
    transaction (repeatable read on PostgreSQL), so the counts in the header match the rows."""
    connection = connections[using]
    model_list = backed_up_models()
    tmp = path.with_name(path.name + ".partial")
    outermost = not connection.in_atomic_block
    try:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                    )
            counts = {
                model._meta.label: model._base_manager.using(using).count()
                for model in model_list
            }
            header = Header(
                version=FORMAT_VERSION,
                created=timezone.now().isoformat(timespec="seconds"),
                django=django.get_version(),
                counts=counts,
                migrations=applied_migrations(
                    using, {model._meta.app_label for model in model_list}
                ),
                database=connection.vendor,
            )
            with open_for_writing(tmp) as stream:
                stream.write(json.dumps(header.as_json(), ensure_ascii=False) + "\n")
                for model in model_list:
                    queryset = model._base_manager.using(using).order_by(
                        model._meta.pk.name
                    )
                    m2m = [
                        f.name
                        for f in model._meta.local_many_to_many
                        if f.remote_field.through._meta.auto_created
                    ]
                    if m2m:
                        queryset = queryset.prefetch_related(*m2m)
                    Serializer().serialize(
                        queryset.iterator(chunk_size=2000), stream=stream
                    )
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)
    DataLog.objects.using(using).create(
        action=DataLog.Action.BACKUP,
        what=str(path),
        personal_data=True,
        details={
            "rows": sum(counts.values()),
            "format_version": FORMAT_VERSION,
            "system_user": system_user(),
        },
    )
    return header


def system_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
