"""The data model of cells, members, households and roles: database constraints first, then clean()."""

import datetime
from decimal import Decimal

import pytest

from cells.models import (
    Cell,
    CellKind,
    CellMembership,
    Gender,
    Household,
    Member,
    Office,
    OfficePosition,
    Poverty,
    Rating,
    ResidenceFeedback,
    RoleKind,
    StatusKind,
    StatusPeriod,
)
from tests.factories import (
    CellFactory,
    CellYearFactory,
    GroupFactory,
    HouseholdFactory,
    HouseholdYearFactory,
    MemberFactory,
    MembershipFactory,
    MemberYearFactory,
    OfficeFactory,
    RoleFactory,
    StatusPeriodFactory,
    WardFactory,
)
from tests.wards.support import errors_of, refused

pytestmark = pytest.mark.django_db

D = datetime.date
START = D(2025, 6, 1)


# --- Natural keys and codes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "label, factory",
    [
        ("cells.Cell.code", CellFactory),
        ("cells.Household.code", HouseholdFactory),
        ("cells.Member.code", MemberFactory),
    ],
)
def test_codes_are_unique(label, factory) -> None:
    factory(code="X01")
    with refused(label):
        factory(code="X01")


@pytest.mark.parametrize(
    "label, factory",
    [
        ("cell_code_not_blank", CellFactory),
        ("household_code_not_blank", HouseholdFactory),
        ("member_code_not_blank", MemberFactory),
    ],
)
def test_codes_may_not_be_blank(label, factory) -> None:
    with refused(label):
        factory(code="")


def test_membership_key_is_member_cell_and_start() -> None:
    first = MembershipFactory(start=START)
    MembershipFactory(member=first.member, cell=first.cell, start=D(2026, 1, 1))
    with refused("membership_natural_key"):
        CellMembership.objects.create(member=first.member, cell=first.cell, start=START)


def test_status_period_key_is_member_kind_and_start() -> None:
    first = StatusPeriodFactory(kind=StatusKind.EXEMPT, start=START)
    StatusPeriodFactory(member=first.member, kind=StatusKind.WORKING_AWAY, start=START)
    with refused("status_period_natural_key"):
        StatusPeriodFactory(member=first.member, kind=StatusKind.EXEMPT, start=START)


def test_cell_office_key_is_member_cell_position_and_start() -> None:
    first = OfficeFactory(position=OfficePosition.SECRETARY, start=START)
    OfficeFactory(
        member=first.member,
        cell=first.cell,
        position=OfficePosition.COMMITTEE,
        start=START,
    )
    with refused("office_cell_natural_key"):
        OfficeFactory(
            member=first.member,
            cell=first.cell,
            position=OfficePosition.SECRETARY,
            start=START,
        )


def test_ward_office_key_is_member_ward_position_and_start() -> None:
    ward = WardFactory()
    first = OfficeFactory(cell=None, ward=ward, start=START)
    OfficeFactory(
        member=first.member,
        cell=None,
        ward=ward,
        position=OfficePosition.DEPUTY,
        start=START,
    )
    with refused("office_ward_natural_key"):
        OfficeFactory(member=first.member, cell=None, ward=ward, start=START)


@pytest.mark.parametrize(
    "label, factory, owner",
    [
        ("household_year_key", HouseholdYearFactory, "household"),
        ("member_year_key", MemberYearFactory, "member"),
        ("cell_year_key", CellYearFactory, "cell"),
    ],
)
def test_one_record_per_year(label, factory, owner) -> None:
    first = factory(year=2025)
    factory(**{owner: getattr(first, owner), "year": 2024})
    with refused(label):
        factory(**{owner: getattr(first, owner), "year": 2025})


@pytest.mark.parametrize(
    "label, field",
    [
        ("member_card_number_unique", "card_number"),
        ("member_citizen_id_unique", "citizen_id"),
    ],
)
def test_optional_numbers_are_unique_when_given(label, field) -> None:
    MemberFactory(**{field: "001090001234"})
    with refused(label):
        MemberFactory(**{field: "001090001234"})


