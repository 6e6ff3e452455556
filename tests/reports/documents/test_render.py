"""The PDF printer's shared font configuration (reports/documents/render.py)."""

from __future__ import annotations

import threading

from pypdf import PdfReader

from reports.documents.render import font_configuration, html_to_pdf


def pdf_text(data: bytes) -> str:
    import io

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_thread_prints_every_document_with_one_font_configuration() -> None:
    """A new configuration per document kept its font map in native memory (0.23 MB a document): a
    thread keeps one, and another thread gets its own."""
    first = font_configuration()
    assert font_configuration() is first
    others = []
    thread = threading.Thread(target=lambda: others.append(font_configuration()))
    thread.start()
    thread.join()
    assert others and others[0] is not first


def test_documents_printed_one_after_another_keep_their_own_text() -> None:
    one = html_to_pdf("<html><body><p>Chi bộ Tổ dân phố số 1</p></body></html>")
    two = html_to_pdf("<html><body><p>Đảng ủy phường Yên Bái</p></body></html>")
    assert "Chi bộ Tổ dân phố số 1" in pdf_text(one)
    assert "Đảng ủy phường Yên Bái" in pdf_text(two)
    assert "Chi bộ" not in pdf_text(two)
