"""The home page and the dashboards: the ward dashboard, the overview of wards and the cell page.

Thin views: access first (``cells.access``: out of scope → 404, anonymous → the login page), then the
method (these pages only read: anything but GET and HEAD → 405), then one selector.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cells.access import (
    Action,
    can_ward,
    cell_access,
    check_ward,
    scope_of,
    wards_visible_to,
)
from cells.selectors import cell_by_code
from reports.dashboards import (
    LEGEND,
    cell_page,
    totals_of,
    ward_dashboard,
    wards_overview,
)
from reports.filters import CellFilter, period_from
from reports.selectors import home_for, home_target
from reports.years import ward_years
from scoring.closing import year_close, year_reopen
from scoring.services import ScoringError
from wards.models import Ward

WARDS_PER_PAGE = 25


def ward_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For views about one ward named by ``ward_code``: ``check_ward`` with read access; the ward is
    passed to the view as ``request.access_ward``."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, ward_code: str) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        ward = get_object_or_404(Ward, code=ward_code)
        check_ward(request.user, Action.READ, ward)
        request.access_ward = ward
        return view(request, ward_code)

    return wrapper


def overview_link(user: AbstractBaseUser, *, at_least: int = 2) -> bool:
    """Whether the user reads at least ``at_least`` wards as a whole: the overview of wards is worth a
    link for those who see more than one."""
    scope = scope_of(user)
    return bool(scope.everything) or len(scope.wards) >= at_least


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    target = home_target(request.user)
    if target:
        return redirect(target)
    today = timezone.localdate()
    return render(
        request,
        "reports/home.html",
        {"home": home_for(request.user, day=today), "today": today},
    )


@ward_access
@require_safe
def ward_dashboard_view(request: HttpRequest, ward_code: str) -> HttpResponse:
    ward = request.access_ward
    period = period_from(request.GET, today=timezone.localdate())
    cell_filter = CellFilter(request.GET, queryset=ward.cells.all(), ward=ward)
    dashboard = ward_dashboard(
        ward, cell_filter.qs, year=period.year, as_of=period.as_of
    )
    return render(
        request,
        "reports/ward_dashboard.html",
        {
            "ward": ward,
            "period": period,
            "filter": cell_filter,
            "dashboard": dashboard,
            "legend_verdicts": LEGEND,
            "months": range(1, 13),
            "overview_link": overview_link(request.user),
        },
    )


def some_ward_access(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """For views about the wards the user reads as a whole: with none in scope (a secretary, a user
    without a role), there is nothing to show (404)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not overview_link(request.user, at_least=1):
            raise Http404
        return view(request)

    return wrapper


@some_ward_access
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    wards = wards_visible_to(request.user).order_by("code")
    period = period_from(request.GET, today=timezone.localdate())
    page = Paginator(wards, WARDS_PER_PAGE).get_page(request.GET.get("page"))
    lines = wards_overview(list(page.object_list), year=period.year, as_of=period.as_of)
    return render(
        request,
        "reports/overview.html",
        {
            "period": period,
            "page": page,
            "lines": lines,
            "totals": totals_of(lines),
            "query": period.query,
        },
    )


@cell_access(Action.READ, cell_from=cell_by_code)
@require_safe
def cell_page_view(request: HttpRequest, cell_code: str) -> HttpResponse:
    cell = request.access_cell
    today = timezone.localdate()
    period = period_from(request.GET, today=today)
    page = cell_page(cell, year=period.year, as_of=period.as_of, today=today)
    return render(
        request,
        "reports/cell_page.html",
        {
            "cell": cell,
            "period": period,
            "page": page,
            "legend_verdicts": LEGEND,
            "ward_dashboard": can_ward(request.user, Action.READ, cell.ward),
        },
    )


@ward_access
def ward_years_view(request: HttpRequest, ward_code: str) -> HttpResponse:
    """Closing and reopening a ward's years (khóa sổ năm): everyone who reads the ward sees which years
    are closed; closing and reopening (POST) are for its officials."""
    ward = request.access_ward
    if request.method == "POST":
        check_ward(request.user, Action.MANAGE, ward)
        action = request.POST.get("action")
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = 0
        try:
            if action == "close":
                year_close(ward=ward, year=year, by=request.user)
                messages.success(
                    request, _("Year %(year)s is closed.") % {"year": year}
                )
            elif action == "reopen":
                year_reopen(
                    ward=ward,
                    year=year,
                    by=request.user,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(
                    request, _("Year %(year)s is reopened.") % {"year": year}
                )
            else:
                return HttpResponseBadRequest(_("Unknown action."))
        except ScoringError as error:
            messages.error(request, str(error))
        return redirect("reports:ward_years", ward_code=ward.code)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    return render(
        request,
        "reports/ward_years.html",
        {
            "ward": ward,
            "rows": ward_years(ward, timezone.localdate()),
            "can_manage": can_ward(request.user, Action.MANAGE, ward),
        },
    )
