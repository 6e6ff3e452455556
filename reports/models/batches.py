"""Batch printing: every cell of a ward printed by a background task (django-tasks), with its progress and
the zip it makes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wards.models import NormalizedTextModel, Ward


class PrintBatch(NormalizedTextModel):
    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    ward = models.ForeignKey(
        Ward, on_delete=models.CASCADE, related_name="+", verbose_name=_("ward")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    total = models.PositiveIntegerField(_("documents"), default=0)
    done = models.PositiveIntegerField(_("documents printed"), default=0)
    file = models.FileField(_("file"), upload_to="print-batches/", blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("print batch")
        verbose_name_plural = _("print batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.ward} {self.year} ({self.state})"
