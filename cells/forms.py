"""Forms of the cell screens. Choice lists are built from what the view already checked access to."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cells.models import Cell, Member
from cells.selectors import households_for_cell
from cells.services import MEMBER_EDITABLE_FIELDS
from wards.text import nfc

DATE_FORMAT = "%d/%m/%Y"


class DayMonthYearInput(forms.DateInput):
    """A text box that shows and reads dates as dd/mm/yyyy, in every interface language."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"placeholder": _("dd/mm/yyyy"), "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATE_FORMAT)


class MemberFilterForm(forms.Form):
    """The search box and the "include past members" switch of the member list."""

    q = forms.CharField(
        label=_("Name or profile number"), required=False, max_length=100
    )
    past = forms.BooleanField(label=_("Include past members"), required=False)

    def clean_q(self) -> str:
        return nfc(self.cleaned_data["q"].strip())


class MemberForm(forms.ModelForm):
    """A member's own record. Saved through ``cells.services.member_update``."""

    class Meta:
        model = Member
        fields = MEMBER_EDITABLE_FIELDS
        widgets = {
            "birth_date": DayMonthYearInput(),
            "joined_on": DayMonthYearInput(),
            "official_on": DayMonthYearInput(),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "citizen_id": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off"}
            ),
        }

    def __init__(self, *args: Any, cell: Cell, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households_for_cell(
            cell, keep=self.instance.household_id
        )

    def _unique_among_members(self, field: str, message: str) -> str:
        value = self.cleaned_data[field].strip()
        if value and (
            Member.objects.filter(**{field: value})
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(message)
        return value

    def clean_citizen_id(self) -> str:
        return self._unique_among_members(
            "citizen_id", _("Another member already has this citizen ID.")
        )

    def clean_card_number(self) -> str:
        return self._unique_among_members(
            "card_number", _("Another member already has this party card number.")
        )
