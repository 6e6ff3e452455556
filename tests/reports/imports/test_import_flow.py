"""The web import from upload to applied, with the Django test client."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from cells.models import CellMembership, Member
from reports.models import DataLog, ImportRecord
from tests.reports.imports.workbooks import bad_workbook, good_workbook, upload

pytestmark = pytest.mark.django_db


def upload_as(client, place, content: bytes, name: str = "dang-vien.xlsx"):
    client.force_login(place.official)
    return client.post(
        reverse("reports:import_new", args=[place.ward.code]),
        {"file": upload(content, name)},
    )


def table_counts() -> tuple[int, ...]:
    return (
        Member.objects.count(),
        CellMembership.objects.count(),
        Member.history.count(),
        DataLog.objects.count(),
    )


def test_upload_keeps_the_file_and_previews_counts_changes_and_duplicates(
    client, place
):
    before = table_counts()
    response = upload_as(client, place, good_workbook())

    record = ImportRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:import_detail", args=[record.pk])
    assert record.uploaded_by == place.official
    assert record.ward == place.ward
    assert record.original_name == "dang-vien.xlsx"
    assert record.state == ImportRecord.State.PREVIEWED
    assert record.file.name.startswith("imports/")
    assert Path(settings.MEDIA_ROOT, record.file.name).is_file()
    assert table_counts() == before  # nothing written but the record

    page = client.get(response["Location"]).content.decode()
    assert (
        "Đảng viên" in page and "Sinh hoạt chi bộ" in page
    )  # the template's sheet titles
    assert "Họ và tên" in page  # and column titles
    assert record.totals == {"created": 4, "updated": 1, "unchanged": 0}
    assert "Nguyễn Văn An</del>" in page and "Nguyễn Văn Anh</ins>" in page  # old → new
    assert 'id="import-duplicates"' in page and "DV0002" in page
    assert 'id="confirm-import"' in page
    assert "Xác nhận nhập dữ liệu" in page


def test_confirm_applies_the_stored_file(client, place):
    upload_as(client, place, good_workbook())
    record = ImportRecord.objects.get()

    response = client.post(
        reverse("reports:import_detail", args=[record.pk]), follow=True
    )

    record.refresh_from_db()
    assert record.state == ImportRecord.State.APPLIED
    assert record.applied_at is not None
    assert record.totals == {"created": 4, "updated": 1, "unchanged": 0}
    assert Member.objects.get(code="DV0001").full_name == "Nguyễn Văn Anh"
    assert set(
        CellMembership.objects.filter(cell=place.cell).values_list(
            "member__code", flat=True
        )
    ) == {"DV0001", "DV0002", "DV0003"}
    page = response.content.decode()
    assert "4 tạo mới, 1 cập nhật, 0 không đổi" in page
    # The history of the import names the official who confirmed it.
    assert Member.history.filter(code="DV0003").get().history_user == place.official


def test_confirm_twice_applies_once(client, place):
    upload_as(client, place, good_workbook())
    record = ImportRecord.objects.get()
    url = reverse("reports:import_detail", args=[record.pk])
    client.post(url)
    counts = table_counts()

    response = client.post(url, follow=True)

    assert table_counts() == counts
    assert "đã được nhập hoặc bị từ chối" in response.content.decode()


def test_erroneous_workbook_lists_located_errors_and_refuses_confirmation(
    client, place
):
    before = table_counts()
    upload_as(client, place, bad_workbook())
    record = ImportRecord.objects.get()
    url = reverse("reports:import_detail", args=[record.pk])

    page = client.get(url).content.decode()
    assert 'id="import-errors"' in page
    assert 'id="confirm-import"' not in page
    errors = {(e["sheet"], e["row"], e["column"]) for e in record.errors}
    assert ("Members", 3, "birth_date") in errors
    assert any(e[0] == "Memberships" and e[1] == 2 for e in errors)
    for sheet, row, _column in errors:
        assert f"({sheet})" in page and f">{row}</td>" in page
    assert "Ngày sinh" in page  # the column by its title in the template

    response = client.post(url, follow=True)

    record.refresh_from_db()
    assert record.state == ImportRecord.State.REFUSED
    assert table_counts() == before
    assert Member.objects.get(code="DV0001").full_name == "Nguyễn Văn An"
    assert "Không có gì được ghi" in response.content.decode()


def test_stale_preview_is_decided_by_the_recheck(client, place):
    """The member renamed in the workbook is renamed on the web meanwhile: confirming checks the
    stored file again and applies it to the records as they are now."""
    upload_as(client, place, good_workbook())
    record = ImportRecord.objects.get()
    url = reverse("reports:import_detail", args=[record.pk])
    seen = client.get(url).context["seen"]
    Member.objects.filter(code="DV0001").update(
        full_name="Nguyễn Văn Anh", gender="male"
    )

    response = client.post(url, {"seen": seen}, follow=True)

    record.refresh_from_db()
    assert record.state == ImportRecord.State.APPLIED
    assert record.totals == {"created": 4, "updated": 0, "unchanged": 1}
    assert "kiểm tra lại" in response.content.decode()


def test_stale_preview_that_became_erroneous_is_refused(client, place):
    upload_as(client, place, good_workbook())
    record = ImportRecord.objects.get()
    place.cell.code = "C99"
    place.cell.save()  # the workbook's memberships now name an unknown cell
    before = table_counts()

    client.post(reverse("reports:import_detail", args=[record.pk]))

    record.refresh_from_db()
    assert record.state == ImportRecord.State.REFUSED
    assert record.errors
    assert table_counts() == before


def test_the_kept_file_downloads_as_uploaded(client, place):
    content = good_workbook()
    upload_as(client, place, content)
    record = ImportRecord.objects.get()

    response = client.get(reverse("reports:import_file", args=[record.pk]))

    assert b"".join(response.streaming_content) == content
    assert "dang-vien.xlsx" in response["Content-Disposition"]
    log = DataLog.objects.get(action=DataLog.Action.EXPORT)
    assert (log.user, log.what, log.personal_data) == (
        place.official,
        "dang-vien.xlsx",
        True,
    )


def test_the_list_shows_who_when_file_state_and_counts(client, place):
    upload_as(client, place, good_workbook())
    upload_as(client, place, bad_workbook(), name="sai.xlsx")
    client.post(
        reverse(
            "reports:import_detail",
            args=[ImportRecord.objects.get(original_name="dang-vien.xlsx").pk],
        )
    )

    page = client.get(
        reverse("reports:import_list", args=[place.ward.code])
    ).content.decode()

    assert "dang-vien.xlsx" in page and "sai.xlsx" in page
    assert "Lê Thị Phường" in page
    assert "đã nhập" in page.lower() and "xem trước" in page.lower()
    assert reverse("reports:import_template") in page
