"""Turning simple-history rows into readable entries: who changed what, when, old → new.

Field names are shown by their verbose names, choices by their labels, foreign keys by the ``__str__`` of
the row they point to. Whatever the number of rows, the cost is one query per history queryset, one per
kind of related row and one for the users.
"""

from __future__ import annotations

import datetime
import decimal
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Bookkeeping fields that change on every save and say nothing a reader needs.
EXCLUDED_FIELDS = frozenset({"id", "version", "updated_at", "updated_by", "key"})
LONG_TEXT = 200

KINDS = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One save of one record: when, by whom, what kind of record, and its field changes."""

    when: datetime.datetime
    user: str
    kind: str  # "+", "~", "-"
    model: str
    record: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, self.kind))


def tracked_fields(
    history_model: type[models.Model], hide: Iterable[str] = ()
) -> list[models.Field]:
    """The fields of the original model that the historical rows keep, in their declared order, less
    the bookkeeping ones and ``hide`` (the record a page is about, repeated on each of its rows)."""
    names = {f.name for f in history_model.tracked_fields}  # type: ignore[attr-defined]
    hidden = EXCLUDED_FIELDS | set(hide)
    return [
        f
        for f in history_model._meta.fields
        if f.name in names and f.name not in hidden
    ]


def user_names(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {pk for pk in ids if pk}
    if not wanted:
        return {}
    users = get_user_model().objects.filter(pk__in=wanted)
    return {u.pk: u.get_full_name() or u.get_username() for u in users}


class Related:
    """The rows foreign keys point to, fetched once per related model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[Any, str]] = {}
        self.objects: dict[type[models.Model], dict[Any, models.Model]] = {}

    def want(self, model: type[models.Model], pk: Any) -> None:
        if pk is not None:
            self.wanted[model].add(pk)

    def fetch(self) -> None:
        for model, pks in self.wanted.items():
            rows = model._base_manager.select_related().filter(pk__in=pks)
            self.objects[model] = {row.pk: row for row in rows}
            self.found[model] = {
                pk: str(row) for pk, row in self.objects[model].items()
            }

    def label(self, model: type[models.Model], pk: Any) -> str:
        if pk is None:
            return ""
        return self.found.get(model, {}).get(pk) or _("(deleted: #%(pk)s)") % {"pk": pk}


def value_text(f: models.Field, value: Any, related: Related) -> str:
    """A stored value as a reader knows it."""
    if value is None or value == "":
        return ""
    if f.is_relation:
        return related.label(f.related_model, value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, decimal.Decimal):
        return f"{value.normalize():f}"
    return Truncator(str(value)).chars(LONG_TEXT)


def stored(row: models.Model, f: models.Field) -> Any:
    return getattr(row, f.attname)


# How a record is named in the list of changes: (row, related) -> text.
Labeller = Callable[[models.Model, Related], str]


@dataclass(frozen=True)
class Source:
    """History rows of one kind of record, how to name each, and fields not worth showing."""

    rows: models.QuerySet
    label: Labeller
    hide: tuple[str, ...] = ()


def entries_for(sources: Iterable[Source]) -> list[HistoryEntry]:
    """Every history row of the sources as an entry, newest first. A change that touched none of the
    fields a reader sees (a version number) is left out."""
    related = Related()
    fetched: list[tuple[list[models.Model], list[models.Field], Labeller]] = []
    for source in sources:
        rows = list(source.rows.order_by("history_date", "history_id"))
        fields = tracked_fields(source.rows.model, source.hide)
        labeller = source.label
        # Hidden foreign keys are fetched too: they may name the row (an item score's sheet).
        keys = [f for f in tracked_fields(source.rows.model) if f.is_relation]
        for row in rows:
            for f in keys:
                related.want(f.related_model, stored(row, f))
        fetched.append((rows, fields, labeller))
    related.fetch()
    users = user_names(row.history_user_id for rows, _f, _l in fetched for row in rows)
    entries: list[HistoryEntry] = []
    for rows, fields, labeller in fetched:
        model = capfirst(rows[0].instance_type._meta.verbose_name) if rows else ""
        previous: dict[Any, models.Model] = {}
        by_name = {f.name: f for f in fields}
        for row in rows:
            before = previous.get(row.id)
            previous[row.id] = row
            changes = []
            if row.history_type == "~" and before is not None:
                delta = row.diff_against(before, included_fields=list(by_name))
                changed = {change.field for change in delta.changes}
                shown = [f for f in fields if f.name in changed]
            elif row.history_type != "-":
                shown = fields
            else:
                shown = []
            for f in shown:
                old = value_text(f, stored(before, f), related) if before else ""
                new = value_text(f, stored(row, f), related)
                if old != new:
                    changes.append(FieldChange(str(capfirst(f.verbose_name)), old, new))
            if row.history_type == "~" and not changes:
                continue
            entries.append(
                HistoryEntry(
                    when=row.history_date,
                    user=users.get(row.history_user_id, ""),
                    kind=row.history_type,
                    model=str(model),
                    record=labeller(row, related),
                    changes=changes,
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
