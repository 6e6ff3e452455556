"""Writes about meetings and their attendance (STYLE.md "services that write").

Every service runs in one transaction, checks the whole input before it writes, validates the rows it
saves and records ``by`` in the history. Changes are guarded by the meeting's ``version`` (optimistic
locking): a change based on an older version is refused with the name of whoever saved it last, and a
locked meeting is changed only after a ward official unlocks it (DOMAIN.md "Meetings and attendance").

Refusals are ``MeetingsError`` (its message is for the user), ``ValidationError`` (field errors of the
model) or ``PermissionDenied`` (the user may not do this at all).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cells.access import Action, can
from cells.models import Cell
from meetings.changes import meeting_changed
from meetings.errors import AttendanceRefused, MeetingConflict, MeetingsError
from meetings.models import (
    COUNTED_STATES,
    Attendance,
    Mark,
    Meeting,
    MeetingState,
    meeting_key_for,
)
from meetings.selectors import Roster, meeting_roster

# The fields of a meeting's minutes (biên bản) that recording a meeting may change.
MEETING_RECORD_FIELDS = (
    "kind",
    "held_on",
    "start_time",
    "end_time",
    "place",
    "topic",
    "chair",
    "minute_taker",
    "upper_attendee",
    "speakers",
    "targets_met_percent",
    "content",
    "conclusion",
    "votes_for",
    "votes_against",
    "votes_abstain",
    "minutes",
)
NOTE_MAX_LENGTH = Attendance._meta.get_field("note").max_length
# At most this many names are listed in a message; the rest are counted.
NAMES_SHOWN = 5


def user_name(user: AbstractBaseUser | None) -> str:
    """How a user is named in messages: the full name, else the user name."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _names(rows: Any) -> str:
    names = [row.full_name for row in rows]
    shown = ", ".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += " " + _("and %(count)d more") % {"count": len(names) - NAMES_SHOWN}
    return shown


def _require(by: AbstractBaseUser, action: Action, cell: Cell) -> None:
    if not can(by, action, cell):
        if action is Action.LOCK:
            raise PermissionDenied(
                _("Only a ward official may lock or unlock a meeting.")
            )
        raise PermissionDenied(_("You may not change the meetings of this cell."))


def _current(meeting: Meeting, expected_version: int) -> Meeting:
    """The meeting as stored now, its row locked until the transaction ends; a ``MeetingConflict`` when
    its version is not ``expected_version`` (someone saved it since the user opened it)."""
    current = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("cell__ward", "updated_by")
        .get(pk=meeting.pk)
    )
    if current.version != expected_version:
        when = timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y")
        if current.updated_by is not None:
            message = _(
                "The meeting was changed by %(user)s at %(time)s; please review it."
            ) % {"user": user_name(current.updated_by), "time": when}
        else:
            message = _(
                "The meeting was changed by someone else at %(time)s; please review it."
            ) % {"time": when}
        raise MeetingConflict(message, current_version=current.version)
    return current


def _refuse_locked(meeting: Meeting) -> None:
    if meeting.state == MeetingState.LOCKED:
        raise MeetingsError(
            _(
                "This meeting is locked: a ward official must unlock it before it can be "
                "changed."
            )
        )


def _stamp(meeting: Meeting, by: AbstractBaseUser) -> None:
    """Raise the version and record who changed the meeting, and when."""
    meeting.version += 1
    meeting.updated_at = timezone.now()
    meeting.updated_by = by
    meeting._history_user = by


def _save(meeting: Meeting, by: AbstractBaseUser) -> Meeting:
    meeting.full_clean()
    _stamp(meeting, by)
    meeting.save()
    return meeting


def _misfits(roster: Roster) -> list[str]:
    """Why the stored marks do not fit the roll of the meeting's date (empty when they do)."""
    problems = []
    if roster.stray:
        problems.append(
            _("not on the roll on %(date)s: %(names)s")
            % {
                "date": roster.meeting.held_on.strftime("%d/%m/%Y"),
                "names": _names(roster.stray),
            }
        )
    unexempt = [
        row for row in roster.on_roll if row.mark == Mark.EXEMPT and not row.exempt
    ]
    if unexempt:
        problems.append(
            _("marked “exempt” without an approved exemption on that date: %(names)s")
            % {"names": _names(unexempt)}
        )
    return problems


# --- Meetings ------------------------------------------------------------------------------------


