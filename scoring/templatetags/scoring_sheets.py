"""``{% score_summary meeting %}``: the meeting's two score sheets side by side on the meeting's page,
with the links to enter them for the users allowed to."""

from __future__ import annotations

from django import template

from cells.access import Action, can
from meetings.models import Meeting, MeetingKind, MeetingState

register = template.Library()


@register.inclusion_tag("scoring/_score_summary.html", takes_context=True)
def score_summary(context: template.Context, meeting: Meeting) -> dict:
    from scoring.web_views import meeting_sheets

    user = context["request"].user
    locked = meeting.state == MeetingState.LOCKED
    scorable = (
        meeting.kind != MeetingKind.STUDY and meeting.state != MeetingState.PLANNED
    )
    return {
        "meeting": meeting,
        "sheets": meeting_sheets(meeting),
        "scorable": scorable,
        "may_self": scorable
        and can(user, Action.WRITE, meeting.cell)
        and (not locked or can(user, Action.LOCK, meeting.cell)),
        "may_upper": scorable
        and meeting.state != MeetingState.DRAFT
        and can(user, Action.SCORE_UPPER, meeting.cell),
    }
