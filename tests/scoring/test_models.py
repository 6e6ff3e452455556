"""Rubrics, score sheets and item scores: the default rubric, database constraints, clean()."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS

from meetings.models import MeetingKind
from scoring.models import (
    ClassBand,
    ComputedFrom,
    ItemScore,
    Rubric,
    RubricItem,
    RubricSection,
    Scorer,
    ScoreSheet,
)
from tests.factories import ItemScoreFactory, MeetingFactory, ScoreSheetFactory
from tests.wards.support import errors_of, new_item, new_rubric, new_section, refused

pytestmark = pytest.mark.django_db

DEFAULT = "HD12-2018"


def default_rubric() -> Rubric:
    return Rubric.objects.get(code=DEFAULT)


def default_item(code: str) -> RubricItem:
    return default_rubric().items.get(code=code)


# --- The default rubric (DOMAIN.md "Default rubric") ---------------------------------------------

MAXIMA = {
    "I.1": 10,
    "II.1": 4,
    "II.2": 4,
    "II.3": 4,
    "II.4": 3,
    "III.1": 6,
    "III.2": 4,
    "III.3": 10,
    "III.4": 4,
    "III.5": 6,
    "IV.1": 10,
    "V.1": 10,
    "VI.1": 20,
    "VII.1": 2,
    "VII.2": 2,
    "VII.3": 1,
}


def test_default_rubric_is_loaded_by_the_migrations() -> None:
    rubric = default_rubric()
    assert rubric.valid_from == datetime.date(2018, 7, 6)
    assert rubric.total_points == 100


def test_default_rubric_has_seven_sections_in_order() -> None:
    sections = list(default_rubric().sections.order_by("order"))
    assert [s.number for s in sections] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert {s.number: s.items.count() for s in sections} == {
        "I": 1,
        "II": 4,
        "III": 5,
        "IV": 1,
        "V": 1,
        "VI": 1,
        "VII": 3,
    }


def test_default_rubric_items_and_maxima() -> None:
    items = default_rubric().items.order_by("order")
    assert [i.code for i in items] == list(MAXIMA)
    assert {i.code: i.max_points for i in items} == MAXIMA
    assert sum(i.max_points for i in items) == 100
    assert {i.step for i in items} == {Decimal("0.5")}
    assert all(i.section.rubric_id == i.rubric_id for i in items)
    assert all(i.code.startswith(f"{i.section.number}.") for i in items)


def test_default_rubric_items_that_need_full_marks_for_class_1() -> None:
    items = default_rubric().items.filter(full_marks_for_class1=True)
    assert set(items.values_list("code", flat=True)) == {
        "I.1",
        "III.2",
        "III.5",
        "VII.2",
    }


def test_default_rubric_computed_items() -> None:
    computed = default_rubric().items.exclude(computed_from="")
    assert dict(computed.values_list("code", "computed_from")) == {
        "I.1": ComputedFrom.ATTENDANCE,
        "III.2": ComputedFrom.DURATION,
        "III.5": ComputedFrom.SPEAKERS,
        "VI.1": ComputedFrom.TARGETS,
    }


def test_default_rubric_class_bands() -> None:
    bands = default_rubric().bands.order_by("meeting_class")
    assert [(b.meeting_class, b.min_points) for b in bands] == [
        (1, 90),
        (2, 70),
        (3, 50),
        (4, 0),
    ]


def test_default_rubric_passes_its_own_validation() -> None:
    rubric = default_rubric()
    for obj in [
        rubric,
        *rubric.sections.all(),
        *rubric.items.all(),
        *rubric.bands.all(),
    ]:
        assert errors_of(obj) == {}, obj


# --- Database constraints ------------------------------------------------------------------------


def test_rubric_code_is_unique() -> None:
    with refused("scoring.Rubric.code"):
        new_rubric(code=DEFAULT)


def test_one_rubric_comes_into_force_per_day() -> None:
    with refused("scoring.Rubric.valid_from"):
        new_rubric(valid_from=datetime.date(2018, 7, 6))


@pytest.mark.parametrize(
    "total, ok", [(Decimal("0"), False), (Decimal("-1"), False), (Decimal("0.5"), True)]
)
def test_rubric_total_is_positive(total, ok) -> None:
    if ok:
        new_rubric(total_points=total)
    else:
        with refused("rubric_total_positive"):
            new_rubric(total_points=total)


def test_section_number_is_unique_within_its_rubric() -> None:
    section = new_section(number="I")
    new_section(rubric=section.rubric, number="II")
    new_section(number="I")  # another rubric
    with refused("rubric_section_key"):
        RubricSection.objects.create(rubric=section.rubric, number="I", title="Lặp")


def test_item_code_is_unique_within_its_rubric() -> None:
    item = new_item(code="I.1")
    new_item(section=item.section, code="I.2")
    with refused("rubric_item_key"):
        new_item(section=item.section, code="I.1")


@pytest.mark.parametrize(
    "label, field, value, ok",
    [
        ("rubric_item_max_positive", "max_points", Decimal("0"), False),
        ("rubric_item_max_positive", "max_points", Decimal("-1"), False),
        ("rubric_item_max_positive", "max_points", Decimal("0.5"), True),
        ("rubric_item_step_positive", "step", Decimal("0"), False),
        ("rubric_item_step_positive", "step", Decimal("-0.5"), False),
        ("rubric_item_step_positive", "step", Decimal("0.01"), True),
    ],
)
def test_item_maximum_and_step_are_positive(label, field, value, ok) -> None:
    if ok:
        new_item(**{field: value})
    else:
        with refused(label):
            new_item(**{field: value})


def test_computed_from_is_empty_or_a_known_source() -> None:
    section = new_section()
    for n, value in enumerate(["", *ComputedFrom.values]):
        new_item(section=section, code=f"I.{n}", computed_from=value)
    with refused("rubric_item_computed_from_valid"):
        new_item(section=section, code="I.9", computed_from="weather")


def test_one_band_per_class_in_a_rubric() -> None:
    rubric = new_rubric()
    ClassBand.objects.create(rubric=rubric, meeting_class=1, min_points=90)
    with refused("class_band_key"):
        ClassBand.objects.create(rubric=rubric, meeting_class=1, min_points=95)


@pytest.mark.parametrize(
    "meeting_class, ok", [(0, False), (1, True), (4, True), (5, False)]
)
def test_classes_are_1_to_4(meeting_class, ok) -> None:
    rubric = new_rubric()
    if ok:
        ClassBand.objects.create(
            rubric=rubric, meeting_class=meeting_class, min_points=0
        )
    else:
        with refused("class_band_class_range"):
            ClassBand.objects.create(
                rubric=rubric, meeting_class=meeting_class, min_points=0
            )


@pytest.mark.parametrize(
    "min_points, ok", [(Decimal("-0.01"), False), (Decimal("0"), True)]
)
def test_band_points_are_not_negative(min_points, ok) -> None:
    rubric = new_rubric()
    if ok:
        ClassBand.objects.create(rubric=rubric, meeting_class=4, min_points=min_points)
    else:
        with refused("class_band_points_positive"):
            ClassBand.objects.create(
                rubric=rubric, meeting_class=4, min_points=min_points
            )


def test_one_sheet_per_scorer_and_meeting() -> None:
    sheet = ScoreSheetFactory(scorer=Scorer.SELF)
    ScoreSheetFactory(meeting=sheet.meeting, scorer=Scorer.UPPER)
    with refused("score_sheet_key"):
        ScoreSheetFactory(meeting=sheet.meeting, scorer=Scorer.SELF)


def test_scorer_is_self_or_upper() -> None:
    with refused("score_sheet_scorer_valid"):
        ScoreSheetFactory(scorer="province")


@pytest.mark.parametrize(
    "total, ok",
    [
        (None, True),
        (Decimal("-0.01"), False),
        (Decimal("0"), True),
        (Decimal("100"), True),
        (Decimal("100.01"), False),
    ],
)
def test_sheet_total_lies_between_0_and_100(total, ok) -> None:
    if ok:
        ScoreSheetFactory(total_only=False, total=total)
    else:
        with refused("score_sheet_total_range"):
            ScoreSheetFactory(total_only=False, total=total)


def test_total_only_sheet_has_a_total_in_the_database() -> None:
    sheet = ScoreSheetFactory(total_only=True, total=Decimal("95"))
    with refused("score_sheet_total_only_has_total"):
        ScoreSheet.objects.filter(pk=sheet.pk).update(total=None)


def test_one_score_per_item_on_a_sheet() -> None:
    score = ItemScoreFactory()
    ItemScoreFactory(sheet=score.sheet, item=default_item("II.1"), points=4)
    with refused("item_score_key"):
        ItemScore.objects.create(sheet=score.sheet, item=score.item, points=5)


@pytest.mark.parametrize(
    "points, ok",
    [(Decimal("-0.5"), False), (Decimal("-0.01"), False), (Decimal("0"), True)],
)
def test_item_points_are_not_negative(points, ok) -> None:
    if ok:
        ItemScoreFactory(points=points)
    else:
        with refused("item_score_points_positive"):
            ItemScoreFactory(points=points)


# --- clean() -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "points, ok",
    [
        (Decimal("0"), True),
        (Decimal("0.5"), True),
        (Decimal("5.5"), True),
        (Decimal("6"), True),  # III.5's maximum
        (Decimal("6.5"), False),
        (Decimal("5.25"), False),  # off the 0.5 step
        (Decimal("0.1"), False),
    ],
)
def test_item_points_go_from_0_to_the_maximum_in_steps(points, ok) -> None:
    sheet = ScoreSheetFactory(total_only=False, total=None, rubric=default_rubric())
    score = ItemScore(sheet=sheet, item=default_item("III.5"), points=points)
    errors = errors_of(score)
    assert ("points" in errors) is not ok, errors


def test_item_from_another_rubric_is_refused_on_item() -> None:
    sheet = ScoreSheetFactory(total_only=False, total=None, rubric=default_rubric())
    foreign = new_item(code="III.5", max_points=Decimal("6"))
    assert "item" in errors_of(ItemScore(sheet=sheet, item=foreign, points=6))


def test_total_only_sheet_without_total_is_refused_on_total() -> None:
    sheet = ScoreSheet(
        meeting=MeetingFactory(),
        scorer=Scorer.UPPER,
        rubric=default_rubric(),
        total_only=True,
    )
    assert "total" in errors_of(sheet)


@pytest.mark.parametrize(
    "total, ok", [(Decimal("100"), True), (Decimal("100.5"), False)]
)
def test_sheet_total_is_at_most_the_rubric_total(total, ok) -> None:
    sheet = ScoreSheet(
        meeting=MeetingFactory(),
        scorer=Scorer.SELF,
        rubric=default_rubric(),
        total_only=True,
        total=total,
    )
    errors = errors_of(sheet)
    assert ("total" in errors) is not ok, errors


@pytest.mark.parametrize(
    "kind, ok",
    [
        (MeetingKind.REGULAR, True),
        (MeetingKind.THEMATIC, True),
        (MeetingKind.COMBINED, True),
        (MeetingKind.STUDY, False),
    ],
)
def test_study_sessions_are_not_scored(kind, ok) -> None:
    sheet = ScoreSheet(
        meeting=MeetingFactory(kind=kind),
        scorer=Scorer.SELF,
        rubric=default_rubric(),
        total_only=True,
        total=Decimal("95"),
    )
    errors = errors_of(sheet)
    assert (NON_FIELD_ERRORS in errors) is not ok, errors


def test_item_in_a_section_of_another_rubric_is_refused_on_section() -> None:
    section = new_section()
    item = RubricItem(
        rubric=default_rubric(),
        section=section,
        code="VIII.1",
        title="Mục lạc",
        max_points=Decimal("2"),
    )
    assert "section" in errors_of(item)


@pytest.mark.parametrize(
    "max_points, step, ok",
    [
        (Decimal("10"), Decimal("0.5"), True),
        (Decimal("2.5"), Decimal("0.5"), True),
        (Decimal("10"), Decimal("3"), False),
        (Decimal("2.25"), Decimal("0.5"), False),
    ],
)
def test_item_maximum_is_a_whole_number_of_steps(max_points, step, ok) -> None:
    section = new_section()
    item = RubricItem(
        rubric=section.rubric,
        section=section,
        code="I.1",
        title="Chuẩn bị",
        max_points=max_points,
        step=step,
    )
    errors = errors_of(item)
    assert ("step" in errors) is not ok, errors


@pytest.mark.parametrize(
    "build, field, value",
    [
        (lambda: ScoreSheetFactory(total_only=True), "total", Decimal("-0.5")),
        (lambda: ScoreSheetFactory(total_only=True), "total", Decimal("100.5")),
        (ItemScoreFactory, "points", Decimal("-0.5")),
        (lambda: new_rubric(), "total_points", Decimal("0")),
        (lambda: new_item(), "max_points", Decimal("0")),
        (lambda: new_item(), "step", Decimal("0")),
        (
            lambda: ClassBand.objects.create(
                rubric=new_rubric(), meeting_class=4, min_points=0
            ),
            "meeting_class",
            5,
        ),
        (
            lambda: ClassBand.objects.create(
                rubric=new_rubric(), meeting_class=1, min_points=0
            ),
            "meeting_class",
            0,
        ),
        (
            lambda: ClassBand.objects.create(
                rubric=new_rubric(), meeting_class=4, min_points=0
            ),
            "min_points",
            Decimal("-0.5"),
        ),
    ],
)
def test_value_out_of_range_is_refused_on_its_field(build, field, value) -> None:
    record = build()
    setattr(record, field, value)
    errors = errors_of(record)
    assert field in errors, errors
    assert NON_FIELD_ERRORS not in errors, errors
