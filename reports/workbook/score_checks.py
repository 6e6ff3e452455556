"""The checks of the Scores sheet: which meetings may be scored (the rules of ``score_sheet_save``), the
rubric in force on the meeting's date, each item's maximum and step, itemised or TOTAL, complete sheets."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from reports.workbook.format import TOTAL
from scoring.classes import points_text
from scoring.sheets.save import check_meeting

if TYPE_CHECKING:
    from reports.workbook.checks import Checker
    from reports.workbook.state import Entry


def _date(day: Any) -> str:
    return day.strftime("%d/%m/%Y")


def check_score_sheets(checker: Checker) -> None:
    sheets: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for (meeting_key, scorer, _item), row in checker.state.rows("Scores").items():
        sheets[(meeting_key, scorer)].append(row)
    firsts: dict[tuple, Entry] = {}
    checker.sheet_entries: dict[tuple, list[Entry]] = defaultdict(list)
    for entry in checker.state.entries.get("Scores", []):
        firsts.setdefault(entry.key[:2], entry)
        checker.sheet_entries[entry.key[:2]].append(entry)
    for sheet_key, entry in firsts.items():
        meeting = checker.meetings.get(sheet_key[0])
        if meeting is None or meeting["held_on"] is None:
            continue
        problems = check_meeting(
            kind=meeting["kind"],
            state=meeting["state"],
            held_on=meeting["held_on"],
            scorer=sheet_key[1],
            today=checker.state.today,
        )
        for messages in problems.values():
            for message in messages:
                checker.add(entry, "meeting_key", message)
        if problems:
            continue
        rubric = checker.rubrics.for_sheet(sheet_key, meeting["held_on"])
        if rubric is None:
            checker.add(
                entry,
                "meeting_key",
                _(
                    "No meeting score sheet is in force on %(date)s: enter one in the admin."
                )
                % {"date": _date(meeting["held_on"])},
            )
            continue
        rows = sheets[sheet_key]
        items = {row["item"] for row in rows}
        if TOTAL in items and len(items) > 1:
            total_entry = next(
                (e for e in checker.sheet_entries[sheet_key] if e.key[2] == TOTAL),
                entry,
            )
            checker.add(
                total_entry,
                "item",
                _("A sheet is entered by its items or by its TOTAL, not both."),
            )
            continue
        _score_points(checker, sheet_key, rubric)
        if TOTAL not in items:
            missing = [code for code in rubric.items if code not in items]
            if missing:
                checker.add(
                    entry,
                    "item",
                    _("The sheet lacks the items %(codes)s of the rubric %(rubric)s.")
                    % {"codes": ", ".join(missing), "rubric": rubric.code},
                )


def _score_points(checker: Checker, sheet_key: tuple, rubric: Any) -> None:
    for entry in checker.sheet_entries[sheet_key]:
        if "points" in entry.bad:
            continue
        code, points = entry.key[2], entry.new["points"]
        if points is None:
            continue
        if code == TOTAL:
            if not 0 <= points <= rubric.total_points:
                checker.add(
                    entry,
                    "points",
                    _("The total lies between 0 and %(max)s points.")
                    % {"max": points_text(rubric.total_points)},
                )
            elif points != points.quantize(Decimal("0.01")):
                checker.add(entry, "points", _("At most two decimal places."))
            continue
        item = rubric.items.get(code)
        if item is None:
            checker.add(
                entry,
                "item",
                _("This rubric has no item %(code)s.") % {"code": code},
            )
        elif points > item.max_points:
            checker.add(
                entry,
                "points",
                _("At most %(max)s points for this item.")
                % {"max": points_text(item.max_points)},
            )
        elif points < 0:
            checker.add(entry, "points", _("Points cannot be below 0."))
        elif points % item.step != 0:
            checker.add(
                entry,
                "points",
                _("Points go in steps of %(step)s.") % {"step": points_text(item.step)},
            )
