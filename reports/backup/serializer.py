"""Django's ``jsonl`` serializer, with natural keys only for content types and permissions.

Those two tables are made by ``migrate`` and may number their rows differently on another database, so a
row that points to them carries the natural key. Every other reference keeps its id: history rows may point
to rows deleted since, which a natural key could not name."""

from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers import jsonl
from django.db import models

NATURAL_TARGETS = (ContentType, Permission)


class Serializer(jsonl.Serializer):
    def _natural(self, field: models.Field) -> bool:
        return issubclass(field.remote_field.model, NATURAL_TARGETS)

    def handle_fk_field(self, obj: models.Model, field: models.Field) -> None:
        self.use_natural_foreign_keys = self._natural(field)
        try:
            super().handle_fk_field(obj, field)
        finally:
            self.use_natural_foreign_keys = False

    def handle_m2m_field(self, obj: models.Model, field: Any) -> None:
        self.use_natural_foreign_keys = self._natural(field)
        try:
            super().handle_m2m_field(obj, field)
        finally:
            self.use_natural_foreign_keys = False