@pytest.mark.parametrize("field", ["card_number", "citizen_id"])
def test_many_members_may_leave_an_optional_number_empty(field) -> None:
    MemberFactory.create_batch(3, **{field: ""})
    assert Member.objects.filter(**{field: ""}).count() == 3


# --- Date order ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "end, ok",
    [
        (None, True),
        (START, True),
        (START + datetime.timedelta(1), True),
        (START - datetime.timedelta(1), False),
    ],
)
@pytest.mark.parametrize(
    "label, factory",
    [
        ("membership_end_after_start", MembershipFactory),
        ("status_period_end_after_start", StatusPeriodFactory),
        ("office_end_after_start", OfficeFactory),
    ],
)
def test_period_ends_on_or_after_its_start(label, factory, end, ok) -> None:
    if ok:
        factory(start=START, end=end)
    else:
        with refused(label):
            factory(start=START, end=end)


def test_period_end_moved_before_start_by_update_is_refused() -> None:
    membership = MembershipFactory(start=START, end=None)
    with refused("membership_end_after_start"):
        CellMembership.objects.filter(pk=membership.pk).update(end=D(2025, 5, 31))


@pytest.mark.parametrize(
    "official_on, ok",
    [
        (None, True),
        (D(1990, 3, 3), True),
        (D(1991, 3, 3), True),
        (D(1990, 3, 2), False),
    ],
)
def test_member_becomes_official_on_or_after_admission(official_on, ok) -> None:
    values = {"joined_on": D(1990, 3, 3), "official_on": official_on}
    if ok:
        MemberFactory(**values)
    else:
        with refused("member_official_after_joined"):
            MemberFactory(**values)


@pytest.mark.parametrize(
    "birth_date, ok", [(None, True), (D(1990, 3, 2), True), (D(1990, 3, 3), False)]
)
def test_member_is_born_before_admission(birth_date, ok) -> None:
    values = {"joined_on": D(1990, 3, 3), "birth_date": birth_date}
    if ok:
        MemberFactory(**values)
    else:
        with refused("member_born_before_joined"):
            MemberFactory(**values)


@pytest.mark.parametrize(
    "founded_on, dissolved_on, ok",
    [
        (D(2000, 1, 1), None, True),
        (None, D(2000, 1, 1), True),
        (D(2000, 1, 1), D(2000, 1, 1), True),
        (D(2000, 1, 1), D(1999, 12, 31), False),
    ],
)
def test_cell_is_dissolved_on_or_after_its_founding(
    founded_on, dissolved_on, ok
) -> None:
    values = {"founded_on": founded_on, "dissolved_on": dissolved_on}
    if ok:
        CellFactory(**values)
    else:
        with refused("cell_dissolved_after_founded"):
            CellFactory(**values)


# --- Ranges --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "year, ok", [(1929, False), (1930, True), (2025, True), (2100, True), (2101, False)]
)
@pytest.mark.parametrize(
    "label, factory",
    [
        ("household_year_range", HouseholdYearFactory),
        ("member_year_range", MemberYearFactory),
        ("cell_year_range", CellYearFactory),
    ],
)
def test_years_lie_between_1930_and_2100(label, factory, year, ok) -> None:
    if ok:
        factory(year=year)
    else:
        with refused(label):
            factory(year=year)


@pytest.mark.parametrize(
    "percent, ok",
    [
        (None, True),
        (Decimal("-0.1"), False),
        (Decimal("0"), True),
        (Decimal("100"), True),
        (Decimal("100.1"), False),
    ],
)
def test_satisfaction_is_a_percentage(percent, ok) -> None:
    if ok:
        CellYearFactory(satisfaction_percent=percent)
    else:
        with refused("cell_year_satisfaction_range"):
            CellYearFactory(satisfaction_percent=percent)


