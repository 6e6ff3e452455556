from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models import Meeting
from wards.models import NormalizedTextModel


class ComputedFrom(models.TextChoices):
    """The meeting data a computed (⚙) rubric item is proposed from."""

    ATTENDANCE = "attendance", _("attendance rate")
    DURATION = "duration", _("duration")
    SPEAKERS = "speakers", _("share of members who spoke")
    TARGETS = "targets", _("last month's targets met")


class Scorer(models.TextChoices):
    SELF = "self", _("the cell (self-assessment)")
    UPPER = "upper", _("the upper-level committee member")


class Rubric(NormalizedTextModel):
    """A version of the meeting score sheet (bảng chấm điểm), in force from ``valid_from`` until the next."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    valid_from = models.DateField(_("in force from"), unique=True)
    total_points = models.DecimalField(
        _("total points"), max_digits=5, decimal_places=2, default=Decimal("100")
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
        _("maximum points"), max_digits=5, decimal_places=2
    )
    step = models.DecimalField(
        _("step"), max_digits=4, decimal_places=2, default=Decimal("0.5")
    )
    computed_from = models.CharField(
        _("computed from"), max_length=20, choices=ComputedFrom.choices, blank=True
    )
    full_marks_for_class1 = models.BooleanField(
        _("full marks needed for class 1"), default=False
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


class ClassBand(models.Model):
    """The lowest total of a meeting class (loại 1 Tốt, 2 Khá, 3 Trung bình, 4 Kém) in a rubric."""

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="bands", verbose_name=_("rubric")
    )
    meeting_class = models.PositiveSmallIntegerField(_("class"))
    min_points = models.DecimalField(_("from (points)"), max_digits=5, decimal_places=2)
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


class ScoreSheet(NormalizedTextModel):
    """A meeting's score sheet, by the cell (self) or by the upper-level committee member."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="score_sheets",
        verbose_name=_("meeting"),
    )
    scorer = models.CharField(_("scored by"), max_length=10, choices=Scorer.choices)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    scorer_name = models.CharField(_("name of the scorer"), max_length=200, blank=True)
    rubric = models.ForeignKey(
        Rubric,
        on_delete=models.PROTECT,
        related_name="sheets",
        verbose_name=_("rubric"),
    )
    total_only = models.BooleanField(
        _("total only"),
        default=False,
        help_text=_("A legacy paper sheet entered by its total."),
    )
    total = models.DecimalField(
        _("total"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["meeting_id", "scorer"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "scorer"], name="score_sheet_key"
            ),
            models.CheckConstraint(
                condition=models.Q(scorer__in=Scorer.values),
                name="score_sheet_scorer_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(total__isnull=True)
                | models.Q(total__gte=0, total__lte=100),
                name="score_sheet_total_range",
            ),
            models.CheckConstraint(
                condition=models.Q(total_only=False) | models.Q(total__isnull=False),
                name="score_sheet_total_only_has_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} – {self.get_scorer_display()}"

    def clean(self) -> None:
        if self.total_only and self.total is None:
            raise ValidationError({"total": _("A total-only sheet needs its total.")})
        if (
            self.rubric_id
            and self.total is not None
            and self.total > self.rubric.total_points
        ):
            raise ValidationError(
                {"total": _("The total is above the rubric's total.")}
            )
        if self.meeting_id and self.meeting.kind == "study":
            raise ValidationError(_("Resolution study sessions are not scored."))


class ItemScore(NormalizedTextModel):
    """The points given to one rubric item on one sheet; a lowered computed value needs a reason."""

    sheet = models.ForeignKey(
        ScoreSheet,
        on_delete=models.CASCADE,
        related_name="item_scores",
        verbose_name=_("sheet"),
    )
    item = models.ForeignKey(
        RubricItem,
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("item"),
    )
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    reason = models.CharField(
        _("reason"),
        max_length=500,
        blank=True,
        help_text=_("Required when a computed value is lowered."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["sheet_id", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "item"], name="item_score_key"),
            models.CheckConstraint(
                condition=models.Q(points__gte=0), name="item_score_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.points}"

    def clean(self) -> None:
        if not (self.item_id and self.points is not None):
            return
        if self.points > self.item.max_points:
            raise ValidationError(
                {
                    "points": _("At most %(max)s points for this item.")
                    % {"max": self.item.max_points}
                }
            )
        if self.points % self.item.step != 0:
            raise ValidationError(
                {
                    "points": _("Points go in steps of %(step)s.")
                    % {"step": self.item.step}
                }
            )
        if self.sheet_id and self.item.rubric_id != self.sheet.rubric_id:
            raise ValidationError({"item": _("The item belongs to another rubric.")})
