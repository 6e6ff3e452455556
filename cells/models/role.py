from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cells.models.cell import Cell
from cells.models.choices import RoleKind
from wards.models import Ward


class Role(models.Model):
    """What a user may do, and where: a ward official of one ward, the secretary of one cell, or a viewer
    of one cell, one ward, or every ward (no ward and no cell: the city or province committee)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partycell_roles",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    ward = models.ForeignKey(
        Ward,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("ward"),
    )
    cell = models.ForeignKey(
        Cell,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("cell"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=RoleKind.values), name="role_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=RoleKind.WARD_OFFICIAL)
                | (models.Q(ward__isnull=False) & models.Q(cell__isnull=True)),
                name="role_ward_official_has_ward",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=RoleKind.CELL_SECRETARY)
                | (models.Q(cell__isnull=False) & models.Q(ward__isnull=True)),
                name="role_secretary_has_cell",
            ),
            models.CheckConstraint(
                condition=models.Q(ward__isnull=True) | models.Q(cell__isnull=True),
                name="role_ward_or_cell",
            ),
        ]

    def __str__(self) -> str:
        scope = self.cell or self.ward or _("every ward")
        return f"{self.user} – {self.get_kind_display()} – {scope}"

    def clean(self) -> None:
        if self.kind == RoleKind.WARD_OFFICIAL and (not self.ward_id or self.cell_id):
            raise ValidationError(
                {"ward": _("A ward official needs a ward (and no cell).")}
            )
        if self.kind == RoleKind.CELL_SECRETARY and (not self.cell_id or self.ward_id):
            raise ValidationError(
                {"cell": _("A cell secretary needs a cell (and no ward).")}
            )
        if self.ward_id and self.cell_id:
            raise ValidationError({"cell": _("Choose a ward or a cell, not both.")})
        same = Role.objects.filter(
            user_id=self.user_id,
            kind=self.kind,
            ward_id=self.ward_id,
            cell_id=self.cell_id,
        )
        if self.user_id and same.exclude(pk=self.pk).exists():
            raise ValidationError(_("This user already has this role."))