def meeting_plan(
    *,
    cell: Cell,
    held_on: Any,
    kind: str,
    topic: str,
    by: AbstractBaseUser,
) -> Meeting:
    """Plan a coming meeting of ``cell`` (state ``planned``): its date, kind and topic only. The date may
    be in the future. Raises ``ValidationError`` with the field errors."""
    _require(by, Action.WRITE, cell)
    with transaction.atomic():
        meeting = Meeting(
            cell=cell,
            held_on=held_on,
            kind=kind,
            topic=topic,
            state=MeetingState.PLANNED,
            updated_at=timezone.now(),
            updated_by=by,
        )
        if cell.code and held_on and kind:
            meeting.key = meeting_key_for(cell.code, held_on, kind)
        meeting.full_clean()
        meeting._history_user = by
        meeting.save()
    return meeting


def meeting_save(
    *,
    meeting: Meeting,
    data: Mapping[str, Any],
    by: AbstractBaseUser,
    expected_version: int,
) -> Meeting:
    """Record a meeting's minutes (biên bản): the fields of ``MEETING_RECORD_FIELDS`` given in ``data``.

    A planned meeting becomes a draft. Refused, with nothing saved: a change based on another version than
    the stored one (``MeetingConflict``, naming who saved it last and when), a locked meeting, a field the
    model refuses (``ValidationError``), and a new date on which the stored marks no longer fit the roll.
    Returns the saved meeting (``meeting`` itself is left as it was).
    """
    unknown = set(data) - set(MEETING_RECORD_FIELDS)
    if unknown:
        raise ValueError(f"meeting_save cannot change {sorted(unknown)}")
    _require(by, Action.WRITE, meeting.cell)
    with transaction.atomic():
        current = _current(meeting, expected_version)
        _refuse_locked(current)
        old_day = current.held_on
        for name, value in data.items():
            setattr(current, name, value)
        if current.state == MeetingState.PLANNED:
            current.state = MeetingState.DRAFT
        current.full_clean()
        if current.held_on != old_day:
            problems = _misfits(meeting_roster(current))
            if problems:
                raise ValidationError(
                    {
                        "held_on": _(
                            "The attendance already entered does not fit this date "
                            "(%(problems)s): correct the attendance first."
                        )
                        % {"problems": "; ".join(problems)}
                    }
                )
        return _save(current, by)


def meeting_submit(
    *, meeting: Meeting, by: AbstractBaseUser, expected_version: int
) -> Meeting:
    """The cell submits a recorded meeting (draft → submitted): from now on it counts in evaluations.

    Refused: a meeting that is not a draft, a date in the future, and a roll on which a member has no mark
    or a mark that does not fit (every member on the roll gets exactly one mark).
    """
    _require(by, Action.WRITE, meeting.cell)
    with transaction.atomic():
        current = _current(meeting, expected_version)
        _refuse_locked(current)
        if current.state == MeetingState.SUBMITTED:
            raise MeetingsError(_("This meeting has already been submitted."))
        if current.state == MeetingState.PLANNED:
            raise MeetingsError(
                _("Record the meeting and its attendance before submitting it.")
            )
        if current.held_on > timezone.localdate():
            raise MeetingsError(
                _(
                    "A meeting dated in the future cannot be submitted: it has not been held yet."
                )
            )
        roster = meeting_roster(current)
        if not roster.on_roll:
            raise MeetingsError(
                _("Nobody was on the cell's roll on the meeting date: check its date.")
            )
        if roster.unmarked:
            raise MeetingsError(
                ngettext(
                    "Every member on the roll needs a mark: %(count)d member has none "
                    "(%(names)s).",
                    "Every member on the roll needs a mark: %(count)d members have none "
                    "(%(names)s).",
                    len(roster.unmarked),
                )
                % {"count": len(roster.unmarked), "names": _names(roster.unmarked)}
            )
        problems = _misfits(roster)
        if problems:
            raise MeetingsError(
                _("Some marks do not fit the meeting date: %(problems)s.")
                % {"problems": "; ".join(problems)}
            )
        current.state = MeetingState.SUBMITTED
        return _save(current, by)


def meeting_lock(
    *, meeting: Meeting, by: AbstractBaseUser, expected_version: int
) -> Meeting:
    """A ward official locks a submitted meeting: the cell can no longer change it."""
    _require(by, Action.LOCK, meeting.cell)
    with transaction.atomic():
        current = _current(meeting, expected_version)
        if current.state == MeetingState.LOCKED:
            raise MeetingsError(_("This meeting is already locked."))
        if current.state != MeetingState.SUBMITTED:
            raise MeetingsError(_("Only a submitted meeting can be locked."))
        current.state = MeetingState.LOCKED
        return _save(current, by)


