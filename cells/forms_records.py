"""Forms of the yearly records, status periods, offices and households of a cell. The rules across
fields are the models' ``clean()``: a model form reports them on their fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cells.forms import DayMonthYearInput
from cells.forms_concurrency import EditConflictMixin, refuse_if_changed
from cells.models import (
    Cell,
    CellKind,
    CellYear,
    Household,
    HouseholdYear,
    MemberYear,
    Office,
    Rating,
    ResidenceFeedback,
    StatusPeriod,
)
from wards.models import ResidentialGroup
from wards.text import nfc


class MemberYearRowForm(forms.Form):
    """One member's row on the yearly ratings screen; its prefix is the member's id."""

    rating = forms.ChoiceField(
        label=_("Rating"),
        required=False,
        choices=[("", _("– not rated yet –")), *Rating.choices],
    )
    resolution_compliant = forms.BooleanField(
        label=_("Complies with the cell's resolution"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"role": "switch"}),
    )
    residence_feedback = forms.ChoiceField(
        label=_("Feedback from the place of residence"),
        required=False,
        choices=[("", _("– missing –")), *ResidenceFeedback.choices],
        help_text=_(
            "Quy định 213-QĐ/TW: the comment of the cell where the member lives."
        ),
    )
    # The record's latest history row when the page was opened (cells/forms_concurrency.py).
    seen_change = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        record: MemberYear | None,
        with_feedback: bool,
        last_change: str = "",
        **kwargs: Any,
    ) -> None:
        if record is not None:
            kwargs.setdefault(
                "initial",
                {
                    "rating": record.rating,
                    "resolution_compliant": record.resolution_compliant,
                    "residence_feedback": record.residence_feedback,
                },
            )
        super().__init__(*args, **kwargs)
        self.record = record
        self.last_change = last_change
        if not self.is_bound:
            self.initial["seen_change"] = last_change
        if not with_feedback:
            del self.fields["residence_feedback"]

    def clean(self) -> dict[str, Any]:
        """A row saved by someone else since the page was opened is refused, not overwritten."""
        cleaned = super().clean()
        seen = cleaned.pop("seen_change", "") or ""
        if self.last_change:
            refuse_if_changed(seen, self.last_change)
        return cleaned

    def clean_rating(self) -> str:
        rating = self.cleaned_data["rating"]
        if not rating and self.record is not None:
            raise forms.ValidationError(
                _(
                    "This member is already rated: choose a rating, it cannot be emptied."
                )
            )
        return rating

    def add_model_errors(self, error: forms.ValidationError) -> None:
        """Put the errors of the row's ``full_clean`` on its fields (the others on the row)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.error_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class CellYearForm(EditConflictMixin):
    """A cell's yearly record. The residential group's title is for residential cells only."""

    class Meta:
        model = CellYear
        fields = (
            "rating",
            "targets_total",
            "targets_met",
            "satisfaction_percent",
            "group_cultured",
        )
        widgets = {
            "targets_total": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "targets_met": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "satisfaction_percent": forms.NumberInput(
                attrs={"inputmode": "decimal", "step": "0.1"}
            ),
        }

    def __init__(self, *args: Any, cell: Cell, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [
            ("", _("– not rated yet –")),
            *Rating.choices,
        ]
        if cell.kind == CellKind.RESIDENTIAL:
            self.fields["group_cultured"].widget.choices = [
                ("unknown", _("– not decided yet –")),
                ("true", _("Yes")),
                ("false", _("No")),
            ]
        else:
            del self.fields["group_cultured"]


class StatusPeriodForm(EditConflictMixin):
    """An exemption (with its approval) or a working-away period (with the contact kept)."""

    class Meta:
        model = StatusPeriod
        fields = (
            "kind",
            "start",
            "end",
            "approved",
            "approved_on",
            "approved_by",
            "contact_kept",
            "note",
        )
        widgets = {
            "start": DayMonthYearInput(),
            "end": DayMonthYearInput(),
            "approved_on": DayMonthYearInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"end": _("Leave empty while the period goes on.")}


class OfficeForm(EditConflictMixin):
    """An office of the cell held by the member."""

    class Meta:
        model = Office
        fields = ("position", "start", "end")
        widgets = {"start": DayMonthYearInput(), "end": DayMonthYearInput()}
        help_texts = {"end": _("Leave empty while the member holds the office.")}


class HouseholdFilterForm(forms.Form):
    """The search box of the household list."""

    q = forms.CharField(label=_("Head of household"), required=False, max_length=100)

    def clean_q(self) -> str:
        return nfc(self.cleaned_data["q"].strip())


class HouseholdForm(EditConflictMixin):
    """A household's head, group and address; the group is one of the cell's ward."""

    class Meta:
        model = Household
        fields = ("head_name", "group", "address")

    def __init__(self, *args: Any, cell: Cell, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = ResidentialGroup.objects.filter(ward_id=cell.ward_id)
        if self.instance.group_id:
            groups = groups | ResidentialGroup.objects.filter(pk=self.instance.group_id)
        self.fields["group"].queryset = groups.order_by("code")


class HouseholdYearForm(EditConflictMixin):
    """A household's titles for one year."""

    class Meta:
        model = HouseholdYear
        fields = ("cultured_family", "poverty", "civilized_rules")
