"""The frame every printed document shares: document numbers, the party header, the signer on the
document's date, and the renderer that reads static files from disk only."""

from __future__ import annotations

import datetime
import io

import pypdf
import pytest
from django.utils import translation

from cells.models import OfficePosition
from reports.documents import (
    blank_number_text,
    document_number_take,
    frame,
    html_to_pdf,
    number_text,
)
from reports.documents.render import DOCUMENT_BASE_URL, static_path
from reports.models import DocumentKind
from tests import factories as f
from tests.wards.support import refused

DAY = datetime.date(2025, 12, 15)


def take(kind: str, subject: str, *, cell, ward=None, year: int = 2025):
    return document_number_take(
        kind=kind,
        subject=subject,
        ward=ward or cell.ward,
        cell=cell,
        year=year,
        on=DAY,
        by=None,
    )


@pytest.mark.django_db
def test_first_print_takes_the_next_number_and_a_reprint_keeps_it() -> None:
    cell = f.CellFactory()
    first = take(DocumentKind.EVALUATION, f"{cell.code}/2025", cell=cell)
    second = take(DocumentKind.RATINGS, f"{cell.code}/2025", cell=cell)
    again = take(DocumentKind.EVALUATION, f"{cell.code}/2025", cell=cell)
    assert (first.sequence, second.sequence) == (1, 2)
    assert again.pk == first.pk and again.sequence == 1


@pytest.mark.django_db
def test_each_issuer_and_each_year_has_its_own_sequence() -> None:
    cell = f.CellFactory()
    other = f.CellFactory(ward=cell.ward)
    take(DocumentKind.EVALUATION, "a", cell=cell)
    assert take(DocumentKind.EVALUATION, "b", cell=other).sequence == 1
    ward_doc = take(DocumentKind.WARD_SUMMARY, "w", cell=None, ward=cell.ward)
    assert ward_doc.sequence == 1
    assert take(DocumentKind.EVALUATION, "c", cell=cell, year=2026).sequence == 1
    assert take(DocumentKind.EVALUATION, "d", cell=cell).sequence == 2


@pytest.mark.django_db
def test_number_text_names_the_kind_and_the_issuer() -> None:
    cell = f.CellFactory()
    take(DocumentKind.EVALUATION, "x", cell=cell)
    take(DocumentKind.MINUTES, "y", cell=cell)
    report = take(DocumentKind.EVALUATION, "z", cell=cell)
    summary = take(DocumentKind.WARD_SUMMARY, "w", cell=None, ward=cell.ward)
    with translation.override("vi"):
        assert number_text(report) == "Số 03-BC/CB"
        assert number_text(summary) == "Số 01-BC/ĐU"
        assert blank_number_text(DocumentKind.MINUTES, cell=cell).endswith("-BB/CB")
    with translation.override("en"):
        assert number_text(report) == "No. 03-BC/CB"


@pytest.mark.django_db
def test_header_of_a_cell_names_the_ward_party_and_the_place() -> None:
    ward = f.WardFactory(
        name="Phường Đồng Tâm", committee_name="Đảng bộ phường Đồng Tâm"
    )
    cell = f.CellFactory(ward=ward, name="Chi bộ Tổ dân phố số 5")
    with translation.override("vi"):
        header = frame.cell_header(cell, "Số 03-BC/CB", datetime.date(2026, 1, 5))
        ward_header = frame.ward_header(ward, "Số 01-BC/ĐU", DAY)
    assert header.upper_body == "ĐẢNG BỘ PHƯỜNG ĐỒNG TÂM"
    assert header.issuer == "CHI BỘ TỔ DÂN PHỐ SỐ 5"
    assert header.place_date == "Đồng Tâm, ngày 05 tháng 01 năm 2026"
    assert ward_header.issuer == "ĐẢNG ỦY PHƯỜNG ĐỒNG TÂM"
    assert ward_header.upper_body == "ĐẢNG BỘ THÀNH PHỐ YÊN BÁI"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "signer"),
    [
        (
            datetime.date(2025, 6, 30),
            "Lê Văn Cũ",
        ),  # the last day of the old secretary's office
        (datetime.date(2025, 7, 1), "Phạm Thị Mới"),  # the first day of the new one
    ],
)
def test_the_secretary_in_office_on_the_documents_date_signs(day, signer) -> None:
    cell = f.CellFactory()
    f.OfficeFactory(
        cell=cell,
        member__full_name="Lê Văn Cũ",
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2025, 6, 30),
    )
    f.OfficeFactory(
        cell=cell, member__full_name="Phạm Thị Mới", start=datetime.date(2025, 7, 1)
    )
    with translation.override("vi"):
        signature = frame.cell_signature(cell, day)
    assert (signature.on_behalf, signature.position, signature.name) == (
        "T/M CHI BỘ",
        "BÍ THƯ",
        signer,
    )


