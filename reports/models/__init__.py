"""The records of the reports app: document numbers, print batches, imports and the log of data that left
or entered the application. One module per subject; each has its own migration."""

from reports.models.batches import PrintBatch
from reports.models.documents import DocumentKind, DocumentNumber
from reports.models.imports import DataLog, ImportRecord

__all__ = ["DataLog", "DocumentKind", "DocumentNumber", "ImportRecord", "PrintBatch"]
