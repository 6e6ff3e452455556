import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cells.models import Cell, Member
from wards.locks import check_year_open, stored_values
from wards.models import NormalizedTextModel


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("regular meeting")
    THEMATIC = "thematic", _("thematic meeting")
    COMBINED = "combined", _("regular and thematic meeting")
    STUDY = "study", _("resolution study session")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("planned")
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    LOCKED = "locked", _("locked")


# Only these states count in any evaluation.
COUNTED_STATES = (MeetingState.SUBMITTED, MeetingState.LOCKED)


class Mark(models.TextChoices):
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("absent with excuse")
    ABSENT = "absent", _("absent without excuse")
    EXEMPT = "exempt", pgettext_lazy("attendance", "exempt")


def meeting_key_for(cell_code: str, held_on: datetime.date, kind: str) -> str:
    """The natural key of a meeting logged on the web: ``<cell>-<yyyymmdd>-<kind>``, made unique."""
    base = f"{cell_code}-{held_on:%Y%m%d}-{kind}"
    key, n = base, 2
    while Meeting.objects.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


class Meeting(NormalizedTextModel):
    """A cell meeting (buổi sinh hoạt chi bộ) with the fields of its minutes (biên bản)."""

    key = models.CharField(_("key"), max_length=60, unique=True, blank=True)
    cell = models.ForeignKey(
        Cell, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("cell")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=MeetingState.choices,
        default=MeetingState.DRAFT,
    )
    held_on = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    chair = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    minute_taker = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minute-taker"),
    )
    upper_attendee = models.CharField(
        _("upper-level committee member attending"), max_length=200, blank=True
    )
    speakers = models.PositiveSmallIntegerField(
        _("members who spoke"), null=True, blank=True
    )
    targets_met_percent = models.DecimalField(
        _("last month's targets met (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    content = models.TextField(_("content"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(
        _("votes against"), null=True, blank=True
    )
    votes_abstain = models.PositiveSmallIntegerField(
        _("abstentions"), null=True, blank=True
    )
    minutes = models.TextField(_("minutes"), blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised on every save: a save based on an old version is refused."),
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["cell__code", "held_on", "key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=MeetingKind.values),
                name="meeting_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=MeetingState.values),
                name="meeting_state_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(start_time__isnull=True)
                | models.Q(end_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(targets_met_percent__isnull=True)
                | models.Q(targets_met_percent__gte=0, targets_met_percent__lte=100),
                name="meeting_targets_percent_range",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="meeting_version_positive"
            ),
        ]
        indexes = [models.Index(fields=["cell", "held_on"], name="meeting_cell_date")]

    def __str__(self) -> str:
        return f"{self.cell.code} – {self.get_kind_display()} – {self.held_on:%d/%m/%Y}"

    def save(self, *args, **kwargs) -> None:
        if not self.key and self.cell_id and self.held_on and self.kind:
            self.key = meeting_key_for(self.cell.code, self.held_on, self.kind)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.check_year_open()
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The meeting must end after it starts.")
        if (
            self.held_on
            and self.state in COUNTED_STATES
            and self.held_on > timezone.localdate()
        ):
            errors["held_on"] = _(
                "A meeting that was held cannot be dated in the future."
            )
        if self.cell_id and self.held_on and not self.cell.existed_on(self.held_on):
            errors["held_on"] = _("The cell did not exist on this date.")
        for field in ("chair", "minute_taker"):
            member = getattr(self, field)
            if member and self.cell_id and self.held_on:
                on_roll = member.memberships.filter(
                    cell_id=self.cell_id, start__lte=self.held_on
                ).filter(models.Q(end__isnull=True) | models.Q(end__gte=self.held_on))
                if not on_roll.exists():
                    errors[field] = _(
                        "This member was not on the cell's roll on the meeting date."
                    )
        if errors:
            raise ValidationError(errors)

    def check_year_open(self, what: str | None = None) -> None:
        """Refuse a change while the ward has closed the meeting's year (DESIGN.md "Time"). For the
        meeting itself: the year it is dated in now and the one it is stored with, so that it can
        neither leave nor enter a closed year. For a record of it named by ``what`` (attendance, a
        score sheet): the meeting as it is."""
        places = set()
        if self.cell_id and self.held_on:
            places.add((self.cell.ward_id, self.held_on.year))
        if what is None:
            for ward_id, held_on in stored_values(self, "cell__ward_id", "held_on"):
                places.add((ward_id, held_on.year))
        for ward_id, year in sorted(places):
            check_year_open(
                ward_id=ward_id, year=year, what=what or self._meta.verbose_name
            )

    @property
    def duration_minutes(self) -> int | None:
        """Minutes between the start and the end time, or None when either is missing."""
        if not (self.start_time and self.end_time):
            return None
        start = datetime.datetime.combine(self.held_on, self.start_time)
        end = datetime.datetime.combine(self.held_on, self.end_time)
        return int((end - start).total_seconds() // 60)

    @property
    def is_counted(self) -> bool:
        return self.state in COUNTED_STATES


class Attendance(NormalizedTextModel):
    """One member's mark at one meeting: the roster of that meeting as it was."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("meeting"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("member"),
    )
    mark = models.CharField(_("mark"), max_length=10, choices=Mark.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting_id", "member__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="attendance_one_mark"
            ),
            models.CheckConstraint(
                condition=models.Q(mark__in=Mark.values), name="attendance_mark_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["member", "meeting"], name="attendance_member_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name}: {self.get_mark_display()}"

    def clean(self) -> None:
        if self.meeting_id:
            self.meeting.check_year_open(what=self._meta.verbose_name)
        if not (self.meeting_id and self.member_id):
            return
        day = self.meeting.held_on
        on_roll = self.member.memberships.filter(
            cell_id=self.meeting.cell_id, start__lte=day
        ).filter(models.Q(end__isnull=True) | models.Q(end__gte=day))
        if not on_roll.exists():
            raise ValidationError(
                {
                    "member": _(
                        "This member was not on the cell's roll on the meeting date."
                    )
                }
            )
        if self.mark == Mark.EXEMPT:
            exemption = self.member.status_periods.filter(
                kind="exempt", approved=True, start__lte=day
            ).filter(models.Q(end__isnull=True) | models.Q(end__gte=day))
            if not exemption.exists():
                raise ValidationError(
                    {
                        "mark": _(
                            "“Exempt” needs an approved exemption covering the meeting date."
                        )
                    }
                )
