"""Printing from the web: who may print what, the PDF response, the HTML preview, the print log, the
buttons, and the batch of a whole ward run by the task backend (immediate in tests) into a zip."""

from __future__ import annotations

import datetime
import io
import zipfile

import pypdf
import pytest
from django.test import Client, override_settings
from django.urls import reverse

from cells.models import RoleKind
from reports.models import DataLog, DocumentNumber, PrintBatch
from tests import factories as f
from tests.reports.documents.builders import YEAR, printable_cell, printable_ward

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    ward = printable_ward()
    a = printable_cell(ward, code="CA", name="Chi bộ Tổ dân phố số 1", members=3)
    b = printable_cell(ward, code="CB", name="Chi bộ Tổ dân phố số 2", members=3)
    return ward, a, b


def client_for(kind: str, **scope) -> Client:
    user = f.UserFactory(password=None)
    f.RoleFactory(user=user, kind=kind, **scope)
    client = Client()
    client.force_login(user)
    return client


def evaluation_url(cell) -> str:
    return reverse("reports:print_evaluation", args=[cell.code, YEAR])


def summary_url(ward) -> str:
    return reverse("reports:print_summary", args=[ward.code, YEAR])


def test_secretary_prints_their_cell_as_an_inline_pdf_and_it_is_logged(world) -> None:
    ward, a, b = world
    client = client_for(RoleKind.CELL_SECRETARY, cell=a)
    response = client.get(evaluation_url(a))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(
        'inline; filename="danh-gia-chi-bo-kieu-mau-ca-2025.pdf"'
    )
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o" in disposition
    text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "CHI BỘ TỔ DÂN PHỐ SỐ 1" in text
    log = DataLog.objects.get(action=DataLog.Action.PRINT)
    assert log.what == "evaluation CA 2025" and log.user is not None


def test_secretary_cannot_print_another_cell_or_the_ward(world) -> None:
    ward, a, b = world
    client = client_for(RoleKind.CELL_SECRETARY, cell=a)
    assert client.get(evaluation_url(b)).status_code == 404
    assert client.get(summary_url(ward)).status_code == 404
    assert not DocumentNumber.objects.exists()


def test_viewer_reads_but_may_not_print(world) -> None:
    ward, a, b = world
    client = client_for(RoleKind.VIEWER, ward=ward)
    assert client.get(evaluation_url(a)).status_code == 403
    assert client.get(summary_url(ward)).status_code == 403
    page = client.get(reverse("reports:cell_page", args=[a.code]))
    assert page.status_code == 200 and b'id="print-evaluation"' not in page.content


def test_anonymous_is_sent_to_login(world) -> None:
    ward, a, b = world
    response = Client().get(evaluation_url(a))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_html_preview_answers_format_html_and_takes_no_number(world) -> None:
    ward, a, b = world
    client = client_for(RoleKind.WARD_OFFICIAL, ward=ward)
    response = client.get(evaluation_url(a) + "?format=html")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "text/html"
    )
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in response.content.decode()
    summary = client.get(summary_url(ward) + "?format=html")
    assert "Chi bộ Tổ dân phố số 2" in summary.content.decode()
    assert not DocumentNumber.objects.exists()


def test_a_year_without_records_is_not_found(world) -> None:
    ward, a, b = world
    client = client_for(RoleKind.WARD_OFFICIAL, ward=ward)
    assert (
        client.get(reverse("reports:print_evaluation", args=[a.code, 1999])).status_code
        == 404
    )


def test_print_buttons_are_shown_to_those_who_may_print(world) -> None:
    ward, a, b = world
    secretary = client_for(RoleKind.CELL_SECRETARY, cell=a)
    page = secretary.get(reverse("reports:cell_page", args=[a.code]) + f"?year={YEAR}")
    assert (
        reverse("reports:print_evaluation", args=[a.code, YEAR]).encode()
        in page.content
    )
    official = client_for(RoleKind.WARD_OFFICIAL, ward=ward)
    dashboard = official.get(
        reverse("reports:ward_dashboard", args=[ward.code]) + f"?year={YEAR}"
    )
    assert b'id="print-summary-link"' in dashboard.content
    assert b'id="print-batch-link"' in dashboard.content
    viewer = client_for(RoleKind.VIEWER, ward=ward)
    dashboard = viewer.get(reverse("reports:ward_dashboard", args=[ward.code]))
    assert b'id="print-batch-link"' not in dashboard.content