@pytest.mark.parametrize(
    "met, total, ok",
    [
        (None, None, True),
        (5, None, True),
        (None, 5, True),
        (0, 0, True),
        (5, 5, True),
        (6, 5, False),
    ],
)
def test_no_more_targets_met_than_targets(met, total, ok) -> None:
    values = {"targets_met": met, "targets_total": total}
    if ok:
        CellYearFactory(**values)
    else:
        with refused("cell_year_targets_met_le_total"):
            CellYearFactory(**values)


# --- Choice values -------------------------------------------------------------------------------

CHOICES = [
    ("cell_kind_valid", CellFactory, "kind", CellKind.values, "party"),
    ("member_gender_valid", MemberFactory, "gender", ["", *Gender.values], "other"),
    (
        "status_period_kind_valid",
        StatusPeriodFactory,
        "kind",
        StatusKind.values,
        "sick",
    ),
    (
        "office_position_valid",
        OfficeFactory,
        "position",
        OfficePosition.values,
        "chair",
    ),
    (
        "household_year_poverty_valid",
        HouseholdYearFactory,
        "poverty",
        Poverty.values,
        "rich",
    ),
    ("member_year_rating_valid", MemberYearFactory, "rating", Rating.values, "great"),
    (
        "member_year_feedback_valid",
        MemberYearFactory,
        "residence_feedback",
        ["", *ResidenceFeedback.values],
        "bad",
    ),
    (
        "cell_year_rating_valid",
        CellYearFactory,
        "rating",
        ["", *Rating.values],
        "great",
    ),
    ("role_kind_valid", RoleFactory, "kind", [RoleKind.VIEWER], "admin"),
]


@pytest.mark.parametrize("label, factory, field, known, unknown", CHOICES)
def test_unknown_choice_value_is_refused(label, factory, field, known, unknown) -> None:
    with refused(label):
        factory(**{field: unknown})


@pytest.mark.parametrize("label, factory, field, known, unknown", CHOICES)
def test_every_known_choice_value_is_stored(
    label, factory, field, known, unknown
) -> None:
    for value in known:
        assert getattr(factory(**{field: value}), field) == value


def test_empty_kind_is_refused_where_a_kind_is_required() -> None:
    with refused("cell_kind_valid"):
        CellFactory(kind="")


# --- Shapes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit, ok", [("cell", True), ("ward", True), ("both", False), ("none", False)]
)
def test_office_belongs_to_exactly_one_unit(unit, ok) -> None:
    cell = CellFactory()
    values = {
        "cell": cell if unit in ("cell", "both") else None,
        "ward": cell.ward if unit in ("ward", "both") else None,
    }
    if ok:
        OfficeFactory(**values)
    else:
        with refused("office_one_unit"):
            OfficeFactory(**values)


@pytest.mark.parametrize(
    "in_ward, address, ok",
    [
        (True, "", True),
        (True, "Số 5 ngõ 12", True),
        (False, "Số 5 ngõ 12", True),
        (False, "", False),
    ],
)
def test_household_outside_the_ward_needs_an_address(in_ward, address, ok) -> None:
    group = GroupFactory() if in_ward else None
    if ok:
        HouseholdFactory(group=group, address=address)
    else:
        with refused("household_outside_has_address"):
            HouseholdFactory(group=group, address=address)


@pytest.mark.parametrize(
    "approved, approved_on, approved_by, ok",
    [
        (False, None, "", True),
        (True, D(2024, 12, 20), "Đảng ủy phường", True),
        (True, None, "Đảng ủy phường", False),
        (True, D(2024, 12, 20), "", False),
    ],
)
def test_approved_exemption_has_its_date_and_body(
    approved, approved_on, approved_by, ok
) -> None:
    values = {
        "approved": approved,
        "approved_on": approved_on,
        "approved_by": approved_by,
    }
    if ok:
        StatusPeriodFactory(**values)
    else:
        with refused("status_period_approval_complete"):
            StatusPeriodFactory(**values)


