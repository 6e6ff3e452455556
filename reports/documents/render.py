"""HTML to PDF with WeasyPrint, in-process (DESIGN.md "Stack": never a process per document).

Documents are Django templates printed with their own print CSS (no Bootstrap). Static files reach
WeasyPrint through ``StaticFileFetcher``, which reads them from disk: a document never fetches anything over
the network. Every document can also be returned as HTML, to be checked in a browser (``?format=html``).
"""

from __future__ import annotations

import mimetypes
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

# The address documents are rendered at: never fetched, only used to resolve relative links.
DOCUMENT_BASE_URL = "https://partycell.invalid/"


def _weasyprint() -> Any:
    """WeasyPrint costs ~0.4 s to import: load it on the first document, not at start-up."""
    import weasyprint

    return weasyprint


def static_path(url: str) -> str | None:
    """The file on disk behind a static URL of a document (``/static/…`` under the document base)."""
    prefix = DOCUMENT_BASE_URL.rstrip("/") + "/" + settings.STATIC_URL.lstrip("/")
    if not url.startswith(prefix):
        return None
    relative = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
    if not relative or ".." in relative.split("/"):
        return None
    found = finders.find(relative)
    if found is None and settings.STATIC_ROOT:
        # In production the names carry the manifest's hash (document.1a2b3c.css): only the collected
        # copy under STATIC_ROOT has that name.
        collected = Path(settings.STATIC_ROOT) / relative
        if collected.is_file():
            found = str(collected)
    return found


class StaticFileFetcher:
    """Builds WeasyPrint's fetcher class lazily (its base lives in the module that is imported late), and
    a new fetcher per document: a fetcher keeps state between calls, so threads must not share one."""

    _class: Any = None

    @classmethod
    def get(cls) -> Any:
        if cls._class is None:
            weasyprint = _weasyprint()
            from weasyprint.urls import FatalURLFetchingError, URLFetcherResponse

            class _Fetcher(weasyprint.URLFetcher):
                def fetch(self, url: str, headers: dict | None = None) -> Any:
                    if url.startswith("data:"):
                        return super().fetch(url, headers)
                    path = static_path(url)
                    if path is None:
                        # Anything else would be a network request: a document must not make one.
                        raise FatalURLFetchingError(f"not a static file of ours: {url}")
                    with open(path, "rb") as handle:
                        body = handle.read()
                    content_type = (
                        mimetypes.guess_type(path)[0] or "application/octet-stream"
                    )
                    return URLFetcherResponse(
                        url, body, headers={"Content-Type": content_type}
                    )

            cls._class = _Fetcher
        return cls._class(allowed_protocols=("https", "data"))


_fonts = threading.local()


def font_configuration() -> Any:
    """One WeasyPrint font configuration per thread, shared by the documents it prints.

    Without one, WeasyPrint makes a new configuration, with its own Pango font map, for every document,
    and the font maps stay in native memory: 0.23 MB a document, 45 MB over 200 evaluations
    (docs/performance.md, "PDFs"). A thread's documents reuse its one; threads do not share them.
    """
    config = getattr(_fonts, "config", None)
    if config is None:
        _weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        config = _fonts.config = FontConfiguration()
    return config


def html_to_pdf(html: str) -> bytes:
    """Print ``html`` (a whole document whose links are site-absolute, e.g. ``/static/…``) to PDF bytes."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(
        string=html,
        base_url=DOCUMENT_BASE_URL,
        url_fetcher=StaticFileFetcher.get(),
    )
    return document.write_pdf(font_config=font_configuration())


def render_html(
    template_name: str, context: dict[str, Any], *, language: str | None = None
) -> str:
    """The document as HTML, in ``language`` (default: the interface's default language)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return render_to_string(template_name, context)


def render_pdf(
    template_name: str, context: dict[str, Any], *, language: str | None = None
) -> bytes:
    """The document as PDF bytes: the same HTML as ``render_html``, printed by WeasyPrint."""
    return html_to_pdf(render_html(template_name, context, language=language))
