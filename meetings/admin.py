"""Admin of meetings (buổi sinh hoạt chi bộ) and their attendance marks.

A meeting's ``key`` is made on creation and its ``version`` guards against saving over a newer copy, so
both are read-only here; a change made in the admin raises the version like any other save, so that a
secretary's form opened before it is refused instead of silently overwriting it.
"""

import datetime

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import Attendance, Meeting


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fields = ["member", "mark", "note"]
    autocomplete_fields = ["member"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = [
        "held_on",
        "cell",
        "ward_name",
        "kind",
        "state",
        "topic",
        "key",
        "version",
    ]
    list_display_links = ["held_on", "cell"]
    list_filter = ["state", "kind", "cell__ward"]
    list_select_related = ["cell__ward"]
    search_fields = ["key", "topic", "cell__code", "cell__name"]
    autocomplete_fields = ["cell", "chair", "minute_taker"]
    date_hierarchy = "held_on"
    readonly_fields = ["key", "version", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["key", "cell", "kind", "state", "version"]}),
        (
            _("Time and place"),
            {"fields": ["held_on", ("start_time", "end_time"), "place"]},
        ),
        (
            _("Minutes"),
            {
                "fields": [
                    "topic",
                    ("chair", "minute_taker"),
                    "upper_attendee",
                    "speakers",
                    "targets_met_percent",
                    "content",
                    "conclusion",
                    ("votes_for", "votes_against", "votes_abstain"),
                    "minutes",
                ]
            },
        ),
        (_("Last change"), {"fields": ["updated_at", "updated_by"]}),
    ]
    inlines = [AttendanceInline]

    @admin.display(description=_("ward"), ordering="cell__ward__name")
    def ward_name(self, obj: Meeting) -> str:
        return obj.cell.ward.name

    def save_model(
        self, request: HttpRequest, obj: Model, form: ModelForm, change: bool
    ) -> None:
        if change:
            obj.version += 1
        obj.updated_at = timezone.now()
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = [
        "member",
        "mark",
        "meeting_date",
        "cell_name",
        "meeting_kind",
        "note",
    ]
    list_filter = ["mark", "meeting__kind", "meeting__cell__ward"]
    list_select_related = ["meeting__cell", "member"]
    search_fields = [
        "meeting__key",
        "member__code",
        "member__full_name",
        "member__card_number",
    ]
    autocomplete_fields = ["meeting", "member"]
    date_hierarchy = "meeting__held_on"
    # Hundreds of thousands of rows a year: skip counting the whole table on every page.
    show_full_result_count = False

    @admin.display(description=_("date"), ordering="meeting__held_on")
    def meeting_date(self, obj: Attendance) -> datetime.date:
        return obj.meeting.held_on

    @admin.display(description=_("cell"), ordering="meeting__cell__name")
    def cell_name(self, obj: Attendance) -> str:
        return obj.meeting.cell.name

    @admin.display(description=_("meeting"), ordering="meeting__kind")
    def meeting_kind(self, obj: Attendance) -> str:
        return obj.meeting.get_kind_display()
