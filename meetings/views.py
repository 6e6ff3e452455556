"""Screens about a cell's meetings: the list, planning, the meeting's page, recording its minutes, the
attendance on one screen, and the state buttons (submit, lock, unlock).

Every view goes through ``cells.access``: anonymous users go to the login page, a cell out of the user's
scope is a 404, a write without the right is a 403. The views are thin: selectors read, services write, and
a service's refusal (``MeetingsError``) is shown to the user as it is worded.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_http_methods, require_safe

from cells.access import Action, CellAccessMixin, can, cell_access
from cells.models import Cell
from cells.selectors import cell_by_code
from meetings import selectors, services
from meetings.errors import AttendanceRefused, MeetingConflict, MeetingsError
from meetings.forms import (
    AttendanceForm,
    MeetingFilter,
    MeetingPlanForm,
    MeetingRecordForm,
)
from meetings.models import Mark, Meeting, MeetingState
from meetings.selectors import Roster

MEETINGS_PER_PAGE = 20


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _posted_version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("expected_version", ""))
    except ValueError:
        return None


# --- A cell's meetings ---------------------------------------------------------------------------


@cell_access(Action.READ, cell_from=cell_by_code)
@require_safe
def meeting_list(request: HttpRequest, cell_code: str) -> HttpResponse:
    cell = request.access_cell
    today = timezone.localdate()
    filters = MeetingFilter(
        request.GET or None,
        queryset=selectors.meetings_for(cell, today=today),
        years=selectors.meeting_years(cell, today=today),
    )
    page = Paginator(filters.qs, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "cell": cell,
            "filters": filters,
            "filtered": any(request.GET.get(name) for name in filters.filters),
            "page": page,
            "rows": selectors.meeting_rows(page.object_list),
            "planned": selectors.meeting_rows(
                selectors.planned_meetings(cell, today=today)
            ),
            "query": query.urlencode(),
            "can_plan": can(request.user, Action.WRITE, cell),
            "today": today,
        },
    )


@cell_access(Action.WRITE, cell_from=cell_by_code)
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_plan(request: HttpRequest, cell_code: str) -> HttpResponse:
    cell = request.access_cell
    if request.method != "POST":
        form = MeetingPlanForm(initial={"held_on": timezone.localdate()})
    else:
        form = MeetingPlanForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.meeting_plan(
                    cell=cell,
                    held_on=form.cleaned_data["held_on"],
                    kind=form.cleaned_data["kind"],
                    topic=form.cleaned_data["topic"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The meeting of %(date)s has been planned.")
                    % {"date": meeting.held_on.strftime("%d/%m/%Y")},
                )
                return redirect("meetings:meeting_detail", meeting.key)
    return render(request, "meetings/meeting_plan.html", {"cell": cell, "form": form})


# --- One meeting ---------------------------------------------------------------------------------


class MeetingAccessMixin(CellAccessMixin):
    """A view about one meeting, named by its key: access is decided on the meeting's cell."""

    meeting: Meeting

    def get_access_cell(self) -> Cell:
        self.meeting = selectors.meeting_by_key(key=self.kwargs["key"])
        return self.meeting.cell

    def to_meeting(self) -> HttpResponse:
        return redirect("meetings:meeting_detail", self.meeting.key)

    def refuse_if_locked(self, request: HttpRequest) -> HttpResponse | None:
        if self.meeting.state == MeetingState.LOCKED:
            messages.warning(
                request,
                _(
                    "This meeting is locked: a ward official must unlock it before it "
                    "can be changed."
                ),
            )
            return self.to_meeting()
        return None


class MeetingDetailView(MeetingAccessMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        meeting = self.meeting
        roster = selectors.meeting_roster(meeting)
        return render(
            request,
            "meetings/meeting_detail.html",
            {
                "cell": meeting.cell,
                "meeting": meeting,
                "roster": roster,
                "counts": roster.counts,
                "actions": selectors.meeting_actions(meeting, request.user),
                "overdue": meeting.state == MeetingState.PLANNED
                and meeting.held_on < timezone.localdate(),
                "updated_by": services.user_name(meeting.updated_by),
            },
        )


class MeetingRecordView(MeetingAccessMixin, View):
    """Record the minutes (biên bản) of a meeting; a planned meeting becomes a draft."""

    access_action = Action.WRITE
    http_method_names = ["get", "head", "post"]

    def render_form(
        self, request: HttpRequest, form: MeetingRecordForm, *, conflict: str = ""
    ) -> HttpResponse:
        return render(
            request,
            "meetings/meeting_form.html",
            {
                "cell": self.meeting.cell,
                "meeting": self.meeting,
                "form": form,
                "conflict": conflict,
            },
        )

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        refused = self.refuse_if_locked(request)
        if refused:
            return refused
        form = MeetingRecordForm(
            instance=copy.copy(self.meeting),
            initial={"expected_version": self.meeting.version},
        )
        return self.render_form(request, form)

    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        # The form writes into its instance as it validates: keep the page's meeting as saved.
        form = MeetingRecordForm(request.POST, instance=copy.copy(self.meeting))
        if form.is_valid():
            try:
                meeting = services.meeting_save(
                    meeting=self.meeting,
                    data=form.record(),
                    by=request.user,
                    expected_version=form.cleaned_data["expected_version"],
                )
            except MeetingConflict as conflict:
                # The input stays on the form; saving again, after a look at the message, replaces the
                # other change on purpose.
                form.data = form.data.copy()
                form.data["expected_version"] = str(conflict.current_version)
                return self.render_form(request, form, conflict=conflict.message)
            except MeetingsError as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("The minutes of the meeting have been saved.")
                )
                return redirect("meetings:meeting_detail", meeting.key)
        return self.render_form(request, form)


