"""The 13 model-cell criteria of DOMAIN.md ("The model-cell criteria"), as pure functions.

Each rule reads a ``CellYearFacts`` and its parameters (from the dated catalogue) and returns a
``CriterionResult``. The verdict is decided in DOMAIN.md's order: **failed** when any data already shows a
failure; else **undecided** when data that should exist by the as-of date is missing; else **pending** when
part of the requirement is not due yet; else **passed**. Nothing here touches the database.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from scoring.attendance import ABSENT
from scoring.classes import meets_model_bar, points_text
from scoring.domain import (
    CellYearFacts,
    CriterionResult,
    Evidence,
    MeetingFact,
    Period,
    State,
)
from scoring.wording import (
    gettext as _,
)  # the texts that rules receive are message ids, worded by _

Params = Mapping[str, Any]
# The labels of cells.models.Rating (same messages), without importing the models here; worded by _.
RATING_LABELS = {
    "excellent": gettext_noop("excellently fulfilled duties"),
    "good": gettext_noop("well fulfilled duties"),
    "done": gettext_noop("fulfilled duties"),
    "failed": gettext_noop("did not fulfil duties"),
}
Rule = Callable[[CellYearFacts, Params], CriterionResult]
Detail = Callable[[], str]  # a verdict's detail, worded only when chosen
RULES: dict[str, Rule] = {}


def rule(key: str) -> Callable[[Rule], Rule]:
    def register(function: Rule) -> Rule:
        RULES[key] = function
        return function

    return register


@functools.lru_cache(maxsize=1024)
def d(day: datetime.date) -> str:
    """dd/mm/yyyy; remembered (a province's evidence writes the year's few hundred days 30,000 times)."""
    return day.strftime("%d/%m/%Y")


def percent(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent, one decimal; 100.0 only when nothing is short (a shortfall of
    1 in 2,000 would otherwise round up to a full 100%)."""
    if not whole:
        return None
    value = round(100 * part / whole, 1)
    return min(value, 99.9) if part < whole else value


def decide(
    *,
    failures: list[Evidence],
    missing: list[Evidence],
    pending: bool,
    value: float | None,
    required: float | None,
    fail_detail: Detail,
    missing_detail: Detail,
    pending_detail: Detail,
    pass_detail: Detail,
) -> CriterionResult:
    """Apply DOMAIN.md's order of verdicts. Only the chosen verdict's detail is worded: a province's
    evaluation words 26,000 details instead of 104,000 (docs/performance.md)."""
    if failures:
        return CriterionResult(
            State.FAILED, value, required, fail_detail(), tuple(failures)
        )
    if missing:
        return CriterionResult(
            State.UNDECIDED, value, required, missing_detail(), tuple(missing)
        )
    if pending:
        return CriterionResult(State.PENDING, value, required, pending_detail())
    return CriterionResult(State.PASSED, value, required, pass_detail())


def names(evidence: list[Evidence], limit: int = 5) -> str:
    shown = "; ".join(item.label or item.text for item in evidence[:limit])
    if len(evidence) > limit:
        shown += " " + _("and %(n)d more") % {"n": len(evidence) - limit}
    return shown


def absence_evidence(
    facts: CellYearFacts, meeting: MeetingFact, text: str
) -> list[Evidence]:
    """The members absent without excuse from ``meeting``, in member-code order, each worded with ``text``
    (a worded message with ``%(name)s``)."""
    day = d(meeting.held_on)
    return [
        Evidence(
            "member",
            code,
            text % {"name": name},
            meeting.held_on,
            label=f"{name} ({day})",
        )
        for code, name in sorted(
            facts.who(member_id)
            for member_id, mark in meeting.not_present.items()
            if mark == ABSENT
        )
    ]


