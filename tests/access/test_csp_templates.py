"""The Content-Security-Policy allows only our own static files: no template may carry inline script or
style (the browser tests catch what a page does at run time; this catches every template, rendered or not).
Documents for WeasyPrint (templates under a ``pdf/`` or ``print/`` folder) are not web pages and are left
out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

PRINTED = {"pdf", "print"}
TEMPLATES = sorted(
    path
    for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
    if not PRINTED & set(path.parts)
)
INLINE = {
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "<style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "inline <script>": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "hx-on attribute (needs eval)": re.compile(r"\shx-on", re.IGNORECASE),
}
CDN = re.compile(
    r"<(script|link|img)\b[^>]*\s(src|href)\s*=\s*[\"']\s*(https?:)?//", re.IGNORECASE
)


def test_there_are_templates_to_check() -> None:
    assert any(path.name == "base.html" for path in TEMPLATES)


@pytest.mark.parametrize(
    "path", TEMPLATES, ids=[str(p.relative_to(settings.BASE_DIR)) for p in TEMPLATES]
)
def test_template_has_no_inline_script_or_style_and_no_cdn(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    assert not found, (
        f"{path.name}: {found} (the CSP forbids them; use static/partycell/)"
    )
    assert not CDN.search(text), f"{path.name}: files come from static/, never a CDN"


def test_htmx_runs_without_its_inline_indicator_styles() -> None:
    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()
    assert (
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>'
        in base
    )
