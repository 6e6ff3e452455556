"""The rules of one row of each sheet (those of the models' ``clean()``), checked on the merged state:
a mixin of ``checks.Checker``, which provides ``add``, ``state``, ``codes``, ``cells``, ``meetings``,
``periods`` and ``exemptions``."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from meetings.models import COUNTED_STATES
from reports.workbook.state import Entry


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def covers(period: dict[str, Any], day: datetime.date) -> bool:
    return (
        period["start"] is not None
        and period["start"] <= day
        and (period["end"] is None or day <= period["end"])
    )


def existed(cell: dict[str, Any], day: datetime.date) -> bool:
    if cell["founded_on"] and day < cell["founded_on"]:
        return False
    return not (cell["dissolved_on"] and day > cell["dissolved_on"])


class RowRules:
    state: Any
    codes: dict[str, set[str]]
    cells: dict[str, dict[str, Any]]
    meetings: dict[str, dict[str, Any]]
    periods: dict[str, list[dict[str, Any]]]
    exemptions: dict[str, list[dict[str, Any]]]

    def add(self, entry: Entry, column: str, message: str) -> None:
        raise NotImplementedError

    def end_after_start(self, entry: Entry) -> None:
        start, end = entry.new.get("start"), entry.new.get("end")
        if start and end and end < start:
            self.add(entry, "end", _("The end date must not be before the start date."))

    def rule_cells(self, entry: Entry) -> None:
        row = entry.new
        if (
            row["founded_on"]
            and row["dissolved_on"]
            and row["dissolved_on"] < row["founded_on"]
        ):
            self.add(
                entry,
                "dissolved_on",
                _("A cell cannot be dissolved before it was founded."),
            )
        for code in row["group_code"] or ():
            group = self.state.rows("Groups").get((code,))
            if group is not None and group["ward_code"] != row["ward_code"]:
                self.add(
                    entry,
                    "group_code",
                    _("The residential group %(code)s belongs to another ward.")
                    % {"code": code},
                )

    def rule_households(self, entry: Entry) -> None:
        if not entry.new["group_code"] and not entry.new["address"]:
            self.add(
                entry,
                "address",
                _("A household living outside the ward needs its address."),
            )

    def rule_members(self, entry: Entry) -> None:
        row = entry.new
        joined, official, born = row["joined_on"], row["official_on"], row["birth_date"]
        if joined and official and official < joined:
            self.add(
                entry,
                "official_on",
                _("A member becomes official after being admitted."),
            )
        if joined and born and born >= joined:
            self.add(
                entry,
                "birth_date",
                _("The date of birth must be before the admission date."),
            )
        if row["card_number"] and not official:
            self.add(
                entry,
                "card_number",
                _("Only an official member has a party card number."),
            )

    def rule_memberships(self, entry: Entry) -> None:
        self.end_after_start(entry)

    def rule_offices(self, entry: Entry) -> None:
        self.end_after_start(entry)

    def rule_statusperiods(self, entry: Entry) -> None:
        self.end_after_start(entry)
        row = entry.new
        if row["approved"] and not row["approved_on"]:
            self.add(
                entry,
                "approved_on",
                _("An approved exemption needs its approval date."),
            )
        if row["approved"] and not row["approved_by"]:
            self.add(
                entry,
                "approved_by",
                _("An approved exemption needs the body that approved it."),
            )

    def rule_cellyears(self, entry: Entry) -> None:
        total, met = entry.new["targets_total"], entry.new["targets_met"]
        if total is not None and met is not None and met > total:
            self.add(
                entry, "targets_met", _("More targets met than there are targets.")
            )

    def rule_meetings(self, entry: Entry) -> None:
        row = entry.new
        start, end, day = row["start_time"], row["end_time"], row["held_on"]
        if start and end and end <= start:
            self.add(entry, "end_time", _("The meeting must end after it starts."))
        if day is None:
            return
        if row["state"] in COUNTED_STATES and day > self.state.today:
            self.add(
                entry,
                "held_on",
                _("A meeting that was held cannot be dated in the future."),
            )
        cell = self.cells.get(row["cell_code"])
        if cell is not None and not existed(cell, day):
            self.add(entry, "held_on", _("The cell did not exist on this date."))
        for column in ("chair_code", "minute_taker_code"):
            code = row[column]
            if (
                code
                and code in self.codes["Members"]
                and not self.on_roll(code, row["cell_code"], day)
            ):
                self.add(
                    entry,
                    column,
                    _("This member was not on the cell's roll on the meeting date."),
                )

    def rule_attendance(self, entry: Entry) -> None:
        row = entry.new
        meeting = self.meetings.get(row["meeting_key"])
        code = row["member_code"]
        if (
            meeting is None
            or code not in self.codes["Members"]
            or not meeting["held_on"]
        ):
            return
        day = meeting["held_on"]
        if not self.on_roll(code, meeting["cell_code"], day):
            self.add(
                entry,
                "member_code",
                _("This member was not on the roll of %(cell)s on %(date)s.")
                % {"cell": meeting["cell_code"], "date": _date(day)},
            )
        elif row["mark"] == "exempt" and not any(
            covers(p, day) for p in self.exemptions.get(code, ())
        ):
            self.add(
                entry,
                "mark",
                _("“Exempt” needs an approved exemption covering the meeting date."),
            )

    def on_roll(self, member: str, cell: str, day: datetime.date) -> bool:
        return any(
            p["cell_code"] == cell and covers(p, day)
            for p in self.periods.get(member, ())
        )
