"""Forms of the meeting screens. Choice lists are built from the cell the view already checked access to."""

from __future__ import annotations

import datetime
import re
from typing import Any

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from cells.forms import DayMonthYearInput
from meetings.models import Meeting, MeetingKind, MeetingState
from meetings.selectors import Roster, members_on_roll
from meetings.services import MEETING_RECORD_FIELDS
from wards.text import nfc

OVERDUE = "overdue"
KIND_CHOICES = [(value, capfirst(label)) for value, label in MeetingKind.choices]


class HourMinuteInput(forms.TimeInput):
    """A time written HH:MM (24 hours), whatever the phone's own clock format."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "placeholder": _("hh:mm"),
            "autocomplete": "off",
            "inputmode": "decimal",
            "maxlength": "5",
            "class": "time-input",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%H:%M")


class HourMinuteField(forms.TimeField):
    """A time as HH:MM. Also read as typed on a phone's number pad: 19.30, 19h30, 19g30, 19 30, 1930."""

    widget = HourMinuteInput
    TYPED = re.compile(r"(\d{1,2})\s*[:.,hHgG\s]\s*(\d{2})|(\d{1,2})(\d{2})")

    def to_python(self, value: Any) -> datetime.time | None:
        if isinstance(value, str):
            typed = self.TYPED.fullmatch(value.strip())
            if typed:
                hours, minutes = typed[1] or typed[3], typed[2] or typed[4]
                value = f"{int(hours):02d}:{minutes}"
        return super().to_python(value)


class CountInput(forms.NumberInput):
    """A small whole number typed on a phone's number pad."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"min": "0", "inputmode": "numeric", "class": "count-input"}
            | (attrs or {})
        )


class MeetingFilter(django_filters.FilterSet):
    """The filters of a cell's meeting list: year, kind and state (``overdue``: planned, date passed)."""

    year = django_filters.ChoiceFilter(
        label=_("Year"), method="filter_year", empty_label=_("All years")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=KIND_CHOICES, empty_label=_("All kinds")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[
            *((value, capfirst(label)) for value, label in MeetingState.choices),
            (OVERDUE, capfirst(_("overdue"))),
        ],
        method="filter_state",
        empty_label=_("All states"),
    )

    class Meta:
        model = Meeting
        fields = ["year", "kind", "state"]

    def __init__(
        self, data: Any = None, queryset: Any = None, *, years: list[int], **kwargs: Any
    ) -> None:
        super().__init__(data, queryset, **kwargs)
        self.filters["year"].extra["choices"] = [(y, str(y)) for y in years]
        for name in ("year", "kind", "state"):
            self.form.fields[name].widget.attrs["class"] = "form-select"

    def filter_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(held_on__year=int(value))

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == OVERDUE:
            return queryset.filter(overdue=True)
        return queryset.filter(state=value)


