import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cells.models.cell import Cell
from cells.models.choices import Rating, ResidenceFeedback
from cells.models.member import CellMembership, Member
from wards.locks import check_year_open, stored_values
from wards.models import NormalizedTextModel

# The years a record may have; forms report a year outside them on the field itself.
YEAR_VALIDATORS = [MinValueValidator(1930), MaxValueValidator(2100)]
PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


def year_q() -> models.Q:
    return models.Q(year__gte=1930, year__lte=2100)


def member_ward_id(member_id: int, year: int) -> int | None:
    """The ward whose cell had the member on its roll on 31/12 of ``year`` (the member's last cell of
    the year when they left before its end), or None."""
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        return None
    return (
        CellMembership.objects.filter(
            models.Q(end__isnull=True) | models.Q(end__gte=datetime.date(year, 1, 1)),
            member_id=member_id,
            start__lte=datetime.date(year, 12, 31),
        )
        .order_by("-start")
        .values_list("cell__ward_id", flat=True)
        .first()
    )


class MemberYear(NormalizedTextModel):
    """A member's annual rating and yearly records."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="years", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    resolution_compliant = models.BooleanField(
        _("complies with the cell's resolution"), default=False
    )
    residence_feedback = models.CharField(
        _("feedback from the place of residence"),
        max_length=20,
        choices=ResidenceFeedback.choices,
        blank=True,
        help_text=_(
            "For working members of non-residential cells (Quy định 213). Empty: missing."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member year")
        verbose_name_plural = _("member years")
        ordering = ["member__code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="member_year_key"),
            models.CheckConstraint(condition=year_q(), name="member_year_range"),
            models.CheckConstraint(
                condition=models.Q(rating__in=Rating.values),
                name="member_year_rating_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    residence_feedback__in=["", *ResidenceFeedback.values]
                ),
                name="member_year_feedback_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name} / {self.year}"

    def clean(self) -> None:
        places = set(stored_values(self, "member_id", "year"))
        if self.member_id and self.year:
            places.add((self.member_id, self.year))
        for member_id, year in sorted(places):
            check_year_open(
                ward_id=member_ward_id(member_id, year),
                year=year,
                what=self._meta.verbose_name,
            )


class CellYear(NormalizedTextModel):
    """A cell's yearly records: its rating, resolution targets, public satisfaction, group title."""

    cell = models.ForeignKey(
        Cell, on_delete=models.CASCADE, related_name="years", verbose_name=_("cell")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    rating = models.CharField(
        _("rating"), max_length=20, choices=Rating.choices, blank=True
    )
    targets_total = models.PositiveIntegerField(
        _("annual resolution targets"), null=True, blank=True
    )
    targets_met = models.PositiveIntegerField(
        _("targets met or exceeded"), null=True, blank=True
    )
    satisfaction_percent = models.DecimalField(
        _("public satisfaction (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    group_cultured = models.BooleanField(
        _("residential group rated cultured"),
        null=True,
        blank=True,
        help_text=_("“Tổ dân phố văn hóa” for the year; residential cells only."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cell year")
        verbose_name_plural = _("cell years")
        ordering = ["cell__code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["cell", "year"], name="cell_year_key"),
            models.CheckConstraint(condition=year_q(), name="cell_year_range"),
            models.CheckConstraint(
                condition=models.Q(rating__in=["", *Rating.values]),
                name="cell_year_rating_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(targets_met__isnull=True)
                | models.Q(targets_total__isnull=True)
                | models.Q(targets_met__lte=models.F("targets_total")),
                name="cell_year_targets_met_le_total",
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction_percent__isnull=True)
                | models.Q(satisfaction_percent__gte=0, satisfaction_percent__lte=100),
                name="cell_year_satisfaction_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cell.code} / {self.year}"

    def clean(self) -> None:
        places = set(stored_values(self, "cell__ward_id", "year"))
        if self.cell_id and self.year:
            places.add((self.cell.ward_id, self.year))
        for ward_id, year in sorted(places):
            check_year_open(ward_id=ward_id, year=year, what=self._meta.verbose_name)
        if (
            self.targets_met is not None
            and self.targets_total is not None
            and self.targets_met > self.targets_total
        ):
            raise ValidationError(
                {"targets_met": _("More targets met than there are targets.")}
            )
