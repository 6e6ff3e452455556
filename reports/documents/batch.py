"""Printing every document of a ward at once: the evaluation of each cell and the ward summary.

``ward_documents`` yields the PDFs one by one in one process (the ``render_evaluation --ward`` command and
the background task share it); ``print_batch_start`` records a ``PrintBatch`` and enqueues
``print_batch_run`` (django-tasks, database backend: ``manage.py db_worker`` runs it), which writes the
zip under MEDIA_ROOT/print-batches/ and reports its progress in the batch row.
"""

from __future__ import annotations

import logging
import tempfile
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django_tasks import task

from reports.documents.evaluation import evaluation_sources, render_source
from reports.documents.ward_summary import render_ward_summary
from reports.models import DataLog, PrintBatch
from wards.models import Ward

logger = logging.getLogger(__name__)


def ascii_slug(text: str) -> str:
    """An ASCII file name part for Vietnamese text: "Đồng Tâm" → "dong-tam" (đ has no decomposition)."""
    return slugify(text.replace("đ", "d").replace("Đ", "D"))


def cell_file_name(code: str, year: int) -> str:
    return f"danh-gia-{ascii_slug(code)}-{year}.pdf"


def summary_file_name(ward: Ward, year: int) -> str:
    return f"tong-hop-{ascii_slug(ward.code)}-{year}.pdf"


def ward_document_count(ward: Ward) -> int:
    """The cells' evaluations plus the ward summary."""
    return ward.cells.count() + 1


def ward_documents(
    ward: Ward,
    year: int,
    *,
    by: AbstractBaseUser | None = None,
    language: str | None = None,
) -> Iterator[tuple[str, bytes]]:
    """(file name, PDF) of every cell of the ward (by code), then the ward summary. The cells are
    evaluated together once; each PDF takes its document number as it is printed."""
    cells = list(ward.cells.select_related("ward").order_by("code"))
    # The rules write their details in the active language: evaluate in the documents'.
    with translation.override(language or settings.LANGUAGE_CODE):
        sources = evaluation_sources(cells, year)
    for source in sources:
        pdf = render_source(source, by=by, language=language)
        yield cell_file_name(source.cell.code, year), pdf
    yield (
        summary_file_name(ward, year),
        render_ward_summary(ward, year, by=by, language=language),
    )


def print_batch_start(
    *, ward: Ward, year: int, by: AbstractBaseUser | None
) -> PrintBatch:
    """Record a batch of ``ward``'s documents of ``year`` and enqueue its task once the row is
    committed."""
    with transaction.atomic():
        batch = PrintBatch(
            ward=ward,
            year=year,
            requested_by=by if by is not None and by.is_authenticated else None,
            total=ward_document_count(ward),
        )
        batch.full_clean(exclude=["file"])
        batch.save()
        transaction.on_commit(lambda: _enqueue(batch.pk))
    return batch


def _enqueue(batch_id: int) -> None:
    result = print_batch_run.enqueue(batch_id)
    PrintBatch.objects.filter(pk=batch_id, task_id="").update(task_id=str(result.id))


@task()
def print_batch_run(batch_id: int) -> None:
    """Print the batch's documents into a zip, counting ``done`` as each PDF is made; a failure is
    recorded in the batch (state failed, the error), not raised again."""
    batch = PrintBatch.objects.select_related("ward", "requested_by").get(pk=batch_id)
    ward = batch.ward
    PrintBatch.objects.filter(pk=batch.pk).update(
        state=PrintBatch.State.RUNNING, total=ward_document_count(ward), done=0
    )
    try:
        with tempfile.TemporaryFile() as spool:
            with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
                done = 0
                for name, pdf in ward_documents(
                    ward, batch.year, by=batch.requested_by
                ):
                    archive.writestr(name, pdf)
                    done += 1
                    PrintBatch.objects.filter(pk=batch.pk).update(done=done)
            spool.seek(0)
            batch.refresh_from_db()
            batch.file.save(
                f"{ascii_slug(ward.code)}-{batch.year}-{batch.pk}.zip",
                File(spool),
                save=False,
            )
        batch.state = PrintBatch.State.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["file", "state", "finished_at"])
        DataLog.objects.create(
            user=batch.requested_by,
            action=DataLog.Action.PRINT,
            what=f"print batch {ward.code} {batch.year}",
            details={"batch": batch.pk, "documents": done},
        )
    except Exception as error:  # the batch shows what went wrong; the worker goes on
        logger.exception("print batch %s failed", batch_id)
        PrintBatch.objects.filter(pk=batch.pk).update(
            state=PrintBatch.State.FAILED,
            error=str(error)[:2000] or error.__class__.__name__,
            finished_at=timezone.now(),
        )
