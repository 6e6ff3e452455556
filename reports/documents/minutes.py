"""The minutes of a meeting (biên bản sinh hoạt chi bộ), printed with every field of DOMAIN.md "Meetings
and attendance": kind, date, time and duration, place, topic, chair, minute-taker, the upper-level member
who attended, the roll on the day with its marks (the names of the excused, absent and exempt members), the
members who spoke, last month's targets met, the content, the conclusion and its vote, the text of the
minutes, and the meeting's scores when it was scored. Signed by the minute-taker (thư ký) and the chair
(chủ trì).

A constant number of queries whatever the size of the roll (the roster in two, the scores in four).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from meetings.models import Mark, Meeting, MeetingKind
from meetings.selectors import RosterRow, meeting_roster
from reports.dashboards.base import day_text, score_text
from reports.documents.frame import cell_header
from reports.documents.printed import issue_of
from reports.documents.render import html_to_pdf
from reports.models import DocumentKind, DocumentNumber
from scoring.facts import meeting_scores
from scoring.web_views import class_label

TEMPLATE = "reports/documents/minutes.html"


@dataclass(frozen=True)
class RollSummary:
    """The roll on the meeting's date and its marks, as the minutes state them."""

    total: int
    official: int
    present: int
    excused: tuple[str, ...]  # names, with the reason when one was noted
    absent: tuple[str, ...]
    exempt: tuple[str, ...]
    unmarked: int

    @property
    def probationary(self) -> int:
        return self.total - self.official


@dataclass(frozen=True)
class ScoreSummary:
    """The meeting's two score sheets and its class (the upper-level sheet when there is one)."""

    self_text: str
    upper_text: str
    score_text: str
    class_text: str


def person(row: RosterRow) -> str:
    return f"{row.full_name} ({row.note})" if row.note else row.full_name


def roll_summary(rows: tuple[RosterRow, ...]) -> RollSummary:
    def named(mark: str) -> tuple[str, ...]:
        return tuple(person(row) for row in rows if row.mark == mark)

    return RollSummary(
        total=len(rows),
        official=sum(1 for row in rows if row.official),
        present=sum(1 for row in rows if row.mark == Mark.PRESENT),
        excused=named(Mark.EXCUSED),
        absent=named(Mark.ABSENT),
        exempt=named(Mark.EXEMPT),
        unmarked=sum(1 for row in rows if not row.mark),
    )


def score_summary(meeting: Meeting) -> ScoreSummary | None:
    """The scores of the meeting, None when it has no score sheet (a study session never has one)."""
    if meeting.kind == MeetingKind.STUDY:
        return None
    scores = meeting_scores(Meeting.objects.filter(pk=meeting.pk)).get(meeting.pk)
    if not scores:
        return None
    return ScoreSummary(
        self_text=score_text(scores["self"]),
        upper_text=score_text(scores["upper"]),
        score_text=score_text(scores["score"]),
        class_text=class_label(scores["class"]),
    )


def duration_text(minutes: int | None) -> str:
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(h)d h %(m)02d min") % {"h": hours, "m": rest}
    if hours:
        return _("%(h)d h") % {"h": hours}
    return _("%(m)d min") % {"m": rest}


def time_text(value: datetime.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def percent_text(value: Decimal | None) -> str:
    return "" if value is None else score_text(value) + "%"


def paragraphs(text: str) -> tuple[str, ...]:
    """The lines of a text field, each printed as a paragraph of its own."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def minutes_subject(meeting: Meeting) -> str:
    return meeting.key


def minutes_context(
    meeting: Meeting, *, taken: DocumentNumber | None = None
) -> dict[str, Any]:
    """What the minutes template shows (call it in the document's language). The date line is the
    meeting's date: the minutes are written at the meeting."""
    cell = meeting.cell
    roster = meeting_roster(meeting)
    issue = issue_of(
        kind=DocumentKind.MINUTES,
        subject=minutes_subject(meeting),
        cell=cell,
        day=meeting.held_on,
        taken=taken,
    )
    return {
        "meeting": meeting,
        "cell": cell,
        "header": cell_header(cell, issue.number, meeting.held_on),
        "issue": issue,
        "kind_text": MeetingKind(meeting.kind).label,
        "date_text": day_text(meeting.held_on),
        "start_text": time_text(meeting.start_time),
        "end_text": time_text(meeting.end_time),
        "duration_text": duration_text(meeting.duration_minutes),
        "targets_text": percent_text(meeting.targets_met_percent),
        # The marks are the roster of the meeting as it was: a mark kept for a member whose period
        # was corrected afterwards still counts in the minutes.
        "roll": roll_summary(roster.rows),
        "content": paragraphs(meeting.content),
        "conclusion": paragraphs(meeting.conclusion),
        "record": paragraphs(meeting.minutes),
        "scores": score_summary(meeting),
        "chair_name": meeting.chair.full_name if meeting.chair else "",
        "taker_name": meeting.minute_taker.full_name if meeting.minute_taker else "",
    }


def render_minutes_html(
    meeting: Meeting,
    *,
    taken: DocumentNumber | None = None,
    language: str | None = None,
) -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        return render_to_string(TEMPLATE, minutes_context(meeting, taken=taken))


def render_minutes(
    meeting: Meeting,
    *,
    taken: DocumentNumber | None = None,
    language: str | None = None,
) -> bytes:
    """The minutes as a PDF."""
    return html_to_pdf(render_minutes_html(meeting, taken=taken, language=language))