@rule("attendance")
def attendance(facts: CellYearFacts, params: Params) -> CriterionResult:
    """Criterion 1: every regular, thematic and combined meeting has attendance rate 100%."""
    meetings = facts.evaluated_meetings
    failures, missing, full = [], [], 0
    absent_text = _("%(name)s absent without excuse")
    for meeting in meetings:
        if not meeting.has_marks:
            missing.append(
                Evidence(
                    "meeting", meeting.key, _("no attendance recorded"), meeting.held_on
                )
            )
            continue
        if not meeting.absent:  # attendance rate 100%
            full += 1
            continue
        failures += absence_evidence(facts, meeting, absent_text)
    if not meetings and facts.year_over:
        missing.append(Evidence("cell", facts.code, _("no meeting held in the year")))
    return decide(
        failures=failures,
        missing=missing,
        pending=not facts.year_over,
        value=percent(full, len(meetings)),
        required=float(params.get("required", 100)),
        fail_detail=lambda: (
            _("Absent without excuse: %(names)s") % {"names": names(failures)}
        ),
        missing_detail=lambda: names(missing),
        pending_detail=lambda: (
            _("%(full)d of %(n)d meetings so far with every member present or excused")
            % {"full": full, "n": len(meetings)}
        ),
        pass_detail=lambda: (
            _("All %(n)d meetings: nobody absent without excuse") % {"n": len(meetings)}
        ),
    )


@rule("resolution_study")
def resolution_study(facts: CellYearFacts, params: Params) -> CriterionResult:
    """Criterion 2: at every study session, every member on the roll was present, excused or exempt."""
    sessions = [m for m in facts.meetings if m.kind == "study"]
    failures, missing = [], []
    absent_text = _("%(name)s absent from the study session")
    for session in sessions:
        if not session.has_marks:
            missing.append(
                Evidence(
                    "meeting", session.key, _("no attendance recorded"), session.held_on
                )
            )
        if session.absent:
            failures += absence_evidence(facts, session, absent_text)
    if not sessions and facts.year_over:
        missing.append(
            Evidence("cell", facts.code, _("no resolution study session in the year"))
        )
    complete = sum(1 for s in sessions if s.has_marks and not s.absent)
    return decide(
        failures=failures,
        missing=missing,
        pending=not facts.year_over,
        value=percent(complete, len(sessions)),
        required=float(params.get("required", 100)),
        fail_detail=lambda: (
            _("Absent from study sessions: %(names)s") % {"names": names(failures)}
        ),
        missing_detail=lambda: names(missing),
        pending_detail=lambda: (
            _("%(n)d study sessions so far, nobody absent without excuse")
            % {"n": len(sessions)}
        ),
        pass_detail=lambda: (
            _("%(n)d study sessions, every member attended or was excused")
            % {"n": len(sessions)}
        ),
    )


def first_uncovered_day(
    start: datetime.date, end: datetime.date, periods: Iterable[Period]
) -> datetime.date | None:
    """The first day of ``start`` … ``end`` that none of ``periods`` covers, or None."""
    day = start
    for period in sorted(periods, key=lambda p: p.start):
        if period.start > day:
            break
        if period.end is None:
            return None
        day = max(day, period.end + datetime.timedelta(days=1))
        if day > end:
            return None
    return day if day <= end else None