def meeting_unlock(
    *, meeting: Meeting, by: AbstractBaseUser, expected_version: int
) -> Meeting:
    """A ward official unlocks a locked meeting (locked → submitted), so that it can be corrected."""
    _require(by, Action.LOCK, meeting.cell)
    with transaction.atomic():
        current = _current(meeting, expected_version)
        if current.state != MeetingState.LOCKED:
            raise MeetingsError(_("This meeting is not locked."))
        current.state = MeetingState.SUBMITTED
        return _save(current, by)


# --- Attendance ----------------------------------------------------------------------------------


def attendance_record(
    *,
    meeting: Meeting,
    marks: Mapping[int, tuple[str, str]],
    by: AbstractBaseUser,
    expected_version: int,
    require_all: bool = False,
) -> list[Attendance]:
    """Save the attendance of a meeting (điểm danh) in one go: ``marks`` maps a member id to its
    ``(mark, note)`` and replaces the meeting's marks as a whole.

    Refused, with the reason for each member id and nothing saved (``AttendanceRefused``): a member who is
    not on the cell's roll on the meeting date, an unknown mark, ``exempt`` without an approved exemption
    covering the date, a note too long, and — when ``require_all`` or when the meeting is already
    submitted — a member of the roll without a mark. Also refused: a locked meeting, an old version
    (``MeetingConflict``). A planned meeting becomes a draft; the meeting's version is raised.

    The rows are checked together against the roll (``meeting_roster``: a constant number of queries)
    rather than by ``Attendance.full_clean()`` one by one, which would query per row; each row's own
    fields are still validated (``clean_fields``), and the rows are written in bulk with their history.
    """
    _require(by, Action.WRITE, meeting.cell)
    with transaction.atomic():
        current = _current(meeting, expected_version)
        _refuse_locked(current)
        roster = meeting_roster(current)
        rows = {row.member_id: row for row in roster.on_roll}
        errors: dict[int, str] = {}
        for member_id, (mark, note) in marks.items():
            row = rows.get(member_id)
            if row is None:
                errors[member_id] = _(
                    "This member was not on the cell's roll on the meeting date."
                )
            elif mark not in Mark.values:
                errors[member_id] = _("Unknown mark “%(mark)s”.") % {"mark": mark}
            elif mark == Mark.EXEMPT and not row.exempt:
                errors[member_id] = _(
                    "“Exempt” needs an approved exemption covering the meeting date."
                )
            elif len(note) > NOTE_MAX_LENGTH:
                errors[member_id] = _(
                    "The note is too long (at most %(limit)d characters)."
                ) % {"limit": NOTE_MAX_LENGTH}
        if require_all or current.state in COUNTED_STATES:
            for member_id in rows:
                if member_id not in marks:
                    errors[member_id] = _("Every member on the roll needs a mark.")
        if errors:
            raise AttendanceRefused(
                ngettext(
                    "%(count)d row needs correcting: nothing has been saved.",
                    "%(count)d rows need correcting: nothing has been saved.",
                    len(errors),
                )
                % {"count": len(errors)},
                rows=errors,
            )
        current.check_year_open(what=Attendance._meta.verbose_name)

        stored = {a.member_id: a for a in Attendance.objects.filter(meeting=current)}
        created, changed = [], []
        for member_id, (mark, note) in marks.items():
            attendance = stored.pop(member_id, None)
            if attendance is None:
                attendance = Attendance(
                    meeting=current, member_id=member_id, mark=mark, note=note
                )
                attendance.clean_fields(exclude=["meeting", "member"])
                created.append(attendance)
            elif (attendance.mark, attendance.note) != (mark, note):
                attendance.mark, attendance.note = mark, note
                attendance.clean_fields(exclude=["meeting", "member"])
                changed.append(attendance)
        if created:
            bulk_create_with_history(created, Attendance, default_user=by)
        if changed:
            bulk_update_with_history(
                changed, Attendance, ["mark", "note"], default_user=by
            )
        # Marks left out are dropped (rare: a mark kept for a member no longer on that roll).
        for attendance in stored.values():
            attendance._history_user = by
            attendance.delete()

        if current.state == MeetingState.PLANNED:
            current.state = MeetingState.DRAFT
        _save(current, by)
        meeting_changed(current.cell_id, current.held_on.year)
    return list(
        Attendance.objects.filter(meeting=current)
        .select_related("member")
        .order_by("member__code")
    )
