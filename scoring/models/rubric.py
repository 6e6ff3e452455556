from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scoring.classes import points_text
from wards.models import NormalizedTextModel

# "More than 0" for amounts with two decimal places; forms then report it on the field.
POSITIVE = [MinValueValidator(Decimal("0.01"))]
NOT_NEGATIVE = [MinValueValidator(0)]


class ComputedFrom(models.TextChoices):
    """The meeting data a computed (⚙) rubric item is proposed from."""

    ATTENDANCE = "attendance", _("attendance rate")
    DURATION = "duration", _("duration")
    SPEAKERS = "speakers", _("share of members who spoke")
    TARGETS = "targets", _("last month's targets met")


class Rubric(NormalizedTextModel):
    """A version of the meeting score sheet (bảng chấm điểm), in force from ``valid_from`` until the next."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    valid_from = models.DateField(_("in force from"), unique=True)
    total_points = models.DecimalField(
        _("total points"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=POSITIVE,
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("The document that sets this sheet."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total_points__gt=0), name="rubric_total_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"


class RubricSection(NormalizedTextModel):
    rubric = models.ForeignKey(
        Rubric,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("rubric"),
    )
    number = models.CharField(
        _("number"), max_length=10, help_text=_("e.g. I, II, III")
    )
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubric section")
        verbose_name_plural = _("rubric sections")
        ordering = ["rubric", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "number"], name="rubric_section_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class RubricItem(NormalizedTextModel):
    """One scored item of a rubric, with its maximum and step; ⚙ items are computed from meeting data."""

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="items", verbose_name=_("rubric")
    )
    section = models.ForeignKey(
        RubricSection,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("section"),
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("e.g. III.2"))
    title = models.CharField(_("title"), max_length=500)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=5, decimal_places=2, validators=POSITIVE
    )
    step = models.DecimalField(
        _("step"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.5"),
        validators=POSITIVE,
    )
    computed_from = models.CharField(
        _("computed from"), max_length=20, choices=ComputedFrom.choices, blank=True
    )
    full_marks_for_class1 = models.BooleanField(
        _("full marks needed for class 1"), default=False
    )
    streak_penalty = models.DecimalField(
        _("excused-streak penalty"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=NOT_NEGATIVE,
        help_text=_(
            "Points taken from the proposed attendance score when a member is absent "
            "with excuse more than 3 meetings in a row (never below 0)."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubric item")
        verbose_name_plural = _("rubric items")
        ordering = ["rubric", "order"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="rubric_item_key"),
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0), name="rubric_item_max_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(step__gt=0), name="rubric_item_step_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(computed_from__in=["", *ComputedFrom.values]),
                name="rubric_item_computed_from_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(streak_penalty__gte=0),
                name="rubric_item_streak_penalty_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        if (
            self.section_id
            and self.rubric_id
            and self.section.rubric_id != self.rubric_id
        ):
            raise ValidationError(
                {"section": _("The section belongs to another rubric.")}
            )
        if self.max_points and self.step and (self.max_points % self.step) != 0:
            raise ValidationError(
                {"step": _("The maximum must be a whole number of steps.")}
            )
        if self.streak_penalty:
            if self.computed_from != ComputedFrom.ATTENDANCE:
                raise ValidationError(
                    {
                        "streak_penalty": _(
                            "Only an item computed from the attendance rate has an "
                            "excused-streak penalty."
                        )
                    }
                )
            if self.max_points and self.streak_penalty > self.max_points:
                raise ValidationError(
                    {"streak_penalty": _("The penalty is above the item's maximum.")}
                )
            if self.step and self.streak_penalty % self.step != 0:
                raise ValidationError(
                    {
                        "streak_penalty": _("Points go in steps of %(step)s.")
                        % {"step": points_text(self.step)}
                    }
                )


# Computed items whose value is a percentage (0–100); the duration is in minutes.
PERCENT_SOURCES = frozenset(
    {ComputedFrom.ATTENDANCE, ComputedFrom.SPEAKERS, ComputedFrom.TARGETS}
)


class RubricItemBand(models.Model):
    """One band of a computed (⚙) item: a meeting whose value reaches ``min_value`` is proposed ``points``.

    Bands are half-open: an inclusive band holds the values from ``min_value`` on (“≥ 90%”), an exclusive one
    the values above it (“> 50%”). A value takes the points of the highest band it reaches, and 0 below every
    band. Percentages are 0–100, durations in minutes.
    """

    item = models.ForeignKey(
        RubricItem,
        on_delete=models.CASCADE,
        related_name="bands",
        verbose_name=_("item"),
    )
    min_value = models.DecimalField(
        _("from (value)"),
        max_digits=7,
        decimal_places=2,
        validators=NOT_NEGATIVE,
        help_text=_("A percentage (0–100), or minutes for the duration."),
    )
    inclusive = models.BooleanField(
        _("including the value itself"),
        default=True,
        help_text=_("Ticked: “≥ value”; unticked: “> value”."),
    )
    points = models.DecimalField(
        _("points"), max_digits=5, decimal_places=2, validators=NOT_NEGATIVE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("item band")
        verbose_name_plural = _("item bands")
        # Highest band first; at the same value “> value” lies above “≥ value”.
        ordering = ["item", "-min_value", "inclusive"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "min_value", "inclusive"], name="rubric_item_band_key"
            ),
            models.CheckConstraint(
                condition=models.Q(min_value__gte=0),
                name="rubric_item_band_value_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(points__gte=0),
                name="rubric_item_band_points_not_negative",
            ),
        ]

    def __str__(self) -> str:
        sign = "≥" if self.inclusive else ">"
        value = self.min_value.normalize() if self.min_value is not None else "?"
        points = self.points.normalize() if self.points is not None else "?"
        return f"{self.item.code}: {sign} {value:f} → {points:f}"

    def clean(self) -> None:
        if not self.item_id:
            return
        item = self.item
        errors = {}
        if not item.computed_from:
            errors["item"] = _("Only computed items have bands.")
        elif (
            item.computed_from in PERCENT_SOURCES
            and self.min_value is not None
            and self.min_value > 100
        ):
            errors["min_value"] = _("A percentage is at most 100.")
        if self.points is not None:
            if self.points > item.max_points:
                errors["points"] = _("At most %(max)s points for this item.") % {
                    "max": points_text(item.max_points)
                }
            elif self.points % item.step != 0:
                errors["points"] = _("Points go in steps of %(step)s.") % {
                    "step": points_text(item.step)
                }
        if errors:
            raise ValidationError(errors)


class ClassBand(models.Model):
    """The lowest total of a meeting class (loại 1 Tốt, 2 Khá, 3 Trung bình, 4 Kém) in a rubric."""

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="bands", verbose_name=_("rubric")
    )
    meeting_class = models.PositiveSmallIntegerField(
        _("class"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    min_points = models.DecimalField(
        _("from (points)"), max_digits=5, decimal_places=2, validators=NOT_NEGATIVE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("class band")
        verbose_name_plural = _("class bands")
        ordering = ["rubric", "meeting_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "meeting_class"], name="class_band_key"
            ),
            models.CheckConstraint(
                condition=models.Q(meeting_class__gte=1, meeting_class__lte=4),
                name="class_band_class_range",
            ),
            models.CheckConstraint(
                condition=models.Q(min_points__gte=0), name="class_band_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_class}: ≥ {self.min_points}"
