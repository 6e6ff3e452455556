"""Admin of cells (chi bộ), members (đảng viên), households (hộ gia đình), their years, offices and roles.

Changelists run a fixed number of queries whatever the number of rows: every column that follows a foreign
key is in ``list_select_related``, and the member's current cell is annotated by one subquery.
"""

from django.contrib import admin
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cells.models import (
    Cell,
    CellMembership,
    CellYear,
    Household,
    HouseholdYear,
    Member,
    MemberYear,
    Office,
    RatingRule,
    Role,
    StatusPeriod,
)


class OfficialStatusFilter(admin.SimpleListFilter):
    """Official (đảng viên chính thức) or probationary (đảng viên dự bị) today."""

    title = _("membership status")
    parameter_name = "official"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [
            ("yes", _("official members")),
            ("no", _("probationary members")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(official_on__isnull=False)
        if self.value() == "no":
            return queryset.filter(official_on__isnull=True)
        return queryset


class CellYearInline(admin.TabularInline):
    model = CellYear
    fields = [
        "year",
        "rating",
        "targets_total",
        "targets_met",
        "satisfaction_percent",
        "group_cultured",
    ]
    extra = 0


@admin.register(Cell)
class CellAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "ward", "founded_on", "dissolved_on"]
    list_display_links = ["code", "name"]
    list_filter = ["kind", "ward"]
    list_select_related = ["ward"]
    search_fields = ["code", "name", "ward__name"]
    autocomplete_fields = ["ward", "groups"]
    inlines = [CellYearInline]


class CellMembershipInline(admin.TabularInline):
    model = CellMembership
    fields = ["cell", "start", "end"]
    autocomplete_fields = ["cell"]
    extra = 0


class StatusPeriodInline(admin.StackedInline):
    model = StatusPeriod
    fields = [
        ("kind", "start", "end"),
        ("approved", "approved_on", "approved_by"),
        "contact_kept",
        "note",
    ]
    extra = 0


class OfficeInline(admin.TabularInline):
    model = Office
    fields = ["position", "cell", "ward", "start", "end"]
    autocomplete_fields = ["cell", "ward"]
    extra = 0


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "full_name",
        "card_number",
        "current_cell",
        "gender",
        "birth_date",
        "joined_on",
        "official_on",
    ]
    list_display_links = ["code", "full_name"]
    list_filter = [OfficialStatusFilter, "gender", "memberships__cell__ward"]
    search_fields = ["code", "full_name", "card_number"]
    autocomplete_fields = ["household"]
    fieldsets = [
        (
            None,
            {"fields": ["code", "card_number", "full_name", "gender", "birth_date"]},
        ),
        (_("Party membership"), {"fields": ["joined_on", "official_on"]}),
        (
            _("Contact and household"),
            {"fields": ["citizen_id", "phone", "household"]},
        ),
    ]
    inlines = [CellMembershipInline, StatusPeriodInline, OfficeInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        current = CellMembership.objects.filter(
            member=OuterRef("pk"), end__isnull=True
        ).order_by("-start")
        return (
            super()
            .get_queryset(request)
            .annotate(current_cell_name=Subquery(current.values("cell__name")[:1]))
        )

    @admin.display(description=_("current cell"), ordering="current_cell_name")
    def current_cell(self, obj: Member) -> str:
        return obj.current_cell_name or "–"


@admin.register(CellMembership)
class CellMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["member", "cell", "start", "end"]
    list_filter = ["cell__ward", "cell__kind"]
    list_select_related = ["member", "cell"]
    search_fields = [
        "member__code",
        "member__full_name",
        "member__card_number",
        "cell__code",
        "cell__name",
    ]
    autocomplete_fields = ["member", "cell"]
    date_hierarchy = "start"


@admin.register(StatusPeriod)
class StatusPeriodAdmin(SimpleHistoryAdmin):
    list_display = [
        "member",
        "kind",
        "start",
        "end",
        "approved",
        "approved_on",
        "approved_by",
        "contact_kept",
    ]
    list_filter = ["kind", "approved", "contact_kept"]
    list_select_related = ["member"]
    search_fields = ["member__code", "member__full_name", "approved_by", "note"]
    autocomplete_fields = ["member"]
    date_hierarchy = "start"


@admin.register(Office)
class OfficeAdmin(SimpleHistoryAdmin):
    list_display = ["member", "position", "unit_name", "start", "end"]
    list_filter = ["position", "ward", "cell__ward"]
    list_select_related = ["member", "cell", "ward"]
    search_fields = [
        "member__code",
        "member__full_name",
        "cell__code",
        "cell__name",
        "ward__name",
    ]
    autocomplete_fields = ["member", "cell", "ward"]

    @admin.display(description=_("unit"))
    def unit_name(self, obj: Office) -> str:
        return str(obj.unit) if obj.unit else "–"


class HouseholdYearInline(admin.TabularInline):
    model = HouseholdYear
    fields = ["year", "cultured_family", "poverty", "civilized_rules"]
    extra = 0


@admin.register(Household)
class HouseholdAdmin(SimpleHistoryAdmin):
    list_display = ["code", "head_name", "group", "address"]
    list_display_links = ["code", "head_name"]
    list_filter = ["group__ward"]
    list_select_related = ["group"]
    search_fields = ["code", "head_name", "address", "group__name"]
    autocomplete_fields = ["group"]
    inlines = [HouseholdYearInline]


@admin.register(HouseholdYear)
class HouseholdYearAdmin(SimpleHistoryAdmin):
    list_display = [
        "household",
        "year",
        "cultured_family",
        "poverty",
        "civilized_rules",
    ]
    list_filter = ["year", "cultured_family", "poverty", "civilized_rules"]
    list_select_related = ["household"]
    search_fields = ["household__code", "household__head_name"]
    autocomplete_fields = ["household"]


@admin.register(MemberYear)
class MemberYearAdmin(SimpleHistoryAdmin):
    list_display = [
        "member",
        "year",
        "rating",
        "resolution_compliant",
        "residence_feedback",
    ]
    list_filter = ["year", "rating", "resolution_compliant", "residence_feedback"]
    list_select_related = ["member"]
    search_fields = ["member__code", "member__full_name", "member__card_number"]
    autocomplete_fields = ["member"]


@admin.register(CellYear)
class CellYearAdmin(SimpleHistoryAdmin):
    list_display = [
        "cell",
        "year",
        "rating",
        "targets_total",
        "targets_met",
        "satisfaction_percent",
        "group_cultured",
    ]
    list_filter = ["year", "rating", "cell__kind", "cell__ward"]
    list_select_related = ["cell"]
    search_fields = ["cell__code", "cell__name"]
    autocomplete_fields = ["cell"]


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "kind", "ward", "cell"]
    list_filter = ["kind", "ward"]
    list_select_related = ["user", "ward", "cell"]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "ward__name",
        "cell__code",
        "cell__name",
    ]
    autocomplete_fields = ["user", "ward", "cell"]


@admin.register(RatingRule)
class RatingRuleAdmin(SimpleHistoryAdmin):
    list_display = [
        "valid_from_year",
        "document",
        "excellent_cap_percent",
        "points_based",
        "excellent_min_points",
    ]
    list_display_links = ["valid_from_year", "document"]
    list_filter = ["points_based"]
    search_fields = ["document"]
