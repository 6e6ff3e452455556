from scoring.models.catalogue import Criterion
from scoring.models.closing import ClosedYear
from scoring.models.rubric import (
    ClassBand,
    ComputedFrom,
    Rubric,
    RubricItem,
    RubricItemBand,
    RubricSection,
)
from scoring.models.sheets import ItemScore, Scorer, ScoreSheet

__all__ = [
    "ClassBand",
    "ClosedYear",
    "ComputedFrom",
    "Criterion",
    "ItemScore",
    "Rubric",
    "RubricItem",
    "RubricItemBand",
    "RubricSection",
    "ScoreSheet",
    "Scorer",
]
