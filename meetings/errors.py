"""The errors of the meetings app: their message is for the user, already translated (STYLE.md "Domain
errors carry the user's message"). Views show it as a message or on the form; nothing is saved."""

from __future__ import annotations

from collections.abc import Mapping


class MeetingsError(Exception):
    """A refused change to a meeting or its attendance; ``message`` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class MeetingConflict(MeetingsError):
    """The change was based on an old version of the meeting: someone saved it in between."""

    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


class AttendanceRefused(MeetingsError):
    """Some marks cannot be saved: ``rows`` holds the reason for each member id (nothing was saved)."""

    def __init__(self, message: str, *, rows: Mapping[int, str]) -> None:
        super().__init__(message)
        self.rows = dict(rows)
