"""The blank attendance sheet of a meeting (danh sách đảng viên dự sinh hoạt chi bộ): the roll on the
meeting's date, each member with whether they are official or probationary, a column to sign and a
column for notes, exempt members marked. For cells whose members sign on paper; printed before the
meeting (a planned one) or for any meeting. Two queries for the roll, whatever its length.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from meetings.models import Meeting, MeetingKind
from meetings.selectors import meeting_roster
from reports.dashboards.base import day_text
from reports.documents.frame import cell_header, cell_signature
from reports.documents.printed import issue_of
from reports.documents.render import html_to_pdf
from reports.models import DocumentKind, DocumentNumber

TEMPLATE = "reports/documents/attendance_sheet.html"


@dataclass(frozen=True)
class SheetRow:
    number: int
    full_name: str
    code: str
    official: bool
    exempt: bool


def sheet_context(
    meeting: Meeting, *, taken: DocumentNumber | None = None
) -> dict[str, Any]:
    """What the attendance sheet shows (call it in the document's language)."""
    cell = meeting.cell
    roster = meeting_roster(meeting)
    rows = [
        SheetRow(n, row.full_name, row.code, row.official, row.exempt)
        for n, row in enumerate(roster.on_roll, start=1)
    ]
    issue = issue_of(
        kind=DocumentKind.ATTENDANCE_SHEET,
        subject=meeting.key,
        cell=cell,
        day=meeting.held_on,
        taken=taken,
    )
    official = sum(1 for row in rows if row.official)
    return {
        "meeting": meeting,
        "cell": cell,
        "header": cell_header(cell, issue.number, meeting.held_on),
        "signature": cell_signature(cell, meeting.held_on),
        "issue": issue,
        "kind_text": MeetingKind(meeting.kind).label,
        "date_text": day_text(meeting.held_on),
        "start_text": meeting.start_time.strftime("%H:%M")
        if meeting.start_time
        else "",
        "rows": rows,
        "total": len(rows),
        "official": official,
        "probationary": len(rows) - official,
        "exempt": sum(1 for row in rows if row.exempt),
    }


def render_attendance_sheet_html(
    meeting: Meeting,
    *,
    taken: DocumentNumber | None = None,
    language: str | None = None,
) -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        return render_to_string(TEMPLATE, sheet_context(meeting, taken=taken))


def render_attendance_sheet(
    meeting: Meeting,
    *,
    taken: DocumentNumber | None = None,
    language: str | None = None,
) -> bytes:
    """The attendance sheet as a PDF."""
    return html_to_pdf(
        render_attendance_sheet_html(meeting, taken=taken, language=language)
    )
