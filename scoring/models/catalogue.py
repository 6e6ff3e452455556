from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cells.models import CellKind
from wards.models import NormalizedTextModel


def rule_choices() -> list[tuple[str, str]]:
    from scoring.rules import RULES

    return [(key, key) for key in sorted(RULES)]


class Criterion(NormalizedTextModel):
    """One of the 13 model-cell criteria for a cell kind, in force from ``valid_from_year`` until a
    newer version of the catalogue for that kind (DOMAIN.md "The model-cell criteria")."""

    version = models.CharField(
        _("catalogue version"),
        max_length=40,
        help_text=_(
            "A name for this version of the catalogue, e.g. the year of its guidance."
        ),
    )
    valid_from_year = models.PositiveSmallIntegerField(
        _("in force from the year"),
        validators=[MinValueValidator(1930), MaxValueValidator(2100)],
    )
    cell_kind = models.CharField(
        _("cell kind"), max_length=20, choices=CellKind.choices
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(13)]
    )
    key = models.CharField(
        _("key"),
        max_length=40,
        choices=rule_choices,
        help_text=_("The criterion's key in exports and the API."),
    )
    title = models.CharField(_("title"), max_length=300)
    rule = models.CharField(
        _("rule"),
        max_length=40,
        choices=rule_choices,
        help_text=_("The rule of scoring/rules.py that decides it."),
    )
    params = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        help_text=_('Thresholds of the rule, e.g. {"required": 100} or {"bar": 98}.'),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("model-cell criterion")
        verbose_name_plural = _("model-cell criteria")
        ordering = ["-valid_from_year", "cell_kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from_year", "cell_kind", "number"], name="criterion_key"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=13),
                name="criterion_number_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    valid_from_year__gte=1930, valid_from_year__lte=2100
                ),
                name="criterion_year_range",
            ),
            models.CheckConstraint(
                condition=models.Q(cell_kind__in=CellKind.values),
                name="criterion_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title} ({self.get_cell_kind_display()}, {self.valid_from_year})"

    def clean(self) -> None:
        from scoring.rules import RULES

        errors = {}
        if self.rule and self.rule not in RULES:
            errors["rule"] = _("Unknown rule. Known rules: %(rules)s") % {
                "rules": ", ".join(sorted(RULES))
            }
        if not isinstance(self.params, dict):
            errors["params"] = _(
                'The parameters must be an object, e.g. {"required": 100}.'
            )
        if errors:
            raise ValidationError(errors)
