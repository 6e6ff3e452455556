from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models import Meeting
from scoring.classes import points_text
from scoring.models.rubric import NOT_NEGATIVE, Rubric, RubricItem
from wards.models import NormalizedTextModel


class Scorer(models.TextChoices):
    SELF = "self", _("the cell (self-assessment)")
    UPPER = "upper", _("the upper-level committee member")


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
        _("total"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
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
        return f"{self.meeting} – {self.get_scorer_display()}"

    def clean(self) -> None:
        if self.meeting_id:
            self.meeting.check_year_open(what=self._meta.verbose_name)
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
    points = models.DecimalField(
        _("points"), max_digits=5, decimal_places=2, validators=NOT_NEGATIVE
    )
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
        return f"{self.item.code}: {self.points.normalize():f}"

    def clean(self) -> None:
        if self.sheet_id:
            self.sheet.meeting.check_year_open(what=self._meta.verbose_name)
        if not (self.item_id and self.points is not None):
            return
        if self.sheet_id and self.sheet.total_only:
            raise ValidationError(
                _("A total-only sheet has no item scores: enter its total instead.")
            )
        if self.points > self.item.max_points:
            raise ValidationError(
                {
                    "points": _("At most %(max)s points for this item.")
                    % {"max": points_text(self.item.max_points)}
                }
            )
        if self.points % self.item.step != 0:
            raise ValidationError(
                {
                    "points": _("Points go in steps of %(step)s.")
                    % {"step": points_text(self.item.step)}
                }
            )
        if self.sheet_id and self.item.rubric_id != self.sheet.rubric_id:
            raise ValidationError({"item": _("The item belongs to another rubric.")})
