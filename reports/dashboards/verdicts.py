"""How a verdict is shown: a colour, a symbol and a text, never colour alone."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from scoring.domain import State


@dataclass(frozen=True)
class Verdict:
    """One criterion's state as the pages show it: ``css`` gives the colour, ``symbol`` the shape (hidden
    from screen readers) and ``label`` the words they read."""

    state: str
    symbol: str
    css: str
    label: str | Promise

    def __reduce__(self):
        # Pickled (the dashboards' cache) as a reference to the constant below: a lazy label unpickles
        # as a new class each time, and a ward's rows hold 520 verdicts (docs/performance.md).
        return verdict_of, (self.state,)


VERDICTS: dict[State, Verdict] = {
    State.PASSED: Verdict("passed", "✓", "verdict-passed", _("passed")),
    State.FAILED: Verdict("failed", "✗", "verdict-failed", _("failed")),
    State.UNDECIDED: Verdict(
        "undecided", "?", "verdict-undecided", _("undecided: data missing")
    ),
    State.PENDING: Verdict(
        "pending", "…", "verdict-pending", _("pending: not due yet")
    ),
    State.NOT_APPLICABLE: Verdict(
        "not_applicable", "–", "verdict-na", _("not applicable")
    ),
}
# The legend lists them in the order in which a verdict is decided (DOMAIN.md).
LEGEND: tuple[Verdict, ...] = (
    VERDICTS[State.PASSED],
    VERDICTS[State.FAILED],
    VERDICTS[State.UNDECIDED],
    VERDICTS[State.PENDING],
    VERDICTS[State.NOT_APPLICABLE],
)


def verdict_of(state: State | str) -> Verdict:
    return VERDICTS[State(state)]
