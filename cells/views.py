"""Screens about one cell's records. Every view goes through ``cells.access.cell_access``: anonymous users go
to the login page, a cell out of the user's scope is a 404, a write without the right is a 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cells import selectors, services
from cells.access import Action, can, cell_access
from cells.forms import MemberFilterForm, MemberForm

MEMBERS_PER_PAGE = 50


@cell_access(Action.READ, cell_from=selectors.cell_by_code)
@require_safe
def member_list(request: HttpRequest, cell_code: str) -> HttpResponse:
    cell = request.access_cell
    filters = MemberFilterForm(request.GET)
    wanted = filters.cleaned_data if filters.is_valid() else {"q": "", "past": False}
    members = selectors.cell_roll(
        cell,
        day=timezone.localdate(),
        include_past=wanted["past"],
        search=wanted["q"],
    )
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cells/member_list.html",
        {
            "cell": cell,
            "search": wanted["q"],
            "include_past": wanted["past"],
            "page": page,
            "query": query.urlencode(),
        },
    )


@cell_access(Action.READ, cell_from=selectors.cell_by_code)
@require_safe
def member_detail(
    request: HttpRequest, cell_code: str, member_code: str
) -> HttpResponse:
    cell = request.access_cell
    member = selectors.member_in_cell(cell, member_code)
    today = timezone.localdate()
    return render(
        request,
        "cells/member_detail.html",
        {
            "cell": cell,
            "member": member,
            "is_official": member.is_official_on(today),
            "show_personal_data": can(request.user, Action.PERSONAL_DATA, cell),
            "can_edit": can(request.user, Action.WRITE, cell),
        },
    )


@cell_access(Action.WRITE, cell_from=selectors.cell_by_code)
@require_http_methods(["GET", "HEAD", "POST"])
def member_edit(request: HttpRequest, cell_code: str, member_code: str) -> HttpResponse:
    cell = request.access_cell
    member = selectors.member_in_cell(cell, member_code)
    # The form writes into ``member`` as it validates: keep the saved name for the page's heading.
    saved_name = member.full_name
    if request.method != "POST":
        form = MemberForm(instance=member, cell=cell)
    else:
        form = MemberForm(request.POST, instance=member, cell=cell)
        if form.is_valid():
            try:
                services.member_update(
                    member=member, data=form.cleaned_data, by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The record of %(name)s has been saved.")
                    % {"name": member.full_name},
                )
                return redirect("cells:member_detail", cell.code, member.code)
    return render(
        request,
        "cells/member_form.html",
        {"cell": cell, "member": member, "saved_name": saved_name, "form": form},
    )
