"""The shape of the facts that the rules read, as ``build_facts`` reads them from the database: marks counted,
absences named in member-code order, and the language and collector state that ``evaluate`` sets and
restores (the changes that made a province's evaluation fast, docs/performance.md)."""

import dataclasses
import datetime
import gc
import weakref

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import translation

from cells.models import Cell
from meetings.models import Attendance, Mark
from scoring.classes import points_text
from scoring.domain import (
    MARKS,
    CellYearFacts,
    HouseholdFact,
    MeetingFact,
    MemberFact,
    Period,
)
from scoring.facts import build_facts, cells_by_id, fetch
from scoring.services import collector_paused, evaluate
from tests import factories

YEAR = 2025
AS_OF = datetime.date(YEAR, 12, 31)


def marked_meeting():
    """A cell of four members (codes out of creation order) at one meeting: present, absent, excused,
    exempt; and a fifth member, off the roll since 2024, still marked absent (a kept mark)."""
    cell = factories.CellFactory()
    members = {}
    for code, mark in [
        ("M4", "present"),
        ("M2", "absent"),
        ("M3", "excused"),
        ("M1", "exempt"),
    ]:
        member = factories.MemberFactory(code=code, full_name=f"Người {code}")
        factories.MembershipFactory(cell=cell, member=member)
        members[code] = (member, mark)
    gone = factories.MemberFactory(code="M0", full_name="Người đã chuyển")
    factories.MembershipFactory(cell=cell, member=gone, end=datetime.date(2024, 6, 30))
    members["M0"] = (gone, "absent")
    meeting = factories.MeetingFactory(cell=cell, held_on=datetime.date(YEAR, 3, 5))
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=member, mark=mark)
        for member, mark in members.values()
    )
    return cell, {code: member for code, (member, _mark) in members.items()}


@pytest.mark.django_db
def test_marks_are_counted_and_only_the_members_not_present_are_listed() -> None:
    cell, members = marked_meeting()
    [facts] = build_facts([cell], YEAR, AS_OF)
    [meeting] = facts.meetings
    assert dict(meeting.tally) == {"present": 1, "absent": 2, "excused": 1, "exempt": 1}
    assert meeting.marked == 5 and meeting.count("present") == 1
    # The member off the roll included; the present member not listed.
    assert dict(meeting.not_present) == {
        members["M0"].pk: "absent",
        members["M1"].pk: "exempt",
        members["M2"].pk: "absent",
        members["M3"].pk: "excused",
    }
    # Read from the database: the rules never see every mark.
    assert meeting.marks is None
    # The member off the roll is not among the cell's members, but the evidence can still name them.
    assert members["M0"].pk not in {m.id for m in facts.members}
    assert facts.others == {members["M0"].pk: ("M0", "Người đã chuyển")}
    assert facts.who(members["M0"].pk) == ("M0", "Người đã chuyển")
    assert facts.who(members["M2"].pk) == ("M2", "Người M2")


@pytest.mark.django_db
def test_the_evidence_names_a_member_marked_absent_after_leaving_the_roll() -> None:
    cell, _members = marked_meeting()
    [evaluation] = evaluate(YEAR, [cell], AS_OF)
    attendance = next(c for c in evaluation.criteria if c.entry.key == "attendance")
    assert [e.ref for e in attendance.result.evidence] == ["M0", "M2"]
    with translation.override("en"):
        [evaluation] = evaluate(YEAR, [cell], AS_OF)
    attendance = next(c for c in evaluation.criteria if c.entry.key == "attendance")
    assert attendance.result.evidence[0].text == "Người đã chuyển absent without excuse"


@pytest.mark.django_db
def test_a_meeting_without_marks_has_an_empty_tally() -> None:
    cell = factories.CellFactory()
    factories.MeetingFactory(cell=cell, held_on=datetime.date(YEAR, 3, 5))
    [facts] = build_facts([cell], YEAR, AS_OF)
    [meeting] = facts.meetings
    assert not meeting.has_marks and dict(meeting.tally) == {}
    assert dict(meeting.not_present) == {}


def test_every_mark_given_in_memory_gives_the_same_tally_and_absences() -> None:
    meeting = MeetingFact(
        id=1,
        key="K",
        held_on=datetime.date(YEAR, 3, 5),
        kind="regular",
        marks={7: "present", 3: "absent", 5: "present", 9: "exempt"},
    )
    assert dict(meeting.tally) == {"present": 2, "absent": 1, "exempt": 1}
    assert dict(meeting.not_present) == {3: "absent", 9: "exempt"}
    assert meeting.has_marks and meeting.marked == 4


