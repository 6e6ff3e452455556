"""Two refusals that depend on more than the rows: a closed year (``scoring.ClosedYear``, through
``wards.locks``) and, for a user, a row outside the wards the user may import into."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from cells.access import Action, can_ward
from reports.workbook.plan import RowError
from reports.workbook.state import Entry, State
from scoring.models import ClosedYear
from wards.models import Ward


class Places:
    """Which wards a row belongs to (by ward code), from the merged state."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.cell_ward = {k[0]: r["ward_code"] for k, r in state.rows("Cells").items()}
        self.group_ward = {
            k[0]: r["ward_code"] for k, r in state.rows("Groups").items()
        }
        self.ward_codes = {k[0] for k in state.rows("Wards")}
        self.periods: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.household_members: dict[str, list[str]] = defaultdict(list)
        for row in state.rows("Memberships").values():
            self.periods[row["member_code"]].append(row)
        for key, row in state.rows("Members").items():
            if row["household_code"]:
                self.household_members[row["household_code"]].append(key[0])
        self.meetings = {k[0]: r for k, r in state.rows("Meetings").items()}
        self.households = {k[0]: r for k, r in state.rows("Households").items()}

    def member(self, code: str, year: int | None = None) -> set[str]:
        wards = set()
        for period in self.periods.get(code, ()):
            if year is not None and not _in_year(period, year):
                continue
            wards.add(self.cell_ward.get(period["cell_code"]))
        return wards - {None}

    def household(self, code: str, year: int | None = None) -> set[str]:
        row = self.households.get(code)
        if row and row["group_code"]:
            return {self.group_ward.get(row["group_code"])} - {None}
        wards: set[str] = set()
        for member in self.household_members.get(code, ()):
            wards |= self.member(member, year)
        return wards

    def of(self, sheet: str, row: dict[str, Any]) -> tuple[set[str], int | None]:
        """The wards of a row and the year it belongs to (None: no year)."""
        if sheet == "Wards":
            return {row["code"]}, None
        if sheet in ("Groups", "Cells"):
            return {row["ward_code"]}, None
        if sheet == "Households":
            return self.household(row["code"]), None
        if sheet in ("Members", "StatusPeriods"):
            return self.member(row.get("member_code") or row.get("code")), None
        if sheet == "Memberships":
            return {self.cell_ward.get(row["cell_code"])} - {None}, None
        if sheet == "Offices":
            unit = row["unit_code"]
            ward = self.cell_ward.get(unit) or (
                unit if unit in self.ward_codes else None
            )
            return {ward} - {None}, None
        if sheet in ("Meetings", "Attendance", "Scores"):
            meeting = self.meetings.get(row.get("meeting_key") or row.get("key"))
            if not meeting or not meeting["held_on"]:
                return set(), None
            return {self.cell_ward.get(meeting["cell_code"])} - {None}, meeting[
                "held_on"
            ].year
        if sheet == "MemberYears":
            return self.member(row["member_code"], row["year"]), row["year"]
        if sheet == "HouseholdYears":
            return self.household(row["household_code"], row["year"]), row["year"]
        if sheet == "CellYears":
            return {self.cell_ward.get(row["cell_code"])} - {None}, row["year"]
        return set(), None


def _in_year(period: dict[str, Any], year: int) -> bool:
    if not 1 <= year <= 9999 or period["start"] is None:
        return False
    return period["start"] <= datetime.date(year, 12, 31) and (
        period["end"] is None or period["end"] >= datetime.date(year, 1, 1)
    )


YEAR_COLUMN = {
    "Meetings": "held_on",
    "Attendance": "meeting_key",
    "Scores": "meeting_key",
    "MemberYears": "year",
    "HouseholdYears": "year",
    "CellYears": "year",
}


def check_closed_years(state: State, errors: list[RowError]) -> None:
    """A row that would change a record of a closed year is refused (unchanged rows pass)."""
    closed = set(
        ClosedYear.objects.filter(closed=True).values_list("ward__code", "year")
    )
    if not closed:
        return
    places = Places(state)
    for sheet, column in YEAR_COLUMN.items():
        for entry in state.entries.get(sheet, []):
            if not entry.writes:
                continue
            found = set()
            for row in (entry.new, entry.old):
                if row is None:
                    continue
                wards, year = places.of(sheet, row)
                found |= {(ward, year) for ward in wards if (ward, year) in closed}
            for _ward, year in sorted(found)[:1]:
                errors.append(
                    RowError(
                        sheet,
                        entry.number,
                        column,
                        _(
                            "Year %(year)s of the ward is closed: reopen the year before changing it."
                        )
                        % {"year": year},
                    )
                )


def check_access(state: State, errors: list[RowError], by: Any) -> None:
    """With a user, every row must lie in a ward the user may import into."""
    if by is None or Action.IMPORT in _everything(by):
        return
    allowed = {w.code for w in Ward.objects.all() if can_ward(by, Action.IMPORT, w)}
    places = Places(state)
    for entry in state.all_entries():
        wards, _year = places.of(entry.sheet.name, entry.new)
        if entry.sheet.name == "Wards" and entry.old is None:
            wards = {None}  # a new ward: only for whoever may import everywhere
        if (wards and not wards & allowed) or (not wards and not allowed):
            errors.append(
                RowError(
                    entry.sheet.name,
                    entry.number,
                    entry.sheet.key[0],
                    _("This row lies outside the wards you may import into."),
                )
            )


def _everything(by: Any) -> frozenset:
    from cells.access import scope_of

    return scope_of(by).everything


def entry_changes(entries: list[Entry]) -> list[Entry]:
    return [entry for entry in entries if entry.writes]
