"""A meeting's score (DOMAIN.md "Meeting scores"): the upper-level sheet when there is one, else the cell's
own, with its class, and a flag when the two sheets differ by more than 5 points."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from meetings.models import Meeting
from scoring.classes import meets_model_bar
from scoring.facts import meeting_scores
from scoring.models import Scorer

# Sheets differing by more than this many points are flagged [ours].
DIFFERENCE_FLAG = Decimal("5")


@dataclass(frozen=True)
class MeetingScore:
    """``score`` and ``meeting_class`` come from the sheet named by ``source`` ("upper" or "self"; "" when
    the meeting is unscored). ``difference`` is self − upper when both sheets exist."""

    score: Decimal | None
    meeting_class: int | None
    source: str
    self_total: Decimal | None
    upper_total: Decimal | None
    difference: Decimal | None
    flagged: bool
    meets_bar: bool

    @property
    def scored(self) -> bool:
        return self.score is not None


def score_of(
    row: Mapping[str, object] | None, *, flag_above: Decimal = DIFFERENCE_FLAG
) -> MeetingScore:
    """A ``MeetingScore`` from one row of ``facts.meeting_scores`` (None: the meeting is unscored)."""
    if not row:
        return MeetingScore(None, None, "", None, None, None, False, False)
    self_total, upper_total = row["self"], row["upper"]
    difference = (
        self_total - upper_total
        if self_total is not None and upper_total is not None
        else None
    )
    return MeetingScore(
        score=row["score"],
        meeting_class=row["class"],
        source=Scorer.UPPER.value if upper_total is not None else Scorer.SELF.value,
        self_total=self_total,
        upper_total=upper_total,
        difference=difference,
        flagged=difference is not None and abs(difference) > flag_above,
        meets_bar=meets_model_bar(row["class"], row["score"]),
    )


def meeting_score(
    meeting: Meeting, *, flag_above: Decimal = DIFFERENCE_FLAG
) -> MeetingScore:
    """The meeting's score, class and sheets, classified by the same code as the evaluation
    (``facts.meeting_scores``; four queries)."""
    rows = meeting_scores(Meeting.objects.filter(pk=meeting.pk))
    return score_of(rows.get(meeting.pk), flag_above=flag_above)
