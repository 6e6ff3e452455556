"""Whether to show the links to the history pages and to the web import (``cells.access`` decides)."""

from __future__ import annotations

from django import template

from cells.access import Action, can, can_ward
from cells.models import Cell
from wards.models import Ward

register = template.Library()


@register.filter
def shows_history(cell: Cell, user) -> bool:
    """``{% if cell|shows_history:user %}``: ward officials and superusers."""
    return can(user, Action.MANAGE, cell)


@register.filter
def imports_for(ward: Ward, user) -> bool:
    """``{% if ward|imports_for:user %}``: who may import workbooks for the ward."""
    return can_ward(user, Action.IMPORT, ward)
