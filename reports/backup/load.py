"""Restoring a backup: all or nothing, into an empty database (or one wiped with ``replace``)."""

from __future__ import annotations

import zlib
from collections import Counter
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils.translation import gettext as _

from reports.backup.dump import applied_migrations, system_user
from reports.backup.fileformat import BackupError, Header, open_for_reading
from reports.backup.models import REFERENCE_MODELS, backed_up_models, tables_of
from reports.models import DataLog


def backup_restore(
    *, path: Path, replace: bool = False, using: str = DEFAULT_DB_ALIAS
) -> Header:
    """Load the backup at ``path``. Refuses a file that is not a backup or is from a newer version, a
    database that lacks migrations the backup had, and a database that holds records unless
    ``replace`` (which wipes them first, in the same transaction). Logs a DataLog "restore" row."""
    header, stream = open_for_reading(path)
    with stream:
        check_migrations(header, using)
        model_list = backed_up_models()
        known = {model._meta.label: model for model in model_list}
        unknown = sorted(set(header.counts) - set(known))
        if unknown:
            raise BackupError(
                _("The backup holds tables this application does not know: %(t)s")
                % {"t": ", ".join(unknown)}
            )
        connection = connections[using]
        with transaction.atomic(using=using):
            if not replace:
                check_empty(model_list, using)
            wipe(model_list, using)
            loaded = load_rows(stream, using)
            sequences = connection.ops.sequence_reset_sql(no_style(), model_list)
            with connection.cursor() as cursor:
                for sql in sequences:
                    cursor.execute(sql)
            check_counts(header, model_list, loaded, using)
            DataLog.objects.using(using).create(
                action=DataLog.Action.RESTORE,
                what=str(path),
                personal_data=True,
                details={
                    "created": header.created,
                    "rows": sum(header.counts.values()),
                    "replace": replace,
                    "system_user": system_user(),
                },
            )
    ContentType.objects.clear_cache()
    return header


def check_migrations(header: Header, using: str) -> None:
    here = applied_migrations(using)
    missing = [
        f"{app}.{name}"
        for app, names in header.migrations.items()
        for name in names
        if name not in here.get(app, [])
    ]
    if missing:
        raise BackupError(
            _(
                "The database is older than the backup: run “manage.py migrate” first "
                "(missing: %(m)s)."
            )
            % {"m": ", ".join(missing[:5])}
        )


def check_empty(model_list: list, using: str) -> None:
    holding = [
        str(model._meta.verbose_name_plural)
        for model in model_list
        if model._meta.label not in REFERENCE_MODELS
        and model._base_manager.using(using).exists()
    ]
    if holding:
        raise BackupError(
            _(
                "The database is not empty (it holds %(what)s). Restore into a new "
                "database, or add --replace to delete its records first."
            )
            % {"what": ", ".join(holding[:3])}
        )


def wipe(model_list: list, using: str) -> None:
    connection = connections[using]
    statements = connection.ops.sql_flush(
        no_style(), tables_of(model_list), reset_sequences=False, allow_cascade=False
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def load_rows(stream, using: str) -> Counter:
    """Insert every row raw, as ``loaddata`` does (no signal writes history, ``auto_now`` fields keep
    their values), in batches of one table; rows with many-to-many values are saved one by one."""
    connection = connections[using]
    loaded: Counter = Counter()
    deferred = []
    batch: list = []
    try:
        with connection.constraint_checks_disabled():
            for obj in serializers.deserialize(
                "jsonl", stream, using=using, handle_forward_references=True
            ):
                loaded[obj.object._meta.label] += 1
                if obj.m2m_data or obj.deferred_fields:
                    insert_batch(batch, using)
                    obj.save(using=using)
                    if obj.deferred_fields:
                        deferred.append(obj)
                    continue
                if batch and type(batch[0]) is not type(obj.object):
                    insert_batch(batch, using)
                batch.append(obj.object)
                if len(batch) >= BATCH:
                    insert_batch(batch, using)
            insert_batch(batch, using)
            for obj in deferred:
                obj.save_deferred_fields(using=using)
        connection.check_constraints()
    except (
        DeserializationError,
        DatabaseError,
        ValueError,
        EOFError,
        OSError,
        zlib.error,
    ) as error:
        raise BackupError(
            _("The backup could not be loaded; nothing was changed. (%(e)s)")
            % {"e": error}
        ) from error
    return loaded


BATCH = 2000


def insert_batch(batch: list, using: str) -> None:
    """One raw INSERT per slice the database accepts; empties ``batch``. This is what ``Model.save``
    does for one row (``_insert`` with ``raw=True``), for many rows at once."""
    if not batch:
        return
    model = type(batch[0])
    fields = [f for f in model._meta.local_concrete_fields if not f.generated]
    size = max(connections[using].ops.bulk_batch_size(fields, batch), 1)
    manager = model._base_manager.using(using)
    for start in range(0, len(batch), size):
        manager._insert(batch[start : start + size], fields=fields, raw=True)
    batch.clear()


def check_counts(header: Header, model_list: list, loaded: Counter, using: str) -> None:
    for model in model_list:
        label = model._meta.label
        expected = header.counts.get(label, 0)
        if loaded[label] != expected:
            raise BackupError(
                _(
                    "The backup is incomplete: %(table)s has %(found)d rows, the header "
                    "says %(expected)d. Nothing was changed."
                )
                % {"table": label, "found": loaded[label], "expected": expected}
            )
