"""The whole-workbook checks (DESIGN.md "Workbook format"), run on the merged state before anything is
written. Each check reports every problem it finds, located at the workbook row and column concerned."""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from cells.models import (
    Cell,
    CellMembership,
    CellYear,
    Household,
    HouseholdYear,
    Member,
    MemberYear,
    Office,
    StatusPeriod,
)
from meetings.models import COUNTED_STATES, Attendance, Meeting
from reports.workbook.plan import RowError
from reports.workbook.row_rules import RowRules, covers
from reports.workbook.score_checks import check_score_sheets
from reports.workbook.state import Entry, State
from scoring.models import ItemScore
from wards.models import ResidentialGroup, Ward

MODELS: dict[str, type[models.Model]] = {
    "Wards": Ward,
    "Groups": ResidentialGroup,
    "Cells": Cell,
    "Households": Household,
    "Members": Member,
    "Memberships": CellMembership,
    "StatusPeriods": StatusPeriod,
    "Offices": Office,
    "Meetings": Meeting,
    "Attendance": Attendance,
    "Scores": ItemScore,
    "MemberYears": MemberYear,
    "HouseholdYears": HouseholdYear,
    "CellYears": CellYear,
}
# Column -> (sheet whose codes it names). Offices' unit_code names a cell or a ward.
REFERENCES: dict[str, dict[str, str]] = {
    "Groups": {"ward_code": "Wards"},
    "Cells": {"ward_code": "Wards", "group_code": "Groups"},
    "Households": {"group_code": "Groups"},
    "Members": {"household_code": "Households"},
    "Memberships": {"member_code": "Members", "cell_code": "Cells"},
    "StatusPeriods": {"member_code": "Members"},
    "Offices": {"member_code": "Members"},
    "Meetings": {
        "cell_code": "Cells",
        "chair_code": "Members",
        "minute_taker_code": "Members",
    },
    "Attendance": {"meeting_key": "Meetings", "member_code": "Members"},
    "Scores": {"meeting_key": "Meetings"},
    "MemberYears": {"member_code": "Members"},
    "HouseholdYears": {"household_code": "Households"},
    "CellYears": {"cell_code": "Cells"},
}
SCORE_ITEM_LENGTH = 20
CODE_LENGTH = 60  # a code column that names a row of another sheet


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


