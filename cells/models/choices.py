from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CellKind(models.TextChoices):
    RESIDENTIAL = "residential", _("residential group cell")
    PUBLIC_SERVICE = "public_service", _("public service cell")
    POLICE = "police", _("police cell")
    MILITARY = "military", _("military cell")
    ENTERPRISE = "enterprise", _("enterprise cell")


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class StatusKind(models.TextChoices):
    EXEMPT = "exempt", _("exempt from activities")
    WORKING_AWAY = "working_away", _("working away")


class OfficePosition(models.TextChoices):
    SECRETARY = "secretary", pgettext_lazy("office", "secretary")
    DEPUTY = "deputy", _("deputy secretary")
    COMMITTEE = "committee", _("committee member")


class Rating(models.TextChoices):
    """The four levels of the annual rating (đánh giá, xếp loại chất lượng)."""

    EXCELLENT = "excellent", _("excellently fulfilled duties")
    GOOD = "good", _("well fulfilled duties")
    DONE = "done", _("fulfilled duties")
    FAILED = "failed", _("did not fulfil duties")


class ResidenceFeedback(models.TextChoices):
    GOOD = "good", pgettext_lazy("feedback", "good")
    NOT_GOOD = "not_good", pgettext_lazy("feedback", "not good")
    NOT_REQUIRED = "not_required", _("not required")


class Poverty(models.TextChoices):
    NONE = "none", _("not poor")
    NEAR_POOR = "near_poor", _("near-poor")
    POOR = "poor", _("poor")


class RoleKind(models.TextChoices):
    WARD_OFFICIAL = "ward_official", _("ward official")
    CELL_SECRETARY = "cell_secretary", _("cell secretary")
    VIEWER = "viewer", _("viewer")
