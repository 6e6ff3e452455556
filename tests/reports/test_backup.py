"""backup and restore: everything comes back identical, on SQLite and PostgreSQL; bad files and non-empty
databases are refused with a Vietnamese message, exit status 1 and nothing changed."""

import datetime
import gzip
import importlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from cells.models import Cell, Member, RoleKind
from reports.backup import FORMAT, FORMAT_VERSION
from reports.backup.models import backed_up_models
from reports.models import DataLog, DocumentNumber, ImportRecord
from scoring.services import evaluate, evaluation_json
from tests.conftest import REFERENCE_LOADERS
from tests.factories import (
    ClosedYearFactory,
    MembershipFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in {"sessions", "axes", "django_tasks_database"}
        and model._meta.label != "reports.DataLog"
    }


def evaluation() -> dict:
    year = timezone.localdate().year - 1
    as_of = datetime.date(year, 12, 31)
    cells = Cell.objects.order_by("code")
    return evaluation_json(evaluate(year, cells, as_of), year, as_of)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def wipe() -> None:
    """A database as ``migrate`` leaves it: flush (which also renumbers the content types), then the
    reference rows of the data migrations (rubric, catalogue, rating rules), which a restore replaces."""
    call_command("flush", interactive=False, verbosity=0)
    for name in REFERENCE_LOADERS:
        importlib.import_module(name).load(apps, None)


@pytest.mark.slow
def test_demo_backup_restores_identical_rows_and_evaluations_on_this_database(
    tmp_path: Path,
) -> None:
    call_command("seed_demo", scale="demo", verbosity=0, stdout=io.StringIO())
    Member.objects.filter(pk=Member.objects.order_by("pk").first().pk).update(
        full_name="Nguyễn Thị Đổi"
    )
    rows, result = counts(), evaluation()
    assert rows["cells.Member"] > 200 and rows["meetings.Attendance"] > 1000
    path = tmp_path / "partycell.jsonl.gz"
    run("backup", "-o", str(path))
    assert DataLog.objects.filter(action=DataLog.Action.BACKUP).count() == 1

    wipe()
    assert Member.objects.count() == 0
    run("restore", str(path))
    assert counts() == rows
    assert evaluation() == result
    assert Member.objects.filter(full_name="Nguyễn Thị Đổi").exists()
    assert DataLog.objects.filter(action=DataLog.Action.RESTORE).count() == 1

    # Now the database holds records: refused without --replace, replaced with it.
    Member.objects.update(full_name="Đã sửa sau khi sao lưu")
    with pytest.raises(CommandError, match="không trống") as error:
        run("restore", str(path))
    assert error.value.returncode == 1
    assert Member.objects.filter(full_name="Đã sửa sau khi sao lưu").count() == len(
        Member.objects.all()
    )
    run("restore", "--replace", str(path))
    assert not Member.objects.filter(full_name="Đã sửa sau khi sao lưu").exists()
    assert counts() == rows
    assert evaluation() == result


@pytest.fixture
def small_world(tmp_path: Path) -> tuple[Path, dict]:
    """A few rows in every kind of table a backup must hold, history and permissions included."""
    official = UserFactory(username="canbo")
    group = AuthGroup.objects.create(name="Văn phòng")
    group.permissions.add(Permission.objects.get(codename="view_member"))
    official.groups.add(group)
    official.user_permissions.add(Permission.objects.get(codename="change_cell"))
    membership = MembershipFactory()
    cell = membership.cell
    cell.name = "Chi bộ Khu phố Đổi Mới"
    cell.save()
    RoleFactory(user=official, kind=RoleKind.WARD_OFFICIAL, ward=cell.ward)
    ClosedYearFactory(ward=cell.ward)
    DocumentNumber.objects.create(
        ward=cell.ward,
        cell=cell,
        year=2025,
        sequence=1,
        kind="evaluation",
        subject=f"{cell.code}-2025",
        issued_on=datetime.date(2025, 12, 20),
        issued_by=official,
    )
    ImportRecord.objects.create(
        uploaded_by=official, file="imports/so-lieu.xlsx", original_name="số liệu.xlsx"
    )
    LogEntry.objects.create(
        user=official,
        content_type=ContentType.objects.get_for_model(Cell),
        object_id=str(cell.pk),
        object_repr=str(cell),
        action_flag=2,
    )
    path = tmp_path / "small.jsonl.gz"
    run("backup", "-o", str(path))
    return path, counts()


