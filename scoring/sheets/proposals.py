"""Proposed points of the computed (⚙) items of a score sheet (DOMAIN.md "Meeting scores").

``propose`` is pure: it reads an item's bands and the meeting's values as plain data. ``proposals_for``
reads them from the database with a constant number of queries, whatever the number of members.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from meetings.models import COUNTED_STATES, Attendance, Meeting
from scoring.attendance import (
    ABSENT,
    EVALUATED_KINDS,
    PRESENT,
    STREAK_LIMIT,
    attendance_rate,
    excused_streak_flags,
)
from scoring.classes import points_text
from scoring.models import ComputedFrom, Rubric, RubricItem
from scoring.rubrics import band_rank
from scoring.selectors import rubric_in_force

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Band:
    """From ``min_value`` on (or above it, when not ``inclusive``), ``points`` are proposed."""

    min_value: Decimal
    inclusive: bool
    points: Decimal

    def holds(self, value: Decimal) -> bool:
        if self.inclusive:
            return value >= self.min_value
        return value > self.min_value


@dataclass(frozen=True)
class ComputedItem:
    """A computed item as the proposal reads it; ``bands`` in any order."""

    code: str
    computed_from: str
    bands: tuple[Band, ...]
    streak_penalty: Decimal = Decimal(0)


@dataclass(frozen=True)
class MeetingValues:
    """What a meeting's computed items are proposed from; None where the meeting lacks the data.

    ``marks`` are the meeting's attendance marks; ``streak_flagged`` the names of the members whom the
    excused streak flags at this meeting.
    """

    marks: tuple[str, ...] = ()
    streak_flagged: tuple[str, ...] = ()
    duration_minutes: int | None = None
    speakers: int | None = None
    targets_met_percent: Decimal | None = None


@dataclass(frozen=True)
class Proposal:
    """The points that the meeting's data support for an item, and where they come from."""

    points: Decimal
    source: str


def band_points(bands: Iterable[Band], value: Decimal) -> Decimal:
    """The points of the highest band that ``value`` reaches; 0 below every band. Bands are half-open."""
    for band in sorted(
        bands, key=lambda b: band_rank(b.min_value, b.inclusive), reverse=True
    ):
        if band.holds(value):
            return band.points
    return Decimal(0)


def percent_text(value: Decimal) -> str:
    """A percentage as shown beside a proposal: 100, 95,2 (vi). Cut, not rounded, to one decimal, so that
    99.96% never reads as 100%."""
    if value == value.to_integral_value():
        shown = value.quantize(Decimal(1))
    else:
        shown = value.quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return formats.number_format(shown, use_l10n=True)


def _attendance(item: ComputedItem, values: MeetingValues) -> Proposal | None:
    if not values.marks:
        return None
    present = values.marks.count(PRESENT)
    counted = present + values.marks.count(ABSENT)
    rate = attendance_rate(values.marks) * HUNDRED
    points = band_points(item.bands, rate)
    source = _("Attendance rate %(rate)s%% (%(present)s/%(counted)s)") % {
        "rate": percent_text(rate),
        "present": present,
        "counted": counted,
    }
    if values.streak_flagged and item.streak_penalty:
        points = max(Decimal(0), points - item.streak_penalty)
        source += "; " + _(
            "%(names)s absent with excuse more than %(limit)s meetings in a row: "
            "minus %(points)s"
        ) % {
            "names": ", ".join(values.streak_flagged),
            "limit": STREAK_LIMIT,
            "points": points_text(item.streak_penalty),
        }
    return Proposal(points, source)


def _duration(item: ComputedItem, values: MeetingValues) -> Proposal | None:
    if values.duration_minutes is None:
        return None
    return Proposal(
        band_points(item.bands, Decimal(values.duration_minutes)),
        _("Duration %(minutes)s minutes") % {"minutes": values.duration_minutes},
    )


def _speakers(item: ComputedItem, values: MeetingValues) -> Proposal | None:
    present = values.marks.count(PRESENT)
    if values.speakers is None or present == 0:
        return None
    share = Decimal(values.speakers) / Decimal(present) * HUNDRED
    return Proposal(
        band_points(item.bands, share),
        _("%(speakers)s/%(present)s members spoke")
        % {"speakers": values.speakers, "present": present},
    )


def _targets(item: ComputedItem, values: MeetingValues) -> Proposal | None:
    if values.targets_met_percent is None:
        return None
    return Proposal(
        band_points(item.bands, values.targets_met_percent),
        _("Last month's targets %(percent)s%% met")
        % {"percent": percent_text(values.targets_met_percent)},
    )