class Checker(RowRules):
    """Runs every check; ``errors`` collects what they find."""

    def __init__(self, state: State, errors: list[RowError], rubrics: Any) -> None:
        self.state = state
        self.errors = errors
        self.rubrics = rubrics
        self.codes = {name: state.codes(name) for name in state.merged}
        self.periods: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.by_cell: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in state.rows("Memberships").values():
            self.periods[row["member_code"]].append(row)
            self.by_cell[row["cell_code"]].append(row)
        self.exemptions: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in state.rows("StatusPeriods").values():
            if row["kind"] == "exempt" and row["approved"]:
                self.exemptions[row["member_code"]].append(row)
        self.cells = {key[0]: row for key, row in state.rows("Cells").items()}
        self.meetings = {key[0]: row for key, row in state.rows("Meetings").items()}
        self.members = {key[0]: row for key, row in state.rows("Members").items()}

    def add(self, entry: Entry, column: str, message: str) -> None:
        self.errors.append(RowError(entry.sheet.name, entry.number, column, message))

    def run(self) -> None:
        for entry in self.state.all_entries():
            self.fields(entry)
            self.references(entry)
            rule = getattr(self, f"rule_{entry.sheet.name.lower()}", None)
            if rule is not None:
                rule(entry)
        self.overlaps(
            "Memberships", lambda r: (r["member_code"],), self.membership_clash
        )
        self.overlaps("StatusPeriods", lambda r: (r["member_code"], r["kind"]), None)
        self.overlaps(
            "Offices",
            lambda r: (
                (r["unit_code"], r["position"])
                if r["position"] == "secretary"
                else None
            ),
            None,
        )
        self.unique_members()
        self.unmarked()
        self.score_sheets()

    # --- one row ---------------------------------------------------------------------------------

    def fields(self, entry: Entry) -> None:
        """Lengths and ranges of the model's fields (its validators)."""
        model = MODELS[entry.sheet.name]
        for column in entry.sheet.columns:
            value = entry.new.get(column.key)
            if column.key in entry.bad or value in (None, "", ()):
                continue
            try:
                field = model._meta.get_field(column.key)
            except Exception:  # a code column: checked as a reference
                field = None
            if isinstance(value, str):
                limit = (
                    getattr(field, "max_length", None)
                    if field is not None
                    else (SCORE_ITEM_LENGTH if column.key == "item" else CODE_LENGTH)
                )
                if limit and len(value) > limit:
                    self.add(
                        entry,
                        column.key,
                        _(
                            "Too long: at most %(limit)d characters (this one has %(n)d)."
                        )
                        % {"limit": limit, "n": len(value)},
                    )
            elif column.kind in ("int", "percent", "decimal") and value < 0:
                self.add(entry, column.key, _("A number of 0 or more is needed."))
            elif column.kind == "percent" and value > 100:
                self.add(entry, column.key, _("A percentage lies between 0 and 100."))
            elif column.key == "year" and not 1930 <= value <= 2100:
                self.add(
                    entry, column.key, _("A year between 1930 and 2100 is needed.")
                )
            elif column.kind == "int" and value > int_limit(field):
                self.add(entry, column.key, _("This number is too large."))
            if column.kind == "percent" and value != round(Decimal(value), 1):
                self.add(entry, column.key, _("At most one decimal place."))

    def references(self, entry: Entry) -> None:
        for column, target in REFERENCES.get(entry.sheet.name, {}).items():
            if column in entry.bad:
                continue
            value = entry.new.get(column)
            for code in value if isinstance(value, tuple) else [value]:
                if code and code not in self.codes[target]:
                    self.add(entry, column, self.unknown(target, code))
        if entry.sheet.name == "Offices" and "unit_code" not in entry.bad:
            code = entry.new["unit_code"]
            if code not in self.codes["Cells"] and code not in self.codes["Wards"]:
                self.add(
                    entry,
                    "unit_code",
                    _("No cell or ward has the code “%(code)s”.") % {"code": code},
                )

    def unknown(self, target: str, code: str) -> str:
        messages = {
            "Wards": _("No ward has the code “%(code)s”."),
            "Groups": _("No residential group has the code “%(code)s”."),
            "Cells": _("No cell has the code “%(code)s”."),
            "Households": _("No household has the code “%(code)s”."),
            "Members": _("No member has the profile number “%(code)s”."),
            "Meetings": _("No meeting has the key “%(code)s”."),
        }
        return messages[target] % {"code": code}

    # --- across rows -----------------------------------------------------------------------------

    def overlaps(self, sheet: str, group: Any, message: Any) -> None:
        """Periods of one group (a member's memberships, …) must not share a day; reported at a workbook
        row that takes part."""
        rows_of: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
        for row in self.state.rows(sheet).values():
            if row.get("start") is None:
                continue
            key = group(row)
            if key is not None:
                rows_of[key].append(row)
        entries = {id(e.new): e for e in self.state.entries.get(sheet, [])}
        for rows in rows_of.values():
            if len(rows) < 2:
                continue
            rows.sort(key=lambda r: r["start"])
            for first, second in itertools.pairwise(rows):
                if first["end"] is None or first["end"] >= second["start"]:
                    entry = entries.get(id(second)) or entries.get(id(first))
                    if entry is None:
                        continue
                    other = first if entry.new is second else second
                    text = (
                        message(other)
                        if message
                        else _("This period overlaps another period from %(start)s.")
                        % {"start": _date(other["start"])}
                    )
                    self.add(entry, "start", text)

    def membership_clash(self, other: dict[str, Any]) -> str:
        return _(
            "This period overlaps the member's period in %(cell)s from %(start)s: a member "
            "belongs to one cell at a time."
        ) % {"cell": other["cell_code"], "start": _date(other["start"])}

    def unique_members(self) -> None:
        for column in ("card_number", "citizen_id"):
            holders: dict[str, list[str]] = defaultdict(list)
            for key, row in self.state.rows("Members").items():
                if row[column]:
                    holders[row[column]].append(key[0])
            for entry in self.state.entries.get("Members", []):
                value = entry.new[column]
                others = (
                    [c for c in holders.get(value, []) if c != entry.key[0]]
                    if value
                    else []
                )
                if others:
                    self.add(
                        entry,
                        column,
                        _("Member %(code)s already has this number.")
                        % {"code": others[0]},
                    )

    def unmarked(self) -> None:
        """Every member on the roll of a held (submitted or locked) meeting of the workbook has a mark."""
        marked: dict[str, set[str]] = defaultdict(set)
        for meeting_key, member in self.state.rows("Attendance"):
            marked[meeting_key].add(member)
        places: dict[str, Entry] = {}
        for entry in self.state.entries.get("Attendance", []):
            places.setdefault(entry.new["meeting_key"], entry)
        for entry in self.state.entries.get("Meetings", []):
            places[entry.key[0]] = entry
        for key, entry in places.items():
            meeting = self.meetings.get(key)
            if (
                not meeting
                or meeting["state"] not in COUNTED_STATES
                or not meeting["held_on"]
            ):
                continue
            day = meeting["held_on"]
            on_roll = {
                p["member_code"]
                for p in self.by_cell.get(meeting["cell_code"], ())
                if covers(p, day)
            }
            missing = sorted((on_roll & self.codes["Members"]) - marked[key])
            if missing:
                names = ", ".join(
                    f"{self.members[c]['full_name']} ({c})" for c in missing[:5]
                )
                if len(missing) > 5:
                    names += " " + _("and %(count)d more") % {"count": len(missing) - 5}
                column = "state" if entry.sheet.name == "Meetings" else "member_code"
                self.add(
                    entry,
                    column,
                    _(
                        "Every member on the roll of a held meeting needs a mark: none for %(names)s."
                    )
                    % {"names": names},
                )

    def score_sheets(self) -> None:
        check_score_sheets(self)


def int_limit(field: models.Field | None) -> int:
    """The largest number the field stores on every database."""
    if isinstance(field, models.PositiveSmallIntegerField | models.SmallIntegerField):
        return 32767
    return 2147483647


def run_checks(state: State, errors: list[RowError], rubrics: Any) -> None:
    Checker(state, errors, rubrics).run()
