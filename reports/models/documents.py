"""Document numbers (số văn bản): each issuing body keeps a yearly sequence.

Printing a document for the first time takes the next number of its issuer's sequence for the year and keeps
it; a reprint shows the same number (``kind`` and ``subject`` identify the document)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cells.models import Cell
from wards.models import NormalizedTextModel, Ward


class DocumentKind(models.TextChoices):
    EVALUATION = "evaluation", _("annual model-cell evaluation")
    WARD_SUMMARY = "ward_summary", _("ward summary of the model cells")
    MINUTES = "minutes", _("minutes of a meeting")
    ATTENDANCE_SHEET = "attendance_sheet", _("attendance sheet")
    RATINGS = "ratings", _("member ratings list")


class DocumentNumber(NormalizedTextModel):
    """The number a document took when first printed. The issuer is a cell, or the ward committee when
    ``cell`` is empty."""

    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="+", verbose_name=_("ward")
    )
    cell = models.ForeignKey(
        Cell,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cell"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    subject = models.CharField(_("subject"), max_length=100)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document number")
        verbose_name_plural = _("document numbers")
        ordering = ["ward", "cell", "year", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject"], name="reports_document_once"
            ),
            models.UniqueConstraint(
                fields=["cell", "year", "sequence"],
                condition=models.Q(cell__isnull=False),
                name="reports_document_cell_sequence",
            ),
            models.UniqueConstraint(
                fields=["ward", "year", "sequence"],
                condition=models.Q(cell__isnull=True),
                name="reports_document_ward_sequence",
            ),
            models.CheckConstraint(
                condition=models.Q(sequence__gte=1),
                name="reports_document_sequence_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject}: {self.sequence}/{self.year}"
