"""Score sheets: proposals for the computed items, saving a sheet, and a meeting's score."""

from scoring.sheets.proposals import (
    Band,
    ComputedItem,
    MeetingValues,
    Proposal,
    band_points,
    proposals_for,
    propose,
)
from scoring.sheets.save import (
    ScoreSheetConflict,
    ScoreSheetInvalid,
    score_sheet_save,
)
from scoring.sheets.scores import DIFFERENCE_FLAG, MeetingScore, meeting_score

__all__ = [
    "DIFFERENCE_FLAG",
    "Band",
    "ComputedItem",
    "MeetingScore",
    "MeetingValues",
    "Proposal",
    "ScoreSheetConflict",
    "ScoreSheetInvalid",
    "band_points",
    "meeting_score",
    "proposals_for",
    "propose",
    "score_sheet_save",
]
