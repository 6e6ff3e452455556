"""The language the scoring rules word their verdicts in, looked up once per evaluation.

The rules word about 80,000 messages for a province. Django finds the active language through an
``asgiref`` local, with a lock, on every ``gettext``: a third of the rules' time (docs/performance.md).
``evaluate`` reads the active language once and sets it here for the rules; translations are remembered per
language. Outside ``worded_in`` (a rule called on its own, in a test) the active language is used.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from contextvars import ContextVar

from django.utils import translation

_language: ContextVar[str | None] = ContextVar("scoring_language", default=None)


def current_language() -> str | None:
    return _language.get() or translation.get_language()


@contextlib.contextmanager
def worded_in(language: str | None) -> Iterator[None]:
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


@functools.lru_cache(maxsize=1024)
def _translated(message: str, language: str | None) -> str:
    with translation.override(language):
        return translation.gettext(message)


def gettext(message: str) -> str:
    """``gettext`` in the rules' language, remembered."""
    return _translated(message, current_language())
