"""``{% load print_links %}``: whether the print buttons are shown to a user (``cells.access``,
``Action.PRINT``)."""

from __future__ import annotations

from django import template

from cells.access import Action, can, can_ward
from cells.models import Cell
from wards.models import Ward

register = template.Library()


@register.filter
def prints_cell(cell: Cell, user) -> bool:
    """``{% if cell|prints_cell:user %}``: the cell's secretary, the ward's officials, superusers."""
    return can(user, Action.PRINT, cell)


@register.filter
def prints_ward(ward: Ward, user) -> bool:
    """``{% if ward|prints_ward:user %}``: the ward's officials and superusers."""
    return can_ward(user, Action.PRINT, ward)
