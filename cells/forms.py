"""Forms of the cell screens. Choice lists are built from what the view already checked access to."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cells.forms_concurrency import EditConflictMixin
from cells.models import Cell, Member
from cells.selectors import households_for_cell
from cells.services import MEMBER_EDITABLE_FIELDS
from wards.text import nfc

DATE_FORMAT = "%d/%m/%Y"
CITIZEN_ID = re.compile(r"\d{12}|\d{9}")
PHONE = re.compile(r"\+?[\d\s.()-]+")


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


class MemberForm(EditConflictMixin):
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
        value = self._unique_among_members(
            "citizen_id", _("Another member already has this citizen ID.")
        )
        if value and not CITIZEN_ID.fullmatch(value):
            raise forms.ValidationError(
                _("A citizen ID is 12 digits (an old identity card: 9 digits).")
            )
        return value

    def clean_phone(self) -> str:
        value = nfc(self.cleaned_data["phone"].strip())
        digits = sum(character.isdigit() for character in value)
        if value and (not PHONE.fullmatch(value) or not 8 <= digits <= 15):
            raise forms.ValidationError(
                _("Enter a phone number: digits, with spaces or dots if you like.")
            )
        return value

    def clean_card_number(self) -> str:
        return self._unique_among_members(
            "card_number", _("Another member already has this party card number.")
        )