@rule("working_away_contact")
def working_away_contact(facts: CellYearFacts, params: Params) -> CriterionResult:
    """Criterion 3: no member working away in the year without contact kept or an approved exemption.

    A period without contact kept is covered only when approved exemptions cover every day of it that falls
    in the year up to the as-of date while the member is on this cell's roll; an exemption for part of the
    time leaves the rest uncovered.
    """
    year_start, end = datetime.date(facts.year, 1, 1), min(facts.year_end, facts.as_of)
    failures, away = [], 0
    for member in [m for m in facts.members if m.working_away]:
        member_away = member_failed = False
        for period in member.working_away:
            for membership in member.memberships:
                first = max(period.start, membership.start, year_start)
                last = min(
                    end,
                    period.end or end,
                    membership.end or end,
                )
                if first > last:
                    continue
                member_away = True
                if period.contact_kept or member_failed:
                    continue
                gap = first_uncovered_day(first, last, member.exemptions)
                if gap is not None:
                    member_failed = True
                    failures.append(
                        Evidence(
                            "member",
                            member.code,
                            _(
                                "%(name)s works away since %(date)s without keeping "
                                "contact"
                            )
                            % {"name": member.full_name, "date": d(period.start)},
                            period.start,
                        )
                    )
        away += member_away
    return decide(
        failures=failures,
        missing=[],
        pending=not facts.year_over,
        value=percent(away - len(failures), away),
        required=float(params.get("required", 100)),
        fail_detail=lambda: (
            _("Working away without contact: %(names)s") % {"names": names(failures)}
        ),
        missing_detail=lambda: "",
        pending_detail=lambda: (
            _("%(n)d members working away, all in contact so far") % {"n": away}
        ),
        pass_detail=lambda: (
            _("%(n)d members working away, all in contact or exempt") % {"n": away}
        ),
    )


def year_end_members(
    facts: CellYearFacts,
    params: Params,
    *,
    ok: Callable,
    fail_text: str,
    missing_text: str,
    fail_detail: str,
    pass_detail: str,
) -> CriterionResult:
    """A yearly record of each member on the roll on the year's last day, due at the year's end."""
    members = facts.members_at_year_end
    failures, missing, good = [], [], 0
    if facts.year_over:
        # Most members pass: they are only counted; the others are named.
        others = [m for m in members if not (m.has_year_record and ok(m))]
        good = len(members) - len(others)
        for member in others:
            verdict = ok(member) if member.has_year_record else None
            if verdict is None:
                missing.append(
                    Evidence(
                        "member",
                        member.code,
                        _(missing_text) % {"name": member.full_name},
                        label=member.full_name,
                    )
                )
            else:
                failures.append(
                    Evidence(
                        "member",
                        member.code,
                        _(fail_text) % {"name": member.full_name},
                        label=member.full_name,
                    )
                )
    return decide(
        failures=failures,
        missing=missing,
        pending=not facts.year_over,
        value=percent(good, len(members)) if facts.year_over else None,
        required=float(params.get("required", 100)),
        fail_detail=lambda: _(fail_detail) % {"names": names(failures)},
        missing_detail=lambda: _("Missing: %(names)s") % {"names": names(missing)},
        pending_detail=lambda: _("Due at the end of the year"),
        pass_detail=lambda: _(pass_detail) % {"n": len(members)},
    )


@rule("member_ratings")
def member_ratings(facts: CellYearFacts, params: Params) -> CriterionResult:
    """Criterion 4: every member on the roll on the year's last day rated good or excellent."""
    accepted = set(params.get("ratings", ["excellent", "good"]))
    return year_end_members(
        facts,
        params,
        ok=lambda m: (m.rating in accepted) if m.rating else None,
        fail_text=gettext_noop("%(name)s not rated good or excellent"),
        missing_text=gettext_noop("%(name)s not rated yet"),
        fail_detail=gettext_noop("Rated below good: %(names)s"),
        pass_detail=gettext_noop("All %(n)d members rated good or excellent"),
    )


@rule("cell_rating")
def cell_rating(facts: CellYearFacts, params: Params) -> CriterionResult:
    """Criterion 5: the cell rated excellent (Hoàn thành xuất sắc nhiệm vụ)."""
    required = params.get("rating", "excellent")
    if not facts.year_over:
        return CriterionResult(State.PENDING, detail=_("Due at the end of the year"))
    if not facts.rating:
        return CriterionResult(
            State.UNDECIDED,
            detail=_("The cell is not rated yet"),
            evidence=(Evidence("cell", facts.code, _("no rating for the year")),),
        )
    if facts.rating != required:
        rating = (
            _(RATING_LABELS[facts.rating])
            if facts.rating in RATING_LABELS
            else facts.rating
        )
        return CriterionResult(
            State.FAILED,
            detail=_("The cell is rated “%(rating)s”") % {"rating": rating},
            evidence=(Evidence("cell", facts.code, _("rated %(r)s") % {"r": rating}),),
        )
    return CriterionResult(State.PASSED, detail=_("The cell is rated excellent"))