class AttendanceView(MeetingAccessMixin, View):
    """Every member of the roll on one screen; one POST saves all the marks."""

    access_action = Action.WRITE
    http_method_names = ["get", "head", "post"]

    def render_roster(
        self,
        request: HttpRequest,
        roster: Roster,
        *,
        version: int,
        error: str = "",
        conflict: bool = False,
    ) -> HttpResponse:
        return render(
            request,
            "meetings/attendance_form.html",
            {
                "cell": self.meeting.cell,
                "meeting": self.meeting,
                "roster": roster,
                "counts": roster.counts,
                "version": version,
                "error": error,
                "conflict": conflict,
                "marks": Mark,
            },
        )

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        refused = self.refuse_if_locked(request)
        if refused:
            return refused
        roster = selectors.meeting_roster(self.meeting).proposed()
        return self.render_roster(request, roster, version=self.meeting.version)

    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        roster = selectors.meeting_roster(self.meeting)
        form = AttendanceForm(request.POST, roster=roster)
        if not form.is_valid():
            refused = getattr(form, "row_errors", {})
            return self.render_roster(
                request,
                roster.entered(form.marks(), refused) if refused else roster.proposed(),
                version=self.meeting.version,
                error=" ".join(form.non_field_errors())
                or _("The form was incomplete: please enter the attendance again."),
            )
        marks = form.marks()
        version = form.cleaned_data["expected_version"]
        if "all_present" in request.POST:
            # Without JavaScript, "all present" comes back here: marked, not saved yet.
            return self.render_roster(
                request, roster.entered(all_present(roster, marks)), version=version
            )
        try:
            services.attendance_record(
                meeting=self.meeting,
                marks=marks,
                by=request.user,
                expected_version=version,
            )
        except AttendanceRefused as refusal:
            return self.render_roster(
                request,
                roster.entered(marks, refusal.rows),
                version=version,
                error=refusal.message,
            )
        except MeetingConflict as conflict:
            return self.render_roster(
                request,
                roster.entered(marks),
                version=conflict.current_version,
                error=conflict.message,
                conflict=True,
            )
        except MeetingsError as error:
            return self.render_roster(
                request, roster.entered(marks), version=version, error=error.message
            )
        except ValidationError as error:
            return self.render_roster(
                request,
                roster.entered(marks),
                version=version,
                error=_error_text(error),
            )
        counts = roster.entered(marks).counts
        messages.success(
            request,
            _(
                "The attendance has been saved: %(present)d present of %(on_roll)d on "
                "the roll."
            )
            % {"present": counts.present, "on_roll": counts.on_roll},
        )
        return self.to_meeting()


def all_present(
    roster: Roster, marks: dict[int, tuple[str, str]]
) -> dict[int, tuple[str, str]]:
    """The marks entered, with every member of the roll not yet marked (nor proposed exempt) present."""
    result = dict(marks)
    for row in roster.proposed().on_roll:
        if row.member_id not in result:
            result[row.member_id] = (row.mark or Mark.PRESENT, "")
    return result


class AttendanceCountsView(MeetingAccessMixin, View):
    """The live counts of the attendance screen (htmx): the marks being entered, counted, not saved."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        roster = selectors.meeting_roster(self.meeting)
        form = AttendanceForm(request.POST, roster=roster)
        form.is_valid()  # the version may be missing here: only the marks are counted
        entered = roster.entered(
            {
                member_id: (mark, "")
                for member_id, (mark, _note) in form.marks().items()
                if mark in Mark.values
            }
        )
        return render(
            request,
            "meetings/_attendance_counts_body.html",
            {"meeting": self.meeting, "counts": entered.counts},
        )


# --- State buttons -------------------------------------------------------------------------------


class MeetingStateView(MeetingAccessMixin, View):
    """A button that moves a meeting to its next state; answers with the meeting's page."""

    http_method_names = ["post"]
    done_message = ""

    def change(self, request: HttpRequest, version: int) -> Meeting:
        raise NotImplementedError

    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        version = _posted_version(request)
        if version is None:
            messages.error(request, _("The page was out of date: please try again."))
            return self.to_meeting()
        try:
            self.change(request, version)
        except MeetingsError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, self.done_message)
        return self.to_meeting()


class MeetingSubmitView(MeetingStateView):
    def change(self, request: HttpRequest, version: int) -> Meeting:
        self.done_message = _(
            "The meeting has been submitted: it now counts in the cell's evaluation."
        )
        return services.meeting_submit(
            meeting=self.meeting, by=request.user, expected_version=version
        )


class MeetingLockView(MeetingStateView):
    write_action = Action.LOCK

    def change(self, request: HttpRequest, version: int) -> Meeting:
        self.done_message = _("The meeting has been locked.")
        return services.meeting_lock(
            meeting=self.meeting, by=request.user, expected_version=version
        )


class MeetingUnlockView(MeetingStateView):
    write_action = Action.LOCK

    def change(self, request: HttpRequest, version: int) -> Meeting:
        self.done_message = _(
            "The meeting has been unlocked: the cell can correct it again."
        )
        return services.meeting_unlock(
            meeting=self.meeting, by=request.user, expected_version=version
        )
