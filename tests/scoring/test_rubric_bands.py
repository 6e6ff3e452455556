"""Rubrics as data: the bands of the computed (⚙) items, the checks that make a rubric whole, the rubric in
force on a date, and the admin refusing a rubric that does not add up."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.forms import BooleanField
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from scoring.classes import points_text
from scoring.models import ClassBand, ComputedFrom, Rubric, RubricItem, RubricItemBand
from scoring.rubrics import (
    RubricInvalid,
    class_band_problems,
    item_band_problems,
    item_total_problems,
    rubric_validate,
)
from scoring.selectors import NoRubricInForce, rubric_in_force
from scoring.services import ScoringError
from scoring.sheets import band_points
from scoring.sheets.proposals import Band, computed_items
from tests.wards.support import errors_of, new_item, new_rubric, new_section, refused

pytestmark = pytest.mark.django_db

DEFAULT = "HD12-2018"
D = Decimal


def default_rubric() -> Rubric:
    return Rubric.objects.get(code=DEFAULT)


def default_item(code: str) -> RubricItem:
    return default_rubric().items.get(code=code)


def default_bands(code: str) -> tuple[Band, ...]:
    items = default_rubric().items.prefetch_related("bands").filter(code=code)
    (item,) = computed_items(items)
    return item.bands


def band(**fields: Any) -> RubricItemBand:
    values = {
        "item": new_item(computed_from=ComputedFrom.DURATION, max_points=D(4)),
        "min_value": D(90),
        "points": D(4),
    }
    values.update(fields)
    return RubricItemBand.objects.create(**values)


# --- The default bands (DOMAIN.md "Default rubric") ----------------------------------------------

DEFAULT_BANDS = {
    "I.1": [(100, True, 10), (95, True, 8), (90, True, 6), (85, True, 4), (0, True, 0)],
    "III.2": [(90, True, 4), (75, True, 3), (60, True, 2), (0, True, 0)],
    "III.5": [(50, False, 6), (40, True, 4), (30, True, 3), (0, True, 2)],
    "VI.1": [
        (90, True, 20),
        (80, True, 18),
        (70, True, 16),
        (60, True, 13),
        (50, True, 10),
        (0, True, 6),
    ],
}


@pytest.mark.parametrize("code", list(DEFAULT_BANDS))
def test_default_computed_items_have_their_bands_highest_first(code) -> None:
    rows = default_item(code).bands.values_list("min_value", "inclusive", "points")
    assert list(rows) == [(D(v), i, D(p)) for v, i, p in DEFAULT_BANDS[code]]


def test_only_the_computed_items_of_the_default_rubric_have_bands() -> None:
    with_bands = RubricItemBand.objects.filter(item__rubric__code=DEFAULT)
    assert set(with_bands.values_list("item__code", flat=True)) == set(DEFAULT_BANDS)


def test_attendance_item_loses_2_points_for_an_excused_streak() -> None:
    penalties = dict(default_rubric().items.values_list("code", "streak_penalty"))
    assert penalties.pop("I.1") == 2
    assert set(penalties.values()) == {0}


def test_default_item_titles_are_unchanged() -> None:
    titles = dict(default_rubric().items.values_list("code", "title"))
    assert titles["III.2"] == "Thời gian sinh hoạt (từ 90 phút trở lên)"
    assert titles["III.5"] == "Tỉ lệ đảng viên có mặt phát biểu ý kiến"


def test_default_rubric_is_whole() -> None:
    rubric_validate(default_rubric())
    for item_band in RubricItemBand.objects.filter(item__rubric__code=DEFAULT):
        assert errors_of(item_band) == {}, item_band


def test_band_prints_its_item_and_threshold() -> None:
    assert str(default_item("III.5").bands.first()) == "III.5: > 50 → 6"
    assert str(default_item("I.1").bands.last()) == "I.1: ≥ 0 → 0"


# --- Band boundaries (half-open) -----------------------------------------------------------------


@pytest.mark.parametrize(
    "code, value, points",
    [
        ("I.1", "100", 10),
        ("I.1", "99.9", 8),
        ("I.1", "95", 8),
        ("I.1", "94.99", 6),
        ("I.1", "90", 6),
        ("I.1", "89.9", 4),
        ("I.1", "85", 4),
        ("I.1", "84.9", 0),
        ("I.1", "0", 0),
        ("III.2", "120", 4),
        ("III.2", "90", 4),
        ("III.2", "89.9", 3),
        ("III.2", "75", 3),
        ("III.2", "74", 2),
        ("III.2", "60", 2),
        ("III.2", "59", 0),
        ("III.5", "100", 6),
        ("III.5", "50.1", 6),
        ("III.5", "50", 4),
        ("III.5", "40", 4),
        ("III.5", "39.9", 3),
        ("III.5", "30", 3),
        ("III.5", "29.9", 2),
        ("III.5", "0", 2),
        ("VI.1", "100", 20),
        ("VI.1", "90", 20),
        ("VI.1", "89.9", 18),
        ("VI.1", "80", 18),
        ("VI.1", "79.9", 16),
        ("VI.1", "70", 16),
        ("VI.1", "60", 13),
        ("VI.1", "59.9", 10),
        ("VI.1", "50", 10),
        ("VI.1", "49.9", 6),
        ("VI.1", "0", 6),
    ],
)
def test_each_band_boundary(code, value, points) -> None:
    assert band_points(default_bands(code), D(value)) == points


def test_a_value_below_every_band_gets_no_points() -> None:
    bands = (Band(D(50), True, D(4)), Band(D(20), True, D(2)))
    assert band_points(bands, D("19.99")) == 0
    assert band_points((), D(100)) == 0


# --- Database constraints and clean() ------------------------------------------------------------


def test_one_band_per_starting_value_of_an_item() -> None:
    first = band(min_value=D(50), inclusive=False, points=D(4))
    band(item=first.item, min_value=D(50), inclusive=True, points=D(3))
    with refused("rubric_item_band_key"):
        band(item=first.item, min_value=D(50), inclusive=False, points=D(2))


@pytest.mark.parametrize(
    "label, field, value, ok",
    [
        ("rubric_item_band_value_not_negative", "min_value", D("-0.01"), False),
        ("rubric_item_band_value_not_negative", "min_value", D("0"), True),
        ("rubric_item_band_points_not_negative", "points", D("-0.5"), False),
        ("rubric_item_band_points_not_negative", "points", D("0"), True),
    ],
)
def test_band_value_and_points_are_not_negative(label, field, value, ok) -> None:
    if ok:
        band(**{field: value})
    else:
        with refused(label):
            band(**{field: value})


@pytest.mark.parametrize("penalty, ok", [(D("-1"), False), (D("0"), True)])
def test_streak_penalty_is_not_negative(penalty, ok) -> None:
    if ok:
        new_item(streak_penalty=penalty)
    else:
        with refused("rubric_item_streak_penalty_not_negative"):
            new_item(streak_penalty=penalty)


@pytest.mark.parametrize(
    "computed_from, fields, field",
    [
        ("", {}, "item"),
        (ComputedFrom.ATTENDANCE, {"min_value": D("100.5")}, "min_value"),
        (ComputedFrom.DURATION, {"min_value": D("120"), "points": D(4)}, None),
        (ComputedFrom.DURATION, {"points": D("4.5")}, "points"),
        (ComputedFrom.DURATION, {"points": D("3.25")}, "points"),
    ],
)
def test_band_clean_refuses_on_its_field(computed_from, fields, field) -> None:
    item = new_item(computed_from=computed_from, max_points=D(4))
    item_band = RubricItemBand(
        item=item, **{"min_value": D(90), "points": D(4), **fields}
    )
    errors = errors_of(item_band)
    assert list(errors) == ([field] if field else [])


@pytest.mark.parametrize(
    "computed_from, penalty, ok",
    [
        (ComputedFrom.ATTENDANCE, D(2), True),
        (ComputedFrom.ATTENDANCE, D(11), False),
        (ComputedFrom.ATTENDANCE, D("1.25"), False),
        (ComputedFrom.DURATION, D(2), False),
        ("", D(2), False),
        ("", D(0), True),
    ],
)
def test_streak_penalty_belongs_to_the_attendance_item(
    computed_from, penalty, ok
) -> None:
    item = RubricItem(
        rubric=new_rubric(),
        code="I.1",
        title="Tỉ lệ dự họp",
        max_points=D(10),
        computed_from=computed_from,
        streak_penalty=penalty,
    )
    item.section = new_section(rubric=item.rubric)
    assert ("streak_penalty" not in errors_of(item)) is ok


# --- Rubric checks (pure) ------------------------------------------------------------------------


def test_items_must_add_up_to_the_total() -> None:
    assert item_total_problems(D(100), [D(60), D(40)]) == []
    assert item_total_problems(D(100), [D(60), D("39.5")]) == [
        gettext(
            "The items add up to %(sum)s points, not the rubric's total of %(total)s."
        )
        % {"sum": points_text(D("99.5")), "total": "100"}
    ]


GOOD = [(D(90), True, D(4)), (D(75), True, D(3)), (D(0), True, D(0))]


@pytest.mark.parametrize(
    "computed_from, bands, message",
    [
        ("duration", GOOD, None),
        ("duration", list(reversed(GOOD)), None),  # order of entry does not matter
        ("", [], None),
        ("", GOOD, "Only computed items have bands."),
        ("duration", [], "A computed item needs its bands."),
        (
            "duration",
            [(D(90), True, D(3)), (D(75), True, D(4))],
            "A higher band cannot give fewer points than a lower one.",
        ),
        (
            "duration",
            [(D(90), True, D(5)), (D(0), True, D(0))],
            "A band's points lie between 0 and the item's maximum, %(max)s.",
        ),
        ("duration", [(D(90), True, D("3.2"))], "Points go in steps of %(step)s."),
        (
            "duration",
            [(D(90), True, D(4)), (D(90), True, D(3))],
            "Two bands start at the same value.",
        ),
        ("speakers", [(D(50), False, D(4)), (D(50), True, D(3))], None),
        (
            "speakers",
            [(D(50), False, D(3)), (D(50), True, D(4))],
            "A higher band cannot give fewer points than a lower one.",
        ),
    ],
)
def test_item_bands_are_ordered_and_within_the_items_points(
    computed_from, bands, message
) -> None:
    problems = item_band_problems(
        computed_from=computed_from, max_points=D(4), step=D("0.5"), bands=bands
    )
    if message is None:
        assert problems == []
    else:
        expected = gettext(message) % {"max": "4", "step": points_text(D("0.5"))}
        assert expected in problems


@pytest.mark.parametrize(
    "bands, message",
    [
        ([(1, D(90)), (2, D(70)), (3, D(50)), (4, D(0))], None),
        (
            [(1, D(90)), (2, D(70)), (3, D(50))],
            "The class bands must give classes 1, 2, 3 and 4, each once.",
        ),
        (
            [(1, D(90)), (2, D(70)), (3, D(70)), (4, D(0))],
            "Each class must start above the next: class 1 highest, class 4 lowest.",
        ),
        (
            [(1, D(70)), (2, D(90)), (3, D(50)), (4, D(0))],
            "Each class must start above the next: class 1 highest, class 4 lowest.",
        ),
        (
            [(1, D(101)), (2, D(70)), (3, D(50)), (4, D(0))],
            "A class band starts above the rubric's total of %(total)s.",
        ),
    ],
)
def test_class_bands_give_classes_1_to_4_with_decreasing_minimums(
    bands, message
) -> None:
    problems = class_band_problems(D(100), bands)
    if message is None:
        assert problems == []
    else:
        assert problems == [gettext(message) % {"total": "100"}]


def test_rubric_validate_names_each_problem_by_key() -> None:
    rubric = new_rubric()
    section = new_section(rubric=rubric)
    new_item(section=section, code="I.1", max_points=D(90))
    new_item(section=section, code="I.2", max_points=D(5), computed_from="duration")
    ClassBand.objects.create(rubric=rubric, meeting_class=1, min_points=D(90))

    with pytest.raises(RubricInvalid) as excinfo:
        rubric_validate(rubric)

    assert isinstance(excinfo.value, ScoringError)
    assert excinfo.value.errors == {
        "items": [
            gettext(
                "The items add up to %(sum)s points, not the rubric's total of %(total)s."
            )
            % {"sum": "95", "total": "100"}
        ],
        "I.2": [gettext("A computed item needs its bands.")],
        "bands": [
            gettext("The class bands must give classes 1, 2, 3 and 4, each once.")
        ],
    }


def test_a_rubric_without_items_is_not_whole() -> None:
    with pytest.raises(RubricInvalid) as excinfo:
        rubric_validate(new_rubric())
    assert excinfo.value.errors["items"] == [gettext("The rubric has no items.")]


# --- The rubric in force -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, code",
    [
        (datetime.date(2018, 7, 6), DEFAULT),
        (datetime.date(2025, 3, 5), DEFAULT),
        (datetime.date(2029, 12, 31), DEFAULT),
        (datetime.date(2030, 1, 1), "QD-2030"),
        (datetime.date(2031, 6, 1), "QD-2030"),
    ],
)
def test_rubric_in_force_is_the_latest_from_on_or_before_the_day(day, code) -> None:
    new_rubric(code="QD-2030", valid_from=datetime.date(2030, 1, 1))
    new_rubric(code="QD-2040", valid_from=datetime.date(2040, 1, 1))
    assert rubric_in_force(day).code == code


def test_no_rubric_in_force_before_the_first_is_a_clear_error(
    django_assert_num_queries,
) -> None:
    with django_assert_num_queries(1), pytest.raises(NoRubricInForce) as excinfo:
        rubric_in_force(datetime.date(2018, 7, 5))
    assert isinstance(excinfo.value, ScoringError)
    assert str(excinfo.value) == gettext(
        "No meeting score sheet is in force on %(date)s: enter one in the admin."
    ) % {"date": "05/07/2018"}


# --- The admin refuses a rubric that is not whole ------------------------------------------------


@pytest.fixture
def staff_client(client: Client) -> Client:
    user = get_user_model().objects.create_superuser(
        "quantri", "quantri@example.invalid", "matkhau-2025"
    )
    client.force_login(user)
    return client


def change_form_data(response: Any) -> dict[str, str]:
    """What the browser would post back from an admin change page, unchanged."""
    forms = [response.context["adminform"].form]
    data: dict[str, str] = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        forms.extend(inline.formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field, BooleanField):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if isinstance(value, models.Model):
                value = value.pk
            if isinstance(value, datetime.date):
                value = f"{value:%d/%m/%Y}"
            data[form.add_prefix(name)] = "" if value is None else str(value)
    return data


def row_of(data: dict[str, str], prefix: str, field: str, value: str) -> str:
    """The form prefix (``items-3``) of the inline row whose ``field`` is ``value``."""
    for key, posted in data.items():
        if (
            key.startswith(f"{prefix}-")
            and key.endswith(f"-{field}")
            and posted == value
        ):
            return key.rsplit("-", 1)[0]
    raise KeyError(value)


def test_admin_saves_the_default_rubric_unchanged(staff_client: Client) -> None:
    url = reverse("admin:scoring_rubric_change", args=[default_rubric().pk])
    response = staff_client.post(url, change_form_data(staff_client.get(url)))
    assert response.status_code == 302


def test_admin_refuses_items_that_do_not_add_up_and_saves_nothing(
    staff_client: Client,
) -> None:
    rubric = default_rubric()
    url = reverse("admin:scoring_rubric_change", args=[rubric.pk])
    data = change_form_data(staff_client.get(url))
    row = row_of(data, "items", "code", "I.1")
    data[f"{row}-max_points"] = "8"
    data[f"{row}-title"] = "Tỉ lệ dự họp (sửa)"
    history_rows = RubricItem.history.count()

    response = staff_client.post(url, data)

    assert response.status_code == 200
    expected = gettext(
        "The items add up to %(sum)s points, not the rubric's total of %(total)s."
    ) % {"sum": "98", "total": "100"}
    items_inline = next(
        i
        for i in response.context["inline_admin_formsets"]
        if i.opts.model is RubricItem
    )
    assert items_inline.formset.non_form_errors() == [expected]
    assert escape(expected) in response.content.decode()
    item = default_item("I.1")
    assert item.max_points == 10
    assert not item.title.endswith("(sửa)")
    assert RubricItem.history.count() == history_rows


def test_admin_refuses_class_bands_out_of_order(staff_client: Client) -> None:
    url = reverse("admin:scoring_rubric_change", args=[default_rubric().pk])
    data = change_form_data(staff_client.get(url))
    data[f"{row_of(data, 'bands', 'meeting_class', '2')}-min_points"] = "95"

    response = staff_client.post(url, data)

    assert response.status_code == 200
    expected = gettext(
        "Each class must start above the next: class 1 highest, class 4 lowest."
    )
    assert escape(expected) in response.content.decode()
    assert default_rubric().bands.get(meeting_class=2).min_points == 70


def test_admin_refuses_an_items_bands_out_of_order(staff_client: Client) -> None:
    item = default_item("III.2")
    url = reverse("admin:scoring_rubricitem_change", args=[item.pk])
    data = change_form_data(staff_client.get(url))
    assert staff_client.post(url, data).status_code == 302  # unchanged: accepted
    data[f"{row_of(data, 'bands', 'min_value', '75.00')}-points"] = "4"
    data[f"{row_of(data, 'bands', 'min_value', '90.00')}-points"] = "3.5"

    response = staff_client.post(url, data)

    assert response.status_code == 200
    expected = gettext("A higher band cannot give fewer points than a lower one.")
    assert escape(expected) in response.content.decode()
    assert list(item.bands.values_list("points", flat=True)) == [4, 3, 2, 0]