def month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def periods_check(
    facts: CellYearFacts,
    *,
    periods: tuple[tuple[str, Callable[[], str], datetime.date, datetime.date], ...],
    months: int,
    kinds: set[str],
    missing_text: str,
    fail_detail: str,
    pass_detail: str,
    pending_detail: str,
    evidence_kind: str,
) -> CriterionResult:
    """Each period (month or quarter) in which the cell existed needs a meeting of ``kinds``; a period not
    ended at the as-of date without one yet is pending.

    ``periods`` are ``(ref, label, first day, last day)`` of ``months`` months each, in order from
    January: the ref ("03/2025", "Q1/2025") names the period in the evidence whatever the language, the
    label (worded when a period is missing) in the text.
    """
    # The periods with a meeting, by index.
    held = {
        (m.held_on.month - 1) // months
        for m in facts.meetings
        if m.kind in kinds and m.held_on.year == facts.year
    }
    founded, dissolved, as_of = facts.founded_on, facts.dissolved_on, facts.as_of
    first_day, last_day = periods[0][2], periods[-1][3]
    if (
        (not founded or founded <= first_day)
        and (not dissolved or dissolved >= last_day)
        and as_of >= last_day
    ):
        # The cell existed all year and the year is over (most cells): every period is due.
        due, covered, pending = len(periods), len(held), False
        unmet = [period for index, period in enumerate(periods) if index not in held]
    else:
        due, covered, pending, unmet = 0, 0, False, []
        for index, period in enumerate(periods):
            start, end = period[2], period[3]
            if (founded and founded > end) or (dissolved and dissolved < start):
                continue  # the cell did not exist on any day of the period
            if index in held:
                due += 1
                covered += 1
            elif end <= as_of:
                due += 1
                unmet.append(period)
            else:
                pending = True
    failures, labels = [], []
    for ref, wording, start, _end in unmet:
        label = wording()
        labels.append(label)
        failures.append(
            Evidence(evidence_kind, ref, _(missing_text) % {"p": label}, start)
        )
    return decide(
        failures=failures,
        missing=[],
        pending=pending,
        value=percent(covered, due),
        required=100.0,
        fail_detail=lambda: _(fail_detail) % {"names": ", ".join(labels)},
        missing_detail=lambda: "",
        pending_detail=lambda: _(pending_detail) % {"n": covered, "due": due},
        pass_detail=lambda: _(pass_detail) % {"n": covered},
    )


@functools.cache
def months_of(
    year: int,
) -> tuple[tuple[str, Callable[[], str], datetime.date, datetime.date], ...]:
    """The periods of criterion 6: each month of ``year``, labelled "03/2025" in every language."""
    return tuple(
        (
            f"{month:02d}/{year}",
            functools.partial(str, f"{month:02d}/{year}"),
            datetime.date(year, month, 1),
            month_end(year, month),
        )
        for month in range(1, 13)
    )


@functools.cache
def quarters_of(
    year: int,
) -> tuple[tuple[str, Callable[[], str], datetime.date, datetime.date], ...]:
    """The periods of criterion 7: each quarter of ``year``, labelled in the active language."""
    return tuple(
        (
            f"Q{q}/{year}",
            functools.partial(quarter_label, q, year),
            datetime.date(year, 3 * q - 2, 1),
            month_end(year, 3 * q),
        )
        for q in range(1, 5)
    )


