"""One factory per model. Set-up that a service exists for should go through the service."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from cells.models import (
    Cell,
    CellKind,
    CellMembership,
    CellYear,
    Household,
    HouseholdYear,
    Member,
    MemberYear,
    Office,
    OfficePosition,
    Rating,
    RatingRule,
    Role,
    RoleKind,
    StatusKind,
    StatusPeriod,
)
from meetings.models import Attendance, Mark, Meeting, MeetingKind, MeetingState
from scoring.models import (
    ClosedYear,
    ComputedFrom,
    Criterion,
    ItemScore,
    Rubric,
    RubricItem,
    RubricItemBand,
    RubricSection,
    Scorer,
    ScoreSheet,
)
from wards.models import ResidentialGroup, Ward


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "matkhau-2025")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward

    code = factory.Sequence(lambda n: f"P{n:02d}")
    name = factory.Sequence(lambda n: f"Phường số {n}")
    committee_name = factory.LazyAttribute(lambda o: f"Đảng bộ {o.name.lower()}")
    city = "Yên Bái"
    province = "Yên Bái"


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidentialGroup

    ward = factory.SubFactory(WardFactory)
    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"Tổ dân phố số {n}")


class CellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cell

    ward = factory.SubFactory(WardFactory)
    code = factory.Sequence(lambda n: f"C{n:03d}")
    name = factory.Sequence(lambda n: f"Chi bộ Tổ dân phố số {n}")
    kind = CellKind.RESIDENTIAL
    founded_on = datetime.date(2000, 1, 1)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    code = factory.Sequence(lambda n: f"HGD{n:05d}")
    group = factory.SubFactory(GroupFactory)
    head_name = factory.Sequence(lambda n: f"Nguyễn Văn Hộ {n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    code = factory.Sequence(lambda n: f"DV{n:05d}")
    full_name = factory.Sequence(lambda n: f"Trần Thị Đảng Viên {n}")
    gender = "female"
    birth_date = datetime.date(1960, 5, 17)
    joined_on = datetime.date(1990, 3, 3)
    official_on = datetime.date(1991, 3, 3)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CellMembership

    member = factory.SubFactory(MemberFactory)
    cell = factory.SubFactory(CellFactory)
    start = datetime.date(2010, 1, 1)
    end = None


class StatusPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusPeriod

    member = factory.SubFactory(MemberFactory)
    kind = StatusKind.EXEMPT
    start = datetime.date(2025, 1, 1)
    end = datetime.date(2025, 12, 31)
    approved = True
    approved_on = datetime.date(2024, 12, 20)
    approved_by = "Đảng ủy phường"


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    member = factory.SubFactory(MemberFactory)
    cell = factory.SubFactory(CellFactory)
    ward = None
    position = OfficePosition.SECRETARY
    start = datetime.date(2020, 1, 1)


class HouseholdYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdYear

    household = factory.SubFactory(HouseholdFactory)
    year = 2025
    cultured_family = True
    civilized_rules = True


class MemberYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberYear

    member = factory.SubFactory(MemberFactory)
    year = 2025
    rating = Rating.GOOD
    resolution_compliant = True


class CellYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CellYear

    cell = factory.SubFactory(CellFactory)
    year = 2025
    rating = Rating.EXCELLENT


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    kind = RoleKind.VIEWER


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    cell = factory.SubFactory(CellFactory)
    kind = MeetingKind.REGULAR
    state = MeetingState.SUBMITTED
    held_on = datetime.date(2025, 3, 5)
    start_time = datetime.time(19, 30)
    end_time = datetime.time(21, 15)
    topic = "Sinh hoạt chi bộ thường kỳ"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MemberFactory)
    mark = Mark.PRESENT


class ScoreSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreSheet

    meeting = factory.SubFactory(MeetingFactory)
    scorer = Scorer.SELF
    rubric = factory.LazyFunction(
        lambda: Rubric.objects.order_by("-valid_from").first()
    )
    total_only = True
    total = Decimal("98")


class ItemScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemScore

    sheet = factory.SubFactory(ScoreSheetFactory, total_only=False, total=None)
    item = factory.LazyAttribute(
        lambda o: o.sheet.rubric.items.order_by("order").first()
    )
    points = Decimal("10")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    version = "thu-nghiem-2030"
    valid_from_year = factory.Sequence(lambda n: 2030 + n // 13)
    cell_kind = CellKind.RESIDENTIAL
    number = factory.Sequence(lambda n: n % 13 + 1)
    key = "attendance"
    title = "Đảng viên dự sinh hoạt đầy đủ"
    rule = "attendance"
    params = factory.LazyFunction(lambda: {"required": 100})


class ClosedYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosedYear

    ward = factory.SubFactory(WardFactory)
    year = 2025
    closed_at = factory.LazyFunction(timezone.now)
    evaluation = factory.LazyFunction(lambda: {"year": 2025, "cells": []})
    rubric_versions = factory.LazyFunction(lambda: ["HD12-2018"])
    catalogue_version = "mac-dinh-2018"


class RatingRuleFactory(factory.django.DjangoModelFactory):
    """Rule versions from 2040 on, clear of the versions the migrations load (2018, 2023, 2025)."""

    class Meta:
        model = RatingRule

    valid_from_year = factory.Sequence(lambda n: 2040 + n % 60)
    document = factory.Sequence(lambda n: f"Quy định {n}-QĐ/TW")
    excellent_cap_percent = 20
    points_based = False
    excellent_min_points = None


def computed_item(n: int) -> RubricItem:
    """A duration (⚙) item of a rubric of its own, dated before the default rubric so that it stays the
    one in force."""
    rubric = Rubric.objects.create(
        code=f"BANDS-{n}",
        name=f"Bảng chấm điểm có khung {n}",
        valid_from=datetime.date(1990, 1, 1) + datetime.timedelta(days=n),
    )
    section = RubricSection.objects.create(
        rubric=rubric, number="III", title="Tổ chức sinh hoạt"
    )
    return RubricItem.objects.create(
        rubric=rubric,
        section=section,
        code="III.2",
        title="Thời gian sinh hoạt",
        max_points=Decimal("4"),
        computed_from=ComputedFrom.DURATION,
    )


class RubricItemBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RubricItemBand

    item = factory.Sequence(computed_item)
    min_value = Decimal("90")
    inclusive = True
    points = Decimal("4")


# --- web imports and the data log (issue 7; reports/models/imports.py) ----------------------------


class ImportRecordFactory(factory.django.DjangoModelFactory):
    """An applied web import. Its file is named, not written: tests that read it upload a real one."""

    class Meta:
        model = "reports.ImportRecord"

    ward = factory.SubFactory(WardFactory)
    uploaded_by = factory.SubFactory(UserFactory)
    file = "imports/dang-vien.xlsx"
    original_name = "dang-vien.xlsx"
    state = "applied"
    counts = factory.LazyFunction(
        lambda: {"sheets": [{"name": "Members", "created": 2, "updated": 1}]}
    )


class DataLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.DataLog"

    user = factory.SubFactory(UserFactory)
    action = "import"
    what = "dang-vien.xlsx"
    personal_data = True


# --- printed documents (issue 6; reports/models/documents.py, batches.py) ------------------------


class DocumentNumberFactory(factory.django.DjangoModelFactory):
    """The number a cell's evaluation took at its first print."""

    class Meta:
        model = "reports.DocumentNumber"

    cell = factory.SubFactory(CellFactory)
    ward = factory.SelfAttribute("cell.ward")
    year = 2025
    sequence = factory.Sequence(lambda n: n + 1)
    kind = "evaluation"
    subject = factory.Sequence(lambda n: f"C{n:03d}/2025")
    issued_on = datetime.date(2025, 12, 15)


class PrintBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.PrintBatch"

    ward = factory.SubFactory(WardFactory)
    year = 2025
    requested_by = factory.SubFactory(UserFactory)
