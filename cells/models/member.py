import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cells.models.cell import Cell
from cells.models.choices import Gender, OfficePosition, StatusKind
from wards.models import NormalizedTextModel, Ward


def period_q(start: str = "start", end: str = "end") -> models.Q:
    """Check condition: a period ends on or after the day it starts (an open end is allowed)."""
    return models.Q(**{f"{end}__isnull": True}) | models.Q(
        **{f"{end}__gte": models.F(start)}
    )


def overlapping(
    queryset: models.QuerySet, start: datetime.date, end: datetime.date | None
):
    """The periods of ``queryset`` that share at least one day with [start, end] (inclusive)."""
    queryset = queryset.filter(models.Q(end__isnull=True) | models.Q(end__gte=start))
    if end is not None:
        queryset = queryset.filter(start__lte=end)
    return queryset


class Member(NormalizedTextModel):
    """A party member (đảng viên). The key is the profile number (số lý lịch)."""

    code = models.CharField(
        _("profile number"),
        max_length=30,
        unique=True,
        help_text=_("The member's profile number (số lý lịch)."),
    )
    card_number = models.CharField(
        _("party card number"),
        max_length=30,
        blank=True,
        help_text=_("Given when the member becomes official."),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, blank=True
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    citizen_id = models.CharField(_("citizen ID"), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    household = models.ForeignKey(
        "cells.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("household"),
    )
    joined_on = models.DateField(_("admitted on"))
    official_on = models.DateField(
        _("official on"),
        null=True,
        blank=True,
        help_text=_("Empty while the member is probationary."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(code=""), name="member_code_not_blank"
            ),
            models.UniqueConstraint(
                fields=["card_number"],
                condition=~models.Q(card_number=""),
                name="member_card_number_unique",
            ),
            models.UniqueConstraint(
                fields=["citizen_id"],
                condition=~models.Q(citizen_id=""),
                name="member_citizen_id_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(official_on__isnull=True)
                | models.Q(official_on__gte=models.F("joined_on")),
                name="member_official_after_joined",
            ),
            models.CheckConstraint(
                condition=models.Q(birth_date__isnull=True)
                | models.Q(birth_date__lt=models.F("joined_on")),
                name="member_born_before_joined",
            ),
            # The party card comes when a probationary member becomes official.
            models.CheckConstraint(
                condition=models.Q(card_number="")
                | models.Q(official_on__isnull=False),
                name="member_card_only_when_official",
            ),
            models.CheckConstraint(
                condition=models.Q(gender__in=["", *Gender.values]),
                name="member_gender_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.code})"

    def clean(self) -> None:
        errors = {}
        if self.official_on and self.joined_on and self.official_on < self.joined_on:
            errors["official_on"] = _("A member becomes official after being admitted.")
        if self.birth_date and self.joined_on and self.birth_date >= self.joined_on:
            errors["birth_date"] = _(
                "The date of birth must be before the admission date."
            )
        if self.card_number and not self.official_on:
            errors["card_number"] = _(
                "Only an official member has a party card number."
            )
        # The unique constraints on these two apply only when they are filled in; Django reports a
        # conditional constraint without a field and by its name, so say it here, on the field.
        for field in ("card_number", "citizen_id"):
            value = getattr(self, field)
            if value and field not in errors:
                others = Member.objects.filter(**{field: value}).exclude(pk=self.pk)
                if others.exists():
                    errors[field] = self.unique_error_message(Member, (field,))
        if errors:
            raise ValidationError(errors)

    def is_official_on(self, day: datetime.date) -> bool:
        """Official (đảng viên chính thức) on ``day``; before that, probationary (dự bị)."""
        return self.official_on is not None and self.official_on <= day


class CellMembership(NormalizedTextModel):
    """A period in which a member is on the roll of a cell (sinh hoạt tại chi bộ). Dates inclusive."""

    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("member"),
    )
    cell = models.ForeignKey(
        Cell,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("cell"),
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cell membership")
        verbose_name_plural = _("cell memberships")
        ordering = ["member__code", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "cell", "start"], name="membership_natural_key"
            ),
            models.CheckConstraint(
                condition=period_q(), name="membership_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["cell", "start", "end"], name="membership_cell_dates")
        ]

    def __str__(self) -> str:
        end = self.end.strftime("%d/%m/%Y") if self.end else "…"
        return (
            f"{self.member.full_name} @ {self.cell.code}: {self.start:%d/%m/%Y} – {end}"
        )

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError(
                {"end": _("The end date must not be before the start date.")}
            )
        if self.member_id and self.start:
            others = overlapping(
                CellMembership.objects.filter(member_id=self.member_id).exclude(
                    pk=self.pk
                ),
                self.start,
                self.end,
            ).select_related("cell")
            clash = others.first()
            if clash:
                raise ValidationError(
                    {
                        "start": _(
                            "This period overlaps the member's period in %(cell)s "
                            "from %(start)s: a member belongs to one cell at a time."
                        )
                        % {
                            "cell": clash.cell.name,
                            "start": clash.start.strftime("%d/%m/%Y"),
                        }
                    }
                )

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class StatusPeriod(NormalizedTextModel):
    """An exemption from activities (miễn sinh hoạt) or a period of working away (đi làm ăn xa)."""

    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="status_periods",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StatusKind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    approved = models.BooleanField(
        _("approved"),
        default=False,
        help_text=_("An exemption counts only once approved."),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.CharField(
        _("approved by"),
        max_length=200,
        blank=True,
        help_text=_("The body that approved the exemption, e.g. the ward committee."),
    )
    contact_kept = models.BooleanField(
        _("keeps in contact"),
        default=False,
        help_text=_("For working away: the member keeps in contact with the cell."),
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status period")
        verbose_name_plural = _("status periods")
        ordering = ["member__code", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind", "start"], name="status_period_natural_key"
            ),
            models.CheckConstraint(
                condition=period_q(), name="status_period_end_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=StatusKind.values),
                name="status_period_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(approved=False)
                | (models.Q(approved_on__isnull=False) & ~models.Q(approved_by="")),
                name="status_period_approval_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.member.full_name} ({self.start:%d/%m/%Y})"

    def clean(self) -> None:
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end date must not be before the start date.")
        if self.approved and not self.approved_on:
            errors["approved_on"] = _("An approved exemption needs its approval date.")
        if self.approved and not self.approved_by:
            errors["approved_by"] = _(
                "An approved exemption needs the body that approved it."
            )
        if self.member_id and self.kind and self.start:
            others = StatusPeriod.objects.filter(
                member_id=self.member_id, kind=self.kind
            )
            if overlapping(others.exclude(pk=self.pk), self.start, self.end).exists():
                errors["start"] = _(
                    "This period overlaps another period of the same kind."
                )
        if errors:
            raise ValidationError(errors)

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Office(NormalizedTextModel):
    """Who holds an office (bí thư, phó bí thư, chi ủy viên) of a cell or of the ward, and when."""

    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="offices",
        verbose_name=_("member"),
    )
    cell = models.ForeignKey(
        Cell,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("cell"),
    )
    ward = models.ForeignKey(
        Ward,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("ward"),
    )
    position = models.CharField(
        _("position"), max_length=20, choices=OfficePosition.choices
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(cell__isnull=False) & models.Q(ward__isnull=True))
                | (models.Q(cell__isnull=True) & models.Q(ward__isnull=False)),
                name="office_one_unit",
            ),
            models.CheckConstraint(condition=period_q(), name="office_end_after_start"),
            models.CheckConstraint(
                condition=models.Q(position__in=OfficePosition.values),
                name="office_position_valid",
            ),
            models.UniqueConstraint(
                fields=["member", "cell", "position", "start"],
                condition=models.Q(cell__isnull=False),
                name="office_cell_natural_key",
            ),
            models.UniqueConstraint(
                fields=["member", "ward", "position", "start"],
                condition=models.Q(ward__isnull=False),
                name="office_ward_natural_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()}: {self.member.full_name}"

    @property
    def unit(self) -> Cell | Ward | None:
        return self.cell or self.ward

    def clean(self) -> None:
        errors = {}
        if bool(self.cell_id) == bool(self.ward_id):
            errors["cell"] = _("An office belongs to a cell or to the ward, not both.")
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end date must not be before the start date.")
        unit = {"cell_id": self.cell_id} if self.cell_id else {"ward_id": self.ward_id}
        if not errors and self.member_id and self.position and self.start:
            # The natural key is a conditional unique constraint: say it on the field.
            same = Office.objects.filter(
                member_id=self.member_id,
                position=self.position,
                start=self.start,
                **unit,
            )
            if same.exclude(pk=self.pk).exists():
                errors["start"] = _(
                    "This member already holds this office from this date."
                )
        if not errors and self.position == OfficePosition.SECRETARY and self.start:
            others = Office.objects.filter(position=OfficePosition.SECRETARY, **unit)
            if overlapping(others.exclude(pk=self.pk), self.start, self.end).exists():
                errors["start"] = _(
                    "Another secretary holds this office in the same period."
                )
        if errors:
            raise ValidationError(errors)
