"""Printed documents: the party-document frame, document numbers and the HTML-to-PDF renderer."""

from reports.documents.numbers import (
    blank_number_text,
    document_number_find,
    document_number_take,
    number_text,
)
from reports.documents.render import html_to_pdf, render_html, render_pdf

__all__ = [
    "blank_number_text",
    "document_number_find",
    "document_number_take",
    "html_to_pdf",
    "number_text",
    "render_html",
    "render_pdf",
]
