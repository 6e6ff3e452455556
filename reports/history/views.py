"""The history pages of records and the ward's recent changes (ward officials and superusers).

Access (``cells.access``): the record's cell (or the ward) must be in the user's scope, else 404; a
secretary or a viewer in scope gets 403: history shows every past value of personal data and who
entered it, which is an official's tool (``Action.MANAGE``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cells.access import Action, cell_access, check, check_ward
from cells.models import CellMembership, Household
from cells.selectors import cell_by_code, member_in_cell
from meetings.models import Meeting
from reports.history import records
from reports.history.filters import ChangeFilter
from reports.history.recent import change_rows, ward_changes
from wards.models import Ward

CHANGES_PER_PAGE = 25


def history_page(
    request: HttpRequest, *, title: str, kicker: str, entries: list, **extra: object
) -> HttpResponse:
    return render(
        request,
        "reports/history/record_history.html",
        {"title": title, "kicker": kicker, "entries": entries, **extra},
    )


@cell_access(Action.MANAGE, cell_from=cell_by_code, write_action=Action.MANAGE)
@require_safe
def cell_history_view(request: HttpRequest, cell_code: str) -> HttpResponse:
    cell = request.access_cell
    return history_page(
        request,
        title=cell.name,
        kicker=str(cell._meta.verbose_name),
        entries=records.cell_history(cell),
        cell=cell,
    )


@cell_access(Action.MANAGE, cell_from=cell_by_code, write_action=Action.MANAGE)
@require_safe
def member_history_view(
    request: HttpRequest, cell_code: str, member_code: str
) -> HttpResponse:
    cell = request.access_cell
    member = member_in_cell(cell, member_code)
    return history_page(
        request,
        title=member.full_name,
        kicker=f"{member._meta.verbose_name} · {member.code}",
        entries=records.member_history(member),
        cell=cell,
        member=member,
    )


def meeting_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, key: str) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        meeting = get_object_or_404(
            Meeting.objects.select_related("cell__ward"), key=key
        )
        check(request.user, Action.MANAGE, meeting.cell)
        request.meeting = meeting
        return view(request, key)

    return wrapper


@meeting_access
@require_safe
def meeting_history_view(request: HttpRequest, key: str) -> HttpResponse:
    meeting = request.meeting
    return history_page(
        request,
        title=f"{meeting.get_kind_display()} – {meeting.held_on:%d/%m/%Y}",
        kicker=meeting.cell.name,
        entries=records.meeting_history(meeting),
        cell=meeting.cell,
        meeting=meeting,
    )


def ward_manage_access(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, ward_code: str, **kwargs: str) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        ward = get_object_or_404(Ward, code=ward_code)
        check_ward(request.user, Action.MANAGE, ward)
        request.access_ward = ward
        return view(request, ward_code, **kwargs)

    return wrapper


@ward_manage_access
@require_safe
def household_history_view(
    request: HttpRequest, ward_code: str, household_code: str
) -> HttpResponse:
    """A household of the ward: in one of its residential groups, or linked to a member of one of its
    cells."""
    ward = request.access_ward
    of_ward_cells = CellMembership.objects.filter(
        member__household=OuterRef("pk"), cell__ward=ward
    )
    household = get_object_or_404(
        Household.objects.filter(Q(group__ward=ward) | Q(Exists(of_ward_cells))),
        code=household_code,
    )
    return history_page(
        request,
        title=f"{household.head_name} ({household.code})",
        kicker=str(household._meta.verbose_name),
        entries=records.household_history(household),
        ward=ward,
    )


@ward_manage_access
@require_safe
def ward_changes_view(request: HttpRequest, ward_code: str) -> HttpResponse:
    ward = request.access_ward
    changes = ChangeFilter(request.GET, ward=ward, today=timezone.localdate())
    kind = changes.valid_data().get("kind") or ""
    rows = ward_changes(ward, changes.apply, kind=kind)
    page = Paginator(rows, CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/history/ward_changes.html",
        {
            "ward": ward,
            "filter": changes,
            "page": page,
            "lines": change_rows(list(page.object_list), ward),
            "query": query.urlencode(),
        },
    )