@rule("regular_meetings")
def regular_meetings(facts: CellYearFacts, params: Params) -> CriterionResult:
    """Criterion 6: a regular (or combined) meeting in every month in which the cell existed."""
    return periods_check(
        facts,
        periods=months_of(facts.year),
        months=1,
        kinds={"regular", "combined"},
        missing_text=gettext_noop("no regular meeting in %(p)s"),
        fail_detail=gettext_noop("Missing months: %(names)s"),
        pass_detail=gettext_noop("A regular meeting in each of the %(n)d months"),
        pending_detail=gettext_noop(
            "%(n)d of %(due)d months so far; the rest is not due yet"
        ),
        evidence_kind="month",
    )


def quarter_label(quarter: int, year: int) -> str:
    return _("Q%(q)d/%(y)d") % {"q": quarter, "y": year}


@rule("thematic_meetings")
def thematic_meetings(facts: CellYearFacts, params: Params) -> CriterionResult:
    """Criterion 7: a thematic (or combined) meeting in every quarter in which the cell existed."""
    return periods_check(
        facts,
        periods=quarters_of(facts.year),
        months=3,
        kinds={"thematic", "combined"},
        missing_text=gettext_noop("no thematic meeting in %(p)s"),
        fail_detail=gettext_noop("Quarters without a thematic meeting: %(names)s"),
        pass_detail=gettext_noop("A thematic meeting in each of the %(n)d quarters"),
        pending_detail=gettext_noop(
            "%(n)d of %(due)d quarters so far; the rest is not due yet"
        ),
        evidence_kind="quarter",
    )


@rule("meeting_scores")
def meeting_scores(facts: CellYearFacts, params: Params) -> CriterionResult:
    """Criterion 8: every regular, thematic and combined meeting class 1 with at least 98 points."""
    bar = Decimal(str(params.get("bar", 98)))
    meetings = facts.evaluated_meetings
    failures, missing, good = [], [], 0
    below_text = _("%(date)s: %(score)s points, class %(c)s")
    for meeting in meetings:
        if not meeting.is_scored:
            missing.append(
                Evidence("meeting", meeting.key, _("not scored"), meeting.held_on)
            )
        elif meets_model_bar(meeting.meeting_class, meeting.score, bar):
            good += 1
        else:
            failures.append(
                Evidence(
                    "meeting",
                    meeting.key,
                    below_text
                    % {
                        "date": d(meeting.held_on),
                        "score": points_text(meeting.score),
                        "c": meeting.meeting_class,
                    },
                    meeting.held_on,
                )
            )
    if not meetings and facts.year_over:
        missing.append(Evidence("cell", facts.code, _("no meeting held in the year")))
    return decide(
        failures=failures,
        missing=missing,
        pending=not facts.year_over,
        value=percent(good, len(meetings)),
        required=float(params.get("required", 100)),
        fail_detail=lambda: (
            _("Below the bar of %(bar)s points or class 1: %(names)s")
            % {"bar": points_text(bar), "names": names(failures)}
        ),
        missing_detail=lambda: (
            _("Unscored meetings: %(names)s")
            % {
                "names": ", ".join(d(m.date) for m in missing if m.date)
                or names(missing)
            }
        ),
        pending_detail=lambda: (
            _("%(n)d of %(all)d meetings so far at class 1 and the bar")
            % {"n": good, "all": len(meetings)}
        ),
        pass_detail=lambda: (
            _("All %(n)d meetings class 1 with at least %(bar)s points")
            % {"n": len(meetings), "bar": points_text(bar)}
        ),
    )


@rule("resolution_compliance")
def resolution_compliance(facts: CellYearFacts, params: Params) -> CriterionResult:
    """Criterion 9: every member on the roll on the year's last day complies with the resolution."""
    return year_end_members(
        facts,
        params,
        ok=lambda m: m.resolution_compliant,
        fail_text=gettext_noop("%(name)s does not comply with the resolution"),
        missing_text=gettext_noop("%(name)s has no yearly record"),
        fail_detail=gettext_noop("Not compliant: %(names)s"),
        pass_detail=gettext_noop("All %(n)d members comply with the cell's resolution"),
    )


