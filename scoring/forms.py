"""The score sheet form (bảng chấm điểm): one points field and one reason field per rubric item, or the
total of a legacy paper sheet.

The form only parses what was posted: whether the points fit the rubric, the proposals and the meeting is
decided by ``score_sheet_save``, which reports its refusals by item code; the view puts them on the rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from scoring.models import RubricItem

ITEMS = "items"
TOTAL = "total"


def points_name(item: RubricItem) -> str:
    return f"item-{item.pk}-points"


def reason_name(item: RubricItem) -> str:
    return f"item-{item.pk}-reason"


class ScoreSheetForm(forms.Form):
    """``mode`` says whether the sheet is entered item by item or by its total only (a paper sheet)."""

    mode = forms.ChoiceField(
        label=_("How the sheet is entered"),
        choices=[
            (ITEMS, _("Item by item")),
            (TOTAL, _("Total only (paper sheet)")),
        ],
        initial=ITEMS,
    )
    total = forms.CharField(label=_("Total of the paper sheet"), required=False)
    scorer_name = forms.CharField(
        label=_("Name of the scorer"), required=False, max_length=200
    )
    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: object, items: Sequence[RubricItem], **kwargs: object):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            # Text, not decimal fields: the points are checked, with their reasons, by the service.
            self.fields[points_name(item)] = forms.CharField(
                label=item.title, required=False
            )
            self.fields[reason_name(item)] = forms.CharField(
                label=_("Reason"), required=False, max_length=500
            )

    @property
    def total_only(self) -> bool:
        return self.cleaned_data.get("mode") == TOTAL

    def entries(self) -> tuple[dict[str, tuple[str, str]] | None, str | None]:
        """What ``score_sheet_save`` takes: the items (code → (points, reason)) or the total."""
        if self.total_only:
            return None, self.cleaned_data.get("total", "")
        items = {}
        for item in self.items:
            points = self.cleaned_data.get(points_name(item), "").strip()
            if points:
                items[item.code] = (
                    points,
                    self.cleaned_data.get(reason_name(item), ""),
                )
        return items, None