def test_restore_keeps_history_permissions_and_admin_log_across_renumbered_content_types(
    small_world,
) -> None:
    path, rows = small_world
    assert rows["cells.HistoricalCell"] >= 2
    wipe()
    run("restore", str(path))
    assert counts() == rows
    official = get_user_model().objects.get(username="canbo")
    assert official.has_perm("cells.view_member") and official.has_perm(
        "cells.change_cell"
    )
    assert LogEntry.objects.get().content_type.model_class() is Cell
    cell = Cell.objects.get()
    assert [h.name for h in cell.history.order_by("history_id")][-1] == (
        "Chi bộ Khu phố Đổi Mới"
    )
    assert DocumentNumber.objects.get().issued_by == official


def test_backup_file_is_a_versioned_header_then_rows(small_world) -> None:
    path, rows = small_world
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        header = json.loads(stream.readline())
        models_seen = {json.loads(line)["model"] for line in stream}
    assert header["format"] == FORMAT and header["version"] == FORMAT_VERSION
    assert header["django"] and header["created"] and header["migrations"]["cells"]
    for label in (
        "auth.User",
        "cells.Role",
        "cells.HistoricalRole",
        "scoring.Rubric",
        "scoring.Criterion",
        "scoring.ClosedYear",
        "reports.DocumentNumber",
        "reports.ImportRecord",
        "reports.DataLog",
        "admin.LogEntry",
    ):
        assert label in header["counts"]
    assert header["counts"]["auth.User"] == rows["auth.User"] == 1
    for left_out in (
        "sessions.",
        "axes.",
        "django_tasks",
        "contenttypes.",
        "auth.perm",
    ):
        assert not any(label.lower().startswith(left_out) for label in header["counts"])
        assert not any(model.startswith(left_out) for model in models_seen)


def test_restore_resets_sequences_so_new_rows_get_fresh_ids(small_world) -> None:
    path, _ = small_world
    wipe()
    run("restore", str(path))
    highest = Member.objects.order_by("-pk").values_list("pk", flat=True).first()
    member = Member.objects.create(
        code="MOI-001", full_name="Trần Văn Mới", joined_on=datetime.date(2020, 1, 1)
    )
    assert member.pk > highest


def test_restore_empties_the_cache(small_world) -> None:
    """Cached evaluations are keyed on ids and history ids, which a restored database may reuse."""
    from django.core.cache import caches

    path, _ = small_world
    wipe()
    caches["default"].set("evaluation:stale", "kept from before")
    caches["fragments"].set("ward-row:stale", "<tr>")
    run("restore", str(path))
    assert caches["default"].get("evaluation:stale") is None
    assert caches["fragments"].get("ward-row:stale") is None


def test_an_incomplete_backup_changes_nothing(small_world, tmp_path: Path) -> None:
    path, _ = small_world
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        lines = stream.read().splitlines()
    broken = tmp_path / "broken.jsonl.gz"
    with gzip.open(broken, "wt", encoding="utf-8") as stream:
        stream.write("\n".join(lines[:-3]) + "\n")
    wipe()
    with pytest.raises(CommandError, match="không đầy đủ"):
        run("restore", str(broken))
    assert Member.objects.count() == 0
    assert not DataLog.objects.exists()


def test_a_cut_off_file_changes_nothing(small_world, tmp_path: Path) -> None:
    path, _ = small_world
    data = path.read_bytes()
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[:-20])  # the last rows and the gzip trailer
    wipe()
    with pytest.raises(CommandError, match="Không nạp được bản sao lưu"):
        run("restore", str(cut))
    assert Member.objects.count() == 0
    assert not DataLog.objects.exists()


def write_backup(path: Path, header: dict) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.write(json.dumps(header) + "\n")
    return path


def test_a_backup_from_a_newer_format_version_is_refused(tmp_path: Path) -> None:
    path = write_backup(
        tmp_path / "future.jsonl.gz",
        {
            "format": FORMAT,
            "version": FORMAT_VERSION + 1,
            "created": "2030-01-01T00:00:00+00:00",
            "django": "9.0",
            "counts": {},
            "migrations": {},
        },
    )
    with pytest.raises(CommandError, match="phiên bản") as error:
        run("restore", str(path))
    assert error.value.returncode == 1


@pytest.mark.parametrize(
    "content",
    [b"code,name\nC01,Chi bo\n", gzip.compress(b'{"model": "cells.member"}\n'), b""],
    ids=["csv", "gzip-without-header", "empty"],
)
def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "not-a-backup.gz"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="không phải là tệp sao lưu"):
        run("restore", str(path))


def test_restore_exits_with_status_1_and_a_vietnamese_message(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("không phải bản sao lưu", encoding="utf-8")
    env = {
        **os.environ,
        "PARTYCELL_TESTING": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", "--skip-checks", str(path)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "không phải là tệp sao lưu" in done.stderr


def test_every_table_of_ours_is_backed_up() -> None:
    labels = {model._meta.label for model in backed_up_models()}
    for app in ("wards", "cells", "meetings", "scoring", "reports"):
        for model in apps.get_app_config(app).get_models():
            assert model._meta.label in labels
