"""Playwright on Debian's Chromium against pytest-django's live server (DESIGN.md "Known facts").

Never run ``playwright install``: the browser is /usr/bin/chromium. Every page a test opens is watched for
console errors, uncaught exceptions and Content-Security-Policy violations; ``browse`` fails the test when
any happened.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Reported by the page itself, so that a violation is seen even when Chromium words it differently.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@dataclass
class Watched:
    """A page and what went wrong on it."""

    page: Page
    problems: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.problems.append(
                f"console: {message.text} ({where} on {self.page.url})"
            )

    def assert_clean(self) -> None:
        assert self.problems == [], "\n".join(self.problems)

    def screenshot(self, name: str, *, full_page: bool = True) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browse(browser: Browser, live_server) -> Iterator[Callable[..., Watched]]:
    """``browse(viewport=PHONE)`` opens a fresh browser context on the live server.

    ``bypass_csp=True`` is for tests that inject a test-only script (axe-core), never for the site itself."""
    contexts = []
    watched_pages: list[Watched] = []

    def open_page(
        viewport: dict[str, int] = PHONE, *, bypass_csp: bool = False
    ) -> Watched:
        context = browser.new_context(
            bypass_csp=bypass_csp,
            viewport=viewport,
            base_url=live_server.url,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            device_scale_factor=1,
            reduced_motion="reduce",  # Bootstrap then opens menus at once: steady screenshots
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.add_init_script(CSP_LISTENER)
        watched = Watched(page)
        page.on("console", watched.console)
        page.on("pageerror", lambda error: watched.problems.append(f"page: {error}"))
        watched_pages.append(watched)
        return watched

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def migrated(transactional_db: None) -> None:
    """The reference rows the migrations loaded are in the database (see ``tests/conftest.py``)."""
