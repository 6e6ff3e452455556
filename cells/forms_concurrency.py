"""Concurrent edits of a record: the second save must not overwrite the first without its author
knowing (the meetings have a version number; the other records use their history instead).

A form opened on a saved record carries, hidden, the id of the record's latest history row. When it is
posted and the record has been changed since (its latest history row is another one), the form is refused
with a message that says what happened, and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

SEEN_FIELD = "seen_change"

CONFLICT_MESSAGE = _(
    "Someone else changed this record after you opened it: your changes have not been saved. "
    "Open the page again to see the record as it is now, then make your changes again."
)


def latest_change(instance: models.Model) -> str:
    """The id of the record's latest history row ("" for a record that is not saved yet)."""
    if instance.pk is None:
        return ""
    history_id = (
        instance.history.order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )
    return "" if history_id is None else str(history_id)


def refuse_if_changed(seen: str, current: str) -> None:
    """Refuse a form opened on ``seen`` when the record's latest history row is now ``current``. An
    empty ``seen`` (a post that never carried the marker) is not checked."""
    if seen and seen != current:
        raise forms.ValidationError(CONFLICT_MESSAGE, code="edit_conflict")


class EditConflictMixin(forms.ModelForm):
    """Refuses a save over a change made since the form was opened. A post without the hidden field (a
    client that never loaded the form) is not checked."""

    seen_change = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial[SEEN_FIELD] = latest_change(self.instance)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        seen = cleaned.pop(SEEN_FIELD, "") or ""
        if self.instance.pk is not None:
            refuse_if_changed(
                seen, latest_change(type(self.instance)(pk=self.instance.pk))
            )
        return cleaned