def test_batch_prints_every_cell_and_the_summary_into_a_zip(
    world, tmp_path, settings, django_capture_on_commit_callbacks
) -> None:
    ward, a, b = world
    settings.MEDIA_ROOT = tmp_path
    client = client_for(RoleKind.WARD_OFFICIAL, ward=ward)
    url = reverse("reports:print_batch", args=[ward.code, YEAR])
    assert b"print-batch-start" in client.get(url).content
    with (
        override_settings(TASKS=IMMEDIATE),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(url)
    assert response.status_code == 302 and response["Location"] == url
    batch = PrintBatch.objects.get()
    assert (batch.state, batch.done, batch.total) == (PrintBatch.State.DONE, 3, 3)
    assert batch.task_id and batch.file.name.startswith("print-batches/")
    page = client.get(url, headers={"HX-Request": "true"})
    assert b'data-state="done"' in page.content and b"hx-trigger" not in page.content
    assert b"<html" not in page.content
    download = client.get(reverse("reports:print_batch_zip", args=[ward.code, YEAR]))
    assert download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(archive.namelist()) == [
        "danh-gia-ca-2025.pdf",
        "danh-gia-cb-2025.pdf",
        "tong-hop-dt-2025.pdf",
    ]
    for name in archive.namelist():
        assert archive.read(name).startswith(b"%PDF")
    text = (
        pypdf.PdfReader(io.BytesIO(archive.read("tong-hop-dt-2025.pdf")))
        .pages[0]
        .extract_text()
    )
    assert "ĐẢNG ỦY PHƯỜNG ĐỒNG TÂM" in " ".join(text.split())
    assert DocumentNumber.objects.count() == 3


def test_batch_progress_polls_while_running_and_shows_a_failure(world) -> None:
    ward, a, b = world
    client = client_for(RoleKind.WARD_OFFICIAL, ward=ward)
    url = reverse("reports:print_batch", args=[ward.code, YEAR])
    batch = PrintBatch.objects.create(
        ward=ward, year=YEAR, state=PrintBatch.State.RUNNING, total=3, done=1
    )
    running = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in running and "1/3" in running.replace(" ", "")
    PrintBatch.objects.filter(pk=batch.pk).update(
        state=PrintBatch.State.FAILED, error="hết dung lượng đĩa"
    )
    failed = client.get(url).content.decode()
    assert "hết dung lượng đĩa" in failed and "hx-trigger" not in failed


def test_batch_task_records_a_failure(world, tmp_path, settings, monkeypatch) -> None:
    ward, a, b = world
    settings.MEDIA_ROOT = tmp_path
    from reports.documents import batch as batch_module

    def broken(*args, **kwargs):
        raise RuntimeError("máy in hỏng")

    monkeypatch.setattr(batch_module, "render_source", broken)
    batch = PrintBatch.objects.create(ward=ward, year=YEAR)
    batch_module.print_batch_run.call(batch.pk)
    batch.refresh_from_db()
    assert batch.state == PrintBatch.State.FAILED and "máy in hỏng" in batch.error


def test_zip_without_a_finished_batch_goes_back_to_the_batch_page(world) -> None:
    ward, a, b = world
    client = client_for(RoleKind.WARD_OFFICIAL, ward=ward)
    response = client.get(reverse("reports:print_batch_zip", args=[ward.code, YEAR]))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "reports:print_batch", args=[ward.code, YEAR]
    )


def test_admin_lists_document_numbers_and_batches_read_only(world) -> None:
    ward, a, b = world
    DocumentNumber.objects.create(
        kind="evaluation",
        subject="CA/2025",
        ward=ward,
        cell=a,
        year=YEAR,
        sequence=1,
        issued_on=datetime.date(2026, 1, 5),
    )
    PrintBatch.objects.create(ward=ward, year=YEAR)
    admin = f.UserFactory(password=None, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    numbers = client.get(reverse("admin:reports_documentnumber_changelist"))
    assert numbers.status_code == 200 and b"CA/2025" in numbers.content
    batches = client.get(reverse("admin:reports_printbatch_changelist"))
    assert batches.status_code == 200
    assert client.get(reverse("admin:reports_printbatch_add")).status_code == 403
