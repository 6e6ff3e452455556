"""The at-risk list of the dashboards, from the evaluations alone (a pure function: no database).

Two kinds of cells are at risk of not being model cells (chi bộ kiểu mẫu) in the evaluated year:

- **lost**: a criterion has already failed, so the cell can no longer be a model cell this year; each
  failed criterion is named with the evidence behind it;
- **needs action**: nothing has failed yet, but a criterion will fail unless something named happens:
  data missing by the as-of date (an unscored meeting, members not rated after the year's end), the
  current quarter without a thematic meeting yet, the current month without a regular meeting in its last
  days, no resolution study session yet in the last quarter, and in December the year-end records that
  are not entered yet ("12 members not yet rated").

Planned and draft meetings never decide whether a cell is listed: they are named in the reason ("planned
for 08/12/2026").
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.dashboards.base import (
    REGULAR_KINDS,
    THEMATIC_KINDS,
    PlannedMeeting,
    day_text,
    month_end,
    quarter_bounds,
    quarter_of,
)
from scoring.domain import CellYearFacts, Evidence, State
from scoring.services import CellEvaluation, CriterionEvaluation

# The current month is flagged without a regular meeting once this few days are left of it.
MONTH_WARNING_DAYS = 10
# A year without a resolution study session is flagged from this month on (the last quarter).
STUDY_WARNING_MONTH = 10
HOUSEHOLD_RULES = frozenset(
    {"household_civilized", "household_cultured", "household_not_poor"}
)


@dataclass(frozen=True)
class Reason:
    """Why a cell is at risk: the criteria concerned (by number, with the first one's title) and the
    words of the evidence or of the thing that must happen."""

    numbers: tuple[int, ...]
    title: str
    text: str


@dataclass(frozen=True)
class CellRisk:
    cell_id: int
    code: str
    name: str
    lost: bool  # a criterion has failed: no longer a possible model cell this year
    reasons: tuple[Reason, ...]
    cache_key: str = (
        ""  # that of the cell's dashboard row: the item's HTML is cached under it
    )


@dataclass(frozen=True)
class RiskList:
    lost: tuple[CellRisk, ...]
    action: tuple[CellRisk, ...]

    def __len__(self) -> int:
        return len(self.lost) + len(self.action)

    def by_cell(self) -> dict[int, CellRisk]:
        return {risk.cell_id: risk for risk in (*self.lost, *self.action)}


def cells_at_risk(
    evaluations: Iterable[CellEvaluation],
    planned: Mapping[int, Sequence[PlannedMeeting]] | None = None,
) -> RiskList:
    """The cells at risk among ``evaluations``, in their order: those already lost, then those that need
    action. ``planned`` maps a cell id to its planned and draft meetings of the year."""
    planned = planned or {}
    lost, action = [], []
    for evaluation in evaluations:
        risk = cell_risk(evaluation, planned.get(evaluation.facts.cell_id, ()))
        if risk is None:
            continue
        (lost if risk.lost else action).append(risk)
    return RiskList(tuple(lost), tuple(action))


def cell_risk(
    evaluation: CellEvaluation, planned: Sequence[PlannedMeeting] = ()
) -> CellRisk | None:
    """One cell's risk, or None when it is (or can still become) a model cell with nothing due."""
    facts = evaluation.facts
    criteria = sorted(evaluation.criteria, key=lambda c: c.entry.number)
    failed = [c for c in criteria if c.result.state == State.FAILED]
    if failed:
        reasons = tuple(
            Reason((c.entry.number,), c.entry.title, c.result.detail or _("failed"))
            for c in failed
        )
        return CellRisk(facts.cell_id, facts.code, facts.name, True, reasons)
    merged: dict[str, Reason] = {}
    for criterion in criteria:
        number = criterion.entry.number
        for text in needs(criterion, facts, planned):
            known = merged.get(text)
            merged[text] = (
                dataclasses.replace(known, numbers=(*known.numbers, number))
                if known
                else Reason((number,), criterion.entry.title, text)
            )
    if not merged:
        return None
    return CellRisk(
        facts.cell_id, facts.code, facts.name, False, tuple(merged.values())
    )


def needs(
    criterion: CriterionEvaluation,
    facts: CellYearFacts,
    planned: Sequence[PlannedMeeting],
) -> list[str]:
    """What must happen for ``criterion`` not to fail, in words; empty when nothing is due."""
    result, rule = criterion.result, criterion.entry.rule
    if result.state == State.UNDECIDED:
        return [missing_text(rule, result.evidence) or result.detail]
    if result.state != State.PENDING or facts.as_of.year != facts.year:
        return []
    as_of = facts.as_of
    if rule == "thematic_meetings":
        return thematic_due(facts, planned)
    if rule == "regular_meetings":
        return regular_due(facts, planned)
    if rule == "resolution_study" and as_of.month >= STUDY_WARNING_MONTH:
        return study_due(facts, planned)
    if as_of.month == 12 and rule == "member_ratings":
        unrated = [m for m in facts.members_at_year_end if not m.rating]
        if unrated:
            return [members_not_rated(len(unrated))]
    if as_of.month == 12 and rule in HOUSEHOLD_RULES:
        missing = [h for h in facts.households if not h.has_year_record]
        if missing:
            return [households_without_record(len(missing))]
    return []


def members_not_rated(count: int) -> str:
    return ngettext(
        "%(n)d member not yet rated.", "%(n)d members not yet rated.", count
    ) % {"n": count}


def households_without_record(count: int) -> str:
    return ngettext(
        "%(n)d member household without this year's record.",
        "%(n)d member households without this year's record.",
        count,
    ) % {"n": count}


def dates_of(evidence: Iterable[Evidence]) -> str:
    return ", ".join(day_text(e.date) for e in evidence if e.date)


def missing_text(rule: str, evidence: Sequence[Evidence]) -> str:
    """Missing data named by what must be entered, for the rules where a count says it best."""
    meetings = [e for e in evidence if e.kind == "meeting"]
    members = [e for e in evidence if e.kind == "member"]
    if rule == "meeting_scores" and meetings:
        return ngettext(
            "%(n)d meeting not scored yet: %(dates)s.",
            "%(n)d meetings not scored yet: %(dates)s.",
            len(meetings),
        ) % {"n": len(meetings), "dates": dates_of(meetings)}
    if rule in ("attendance", "resolution_study") and meetings:
        return ngettext(
            "Attendance not recorded for %(n)d meeting: %(dates)s.",
            "Attendance not recorded for %(n)d meetings: %(dates)s.",
            len(meetings),
        ) % {"n": len(meetings), "dates": dates_of(meetings)}
    if rule == "member_ratings" and members:
        return members_not_rated(len(members))
    if rule in HOUSEHOLD_RULES:
        households = [e for e in evidence if e.kind == "household"]
        if households and len(households) == len(evidence):
            return households_without_record(len(households))
    return ""


def thematic_due(facts: CellYearFacts, planned: Sequence[PlannedMeeting]) -> list[str]:
    """The quarter of the as-of date has no thematic (or combined) meeting yet."""
    quarter = quarter_of(facts.as_of)
    start, end = quarter_bounds(facts.year, quarter)
    if not facts.existed_on(facts.as_of):
        return []
    if any(
        m.kind in THEMATIC_KINDS and start <= m.held_on <= end for m in facts.meetings
    ):
        return []
    text = _("No thematic meeting yet in %(quarter)s: the quarter ends on %(end)s.") % {
        "quarter": _("Q%(q)d/%(y)d") % {"q": quarter, "y": facts.year},
        "end": day_text(end),
    }
    coming = [
        p for p in planned if p.kind in THEMATIC_KINDS and start <= p.held_on <= end
    ]
    return [text + planned_text(coming)]


def regular_due(facts: CellYearFacts, planned: Sequence[PlannedMeeting]) -> list[str]:
    """The month of the as-of date has no regular (or combined) meeting yet, and few days are left."""
    as_of = facts.as_of
    start = datetime.date(as_of.year, as_of.month, 1)
    end = month_end(as_of.year, as_of.month)
    if (end - as_of).days >= MONTH_WARNING_DAYS or not facts.existed_on(as_of):
        return []
    if any(
        m.kind in REGULAR_KINDS and start <= m.held_on <= end for m in facts.meetings
    ):
        return []
    text = _("No regular meeting yet in %(month)s: the month ends on %(end)s.") % {
        "month": start.strftime("%m/%Y"),
        "end": day_text(end),
    }
    coming = [
        p for p in planned if p.kind in REGULAR_KINDS and start <= p.held_on <= end
    ]
    return [text + planned_text(coming)]


def study_due(facts: CellYearFacts, planned: Sequence[PlannedMeeting]) -> list[str]:
    """No resolution study session yet this year, in its last quarter."""
    if any(m.kind == "study" for m in facts.meetings):
        return []
    text = _("No resolution study session yet in %(year)d.") % {"year": facts.year}
    return [text + planned_text([p for p in planned if p.kind == "study"])]


def planned_text(meetings: Sequence[PlannedMeeting]) -> str:
    """The planned and draft meetings as a sentence that follows another one (with a leading space):
    " Planned for 08/12/2026." or " Logged on 03/12/2026, not submitted yet."."""
    planned = [m for m in meetings if m.state == "planned"]
    drafts = [m for m in meetings if m.state != "planned"]
    text = ""
    if planned:
        text += " " + _("Planned for %(dates)s.") % {
            "dates": ", ".join(day_text(m.held_on) for m in planned)
        }
    if drafts:
        text += " " + _("Logged on %(dates)s, not submitted yet.") % {
            "dates": ", ".join(day_text(m.held_on) for m in drafts)
        }
    return text
