"""The state an import is checked against: the stored rows of every sheet, and the same rows with the
workbook merged in (what the database would hold after the import). Nothing is written here."""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from reports.workbook.format import SHEETS_BY_NAME, Sheet
from reports.workbook.plan import RowError
from reports.workbook.reader import ReadSheet
from reports.workbook.tables import Scope, load
from reports.workbook.values import canon, index, key_of, show

# Blank cells never erase these: an export without personal data leaves them blank, and a blank state
# must not unlock a locked meeting (it means "submitted" for a new meeting only).
KEEP_WHEN_BLANK = {
    ("Members", "citizen_id"),
    ("Members", "phone"),
    ("Meetings", "state"),
}
CHUNK = 2000


@dataclass
class Entry:
    """One workbook row: its key, the stored row (None: new) and the row as it would be."""

    sheet: Sheet
    number: int
    key: tuple
    old: dict[str, Any] | None
    new: dict[str, Any]
    bad: set[str] = field(default_factory=set)

    @property
    def action(self) -> str:
        if self.old is None:
            return "create"
        return "update" if self.changed else "unchanged"

    @functools.cached_property
    def changed(self) -> dict[str, tuple[str, str]]:
        if self.old is None:
            return {}
        result = {}
        for column in self.sheet.columns:
            before = canon(column, self.old.get(column.key))
            after = canon(column, self.new.get(column.key))
            if before != after:
                result[column.key] = (show(column, before), show(column, after))
        return result

    @property
    def writes(self) -> bool:
        return self.old is None or bool(self.changed)

    @functools.cached_property
    def key_text(self) -> str:
        if len(self.key) == 1 and isinstance(self.key[0], str):
            return self.key[0]
        return " / ".join(
            show(self.sheet.column(k), v)
            for k, v in zip(self.sheet.key, self.key, strict=True)
        )


@functools.cache
def defaults_of(sheet: Sheet) -> dict[str, Any]:
    return {column.key: default_of(sheet, column.key) for column in sheet.columns}


def default_of(sheet: Sheet, key: str) -> Any:
    column = sheet.column(key)
    if (sheet.name, key) == ("Meetings", "state"):
        return "submitted"
    if column.kind == "bool":
        return None if key == "group_cultured" else False
    if column.kind in ("text", "choice"):
        return ""
    if column.kind == "codes":
        return ()
    return None


@dataclass
class State:
    stored: dict[str, dict[tuple, dict[str, Any]]]
    merged: dict[str, dict[tuple, dict[str, Any]]]
    entries: dict[str, list[Entry]]
    today: datetime.date

    def rows(self, sheet: str) -> dict[tuple, dict[str, Any]]:
        return self.merged[sheet]

    def codes(self, sheet: str) -> set[str]:
        return {key[0] for key in self.merged[sheet]}

    def all_entries(self) -> list[Entry]:
        return [entry for entries in self.entries.values() for entry in entries]


def meeting_keys_of(read: list[ReadSheet]) -> set[str]:
    keys: set[str] = set()
    for part in read:
        column = {
            "Meetings": "key",
            "Attendance": "meeting_key",
            "Scores": "meeting_key",
        }
        name = column.get(part.sheet.name)
        if name:
            keys.update(r.values.get(name) for r in part.rows if r.values.get(name))
    return keys


def build_state(
    read: list[ReadSheet], errors: list[RowError], today: datetime.date
) -> State:
    """Load the stored rows and merge the workbook's rows into them. Reports duplicate keys and blank
    required cells."""
    keys = meeting_keys_of(read)
    stored: dict[str, dict[tuple, dict[str, Any]]] = {}
    for name in SHEETS_BY_NAME:
        if name in ("Attendance", "Scores"):
            rows: list[dict[str, Any]] = []
            ordered = sorted(keys)
            for start in range(0, len(ordered), CHUNK):
                scope = Scope(meeting_keys=frozenset(ordered[start : start + CHUNK]))
                rows.extend(load(name, scope))
            stored[name] = index(rows, name)
        else:
            stored[name] = index(load(name), name)
    merged = {name: dict(rows) for name, rows in stored.items()}
    entries: dict[str, list[Entry]] = defaultdict(list)
    for part in read:
        sheet = part.sheet
        seen: dict[tuple, int] = {}
        for row in part.rows:
            missing = [
                k for k in sheet.key if row.values.get(k) is None and k not in row.bad
            ]
            for k in missing:
                errors.append(
                    RowError(sheet.name, row.number, k, _("This value is required."))
                )
            if missing or any(k in row.bad for k in sheet.key):
                continue
            key = key_of(sheet.name, row.values)
            if key in seen:
                errors.append(
                    RowError(
                        sheet.name,
                        row.number,
                        sheet.key[-1],
                        duplicate_message(sheet, seen[key]),
                    )
                )
                continue
            seen[key] = row.number
            old = stored[sheet.name].get(key)
            new = dict(old) if old else dict(defaults_of(sheet))

            for column_key in part.columns:
                value = row.values.get(column_key)
                if column_key in row.bad:
                    continue
                if value is None:
                    column = sheet.column(column_key)
                    if column.required:
                        errors.append(
                            RowError(
                                sheet.name,
                                row.number,
                                column_key,
                                _("This value is required."),
                            )
                        )
                    elif (
                        old is not None and (sheet.name, column_key) in KEEP_WHEN_BLANK
                    ):
                        continue
                    else:
                        new[column_key] = default_of(sheet, column_key)
                else:
                    new[column_key] = value
            entries[sheet.name].append(
                Entry(sheet, row.number, key, old, new, set(row.bad))
            )
            merged[sheet.name][key] = new
    return State(stored, merged, entries, today)


def duplicate_message(sheet: Sheet, first_row: int) -> str:
    if sheet.name == "Attendance":
        return _(
            "A second mark for this member at this meeting (first in row %(row)s)."
        ) % {"row": first_row}
    return _("The same key as row %(row)s.") % {"row": first_row}
