"""What the upload form refuses, on its field and without storing anything."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadhandler import StopUpload
from django.test import RequestFactory
from django.urls import reverse

from reports.imports.uploads import SizeLimitUploadHandler
from reports.models import ImportRecord
from tests.reports.imports.workbooks import upload

pytestmark = pytest.mark.django_db


def post_file(client, place, file) -> object:
    client.force_login(place.official)
    return client.post(
        reverse("reports:import_new", args=[place.ward.code]), {"file": file}
    )


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def field_errors(response) -> list[str]:
    return response.context["form"].errors.get("file", [])


def test_a_50_mb_upload_is_refused_on_the_field_and_not_stored(
    client, place, tmp_path, monkeypatch
):
    big = tmp_path / "lon.xlsx"
    with big.open("wb") as out:
        block = os.urandom(1024 * 1024)
        for _ in range(50):
            out.write(block)
    written: list[int] = []
    real = SizeLimitUploadHandler.receive_data_chunk

    def spy(self, raw_data: bytes, start: int) -> bytes:
        written.append(len(raw_data))
        return real(self, raw_data, start)

    monkeypatch.setattr(SizeLimitUploadHandler, "receive_data_chunk", spy)

    with big.open("rb") as file:
        response = post_file(client, place, file)

    assert response.status_code == 200
    assert field_errors(response) == ["Tệp quá lớn: tối đa 10,0\xa0MB."]
    assert "Tệp quá lớn" in response.content.decode()
    assert ImportRecord.objects.count() == 0
    assert stored_files() == []
    assert (
        sum(written) == 0
    )  # refused from its announced size, before a byte of it was kept


def test_the_handler_stops_a_file_that_grows_past_the_limit(settings):
    settings.PARTYCELL_IMPORT_MAX_BYTES = 100
    request = RequestFactory().post("/")
    handler = SizeLimitUploadHandler(request)
    handler.handle_raw_input(None, {}, None, b"")  # no announced length
    handler.new_file("file", "a.xlsx", "application/zip", None)
    handler.receive_data_chunk(b"x" * 60, 0)

    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * 60, 60)
    assert request.upload_too_big


def test_a_file_just_over_the_limit_is_refused(client, place, settings):
    settings.PARTYCELL_IMPORT_MAX_BYTES = 1000
    response = post_file(client, place, upload(b"PK" + b"x" * 1200))

    assert field_errors(response) == ["Tệp quá lớn: tối đa 1000\xa0byte."]
    assert ImportRecord.objects.count() == 0
    assert stored_files() == []


def test_not_a_workbook_is_refused(client, place):
    response = post_file(
        client, place, upload("họ tên;ngày sinh\n".encode(), name="danh-sach.csv")
    )

    assert field_errors(response) == ["Tệp này không phải sổ tính Excel (.xlsx)."]
    assert ImportRecord.objects.count() == 0
    assert stored_files() == []


def test_a_renamed_text_file_is_not_a_workbook(client, place):
    response = post_file(client, place, upload(b"not a zip at all", name="gia.xlsx"))

    assert field_errors(response) == ["Tệp này không phải sổ tính Excel (.xlsx)."]


def test_an_empty_file_is_refused(client, place):
    response = post_file(client, place, upload(b"", name="rong.xlsx"))

    assert field_errors(response) == ["Tệp rỗng."]
    assert ImportRecord.objects.count() == 0


def test_no_file_is_refused(client, place):
    client.force_login(place.official)
    response = client.post(reverse("reports:import_new", args=[place.ward.code]))

    assert field_errors(response) == ["Hãy chọn sổ tính cần nhập."]


def test_a_broken_workbook_is_refused(client, place):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "hỏng")
        archive.writestr("xl/workbook.xml", "hỏng")

    response = post_file(client, place, upload(buffer.getvalue(), name="hong.xlsx"))

    assert field_errors(response) == ["Tệp này không phải sổ tính Excel (.xlsx)."]
    assert ImportRecord.objects.count() == 0
    assert stored_files() == []
