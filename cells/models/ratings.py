from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wards.models import NormalizedTextModel


class RatingRule(NormalizedTextModel):
    """A version of the annual rating rules (đánh giá, xếp loại chất lượng), in force from
    ``valid_from_year`` until the next version: Quy định 132-QĐ/TW (2018–2022), 124-QĐ/TW (2023–2024),
    366-QĐ/TW with point-based rating (2025–). DOMAIN.md "Annual ratings"."""

    valid_from_year = models.PositiveSmallIntegerField(
        _("in force from the year"),
        unique=True,
        validators=[MinValueValidator(1930), MaxValueValidator(2100)],
    )
    document = models.CharField(
        _("document"),
        max_length=300,
        help_text=_("The rules in force, e.g. “Quy định 366-QĐ/TW”."),
    )
    excellent_cap_percent = models.PositiveSmallIntegerField(
        _("excellent members at most (percent of those rated good or better)"),
        default=20,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Checked across the ward's party organisation: more is a warning, not a block."
        ),
    )
    points_based = models.BooleanField(
        _("rated by points"),
        default=False,
        help_text=_("Members and cells are rated from a score out of 100."),
    )
    excellent_min_points = models.DecimalField(
        _("points needed for excellent"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Only for rules rated by points."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rating rule")
        verbose_name_plural = _("rating rules")
        ordering = ["-valid_from_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    valid_from_year__gte=1930, valid_from_year__lte=2100
                ),
                name="rating_rule_year_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(document=""), name="rating_rule_document_not_blank"
            ),
            models.CheckConstraint(
                condition=models.Q(excellent_cap_percent__lte=100),
                name="rating_rule_cap_range",
            ),
            models.CheckConstraint(
                condition=models.Q(excellent_min_points__isnull=True)
                | models.Q(excellent_min_points__gte=0, excellent_min_points__lte=100),
                name="rating_rule_min_points_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    points_based=True, excellent_min_points__isnull=False
                )
                | models.Q(points_based=False, excellent_min_points__isnull=True),
                name="rating_rule_min_points_iff_points_based",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.valid_from_year})"

    def clean(self) -> None:
        if self.points_based and self.excellent_min_points is None:
            raise ValidationError(
                {
                    "excellent_min_points": _(
                        "Rules rated by points need the points for excellent."
                    )
                }
            )
        if not self.points_based and self.excellent_min_points is not None:
            raise ValidationError(
                {
                    "excellent_min_points": _(
                        "Only rules rated by points have points for excellent."
                    )
                }
            )
