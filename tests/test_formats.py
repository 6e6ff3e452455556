"""Dates are dd/mm/yyyy in and out, in both languages (DESIGN.md "Settings"); time is Vietnam's.

The day (5) is at most 12 on purpose: 05/06/2025 read in the US order would be 6 May.
"""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, timezone, translation

JUNE_5 = datetime.date(2025, 6, 5)
LANGUAGES = ["vi", "en"]


class DateForm(forms.Form):
    day = forms.DateField()


def test_both_interface_languages_are_offered_and_vietnamese_is_the_default() -> None:
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _name in settings.LANGUAGES] == LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "typed, day",
    [
        ("05/06/2025", JUNE_5),
        ("5/6/2025", JUNE_5),
        ("31/12/2025", datetime.date(2025, 12, 31)),
        ("01/01/2025", datetime.date(2025, 1, 1)),
        ("2025-06-05", JUNE_5),
    ],
)
def test_typed_date_is_read_day_first(language, typed, day) -> None:
    with translation.override(language):
        form = DateForm({"day": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == day


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("typed", ["06/31/2025", "31/02/2025", "2025/13/01"])
def test_date_that_does_not_exist_is_refused(language, typed) -> None:
    with translation.override(language):
        assert not DateForm({"day": typed}).is_valid()


@pytest.mark.parametrize("language", LANGUAGES)
def test_short_date_format_prints_day_first(language) -> None:
    with translation.override(language):
        assert formats.date_format(JUNE_5, "SHORT_DATE_FORMAT") == "05/06/2025"
        assert formats.date_format(JUNE_5) == "05/06/2025"


@pytest.mark.parametrize("language", LANGUAGES)
def test_date_filter_and_plain_output_print_day_first(language) -> None:
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }}|{{ day }}')
    with translation.override(language):
        assert template.render(Context({"day": JUNE_5})) == "05/06/2025|05/06/2025"


@pytest.mark.parametrize("language", LANGUAGES)
def test_date_input_shows_the_date_day_first(language) -> None:
    with translation.override(language):
        html = forms.DateInput().render("day", JUNE_5)
        assert 'value="05/06/2025"' in html
        bound = DateForm(initial={"day": JUNE_5})
        assert 'value="05/06/2025"' in str(bound["day"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_date_input_round_trips(language) -> None:
    with translation.override(language):
        shown = forms.DateInput().format_value(JUNE_5)
        form = DateForm({"day": shown})
        assert form.is_valid()
        assert form.cleaned_data["day"] == JUNE_5


def test_time_zone_is_vietnam() -> None:
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True


@pytest.mark.parametrize("language", LANGUAGES)
def test_utc_evening_is_the_next_morning_in_vietnam(language) -> None:
    moment = datetime.datetime(2025, 6, 4, 18, 30, tzinfo=datetime.UTC)
    local = timezone.localtime(moment)
    assert (local.date(), local.time()) == (JUNE_5, datetime.time(1, 30))
    with translation.override(language):
        assert formats.date_format(local, "d/m/Y H:i") == "05/06/2025 01:30"
        rendered = Template("{{ moment|date:'SHORT_DATE_FORMAT' }} {{ moment|time }}")
        assert rendered.render(Context({"moment": moment})) == "05/06/2025 01:30"
