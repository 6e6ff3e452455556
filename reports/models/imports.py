"""Workbook imports kept with their file, and the log of every export and import (who, what, when)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wards.models import NormalizedTextModel


class ImportRecord(NormalizedTextModel):
    """An uploaded workbook: previewed, then applied or abandoned. The file is kept."""

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("previewed")
        APPLIED = "applied", _("applied")
        REFUSED = "refused", _("refused")

    ward = models.ForeignKey(
        "wards.Ward",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imports",
        verbose_name=_("ward"),
        help_text=_("The ward whose officials uploaded the workbook on the web."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="imports/")
    original_name = models.CharField(_("file name"), max_length=255)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PREVIEWED
    )
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        verbose_name = _("workbook import")
        verbose_name_plural = _("workbook imports")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.state})"

    @property
    def totals(self) -> dict[str, int]:
        """Rows created, updated and unchanged over every sheet (from ``counts``)."""
        sheets = (self.counts or {}).get("sheets", [])
        return {
            key: sum(int(sheet.get(key, 0)) for sheet in sheets)
            for key in ("created", "updated", "unchanged")
        }


class DataLog(NormalizedTextModel):
    """One export, import or printout of records: who, what, when (personal data leaves through these)."""

    class Action(models.TextChoices):
        EXPORT = "export", _("export")
        IMPORT = "import", _("import")
        PRINT = "print", _("print")
        BACKUP = "backup", _("backup")
        RESTORE = "restore", _("restore")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    what = models.CharField(_("what"), max_length=255)
    personal_data = models.BooleanField(_("with personal data"), default=False)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("data log entry")
        verbose_name_plural = _("data log")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.what}"