def _role_scope(scope: str) -> dict:
    cell = CellFactory()
    return {
        "ward": cell.ward if scope in ("ward", "both") else None,
        "cell": cell if scope in ("cell", "both") else None,
    }


@pytest.mark.parametrize(
    "kind, scope",
    [
        (RoleKind.WARD_OFFICIAL, "ward"),
        (RoleKind.CELL_SECRETARY, "cell"),
        (RoleKind.VIEWER, "none"),
        (RoleKind.VIEWER, "ward"),
        (RoleKind.VIEWER, "cell"),
    ],
)
def test_role_of_a_valid_shape_is_stored(kind, scope) -> None:
    role = RoleFactory(kind=kind, **_role_scope(scope))
    assert errors_of(role) == {}


@pytest.mark.parametrize(
    "label, kind, scope",
    [
        ("role_ward_official_has_ward", RoleKind.WARD_OFFICIAL, "none"),
        ("role_ward_official_has_ward", RoleKind.WARD_OFFICIAL, "cell"),
        ("role_secretary_has_cell", RoleKind.CELL_SECRETARY, "none"),
        ("role_secretary_has_cell", RoleKind.CELL_SECRETARY, "ward"),
        ("role_ward_or_cell", RoleKind.VIEWER, "both"),
    ],
)
def test_role_of_a_wrong_shape_is_refused(label, kind, scope) -> None:
    values = _role_scope(scope)
    with refused(label):
        RoleFactory(kind=kind, **values)


@pytest.mark.parametrize(
    "kind, scope, field",
    [
        (RoleKind.WARD_OFFICIAL, "none", "ward"),
        (RoleKind.WARD_OFFICIAL, "cell", "ward"),
        (RoleKind.CELL_SECRETARY, "ward", "cell"),
        (RoleKind.VIEWER, "both", "cell"),
    ],
)
def test_role_of_a_wrong_shape_is_refused_by_clean_on_its_field(
    kind, scope, field
) -> None:
    role = RoleFactory.build(kind=kind, user=RoleFactory().user, **_role_scope(scope))
    assert field in errors_of(role)


# --- clean(): rules across fields and rows --------------------------------------------------------


@pytest.mark.parametrize(
    "first, second, ok",
    [
        # Touching periods: one ends 31/05, the next starts 01/06.
        ((D(2020, 1, 1), D(2025, 5, 31)), (D(2025, 6, 1), None), True),
        # Sharing one day.
        ((D(2020, 1, 1), D(2025, 5, 31)), (D(2025, 5, 31), None), False),
        ((D(2020, 1, 1), None), (D(2025, 6, 1), None), False),
        # An open-ended period overlapping a later one.
        ((D(2025, 6, 1), D(2025, 12, 31)), (D(2020, 1, 1), None), False),
        ((D(2025, 6, 1), D(2025, 12, 31)), (D(2020, 1, 1), D(2025, 5, 31)), True),
        ((D(2025, 6, 1), D(2025, 6, 1)), (D(2025, 6, 1), D(2025, 6, 1)), False),
    ],
)
def test_member_belongs_to_one_cell_at_a_time(first, second, ok) -> None:
    earlier = MembershipFactory(start=first[0], end=first[1])
    later = CellMembership(
        member=earlier.member, cell=CellFactory(), start=second[0], end=second[1]
    )
    errors = errors_of(later)
    assert ("start" in errors) is not ok, errors


def test_membership_does_not_clash_with_itself_or_other_members() -> None:
    mine = MembershipFactory(start=D(2020, 1, 1))
    MembershipFactory(cell=mine.cell, start=D(2020, 1, 1))
    mine.end = D(2025, 12, 31)
    assert errors_of(mine) == {}


@pytest.mark.parametrize(
    "model_factory, field",
    [(MembershipFactory, "end"), (StatusPeriodFactory, "end"), (OfficeFactory, "end")],
)
def test_period_ending_before_it_starts_is_refused_on_end(model_factory, field) -> None:
    period = model_factory(start=START)
    period.end = START - datetime.timedelta(1)
    assert field in errors_of(period)