@pytest.mark.django_db
def test_the_evidence_is_worded_in_the_language_active_at_each_evaluation() -> None:
    cell, _members = marked_meeting()
    details = {}
    for language in ("en", "vi", "en"):
        with translation.override(language):
            [evaluation] = evaluate(YEAR, [cell], AS_OF)
            attendance = next(
                c.result for c in evaluation.criteria if c.entry.key == "attendance"
            )
            details.setdefault(language, set()).add(attendance.evidence[-1].text)
    assert details["en"] == {"Người M2 absent without excuse"}
    assert len(details["vi"]) == 1 and details["vi"] != details["en"]
    with translation.override("vi"):
        assert points_text("97.5") == "97,5"
    with translation.override("en"):
        assert points_text("97.5") == "97.5"


@pytest.mark.django_db
@pytest.mark.parametrize("enabled", [True, False])
def test_evaluate_leaves_the_garbage_collector_as_it_found_it(enabled) -> None:
    cell, _members = marked_meeting()
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        evaluate(YEAR, [cell], AS_OF)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


@pytest.mark.django_db
def test_fetch_keeps_the_columns_in_the_order_asked() -> None:
    cell, _members = marked_meeting()
    # Django puts the annotation after the field in SQL; fetch must give what values_list asked.
    rows = fetch(
        Cell.objects.filter(pk=cell.pk)
        .annotate(n=Count("memberships"))
        .values_list("n", "id")
    )
    assert list(rows) == [(5, cell.pk)]
    rows = fetch(
        Cell.objects.filter(pk=cell.pk)
        .annotate(n=Count("memberships"))
        .values_list("id", "code", "n")
    )
    assert list(rows) == [(cell.pk, cell.code, 5)]


@pytest.mark.django_db
def test_meetings_made_without_their_constructor_equal_the_constructors() -> None:
    """``build_facts`` makes its meetings with ``built``: each has every field of its class, no other
    attribute, and equals the same fields given to the constructor; and is still frozen."""
    cell, _members = marked_meeting()
    factories.MeetingFactory(cell=cell, held_on=datetime.date(YEAR, 4, 5))
    [facts] = build_facts([cell], YEAR, AS_OF)
    assert len(facts.meetings) == 2
    names = {field.name for field in dataclasses.fields(MeetingFact)}
    for meeting in facts.meetings:
        assert type(meeting) is MeetingFact and set(vars(meeting)) == names
        assert MeetingFact(**vars(meeting)) == meeting
        with pytest.raises(dataclasses.FrozenInstanceError):
            meeting.score = 100  # still frozen
    # Members (and households, below) are made as tuples of all their fields, in order.
    for member in facts.members:
        assert type(member) is MemberFact and len(member) == len(MemberFact._fields)
        assert MemberFact(**member._asdict()) == member


@pytest.mark.django_db
def test_households_are_read_with_their_yearly_record() -> None:
    cell, members = marked_meeting()
    household = factories.HouseholdFactory(code="H1", head_name="Chủ hộ")
    factories.HouseholdYearFactory(
        household=household, year=YEAR, cultured_family=True, civilized_rules=False
    )
    for code in ("M2", "M3"):  # two members of one household: one household fact
        members[code].household = household
        members[code].save()
    [facts] = build_facts([cell], YEAR, AS_OF)
    assert [type(h) for h in facts.households] == [HouseholdFact]
    assert facts.households == (
        HouseholdFact(
            household.pk,
            "H1",
            "Chủ hộ",
            has_year_record=True,
            cultured_family=True,
            poverty="none",  # the factory's default
            civilized_rules=False,
        ),
    )
    assert [m.code for m in facts.members if m.household_id == household.pk] == [
        "M2",
        "M3",
    ]
    assert facts.members_without_household == tuple(
        m for m in facts.members if m.code not in ("M2", "M3")
    )


@pytest.mark.django_db
def test_two_memberships_of_one_cell_in_the_year_make_one_member_with_both_periods() -> (
    None
):
    cell = factories.CellFactory()
    member = factories.MemberFactory(code="M1")
    # Entered in reverse order: the periods come sorted.
    factories.MembershipFactory(
        cell=cell, member=member, start=datetime.date(YEAR, 9, 1), end=None
    )
    factories.MembershipFactory(
        cell=cell,
        member=member,
        start=datetime.date(YEAR - 3, 1, 1),
        end=datetime.date(YEAR, 2, 28),
    )
    other = factories.MemberFactory(code="M2")
    factories.MembershipFactory(
        cell=cell, member=other, start=datetime.date(YEAR, 9, 1), end=None
    )
    [facts] = build_facts([cell], YEAR, AS_OF)
    [m1, m2] = facts.members
    assert m1.memberships == (
        Period(datetime.date(YEAR - 3, 1, 1), datetime.date(YEAR, 2, 28)),
        Period(datetime.date(YEAR, 9, 1), None),
    )
    assert not m1.on_roll(datetime.date(YEAR, 6, 1)) and m1.on_roll(AS_OF)
    assert m2.memberships == (Period(datetime.date(YEAR, 9, 1), None),)
    assert [m.code for m in facts.members_at_year_end] == ["M1", "M2"]


