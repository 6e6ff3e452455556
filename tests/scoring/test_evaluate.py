"""evaluate() on the database: the facts it reads, the as-of date, and its constant number of queries."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cells.models import Cell
from meetings.models import Attendance, Meeting
from scoring.domain import State
from scoring.models import ScoreSheet
from scoring.services import evaluate
from tests import factories

pytestmark = pytest.mark.django_db
YEAR = 2025


def cell_with_year(*, members: int = 3, ward=None) -> Cell:
    """A residential cell with ``members`` members on the roll all year, a regular meeting each month
    (quarter-end months combined), everybody present, each meeting self-scored 99 (total only)."""
    cell = factories.CellFactory(**({"ward": ward} if ward else {}))
    people = [factories.MembershipFactory(cell=cell).member for _ in range(members)]
    for month in range(1, 13):
        kind = "combined" if month % 3 == 0 else "regular"
        meeting = factories.MeetingFactory(
            cell=cell, kind=kind, held_on=datetime.date(YEAR, month, 10)
        )
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, member=member, mark="present")
            for member in people
        )
        factories.ScoreSheetFactory(meeting=meeting, total=Decimal("99"))
    return cell


def criterion(evaluation, key: str):
    return next(c.result for c in evaluation.criteria if c.entry.key == key)


def count_queries(cells: list[Cell]) -> int:
    with CaptureQueriesContext(connection) as queries:
        evaluate(
            YEAR,
            Cell.objects.filter(pk__in=[c.pk for c in cells]),
            datetime.date(YEAR, 12, 31),
        )
    return len(queries)


def test_evaluating_1_or_50_cells_runs_the_same_number_of_queries() -> None:
    ward = factories.WardFactory()
    cells = [cell_with_year(members=2, ward=ward) for _ in range(50)]
    one, fifty = count_queries(cells[:1]), count_queries(cells)
    assert one == fifty
    assert fifty <= 16


def test_the_facts_read_meetings_marks_and_scores() -> None:
    cell = cell_with_year()
    [evaluation] = evaluate(YEAR, [cell], datetime.date(YEAR, 12, 31))
    assert criterion(evaluation, "attendance").state == State.PASSED
    assert criterion(evaluation, "regular_meetings").state == State.PASSED
    assert criterion(evaluation, "thematic_meetings").state == State.PASSED
    assert criterion(evaluation, "meeting_scores").state == State.PASSED
    assert evaluation.meetings_summary == {
        "held": 12,
        "regular": 12,
        "thematic": 4,
        "scored": 12,
        "type1": 12,
        "bar98": 12,
        "min_score": Decimal("99"),
    }
    # Year-end records were never entered: undecided, never silently passed.
    assert criterion(evaluation, "member_ratings").state == State.UNDECIDED
    assert not evaluation.model_cell


def test_a_draft_meeting_does_not_count() -> None:
    cell = cell_with_year()
    Meeting.objects.filter(cell=cell, held_on__month=4).update(state="draft")
    [evaluation] = evaluate(YEAR, [cell], datetime.date(YEAR, 12, 31))
    result = criterion(evaluation, "regular_meetings")
    assert result.state == State.FAILED
    assert [e.ref for e in result.evidence] == [f"04/{YEAR}"]


def test_the_upper_level_sheet_is_the_meetings_score() -> None:
    cell = cell_with_year()
    meeting = Meeting.objects.get(cell=cell, held_on__month=5)
    factories.ScoreSheetFactory(meeting=meeting, scorer="upper", total=Decimal("97.5"))
    [evaluation] = evaluate(YEAR, [cell], datetime.date(YEAR, 12, 31))
    fact = next(m for m in evaluation.facts.meetings if m.id == meeting.pk)
    assert (fact.score, fact.self_score, fact.upper_score) == (97.5, 99, 97.5)
    result = criterion(evaluation, "meeting_scores")
    assert result.state == State.FAILED
    assert [e.ref for e in result.evidence] == [meeting.key]


def test_an_unscored_meeting_leaves_criterion_8_undecided() -> None:
    cell = cell_with_year()
    ScoreSheet.objects.filter(meeting__cell=cell, meeting__held_on__month=11).delete()
    [evaluation] = evaluate(YEAR, [cell], datetime.date(YEAR, 12, 31))
    assert criterion(evaluation, "meeting_scores").state == State.UNDECIDED


def test_a_member_transferred_in_on_15_june_counts_from_then() -> None:
    cell = cell_with_year()
    newcomer = factories.MembershipFactory(
        cell=cell, start=datetime.date(YEAR, 6, 15)
    ).member
    for meeting in Meeting.objects.filter(
        cell=cell, held_on__gte=datetime.date(YEAR, 6, 15)
    ):
        Attendance.objects.create(meeting=meeting, member=newcomer, mark="present")
    [evaluation] = evaluate(YEAR, [cell], datetime.date(YEAR, 12, 31))
    member = evaluation.facts.member(newcomer.pk)
    assert not member.on_roll(datetime.date(YEAR, 6, 14))
    assert member.on_roll(datetime.date(YEAR, 6, 15))
    assert criterion(evaluation, "attendance").state == State.PASSED


def test_the_current_year_in_june_leaves_later_months_pending() -> None:
    cell = cell_with_year()
    [evaluation] = evaluate(YEAR, [cell], datetime.date(YEAR, 6, 20))
    regular = criterion(evaluation, "regular_meetings")
    assert regular.state == State.PENDING
    assert regular.value == 100.0  # January to May are due and held
    assert (
        evaluation.meetings_summary["held"] == 6
    )  # the June meeting (10/06) is already held
    assert criterion(evaluation, "cell_rating").state == State.PENDING


def test_evaluate_command_prints_design_md_json() -> None:
    cell = cell_with_year()
    out = io.StringIO()
    call_command("evaluate", year=YEAR, as_of="31/12/2025", format="json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["year"] == YEAR and data["as_of"] == "2025-12-31"
    [entry] = data["cells"]
    assert entry["code"] == cell.code
    assert entry["meetings"]["min_score"] == 99.0
    assert [c["number"] for c in entry["criteria"]] == list(range(1, 14))
    assert (
        entry["criteria"][0]["state"] == "passed"
        and entry["criteria"][0]["passed"] is True
    )
    assert (
        entry["criteria"][3]["state"] == "undecided"
        and entry["criteria"][3]["passed"] is None
    )


def test_evaluate_command_refuses_an_unknown_cell_or_date() -> None:
    with pytest.raises(CommandError):
        call_command("evaluate", year=YEAR, cell="NOPE", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("evaluate", year=YEAR, as_of="31/02/2025", stdout=io.StringIO())