@pytest.mark.django_db
def test_the_deputy_signs_when_no_secretary_is_in_office_and_else_nobody() -> None:
    cell = f.CellFactory()
    with translation.override("vi"):
        assert frame.cell_signature(cell, DAY).name == ""
        f.OfficeFactory(
            cell=cell, member__full_name="Đỗ Văn Phó", position=OfficePosition.DEPUTY
        )
        signature = frame.cell_signature(cell, DAY)
        ward_signature = frame.ward_signature(cell.ward, DAY)
    assert (signature.position, signature.name) == ("PHÓ BÍ THƯ", "Đỗ Văn Phó")
    assert (ward_signature.on_behalf, ward_signature.name) == ("T/M ĐẢNG ỦY", "")


def test_static_urls_map_to_files_on_disk_and_nothing_else() -> None:
    css = static_path(DOCUMENT_BASE_URL + "static/partycell/print/document.css")
    assert css is not None and css.endswith("document.css")
    assert static_path(DOCUMENT_BASE_URL + "static/../config/settings.py") is None
    assert (
        static_path("https://example.com/static/partycell/print/document.css") is None
    )


def test_a_document_is_printed_in_the_serif_font_with_its_vietnamese_text() -> None:
    html = (
        '<html><head><link rel="stylesheet" href="/static/partycell/print/document.css">'
        "</head><body><p>ĐẢNG CỘNG SẢN VIỆT NAM — Hoàn thành xuất sắc nhiệm vụ</p>"
        "</body></html>"
    )
    reader = pypdf.PdfReader(io.BytesIO(html_to_pdf(html)))
    page = reader.pages[0]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page.extract_text()
    assert "Hoàn thành xuất sắc nhiệm vụ" in page.extract_text()
    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Serif" in name or "Times" in name for name in fonts), fonts
    assert [round(float(x)) for x in page.mediabox[2:]] == [595, 842]  # A4 in points


def test_a_document_never_fetches_anything_over_the_network() -> None:
    from weasyprint.urls import FatalURLFetchingError

    html = '<html><body><img src="http://192.0.2.1/logo.png"></body></html>'
    with pytest.raises(FatalURLFetchingError):
        html_to_pdf(html)


@pytest.mark.django_db
def test_a_document_takes_one_number_only() -> None:
    number = f.DocumentNumberFactory()
    with refused("reports_document_once"):
        f.DocumentNumberFactory(kind=number.kind, subject=number.subject)


@pytest.mark.django_db
def test_two_documents_of_one_cell_cannot_share_a_number_in_a_year() -> None:
    number = f.DocumentNumberFactory()
    with refused("reports_document_cell_sequence"):
        f.DocumentNumberFactory(cell=number.cell, sequence=number.sequence)
    f.DocumentNumberFactory(cell=number.cell, sequence=number.sequence, year=2026)


@pytest.mark.django_db
def test_two_documents_of_the_ward_committee_cannot_share_a_number_in_a_year() -> None:
    number = f.DocumentNumberFactory(cell=None, ward=f.WardFactory())
    with refused("reports_document_ward_sequence"):
        f.DocumentNumberFactory(cell=None, ward=number.ward, sequence=number.sequence)
    # A cell's sequence is its own: the same number under a cell of that ward is fine.
    f.DocumentNumberFactory(cell__ward=number.ward, sequence=number.sequence)


@pytest.mark.django_db
def test_document_numbers_start_at_one() -> None:
    with refused("reports_document_sequence_positive"):
        f.DocumentNumberFactory(sequence=0)


def test_a_document_finds_its_stylesheet_under_the_production_hashed_names(
    tmp_path, settings
) -> None:
    from django.core.management import call_command
    from django.templatetags.static import static

    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    href = static("partycell/print/document.css")
    assert href != "/static/partycell/print/document.css"  # hashed
    html = (
        f'<html><head><link rel="stylesheet" href="{href}"></head>'
        "<body><p>Chi bộ</p></body></html>"
    )
    page = pypdf.PdfReader(io.BytesIO(html_to_pdf(html))).pages[0]
    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Serif" in name or "Times" in name for name in fonts), fonts