class MeetingPlanForm(forms.Form):
    """Plan a coming meeting: its date, kind and topic."""

    held_on = forms.DateField(
        label=_("Date"),
        widget=DayMonthYearInput(),
        help_text=_("Day/month/year, for example 05/06/2026. It may be in the future."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of meeting"), choices=KIND_CHOICES, initial="regular"
    )
    topic = forms.CharField(
        label=_("Topic"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: the tasks of the month, or the theme of the quarter."
        ),
    )

    def clean_topic(self) -> str:
        return nfc(self.cleaned_data["topic"].strip())


class MeetingRecordForm(forms.ModelForm):
    """The minutes of a meeting (biên bản), every field of DOMAIN.md "A meeting's fields", with the version
    the user started from. Saved through ``meetings.services.meeting_save``."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Meeting
        fields = MEETING_RECORD_FIELDS
        field_classes = {"start_time": HourMinuteField, "end_time": HourMinuteField}
        widgets = {
            "held_on": DayMonthYearInput(),
            "speakers": CountInput(),
            "targets_met_percent": forms.NumberInput(
                attrs={"min": "0", "max": "100", "step": "0.1", "inputmode": "decimal"}
            ),
            "votes_for": CountInput(),
            "votes_against": CountInput(),
            "votes_abstain": CountInput(),
            "topic": forms.Textarea(attrs={"rows": 2}),
            "content": forms.Textarea(attrs={"rows": 5}),
            "conclusion": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "upper_attendee": _(
                "Name of the upper-level committee member, if one attended."
            ),
            "speakers": _("How many members spoke during the meeting."),
            "targets_met_percent": _("Share of last month's resolution targets met."),
            "minutes": _("Type or paste the text of the minutes, if you have it."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting = self.instance
        people = members_on_roll(
            meeting.cell,
            meeting.held_on,
            keep=[meeting.chair_id, meeting.minute_taker_id],
        )
        for name in ("chair", "minute_taker"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = lambda member: member.full_name
            self.fields[name].empty_label = _("– not recorded –")
        self.fields["kind"].label = _("Kind of meeting")
        self.fields["kind"].choices = KIND_CHOICES
        self.fields["votes_for"].label = pgettext_lazy("vote", "For")
        self.fields["votes_against"].label = pgettext_lazy("vote", "Against")
        self.fields["votes_abstain"].label = pgettext_lazy("vote", "Abstaining")
        self.fields["minutes"].label = _("Text of the minutes")
        self.fields["held_on"].help_text = _("Day/month/year, for example 05/06/2026.")
        self.fields["start_time"].help_text = _("Hours:minutes, for example 19:30.")
        self.fields["end_time"].help_text = _("For example 21:15.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "expected_version",
            Fieldset(
                _("Time and place"),
                Row(
                    Column("held_on", css_class="col-sm-6"),
                    Column("kind", css_class="col-sm-6"),
                ),
                Row(
                    Column("start_time", css_class="col-6"),
                    Column("end_time", css_class="col-6"),
                ),
                "place",
                css_class="record-section",
            ),
            Fieldset(
                _("Who took part"),
                Row(
                    Column("chair", css_class="col-sm-6"),
                    Column("minute_taker", css_class="col-sm-6"),
                ),
                "upper_attendee",
                Row(
                    Column("speakers", css_class="col-sm-6"),
                    Column("targets_met_percent", css_class="col-sm-6"),
                ),
                css_class="record-section",
            ),
            Fieldset(
                _("Content and conclusion"),
                "topic",
                "content",
                "conclusion",
                css_class="record-section",
            ),
            Fieldset(
                _("Vote on the conclusion"),
                Row(
                    Column("votes_for", css_class="col-4"),
                    Column("votes_against", css_class="col-4"),
                    Column("votes_abstain", css_class="col-4"),
                    css_class="align-items-end",
                ),
                css_class="record-section",
            ),
            Fieldset(
                _("Minutes"),
                Field("minutes"),
                css_class="record-section",
            ),
        )

    def record(self) -> dict[str, Any]:
        """The cleaned fields of the minutes, without the version."""
        return {name: self.cleaned_data[name] for name in MEETING_RECORD_FIELDS}


class AttendanceForm(forms.Form):
    """The marks of every member of a meeting's roll, posted at once: ``mark_<member id>`` and
    ``note_<member id>``. The marks themselves are checked by ``attendance_record`` (with the reason on
    each refused row), so that an unknown or unfitting mark comes back on its row."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    ROW_KEY = re.compile(r"(mark|note)_(.+)")

    def __init__(self, *args: Any, roster: Roster, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member_ids = [row.member_id for row in roster.rows]
        for member_id in self.member_ids:
            self.fields[f"mark_{member_id}"] = forms.CharField(
                required=False, max_length=20
            )
            self.fields[f"note_{member_id}"] = forms.CharField(
                required=False, strip=True
            )

    def clean(self) -> dict[str, Any]:
        """Refuse a member marked twice (``row_errors``, shown on the row) and a mark for a member who
        is not on this roll (another cell's, or no member at all): a tampered or stale form."""
        cleaned = super().clean()
        getlist = getattr(self.data, "getlist", None)
        self.row_errors: dict[int, str] = {}
        if getlist is not None:
            for member_id in self.member_ids:
                if any(len(getlist(f"{p}_{member_id}")) > 1 for p in ("mark", "note")):
                    self.row_errors[member_id] = _(
                        "This member was marked more than once: choose one mark."
                    )
        on_roll = {str(member_id) for member_id in self.member_ids}
        strangers = sorted(
            key
            for key in self.data
            if (typed := self.ROW_KEY.fullmatch(key)) and typed[2] not in on_roll
        )
        if strangers:
            raise forms.ValidationError(
                _(
                    "The form marks someone who is not on this meeting's roll "
                    "(%(keys)s): nothing has been saved. Open the attendance again."
                ),
                params={"keys": ", ".join(strangers[:5])},
            )
        if self.row_errors:
            raise forms.ValidationError(
                ngettext(
                    "%(count)d row needs correcting: nothing has been saved.",
                    "%(count)d rows need correcting: nothing has been saved.",
                    len(self.row_errors),
                ),
                params={"count": len(self.row_errors)},
            )
        return cleaned

    def marks(self) -> dict[int, tuple[str, str]]:
        """The marked rows: member id → (mark, note)."""
        marks = {}
        for member_id in self.member_ids:
            mark = self.cleaned_data.get(f"mark_{member_id}") or ""
            if mark:
                note = nfc(self.cleaned_data.get(f"note_{member_id}") or "")
                marks[member_id] = (mark, note)
        return marks