PROPOSERS = {
    ComputedFrom.ATTENDANCE: _attendance,
    ComputedFrom.DURATION: _duration,
    ComputedFrom.SPEAKERS: _speakers,
    ComputedFrom.TARGETS: _targets,
}


def propose(item: ComputedItem, values: MeetingValues) -> Proposal | None:
    """The proposal for one computed item, or None when the meeting lacks its data (or the item its
    bands).

    Attendance (I.1 by default): the rate present ÷ (present + absent) in percent, minus the item's streak
    penalty (never below 0) when a member is absent with excuse more than 3 meetings in a row. Duration:
    minutes from start to end. Speakers: members who spoke ÷ members present, in percent. Targets: the share
    of last month's targets met.
    """
    proposer = PROPOSERS.get(item.computed_from)
    if proposer is None or not item.bands:
        return None  # a rubric still being entered: nothing to propose from
    return proposer(item, values)


def propose_all(
    items: Iterable[ComputedItem], values: MeetingValues
) -> dict[str, Proposal | None]:
    return {item.code: propose(item, values) for item in items}


# --- Reading the meeting -------------------------------------------------------------------------


def computed_items(items: Iterable[RubricItem]) -> list[ComputedItem]:
    """The computed items among ``items`` (whose ``bands`` are prefetched) as plain data."""
    return [
        ComputedItem(
            code=item.code,
            computed_from=item.computed_from,
            bands=tuple(
                Band(b.min_value, b.inclusive, b.points) for b in item.bands.all()
            ),
            streak_penalty=item.streak_penalty,
        )
        for item in items
        if item.computed_from
    ]


def meeting_values(meeting: Meeting, *, with_streak: bool = True) -> MeetingValues:
    """The values a meeting's items are proposed from (one query).

    The excused streak runs over the cell's submitted and locked regular, thematic and combined meetings of
    the year up to this one, and this meeting itself whatever its state.
    """
    marks: dict[int, dict[int, str]] = defaultdict(dict)
    names: dict[int, str] = {}
    order: dict[int, tuple[object, str]] = {}
    scope = Q(meeting=meeting)
    if with_streak:
        scope |= Q(
            meeting__cell_id=meeting.cell_id,
            meeting__held_on__year=meeting.held_on.year,
            meeting__held_on__lte=meeting.held_on,
            meeting__kind__in=EVALUATED_KINDS,
            meeting__state__in=COUNTED_STATES,
        )
    rows = Attendance.objects.filter(scope).values_list(
        "meeting_id",
        "meeting__held_on",
        "meeting__key",
        "meeting__kind",
        "member_id",
        "member__full_name",
        "mark",
    )
    kinds: dict[int, str] = {}
    for meeting_id, held_on, key, kind, member_id, full_name, mark in rows:
        marks[meeting_id][member_id] = mark
        order[meeting_id] = (held_on, key)
        kinds[meeting_id] = kind
        if meeting_id == meeting.pk:
            names[member_id] = full_name
    flags = excused_streak_flags(
        (meeting_id, kinds[meeting_id], marks[meeting_id])
        for meeting_id in sorted(order, key=order.__getitem__)
    )
    flagged = sorted(names[m] for m in flags.get(meeting.pk, ()))
    return MeetingValues(
        marks=tuple(marks.get(meeting.pk, {}).values()),
        streak_flagged=tuple(flagged),
        duration_minutes=meeting.duration_minutes,
        speakers=meeting.speakers,
        targets_met_percent=meeting.targets_met_percent,
    )


def proposals_from(
    meeting: Meeting, items: Iterable[RubricItem]
) -> dict[str, Proposal | None]:
    """Proposals for the computed ones among ``items`` (bands prefetched): one query for the marks."""
    computed = computed_items(items)
    if not computed:
        return {}
    with_streak = any(
        item.computed_from == ComputedFrom.ATTENDANCE and item.streak_penalty
        for item in computed
    )
    return propose_all(computed, meeting_values(meeting, with_streak=with_streak))


def proposals_for(
    meeting: Meeting, rubric: Rubric | None = None
) -> dict[str, Proposal | None]:
    """Item code → proposal for each computed item of the rubric in force on the meeting's date (or of
    ``rubric``); None where the meeting lacks the data (no marks, no end time, …). Four queries."""
    rubric = rubric or rubric_in_force(meeting.held_on)
    items = rubric.items.prefetch_related("bands").order_by("order")
    return proposals_from(meeting, items)
