from cells.models.cell import Cell
from cells.models.choices import (
    CellKind,
    Gender,
    OfficePosition,
    Poverty,
    Rating,
    ResidenceFeedback,
    RoleKind,
    StatusKind,
)
from cells.models.household import Household, HouseholdYear
from cells.models.member import CellMembership, Member, Office, StatusPeriod
from cells.models.ratings import RatingRule
from cells.models.role import Role
from cells.models.years import CellYear, MemberYear

__all__ = [
    "Cell",
    "CellKind",
    "CellMembership",
    "CellYear",
    "Gender",
    "Household",
    "HouseholdYear",
    "Member",
    "MemberYear",
    "Office",
    "OfficePosition",
    "Poverty",
    "Rating",
    "RatingRule",
    "ResidenceFeedback",
    "Role",
    "RoleKind",
    "StatusKind",
    "StatusPeriod",
]
