"""Meetings changed by a save, announced once the save has committed.

The evaluations are cached per cell (``scoring/cache.py``). A save that changed a cell's meetings can
evaluate that cell again right after it commits, so that the dashboards that read it next do not wait for
it (docs/performance.md). ``meetings`` may not import ``scoring`` (apps depend one way: reports → scoring →
meetings → cells → wards): the services announce here, and ``scoring`` listens (``ScoringConfig.ready``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

# A listener is told the (cell id, year) of the meetings a committed save changed.
Listener = Callable[[Iterable[tuple[int, int]]], None]

_listeners: list[Listener] = []


def register_listener(listener: Listener) -> None:
    """Add ``listener`` (once, however often it is registered)."""
    if listener not in _listeners:
        _listeners.append(listener)


def unregister_listener(listener: Listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def meeting_changed(cell_id: int, year: int) -> None:
    """Called inside the transaction of a save: once it commits, every listener hears of it (never if it
    rolls back)."""
    if _listeners:
        transaction.on_commit(lambda: _announce([(cell_id, year)]))


def _announce(changes: list[tuple[int, int]]) -> None:
    for listener in list(_listeners):
        listener(changes)
