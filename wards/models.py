from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wards.text import nfc


class NormalizedTextQuerySet(models.QuerySet):
    """Bulk writes skip ``save()`` (imports and seeding use them): they normalise the text too."""

    def bulk_create(
        self, objs: Iterable[models.Model], *args: Any, **kwargs: Any
    ) -> list[models.Model]:
        objs = list(objs)
        for obj in objs:
            obj.normalize_text()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(
        self,
        objs: Iterable[models.Model],
        fields: Sequence[str],
        *args: Any,
        **kwargs: Any,
    ) -> int:
        objs = list(objs)
        for obj in objs:
            obj.normalize_text()
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        return super().update(**{name: nfc(value) for name, value in kwargs.items()})


class NormalizedTextModel(models.Model):
    """A model whose text fields are stored in Unicode NFC, whatever the keyboard sent.

    ``save()``, ``full_clean()`` and the bulk writes of its manager (``bulk_create``,
    ``bulk_update``, ``update``) normalise; raw SQL does not.
    """

    objects = NormalizedTextQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.normalize_text()
        super().save(*args, **kwargs)

    def normalize_text(self) -> None:
        for field in self._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                value = getattr(self, field.attname)
                setattr(self, field.attname, nfc(value))

    def clean_fields(self, exclude=None) -> None:
        self.normalize_text()
        super().clean_fields(exclude=exclude)


class Ward(NormalizedTextModel):
    """A ward (phường) and its party organisation (Đảng bộ phường)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    committee_name = models.CharField(
        _("committee name"),
        max_length=200,
        blank=True,
        help_text=_("As printed on documents, e.g. “Đảng bộ phường Đồng Tâm”."),
    )
    city = models.CharField(_("city"), max_length=200, blank=True)
    province = models.CharField(_("province"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ward")
        verbose_name_plural = _("wards")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(code=""), name="ward_code_not_blank"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ResidentialGroup(NormalizedTextModel):
    """A residential group (tổ dân phố) of a ward."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="groups", verbose_name=_("ward")
    )
    name = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("residential group")
        verbose_name_plural = _("residential groups")
        ordering = ["ward__code", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(code=""), name="group_code_not_blank"
            ),
        ]

    def __str__(self) -> str:
        return self.name