def member_households(
    facts: CellYearFacts, check: Callable, params: Params, texts: dict
):
    """Criteria 10–12 (residential): the households of the members on the roll in the year.

    ``check`` answers True (met), False (failed) or None (the yearly record does not say: missing).
    """
    household_ids = facts.member_household_ids
    by_id = facts.households_by_id
    failures, missing, good = [], [], 0
    if facts.year_over:
        for member in facts.members_without_household:
            missing.append(
                Evidence(
                    "member",
                    member.code,
                    _("%(name)s: no household recorded") % {"name": member.full_name},
                )
            )
        # Most households pass: they are only counted; the others are named.
        others = [
            (household_id, household)
            for household_id in household_ids
            if (household := by_id.get(household_id)) is None
            or not (household.has_year_record and check(household))
        ]
        good = len(household_ids) - len(others)
        for household_id, household in others:
            if household is None:
                missing.append(
                    Evidence(
                        "household", str(household_id), _("household not recorded")
                    )
                )
                continue
            verdict = check(household) if household.has_year_record else None
            label = _("household of %(head)s") % {"head": household.head_name}
            if verdict is None:
                missing.append(
                    Evidence(
                        "household",
                        household.code,
                        _("%(h)s: no yearly record") % {"h": label},
                    )
                )
            else:
                failures.append(
                    Evidence(
                        "household",
                        household.code,
                        _(texts["fail"]) % {"h": label},
                        label=label,
                    )
                )
    return decide(
        failures=failures,
        missing=missing,
        pending=not facts.year_over,
        value=percent(good, len(household_ids)) if facts.year_over else None,
        required=float(params.get("required", 100)),
        fail_detail=lambda: _(texts["detail"]) % {"names": names(failures)},
        missing_detail=lambda: _("Missing: %(names)s") % {"names": names(missing)},
        pending_detail=lambda: _("Due at the end of the year"),
        pass_detail=lambda: _(texts["pass"]) % {"n": len(household_ids)},
    )


@rule("household_civilized")
def household_civilized(facts: CellYearFacts, params: Params) -> CriterionResult:
    """Criterion 10: every member household follows the civilized-ward and local rules."""
    return member_households(
        facts,
        lambda h: h.civilized_rules,
        params,
        {
            "fail": gettext_noop("%(h)s does not follow the civilized-ward rules"),
            "detail": gettext_noop("Not following the rules: %(names)s"),
            "pass": gettext_noop("All %(n)d member households follow the rules"),
        },
    )


@rule("household_cultured")
def household_cultured(facts: CellYearFacts, params: Params) -> CriterionResult:
    """Criterion 11: every member household is a “Gia đình văn hóa”."""
    return member_households(
        facts,
        lambda h: h.cultured_family,
        params,
        {
            "fail": gettext_noop("%(h)s is not a cultured family"),
            "detail": gettext_noop("Not cultured families: %(names)s"),
            "pass": gettext_noop("All %(n)d member households are cultured families"),
        },
    )


NOT_POOR = {"none": True, "near_poor": False, "poor": False}  # no entry: not recorded


@rule("household_not_poor")
def household_not_poor(facts: CellYearFacts, params: Params) -> CriterionResult:
    """Criterion 12 (residential): no member household poor or near-poor."""
    return member_households(
        facts,
        lambda h: NOT_POOR.get(h.poverty),
        params,
        {
            "fail": gettext_noop("%(h)s is poor or near-poor"),
            "detail": gettext_noop("Poor or near-poor: %(names)s"),
            "pass": gettext_noop(
                "None of the %(n)d member households is poor or near-poor"
            ),
        },
    )