@pytest.mark.parametrize(
    "second_kind, second_start, ok",
    [
        (StatusKind.EXEMPT, D(2025, 12, 31), False),
        (StatusKind.EXEMPT, D(2026, 1, 1), True),
        (StatusKind.WORKING_AWAY, D(2025, 6, 1), True),
    ],
)
def test_status_periods_of_one_kind_do_not_overlap(
    second_kind, second_start, ok
) -> None:
    first = StatusPeriodFactory(
        kind=StatusKind.EXEMPT, start=D(2025, 1, 1), end=D(2025, 12, 31)
    )
    second = StatusPeriod(
        member=first.member,
        kind=second_kind,
        start=second_start,
        end=None,
        approved=True,
        approved_on=D(2025, 1, 1),
        approved_by="Đảng ủy phường",
    )
    errors = errors_of(second)
    assert ("start" in errors) is not ok, errors


@pytest.mark.parametrize(
    "approved_on, approved_by, field",
    [(None, "Đảng ủy phường", "approved_on"), (D(2025, 1, 1), "", "approved_by")],
)
def test_approved_exemption_without_date_or_body_is_refused_on_that_field(
    approved_on, approved_by, field
) -> None:
    period = StatusPeriodFactory.build(
        member=MemberFactory(),
        approved=True,
        approved_on=approved_on,
        approved_by=approved_by,
    )
    assert field in errors_of(period)


@pytest.mark.parametrize(
    "position, start, unit, ok",
    [
        (OfficePosition.SECRETARY, D(2024, 1, 1), "same", False),
        (OfficePosition.SECRETARY, D(2025, 12, 31), "same", False),
        (OfficePosition.SECRETARY, D(2026, 1, 1), "same", True),
        (OfficePosition.DEPUTY, D(2024, 1, 1), "same", True),
        (OfficePosition.COMMITTEE, D(2024, 1, 1), "same", True),
        (OfficePosition.SECRETARY, D(2024, 1, 1), "other", True),
    ],
)
def test_one_secretary_per_cell_at_a_time(position, start, unit, ok) -> None:
    first = OfficeFactory(start=D(2020, 1, 1), end=D(2025, 12, 31))
    cell = first.cell if unit == "same" else CellFactory(ward=first.cell.ward)
    second = Office(member=MemberFactory(), cell=cell, position=position, start=start)
    errors = errors_of(second)
    assert ("start" in errors) is not ok, errors


def test_one_secretary_of_the_ward_at_a_time() -> None:
    ward = WardFactory()
    OfficeFactory(cell=None, ward=ward, start=D(2020, 1, 1))
    second = Office(
        member=MemberFactory(),
        ward=ward,
        position=OfficePosition.SECRETARY,
        start=D(2025, 1, 1),
    )
    assert "start" in errors_of(second)


@pytest.mark.parametrize("unit", ["both", "none"])
def test_office_of_no_unit_or_two_units_is_refused_on_cell(unit) -> None:
    cell = CellFactory()
    office = Office(
        member=MemberFactory(),
        cell=cell if unit == "both" else None,
        ward=cell.ward if unit == "both" else None,
        position=OfficePosition.COMMITTEE,
        start=START,
    )
    assert "cell" in errors_of(office)


@pytest.mark.parametrize(
    "card_number, official_on, ok",
    [
        ("", None, True),
        ("", D(1991, 3, 3), True),
        ("012345", D(1991, 3, 3), True),
        ("012345", None, False),
    ],
)
def test_only_an_official_member_has_a_party_card(card_number, official_on, ok) -> None:
    member = MemberFactory.build(card_number=card_number, official_on=official_on)
    errors = errors_of(member)
    assert ("card_number" in errors) is not ok, errors


