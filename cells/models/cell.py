import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cells.models.choices import CellKind
from wards.models import NormalizedTextModel, ResidentialGroup, Ward


class Cell(NormalizedTextModel):
    """A party cell (chi bộ). A residential cell covers one or more residential groups."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="cells", verbose_name=_("ward")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CellKind.choices)
    groups = models.ManyToManyField(
        ResidentialGroup,
        blank=True,
        related_name="cells",
        verbose_name=_("residential groups"),
        help_text=_("The residential groups a residential cell covers."),
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party cell")
        verbose_name_plural = _("party cells")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(code=""), name="cell_code_not_blank"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=CellKind.values), name="cell_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(founded_on__isnull=True)
                | models.Q(dissolved_on__isnull=True)
                | models.Q(dissolved_on__gte=models.F("founded_on")),
                name="cell_dissolved_after_founded",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.founded_on
            and self.dissolved_on
            and self.dissolved_on < self.founded_on
        ):
            raise ValidationError(
                {"dissolved_on": _("A cell cannot be dissolved before it was founded.")}
            )

    def existed_on(self, day: datetime.date) -> bool:
        """Whether the cell existed on ``day`` (founding and dissolution days included)."""
        if self.founded_on and day < self.founded_on:
            return False
        return not (self.dissolved_on and day > self.dissolved_on)