@rule("resolution_targets")
def resolution_targets(facts: CellYearFacts, params: Params) -> CriterionResult:
    """Criterion 12 (other kinds): 100% of the cell's annual resolution targets met or exceeded."""
    required = float(params.get("required", 100))
    if not facts.year_over:
        return CriterionResult(
            State.PENDING, required=required, detail=_("Due at the end of the year")
        )
    if not facts.targets_total or facts.targets_met is None:
        return CriterionResult(
            State.UNDECIDED,
            required=required,
            detail=_("The cell's annual targets are not recorded"),
            evidence=(Evidence("cell", facts.code, _("no annual targets recorded")),),
        )
    met, total = facts.targets_met, facts.targets_total
    text = _("%(met)d of %(total)d targets met") % {"met": met, "total": total}
    # Compared exactly: the one-decimal value may round a shortfall up to the requirement.
    if 100 * met < Decimal(str(required)) * total:
        return CriterionResult(
            State.FAILED,
            percent(met, total),
            required,
            text,
            (Evidence("cell", facts.code, text),),
        )
    return CriterionResult(State.PASSED, percent(met, total), required, text)


@rule("group_cultured")
def group_cultured(facts: CellYearFacts, params: Params) -> CriterionResult:
    """Criterion 13 (residential): the residential group rated “Tổ dân phố văn hóa” for the year."""
    if not facts.year_over:
        return CriterionResult(State.PENDING, detail=_("Due at the end of the year"))
    if facts.group_cultured is None:
        return CriterionResult(
            State.UNDECIDED,
            detail=_("The group's title for the year is not recorded"),
            evidence=(Evidence("cell", facts.code, _("no title recorded")),),
        )
    if not facts.group_cultured:
        text = _("The residential group is not rated cultured")
        return CriterionResult(
            State.FAILED, detail=text, evidence=(Evidence("cell", facts.code, text),)
        )
    return CriterionResult(
        State.PASSED, detail=_("The residential group is rated cultured")
    )


@rule("residence_contact")
def residence_contact(facts: CellYearFacts, params: Params) -> CriterionResult:
    """Criterion 13 (other kinds): every working member whose feedback is required has a good comment from
    their place of residence (Quy định 213), none is “not good”, and public satisfaction is 100%."""
    required = float(params.get("satisfaction", 100))
    failures, missing, good, counted = [], [], 0, 0
    if facts.year_over:
        for member in facts.members_at_year_end:
            feedback = member.residence_feedback if member.has_year_record else ""
            if feedback == "not_required":
                continue
            counted += 1
            if feedback == "good":
                good += 1
            elif feedback == "not_good":
                failures.append(
                    Evidence(
                        "member",
                        member.code,
                        _("%(name)s: residence feedback not good")
                        % {"name": member.full_name},
                    )
                )
            else:
                missing.append(
                    Evidence(
                        "member",
                        member.code,
                        _("%(name)s: no residence feedback")
                        % {"name": member.full_name},
                    )
                )
        if facts.satisfaction_percent is None:
            missing.append(
                Evidence("cell", facts.code, _("public satisfaction not recorded"))
            )
        elif float(facts.satisfaction_percent) < required:
            failures.append(
                Evidence(
                    "cell",
                    facts.code,
                    _("public satisfaction %(p)s%%")
                    % {"p": points_text(facts.satisfaction_percent)},
                )
            )
    return decide(
        failures=failures,
        missing=missing,
        pending=not facts.year_over,
        value=float(facts.satisfaction_percent)
        if facts.satisfaction_percent is not None
        else None,
        required=required,
        fail_detail=lambda: names(failures),
        missing_detail=lambda: _("Missing: %(names)s") % {"names": names(missing)},
        pending_detail=lambda: _("Due at the end of the year"),
        pass_detail=lambda: (
            _("%(n)d members with good residence feedback; satisfaction %(p)s%%")
            % {"n": good, "p": points_text(facts.satisfaction_percent or 0)}
        ),
    )
