"""The selectors at the top of the dashboards: the year and as-of date of an evaluation, and the cells shown.

Both read the query string (``?year=2025&as_of=31/12/2025&kind=residential&group=7``) and never refuse a
page: a value that does not parse is reported on its field and the default is used instead.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from cells.models import Cell, CellKind
from wards.models import ResidentialGroup, Ward

YEARS_OFFERED = 3  # the year selector offers the current year and the two before it
FIRST_YEAR = 2000


class PeriodForm(forms.Form):
    """Năm đánh giá and the as-of date (ngày tính đến): the current year and today by default."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        help_text=_("dd/mm/yyyy; empty: today"),
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={
                "inputmode": "numeric",
                "placeholder": _("dd/mm/yyyy"),
                "autocomplete": "off",
                "size": 10,
            },
        ),
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        years = list(range(today.year, today.year - YEARS_OFFERED, -1))
        asked = str(
            self.data.get("year", "") if self.is_bound else self.initial.get("year", "")
        )
        if asked.isdigit() and FIRST_YEAR <= int(asked) <= today.year:
            # An older year reached by a link stays selectable.
            years = sorted({*years, int(asked)}, reverse=True)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["year"].widget.attrs["class"] = "form-select auto-submit"
        self.fields["as_of"].widget.attrs["class"] = "form-control"

    def clean_as_of(self) -> datetime.date | None:
        as_of = self.cleaned_data.get("as_of")
        if as_of and as_of > self.today:
            raise forms.ValidationError(_("The as-of date cannot be in the future."))
        return as_of


@dataclass(frozen=True)
class Period:
    """The evaluated year and the date it is evaluated at, with the form that chose them."""

    year: int
    as_of: datetime.date
    form: PeriodForm

    @property
    def year_open(self) -> bool:
        """The year is not over at the as-of date: some of it is still to come."""
        return self.as_of < datetime.date(self.year, 12, 31)

    @functools.cached_property
    def query(self) -> str:
        """The query string that keeps this period on a link to another dashboard (worked out once: a
        dashboard has a hundred links and cache keys that carry it)."""
        params = QueryDict(mutable=True)
        params["year"] = str(self.year)
        params["as_of"] = self.as_of.strftime("%d/%m/%Y")
        return params.urlencode(safe="/")


def period_from(data: QueryDict, *, today: datetime.date) -> Period:
    """The year and as-of date asked for in ``data``. A missing or invalid year is the current year; a
    missing or invalid as-of date is today, or the year's last day for a past year. An as-of date after the
    year's end is that day (the evaluation is the same), one before the year's start is the default."""
    form = PeriodForm(
        data if ("year" in data or "as_of" in data) else None, today=today
    )
    cleaned: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # a field that does not validate is left out, and shown with its error
        cleaned = form.cleaned_data
    year = cleaned.get("year") or today.year
    year_end = datetime.date(year, 12, 31)
    as_of = cleaned.get("as_of")
    if as_of is None or as_of.year < year:
        as_of = min(today, year_end)
    as_of = min(as_of, year_end)
    if not form.errors:
        # Show the period in force, which may differ from the one asked for.
        form = PeriodForm(initial={"year": year, "as_of": as_of}, today=today)
    return Period(year, as_of, form)


class CellFilter(django_filters.FilterSet):
    """The ward dashboard's cells, by kind and by residential group."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind of cell"),
        choices=CellKind.choices,
        empty_label=_("All kinds"),
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Residential group"),
        field_name="groups",
        queryset=ResidentialGroup.objects.none(),
        empty_label=_("All groups"),
    )

    class Meta:
        model = Cell
        fields = ["kind", "group"]

    def __init__(
        self,
        data: QueryDict | None = None,
        queryset: QuerySet[Cell] | None = None,
        *,
        ward: Ward,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, queryset, **kwargs)
        self.filters["group"].queryset = ResidentialGroup.objects.filter(
            ward=ward
        ).order_by("code")
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select auto-submit"

    @property
    def active(self) -> bool:
        return bool(
            self.is_bound
            and self.form.is_valid()
            and any(self.form.cleaned_data.values())
        )
