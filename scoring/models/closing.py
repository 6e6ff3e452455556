from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wards.models import NormalizedTextModel, Ward


class ClosedYear(NormalizedTextModel):
    """A ward's year, closed by a ward official: its evaluation is stored as it was, with the rubric and
    catalogue versions used, and printed documents of the year come from this copy. Reopening is a
    change of ``closed`` (kept in history), not a deletion."""

    ward = models.ForeignKey(
        Ward,
        on_delete=models.CASCADE,
        related_name="closed_years",
        verbose_name=_("ward"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1930), MaxValueValidator(2100)]
    )
    closed = models.BooleanField(_("closed"), default=True)
    closed_at = models.DateTimeField(_("closed at"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    evaluation = models.JSONField(_("stored evaluation"), default=dict)
    rubric_versions = models.JSONField(
        _("rubric versions used"), default=list, blank=True
    )
    catalogue_version = models.CharField(
        _("catalogue version used"), max_length=40, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closed year")
        verbose_name_plural = _("closed years")
        ordering = ["ward__code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "year"], name="closed_year_key"),
            models.CheckConstraint(
                condition=models.Q(year__gte=1930, year__lte=2100),
                name="closed_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ward.code} / {self.year}"
