"""The filters of the ward's recent changes: kind of record, user, date range, cell.

One ``FilterSet`` validates the query string once; its filters are then applied to each history table
before the tables are joined (a union can no longer be filtered)."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from cells.models import Cell
from reports.history.recent import kind_choices
from wards.models import Ward

# Without a start date the list reaches this far back: "recent", and each history table is read
# through its date index instead of whole.
DEFAULT_DAYS = 90


def date_input() -> forms.DateInput:
    return forms.DateInput(
        format="%d/%m/%Y",
        attrs={
            "class": "form-control",
            "inputmode": "numeric",
            "placeholder": _("dd/mm/yyyy"),
            "autocomplete": "off",
        },
    )


class ChangeFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind of record"),
        choices=kind_choices,
        empty_label=_("All records"),
        method="by_kind",
    )
    user = django_filters.ModelChoiceFilter(
        label=_("Changed by"),
        field_name="history_user",
        queryset=get_user_model().objects.none(),
        empty_label=_("Everyone"),
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        field_name="history_date",
        lookup_expr="date__gte",
        widget=date_input(),
    )
    date_to = django_filters.DateFilter(
        label=_("Until"),
        field_name="history_date",
        lookup_expr="date__lte",
        widget=date_input(),
    )
    cell = django_filters.ModelChoiceFilter(
        label=_("Cell"),
        queryset=Cell.objects.none(),
        empty_label=_("All cells"),
        method="by_cell",
    )

    def __init__(
        self, data: QueryDict | None, *, ward: Ward, today: datetime.date, **kwargs: Any
    ) -> None:
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if "date_from" not in data:
            data["date_from"] = (
                today - datetime.timedelta(days=DEFAULT_DAYS)
            ).strftime("%d/%m/%Y")
        super().__init__(data, queryset=Cell.objects.none(), **kwargs)
        self.filters["cell"].queryset = Cell.objects.filter(ward=ward).order_by("code")
        self.filters["user"].queryset = (
            get_user_model()
            .objects.filter(
                Q(partycell_roles__ward=ward)
                | Q(partycell_roles__cell__ward=ward)
                | Q(is_superuser=True)
            )
            .distinct()
            .order_by("username")
        )
        self.filters["user"].field.label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )
        for name in ("kind", "user", "cell"):
            self.form.fields[name].widget.attrs["class"] = "form-select"

    def by_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # the tables of other kinds are left out before the union

    def by_cell(self, queryset: QuerySet, name: str, value: Cell) -> QuerySet:
        return queryset.filter(h_cell=value.pk)

    def valid_data(self) -> dict[str, Any]:
        """The filters that validated; one that did not is left out (and shown with its error)."""
        self.form.is_valid()
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name not in self.form.errors
        }

    def apply(self, queryset: QuerySet) -> QuerySet:
        for name, value in self.valid_data().items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset
