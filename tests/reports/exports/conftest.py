"""The exports reuse the cell of the printed documents' tests (tests/reports/documents_meetings)."""

from tests.reports.documents_meetings.conftest import place, secretary

__all__ = ["place", "secretary"]
