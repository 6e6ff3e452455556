"""The export and the import read with a number of queries that does not grow with the rows."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.workbook import workbook_check, workbook_export
from tests.reports.workbook.helpers import base, workbook

pytestmark = pytest.mark.django_db


def _with_members(n: int) -> dict:
    sheets = base()
    for i in range(n):
        code = f"DV1{i:03d}"
        sheets["Members"].append(
            [
                code,
                None,
                f"Đảng viên {i}",
                None,
                None,
                None,
                None,
                None,
                "01/01/2000",
                None,
            ]
        )
        sheets["Memberships"].append([code, "C01", "01/01/2026", None])
    return sheets


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


@pytest.mark.parametrize("action", ["export", "check"])
def test_queries_do_not_grow_with_rows(action: str) -> None:
    from reports.workbook import workbook_import

    counts = []
    for n in (1, 20):
        sheets = _with_members(n)
        workbook_import(workbook(sheets))
        if action == "export":
            counts.append(_queries(workbook_export))
        else:
            data = workbook(sheets).getvalue()
            counts.append(_queries(lambda d=data: workbook_check(io.BytesIO(d))))
    assert counts[0] == counts[1]