class Node:
    """Something that can be in a reference cycle and be watched by a weak reference."""


def test_the_pause_leaves_young_garbage_to_the_young_collections() -> None:
    """The collector is paused during an evaluation, not bypassed: a cycle made meanwhile is still young
    afterwards, and the next young collection frees it (promoting such objects to the oldest generation,
    as gc.freeze() and gc.unfreeze() would, kept the process from ever freeing them again)."""
    was = gc.isenabled()
    try:
        gc.enable()
        with collector_paused():
            node = Node()
            node.itself = node
            watched = weakref.ref(node)
            del node
            assert not gc.isenabled() and watched() is not None
        assert gc.isenabled()
        gc.collect(1)
        assert watched() is None
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable() if was else gc.disable()


VIEWS = (
    "_members_by_id",
    "households_by_id",
    "member_household_ids",
    "members_without_household",
    "members_at_year_end",
    "evaluated_meetings",
)


@pytest.mark.django_db
def test_the_views_build_facts_gives_equal_those_the_facts_work_out() -> None:
    """``build_facts`` hands each cell's derived views over (``with_views``); the same facts without them
    work each one out again, to the same value."""
    cell, members = marked_meeting()
    household = factories.HouseholdFactory()
    members["M2"].household = household
    members["M2"].save()
    leaving = factories.MemberFactory(code="M9")
    factories.MembershipFactory(
        cell=cell, member=leaving, end=datetime.date(YEAR, 10, 31)
    )
    factories.MeetingFactory(cell=cell, held_on=datetime.date(YEAR, 4, 5), kind="study")
    [facts] = build_facts([cell], YEAR, AS_OF)
    assert set(VIEWS) <= set(vars(facts))  # given, not worked out
    fresh = dataclasses.replace(facts)
    assert not set(VIEWS) & set(vars(fresh))
    for view in VIEWS:
        assert getattr(fresh, view) == getattr(facts, view), view
    assert "M9" in {m.code for m in facts.members}
    assert "M9" not in {m.code for m in facts.members_at_year_end}
    assert [m.kind for m in facts.evaluated_meetings] == ["regular"]
    assert facts.member_household_ids == (household.pk,)
    assert facts.households_by_id == {household.pk: facts.households[0]}


def test_only_views_can_be_given() -> None:
    facts = CellYearFacts(
        cell_id=1, code="C1", name="C1", kind="residential", year=YEAR, as_of=AS_OF
    )
    with pytest.raises(AttributeError):
        facts.with_views(members=())
    with pytest.raises(AttributeError):
        facts.with_views(year=2024)


@pytest.mark.django_db
def test_the_absent_are_named_in_member_code_order_at_study_sessions_too() -> None:
    cell = factories.CellFactory()
    session = factories.MeetingFactory(
        cell=cell, held_on=datetime.date(YEAR, 2, 20), kind="study"
    )
    for code in ("M3", "M1", "M2"):  # created out of code order
        member = factories.MemberFactory(code=code, full_name=f"Người {code}")
        factories.MembershipFactory(cell=cell, member=member)
        Attendance.objects.create(meeting=session, member=member, mark="absent")
    [evaluation] = evaluate(YEAR, [cell], AS_OF)
    study = next(c for c in evaluation.criteria if c.entry.key == "resolution_study")
    assert [e.ref for e in study.result.evidence] == ["M1", "M2", "M3"]


def test_the_facts_count_every_mark_a_meeting_can_record() -> None:
    """MeetingFact has one number per mark of meetings.models.Mark: a new mark cannot go uncounted."""
    assert set(MARKS) == set(Mark.values)
    with pytest.raises(ValueError):
        MeetingFact(
            id=1,
            key="K",
            held_on=datetime.date(YEAR, 3, 5),
            kind="regular",
            marks={1: "late"},
        )
    meeting = MeetingFact(
        id=1, key="K", held_on=datetime.date(YEAR, 3, 5), kind="regular", absent=2
    )
    assert meeting.count("absent") == 2 and meeting.tally == {"absent": 2}
    with pytest.raises(ValueError):
        meeting.count("late")


@pytest.mark.django_db
def test_cells_by_id_selects_the_cells_given() -> None:
    wanted = [factories.CellFactory(), factories.CellFactory()]
    factories.CellFactory()  # not asked for
    queryset = cells_by_id([cell.pk for cell in wanted])
    assert set(queryset) == set(wanted)
    assert list(cells_by_id([])) == []
    sql = str(queryset.query)
    if connection.vendor == "postgresql":  # one array parameter, however many ids
        assert "= ANY(" in sql
    else:
        assert " IN (" in sql