@pytest.mark.parametrize(
    "values, field",
    [
        ({"joined_on": D(1990, 3, 3), "official_on": D(1990, 3, 2)}, "official_on"),
        ({"joined_on": D(1990, 3, 3), "birth_date": D(1990, 3, 3)}, "birth_date"),
    ],
)
def test_member_dates_out_of_order_are_refused_on_their_field(values, field) -> None:
    assert field in errors_of(MemberFactory.build(**values))


def test_cell_dissolved_before_founding_is_refused_on_dissolved_on() -> None:
    cell = CellFactory.build(
        ward=WardFactory(), founded_on=D(2000, 1, 1), dissolved_on=D(1999, 12, 31)
    )
    assert "dissolved_on" in errors_of(cell)


@pytest.mark.parametrize(
    "day, existed",
    [
        (D(1999, 12, 31), False),
        (D(2000, 1, 1), True),
        (D(2024, 12, 31), True),
        (D(2025, 1, 1), False),
    ],
)
def test_cell_existed_from_founding_to_dissolution_inclusive(day, existed) -> None:
    cell = Cell(founded_on=D(2000, 1, 1), dissolved_on=D(2024, 12, 31))
    assert cell.existed_on(day) is existed


def test_household_outside_the_ward_without_address_is_refused_on_address() -> None:
    household = Household(code="HGD-NGOAI", head_name="Lê Văn Ngoài", group=None)
    assert "address" in errors_of(household)


def test_more_targets_met_than_targets_is_refused_on_targets_met() -> None:
    cell_year = CellYearFactory.build(
        cell=CellFactory(), targets_total=5, targets_met=6
    )
    assert "targets_met" in errors_of(cell_year)


@pytest.mark.parametrize(
    "day, covered",
    [
        (D(2025, 5, 31), False),
        (D(2025, 6, 1), True),
        (D(2025, 12, 31), True),
        (D(2026, 1, 1), False),
    ],
)
def test_periods_cover_their_first_and_last_day(day, covered) -> None:
    membership = CellMembership(start=D(2025, 6, 1), end=D(2025, 12, 31))
    period = StatusPeriod(start=D(2025, 6, 1), end=D(2025, 12, 31))
    assert membership.covers(day) is covered
    assert period.covers(day) is covered


@pytest.mark.parametrize(
    "day, official", [(D(1991, 3, 2), False), (D(1991, 3, 3), True)]
)
def test_member_is_official_from_the_official_date(day, official) -> None:
    member = Member(joined_on=D(1990, 3, 3), official_on=D(1991, 3, 3))
    assert member.is_official_on(day) is official
    assert Member(joined_on=D(1990, 3, 3)).is_official_on(day) is False


@pytest.mark.parametrize("year", [1929, 2101])
@pytest.mark.parametrize(
    "factory", [HouseholdYearFactory, MemberYearFactory, CellYearFactory]
)
def test_year_out_of_range_is_refused_on_year_by_full_clean(factory, year) -> None:
    record = factory()
    record.year = year
    errors = errors_of(record)
    assert list(errors) == ["year"], errors


@pytest.mark.parametrize("percent", [Decimal("-0.1"), Decimal("100.1")])
def test_satisfaction_out_of_range_is_refused_on_its_field(percent) -> None:
    cell_year = CellYearFactory()
    cell_year.satisfaction_percent = percent
    errors = errors_of(cell_year)
    assert list(errors) == ["satisfaction_percent"], errors


@pytest.mark.parametrize("field", ["card_number", "citizen_id"])
def test_number_of_another_member_is_refused_on_its_field(field) -> None:
    MemberFactory(**{field: "001090001234"})
    member = MemberFactory.build(**{field: "001090001234"})
    errors = errors_of(member)
    assert list(errors) == [field], errors


@pytest.mark.parametrize("field", ["card_number", "citizen_id"])
def test_member_keeps_its_own_number_when_validated_again(field) -> None:
    member = MemberFactory(**{field: "001090001234"})
    MemberFactory(**{field: ""})
    assert errors_of(member) == {}
