import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cells.models.choices import Poverty
from cells.models.member import CellMembership
from wards.locks import check_year_open, stored_values
from wards.models import NormalizedTextModel, ResidentialGroup


class Household(NormalizedTextModel):
    """A household (hộ gia đình): in a residential group of the ward, or outside with an address."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    group = models.ForeignKey(
        ResidentialGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households",
        verbose_name=_("residential group"),
        help_text=_("Leave empty for a household living outside the ward."),
    )
    head_name = models.CharField(_("head of household"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(code=""), name="household_code_not_blank"
            ),
            models.CheckConstraint(
                condition=models.Q(group__isnull=False) | ~models.Q(address=""),
                name="household_outside_has_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.head_name} ({self.code})"

    def clean(self) -> None:
        if not self.group_id and not self.address:
            raise ValidationError(
                {"address": _("A household living outside the ward needs its address.")}
            )


class HouseholdYear(NormalizedTextModel):
    """A household's titles for one year (Gia đình văn hóa, poverty review, civilized-ward rules)."""

    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        related_name="years",
        verbose_name=_("household"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1930), MaxValueValidator(2100)]
    )
    cultured_family = models.BooleanField(_("cultured family"), default=False)
    poverty = models.CharField(
        _("poverty status"),
        max_length=20,
        choices=Poverty.choices,
        default=Poverty.NONE,
    )
    civilized_rules = models.BooleanField(
        _("follows the civilized-ward and local rules"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household year")
        verbose_name_plural = _("household years")
        ordering = ["household__code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"], name="household_year_key"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1930, year__lte=2100),
                name="household_year_range",
            ),
            models.CheckConstraint(
                condition=models.Q(poverty__in=Poverty.values),
                name="household_year_poverty_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household.code} / {self.year}"

    def clean(self) -> None:
        places = set(stored_values(self, "household_id", "year"))
        if self.household_id and self.year:
            places.add((self.household_id, self.year))
        for household_id, year in sorted(places):
            for ward_id in household_ward_ids(household_id, year):
                check_year_open(
                    ward_id=ward_id, year=year, what=self._meta.verbose_name
                )


def household_ward_ids(household_id: int, year: int) -> set[int]:
    """The wards a household's yearly record belongs to: its residential group's ward, or for a household
    living outside the ward, the wards whose cells had one of its members on their roll in ``year``."""
    group_ward = (
        Household.objects.filter(pk=household_id)
        .values_list("group__ward_id", flat=True)
        .first()
    )
    if group_ward is not None:
        return {group_ward}
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        return set()
    return set(
        CellMembership.objects.filter(
            models.Q(end__isnull=True) | models.Q(end__gte=datetime.date(year, 1, 1)),
            member__household_id=household_id,
            start__lte=datetime.date(year, 12, 31),
        ).values_list("cell__ward_id", flat=True)
    )
