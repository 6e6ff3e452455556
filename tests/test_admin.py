"""The Django admin: every model registered with its history, changelists whose query count does not grow
with their rows, and the models' validation reaching the admin's forms."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import factory
import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from cells.models import Member, RoleKind
from meetings.models import Attendance, Mark, Meeting, MeetingState
from scoring.classes import points_text
from scoring.models import ClassBand, ItemScore, Rubric, RubricItem, RubricSection
from tests import factories as f


class RubricFactory(factory.django.DjangoModelFactory):
    """Rubric versions dated before the default rubric, so that it stays the one in force."""

    class Meta:
        model = Rubric

    code = factory.Sequence(lambda n: f"QD{n:03d}")
    name = factory.Sequence(lambda n: f"Bảng chấm điểm thử {n}")
    valid_from = factory.Sequence(
        lambda n: datetime.date(2001, 1, 1) + datetime.timedelta(days=n)
    )


class RubricSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RubricSection

    rubric = factory.SubFactory(RubricFactory)
    number = factory.Sequence(lambda n: f"S{n}")
    title = "Công tác chuẩn bị"


class RubricItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RubricItem

    section = factory.SubFactory(RubricSectionFactory)
    rubric = factory.SelfAttribute("section.rubric")
    code = factory.Sequence(lambda n: f"X.{n}")
    title = "Nội dung sinh hoạt đúng, đủ"
    max_points = Decimal("4")


class ClassBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassBand

    rubric = factory.SubFactory(RubricFactory)
    meeting_class = 1
    min_points = Decimal("90")


def member_in_cell() -> Member:
    """A member with a household, on the roll of a cell since 2010."""
    membership = f.MembershipFactory(member__household=f.HouseholdFactory())
    return membership.member


def cell_with_group() -> models.Model:
    """A residential cell covering one residential group of its ward."""
    cell = f.CellFactory()
    cell.groups.add(f.GroupFactory(ward=cell.ward))
    return cell


@dataclass(frozen=True)
class Spec:
    model: type[models.Model]
    make: Callable[[], models.Model]

    @property
    def id(self) -> str:
        return self.model.__name__

    def url(self, view: str, *args: object) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


# Each row made with its own related rows, so that a column or a filter that queries per row shows.
SPECS = [
    Spec(apps.get_model("wards", "Ward"), f.WardFactory),
    Spec(apps.get_model("wards", "ResidentialGroup"), f.GroupFactory),
    Spec(apps.get_model("cells", "Cell"), cell_with_group),
    Spec(Member, member_in_cell),
    Spec(apps.get_model("cells", "CellMembership"), f.MembershipFactory),
    Spec(apps.get_model("cells", "StatusPeriod"), f.StatusPeriodFactory),
    Spec(apps.get_model("cells", "Office"), f.OfficeFactory),
    Spec(apps.get_model("cells", "Household"), f.HouseholdFactory),
    Spec(apps.get_model("cells", "HouseholdYear"), f.HouseholdYearFactory),
    Spec(apps.get_model("cells", "MemberYear"), f.MemberYearFactory),
    Spec(apps.get_model("cells", "CellYear"), f.CellYearFactory),
    Spec(apps.get_model("cells", "RatingRule"), f.RatingRuleFactory),
    Spec(
        apps.get_model("cells", "Role"),
        lambda: f.RoleFactory(kind=RoleKind.CELL_SECRETARY, cell=f.CellFactory()),
    ),
    Spec(Meeting, f.MeetingFactory),
    Spec(Attendance, f.AttendanceFactory),
    Spec(Rubric, RubricFactory),
    Spec(RubricSection, RubricSectionFactory),
    Spec(RubricItem, RubricItemFactory),
    Spec(ClassBand, ClassBandFactory),
    Spec(apps.get_model("scoring", "RubricItemBand"), f.RubricItemBandFactory),
    Spec(apps.get_model("scoring", "ScoreSheet"), f.ScoreSheetFactory),
    Spec(ItemScore, f.ItemScoreFactory),
    Spec(apps.get_model("scoring", "Criterion"), f.CriterionFactory),
    Spec(apps.get_model("scoring", "ClosedYear"), f.ClosedYearFactory),
]


@pytest.fixture
def superuser() -> models.Model:
    return get_user_model().objects.create_superuser(
        "quantri", "quantri@example.invalid", "matkhau-2025"
    )


@pytest.fixture
def staff_client(client: Client, superuser: models.Model) -> Client:
    client.force_login(superuser)
    return client


def test_every_model_is_registered_with_its_history() -> None:
    registered = set()
    for label in ("wards", "cells", "meetings", "scoring"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            assert admin.site.is_registered(model), model.__name__
            model_admin = admin.site.get_model_admin(model)
            assert isinstance(model_admin, SimpleHistoryAdmin), model.__name__
            registered.add(model.__name__)
    assert registered == {spec.id for spec in SPECS}


@pytest.mark.django_db
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_changelist_queries_do_not_grow_with_rows(
    spec: Spec, staff_client: Client, django_assert_max_num_queries: Callable
) -> None:
    spec.make()
    url = spec.url("changelist")
    staff_client.get(url)  # warm the per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as one_row:
        response = staff_client.get(url)
    assert response.status_code == 200
    before = response.context["cl"].result_count
    assert before >= 1

    for _ in range(19):
        spec.make()
    with django_assert_max_num_queries(len(one_row)):
        response = staff_client.get(url)
    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.result_count == before + 19
    assert len(changelist.result_list) == before + 19


@pytest.mark.django_db
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_add_page_offers_every_editable_field(
    spec: Spec, staff_client: Client, rf: RequestFactory, superuser: models.Model
) -> None:
    response = staff_client.get(spec.url("add"))
    assert response.status_code == 200
    model_admin = admin.site.get_model_admin(spec.model)
    request = rf.get("/")
    request.user = superuser
    readonly = set(model_admin.get_readonly_fields(request))
    editable = {
        field.name
        for field in spec.model._meta.get_fields()
        if getattr(field, "editable", False)
        and not field.auto_created
        and field.concrete
        and field.name not in readonly
    }
    assert set(response.context["adminform"].form.fields) == editable
    inlines = response.context["inline_admin_formsets"]
    assert [i.opts.model for i in inlines] == [i.model for i in model_admin.inlines]


@pytest.mark.django_db
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_change_and_history_pages_open(spec: Spec, staff_client: Client) -> None:
    obj = spec.make()
    response = staff_client.get(spec.url("change", obj.pk))
    assert response.status_code == 200
    assert response.context["original"].pk == obj.pk
    assert escape(str(obj)) in response.content.decode()

    response = staff_client.get(spec.url("history", obj.pk))
    assert response.status_code == 200
    records = list(response.context["page_obj"])
    assert [r.history_type for r in records] == ["+"]
    record_url = spec.url("simple_history", obj.pk, records[0].pk)
    assert record_url in response.content.decode()


@pytest.mark.django_db
def test_history_shows_who_changed_a_ward_in_the_admin(
    staff_client: Client, superuser: models.Model
) -> None:
    ward = f.WardFactory(name="Phường Đồng Tâm")
    url = reverse("admin:wards_ward_change", args=[ward.pk])
    data = {
        "code": ward.code,
        "name": "Phường Nguyễn Thái Học",
        "committee_name": ward.committee_name,
        "city": ward.city,
        "province": ward.province,
        "groups-TOTAL_FORMS": "0",
        "groups-INITIAL_FORMS": "0",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302

    response = staff_client.get(reverse("admin:wards_ward_history", args=[ward.pk]))
    records = list(response.context["page_obj"])
    assert [r.history_type for r in records] == ["~", "+"]
    assert records[0].history_user == superuser
    assert records[0].name == "Phường Nguyễn Thái Học"
    assert "Phường Đồng Tâm" in response.content.decode()


@pytest.mark.django_db
def test_non_staff_user_is_sent_to_the_admin_login(client: Client) -> None:
    user = f.UserFactory(username="bithu9")
    client.force_login(user)
    for url in (
        reverse("admin:index"),
        reverse("admin:cells_member_changelist"),
        reverse("admin:meetings_meeting_add"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert f"next={url}" in response["Location"]


@pytest.mark.django_db
def test_item_score_above_the_items_maximum_is_refused(staff_client: Client) -> None:
    sheet = f.ScoreSheetFactory(total_only=False, total=None)
    item = sheet.rubric.items.get(code="I.1")
    assert item.max_points == 10
    url = reverse("admin:scoring_itemscore_add")
    data = {"sheet": sheet.pk, "item": item.pk, "points": "10.5", "reason": ""}

    response = staff_client.post(url, data)

    assert response.status_code == 200
    expected = gettext("At most %(max)s points for this item.") % {
        "max": points_text(item.max_points)
    }
    assert response.context["adminform"].form.errors["points"] == [expected]
    assert escape(expected) in response.content.decode()
    assert not ItemScore.objects.exists()

    response = staff_client.post(url, {**data, "points": "9.5"})
    assert response.status_code == 302
    assert ItemScore.objects.get().points == Decimal("9.5")


@pytest.mark.django_db
def test_item_score_off_the_step_is_refused(staff_client: Client) -> None:
    sheet = f.ScoreSheetFactory(total_only=False, total=None)
    item = sheet.rubric.items.get(code="I.1")
    response = staff_client.post(
        reverse("admin:scoring_itemscore_add"),
        {"sheet": sheet.pk, "item": item.pk, "points": "7.25"},
    )
    expected = gettext("Points go in steps of %(step)s.") % {
        "step": points_text(item.step)
    }
    assert response.context["adminform"].form.errors["points"] == [expected]
    assert not ItemScore.objects.exists()


@pytest.mark.django_db
def test_score_sheet_offers_only_its_rubrics_items(staff_client: Client) -> None:
    sheet = f.ScoreSheetFactory(total_only=False, total=None)
    RubricItemFactory(title="Mục của bảng khác")
    response = staff_client.get(
        reverse("admin:scoring_scoresheet_change", args=[sheet.pk])
    )
    (inline,) = response.context["inline_admin_formsets"]
    offered = set(inline.formset.empty_form.fields["item"].queryset)
    assert offered == set(sheet.rubric.items.all())


@pytest.mark.django_db
def test_attendance_of_a_member_not_on_the_roll_is_refused(
    staff_client: Client,
) -> None:
    meeting = f.MeetingFactory()
    outsider = f.MemberFactory()
    response = staff_client.post(
        reverse("admin:meetings_attendance_add"),
        {"meeting": meeting.pk, "member": outsider.pk, "mark": Mark.PRESENT},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["member"] == [
        gettext("This member was not on the cell's roll on the meeting date.")
    ]
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_meeting_key_and_version_are_read_only_and_a_change_raises_the_version(
    staff_client: Client, superuser: models.Model
) -> None:
    meeting = f.MeetingFactory(state=MeetingState.DRAFT)
    key = meeting.key
    assert key
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = staff_client.get(url)
    assert "key" not in response.context["adminform"].form.fields
    assert "version" not in response.context["adminform"].form.fields
    assert key in response.content.decode()

    data = {
        "key": "GIA-MAO",
        "version": "99",
        "cell": meeting.cell_id,
        "kind": meeting.kind,
        "state": MeetingState.SUBMITTED,
        "held_on": "05/03/2025",
        "start_time": "19:30",
        "end_time": "21:15",
        "topic": "Quán triệt nghị quyết",
        "attendances-TOTAL_FORMS": "0",
        "attendances-INITIAL_FORMS": "0",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.key == key
    assert meeting.version == 2
    assert meeting.state == MeetingState.SUBMITTED
    assert meeting.held_on == datetime.date(2025, 3, 5)
    assert meeting.updated_by == superuser


@pytest.mark.django_db
def test_meetings_filter_by_the_cells_ward_and_state(staff_client: Client) -> None:
    ward = f.WardFactory()
    f.MeetingFactory(cell__ward=ward)
    f.MeetingFactory(cell__ward=ward, state=MeetingState.PLANNED)
    f.MeetingFactory()
    url = reverse("admin:meetings_meeting_changelist")

    response = staff_client.get(url, {"cell__ward__id__exact": ward.pk})
    assert response.context["cl"].result_count == 2
    response = staff_client.get(
        url, {"cell__ward__id__exact": ward.pk, "state__exact": "planned"}
    )
    assert response.context["cl"].result_count == 1
    response = staff_client.get(url, {"held_on__year": 2025, "held_on__month": 3})
    assert response.context["cl"].result_count == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["DV-4471", "Lê Thị Thu Hằng", "thu hằng", "0915-228"], ids=str
)
def test_members_are_found_by_code_name_and_card_number(
    staff_client: Client, query: str
) -> None:
    wanted = f.MemberFactory(
        code="DV-4471", full_name="Lê Thị Thu Hằng", card_number="0915-228"
    )
    f.MemberFactory(full_name="Nguyễn Văn Bình")
    response = staff_client.get(reverse("admin:cells_member_changelist"), {"q": query})
    assert list(response.context["cl"].result_list) == [wanted]


@pytest.mark.django_db
def test_member_list_shows_the_current_cell(staff_client: Client) -> None:
    old = f.MembershipFactory(
        cell__name="Chi bộ Tổ dân phố số 2", end=datetime.date(2019, 12, 31)
    )
    f.MembershipFactory(
        member=old.member,
        cell__name="Chi bộ Trường Tiểu học Đồng Tâm",
        start=datetime.date(2020, 1, 1),
    )
    response = staff_client.get(reverse("admin:cells_member_changelist"))
    content = response.content.decode()
    assert "Chi bộ Trường Tiểu học Đồng Tâm" in content
    assert "Chi bộ Tổ dân phố số 2" not in content


@pytest.mark.django_db
def test_member_page_holds_memberships_status_periods_and_offices(
    staff_client: Client,
) -> None:
    membership = f.MembershipFactory()
    member = membership.member
    f.StatusPeriodFactory(member=member)
    f.OfficeFactory(member=member, cell=membership.cell)
    response = staff_client.get(reverse("admin:cells_member_change", args=[member.pk]))
    counts = {
        i.opts.model.__name__: i.formset.initial_form_count()
        for i in response.context["inline_admin_formsets"]
    }
    assert counts == {"CellMembership": 1, "StatusPeriod": 1, "Office": 1}
