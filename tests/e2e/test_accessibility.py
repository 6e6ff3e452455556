"""An accessibility pass (issue 5): axe-core, vendored under tests/e2e/vendor/axe-core, on the main pages of
the demo ward. No "serious" or "critical" WCAG 2 A/AA violation is allowed; lesser ones are reported in the
assertion message for information. The secretary's pages are checked on a phone, the official's at a desk.

axe is injected as an inline script, which the site's Content-Security-Policy forbids: these contexts
alone are opened with ``bypass_csp=True`` (so no CSP violation is reported for the injection)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse

from meetings.models import Meeting, MeetingState
from reports import seed as seeding
from tests.e2e.conftest import DESKTOP, PHONE, Watched

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
YEAR = 2025
TODAY = datetime.date(2026, 3, 15)
CELL = "DT-C01"
BLOCKING = {"serious", "critical"}


def submitted_meeting_key() -> str:
    meetings = Meeting.objects.filter(cell__code=CELL).order_by("-held_on")
    meeting = (
        meetings.filter(state=MeetingState.SUBMITTED).first()
        or meetings.filter(state=MeetingState.LOCKED).first()
    )
    assert meeting is not None, f"the demo seed has no submitted meeting of {CELL}"
    return meeting.key


def member_code() -> str:
    from cells.models import Member

    return Member.objects.filter(memberships__cell__code=CELL).order_by("code")[0].code


# (test id, username or None for the anonymous login page, viewport, URL).
PAGES: list[tuple[str, str | None, dict[str, int], Callable[[], str]]] = [
    ("login", None, PHONE, lambda: reverse("login")),
    (
        "ward-dashboard",
        "phuong",
        DESKTOP,
        lambda: f"/wards/DONGTAM/?year={YEAR}",
    ),
    ("cell-page", "bithu1", PHONE, lambda: f"/cells/{CELL}/"),
    ("member-list", "bithu1", PHONE, lambda: f"/cells/{CELL}/members/"),
    ("meeting-list", "bithu1", PHONE, lambda: f"/meetings/cells/{CELL}/"),
    (
        "attendance",
        "bithu1",
        PHONE,
        lambda: reverse("meetings:attendance", args=[submitted_meeting_key()]),
    ),
    (
        "score-sheet",
        "bithu1",
        PHONE,
        lambda: reverse("scores:sheet_self", args=[submitted_meeting_key()]),
    ),
    (
        "member-ratings",
        "bithu1",
        PHONE,
        lambda: reverse("cells:member_ratings", args=[CELL, YEAR]),
    ),
    (
        "account-list",
        "phuong",
        DESKTOP,
        lambda: reverse("accounts:account_list", args=["DONGTAM"]),
    ),
    (
        "import-upload",
        "phuong",
        DESKTOP,
        lambda: reverse("reports:import_new", args=["DONGTAM"]),
    ),
    (
        "recent-changes",
        "phuong",
        DESKTOP,
        lambda: reverse("reports:ward_changes", args=["DONGTAM"]),
    ),
    (
        "member-history",
        "phuong",
        DESKTOP,
        lambda: reverse("reports:member_history", args=[CELL, member_code()]),
    ),
    (
        "print-batch",
        "phuong",
        DESKTOP,
        lambda: reverse("reports:print_batch", args=["DONGTAM", YEAR]),
    ),
]


def sign_in(watched: Watched, username: str) -> None:
    page = watched.page
    page.goto("/accounts/login/?next=/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(f"partycell-{username}")
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def describe(violation: dict) -> str:
    nodes = []
    for node in violation["nodes"][:5]:
        data = next((c.get("data") for c in node["any"] if c.get("data")), None)
        detail = f" {data}" if isinstance(data, dict) else ""
        nodes.append(", ".join(node["target"]) + detail)
    return (
        f"[{violation['impact']}] {violation['id']}: {violation['help']} "
        f"({len(violation['nodes'])} nodes: {'; '.join(nodes)})"
    )


@pytest.mark.parametrize(
    ("username", "viewport", "url"),
    [pytest.param(user, view, url, id=name) for name, user, view, url in PAGES],
)
def test_a_main_page_has_no_serious_accessibility_violation(
    migrated: None,
    browse: Callable[..., Watched],
    username: str | None,
    viewport: dict[str, int],
    url: Callable[[], str],
) -> None:
    seeding.seed(scale="demo", seed=1, year=YEAR, today=TODAY)
    watched = browse(viewport, bypass_csp=True)
    page = watched.page
    if username:
        sign_in(watched, username)
    response = page.goto(url())
    assert response is not None and response.ok, response and response.status
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
    )
    violations = results["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    others = [v for v in violations if v["impact"] not in BLOCKING]
    assert blocking == [], "\n".join(
        ["serious or critical:", *map(describe, blocking)]
        + ["others (for information):", *map(describe, others)]
    )
    watched.assert_clean()
