"""The accounts pages of a ward, for its officials (DESIGN.md "Users and access"), and the page django-axes
shows when an account is locked after too many failed sign-ins.

Every page about a ward goes through ``ward_manage``: anonymous users go to the login page, a ward out of the
user's scope is a 404, a viewer of the ward gets a 403. A generated password is rendered in the answer to the
POST that made it, never redirected to, stored or logged, and the page is not cached.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from cells import accounts
from cells.access import Action, check_ward, scope_of
from cells.forms_accounts import AccountCreateForm, HandOverForm
from cells.models import Cell, Role, RoleKind
from wards.models import Ward


def ward_manage(view: Callable) -> Callable:
    """The ward of ``ward_code``, which the user must manage; passed to the view as ``request.ward``."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, ward_code: str, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        ward = get_object_or_404(Ward, code=ward_code)
        check_ward(request.user, Action.MANAGE, ward)
        request.ward = ward
        return view(request, ward_code=ward_code, **kwargs)

    return wrapper


@dataclass(frozen=True)
class AccountRow:
    user: AbstractUser
    full_name: str
    roles: list[Role]
    managed: bool
    is_self: bool


def _rows(ward: Ward, by: AbstractUser) -> list[AccountRow]:
    return [
        AccountRow(
            user=user,
            full_name=user.first_name or user.get_full_name(),
            roles=user.roles,
            managed=user.pk != by.pk
            and accounts.account_is_managed(user, ward, user.roles),
            is_self=user.pk == by.pk,
        )
        for user in accounts.ward_accounts(ward)
    ]


def _ward_cells(ward: Ward) -> QuerySet[Cell]:
    today = timezone.localdate()
    return Cell.objects.filter(ward=ward).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=today)
    )


def _account_in_ward(ward: Ward, user_id: int) -> AbstractUser:
    user = accounts.ward_accounts(ward).filter(pk=user_id).first()
    if user is None:
        raise Http404
    return user


def _password_page(
    request: HttpRequest, *, ward: Ward, user: AbstractUser, password: str, why: str
) -> HttpResponse:
    return render(
        request,
        "accounts/password_shown.html",
        {"ward": ward, "account": user, "password": password, "why": why},
    )


def index(request: HttpRequest) -> HttpResponse:
    """The accounts menu entry: the one ward the user manages, or a choice of wards."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    scope = scope_of(request.user)
    if Action.MANAGE in scope.everything:
        wards = Ward.objects.order_by("code")
    else:
        managed = [pk for pk, acts in scope.wards.items() if Action.MANAGE in acts]
        wards = Ward.objects.filter(pk__in=managed).order_by("code")
    wards = list(wards)
    if not wards:
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    if len(wards) == 1:
        return redirect("accounts:account_list", wards[0].code)
    return render(request, "accounts/ward_choice.html", {"wards": wards})


@ward_manage
@require_safe
def account_list(request: HttpRequest, ward_code: str) -> HttpResponse:
    ward = request.ward
    rows = _rows(ward, request.user)
    covered = {
        role.cell_id
        for row in rows
        if row.user.is_active
        for role in row.roles
        if role.kind == RoleKind.CELL_SECRETARY
    }
    cells = list(_ward_cells(ward).order_by("code"))
    return render(
        request,
        "accounts/account_list.html",
        {
            "ward": ward,
            "rows": rows,
            "active_count": sum(1 for row in rows if row.user.is_active),
            "cells_without_secretary": [c for c in cells if c.pk not in covered],
        },
    )


@ward_manage
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def account_create(request: HttpRequest, ward_code: str) -> HttpResponse:
    ward = request.ward
    cells = _ward_cells(ward).order_by("code")
    initial = {"cell": request.GET.get("cell")} if request.GET.get("cell") else None
    if request.method != "POST":
        form = AccountCreateForm(cells=cells, initial=initial)
    else:
        form = AccountCreateForm(request.POST, cells=cells)
        if form.is_valid():
            try:
                made = accounts.account_create(
                    ward=ward,
                    username=form.cleaned_data["username"],
                    full_name=form.cleaned_data["full_name"],
                    cell=form.cleaned_data["cell"],
                    by=request.user,
                )
            except accounts.AccountError as error:
                form.add_error(None, error.message)
            else:
                return _password_page(
                    request,
                    ward=ward,
                    user=made.user,
                    password=made.password,
                    why="created",
                )
    return render(request, "accounts/account_form.html", {"ward": ward, "form": form})


def _set_active(request: HttpRequest, user_id: int, *, active: bool) -> HttpResponse:
    ward = request.ward
    user = _account_in_ward(ward, user_id)
    try:
        accounts.account_set_active(
            user=user, ward=ward, active=active, by=request.user
        )
    except accounts.AccountError as error:
        messages.error(request, error.message)
    else:
        name = user.first_name or user.get_username()
        if active:
            text = _("The account of %(name)s is active again: they can sign in.")
        else:
            text = _(
                "The account of %(name)s is deactivated: they can no longer sign in."
            )
        messages.success(request, text % {"name": name})
    return redirect("accounts:account_list", ward.code)


@ward_manage
@require_POST
def account_deactivate(
    request: HttpRequest, ward_code: str, user_id: int
) -> HttpResponse:
    return _set_active(request, user_id, active=False)


@ward_manage
@require_POST
def account_reactivate(
    request: HttpRequest, ward_code: str, user_id: int
) -> HttpResponse:
    return _set_active(request, user_id, active=True)


@ward_manage
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def account_password(
    request: HttpRequest, ward_code: str, user_id: int
) -> HttpResponse:
    """GET asks to confirm; POST sets a new generated password and shows it once."""
    ward = request.ward
    user = _account_in_ward(ward, user_id)
    if request.method == "POST":
        try:
            made = accounts.account_reset_password(
                user=user, ward=ward, by=request.user
            )
        except accounts.AccountError as error:
            messages.error(request, error.message)
            return redirect("accounts:account_list", ward.code)
        return _password_page(
            request, ward=ward, user=user, password=made.password, why="reset"
        )
    return render(
        request,
        "accounts/account_password_confirm.html",
        {
            "ward": ward,
            "account": user,
            "full_name": user.first_name or user.get_full_name(),
            "managed": user.pk != request.user.pk
            and accounts.account_is_managed(user, ward, user.roles),
        },
    )


@ward_manage
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def cell_handover(request: HttpRequest, ward_code: str) -> HttpResponse:
    ward = request.ward
    cells = _ward_cells(ward).order_by("code")
    others = [
        row.user.pk
        for row in _rows(ward, request.user)
        if row.managed and row.user.is_active
    ]
    candidates = get_user_model().objects.filter(pk__in=others).order_by("username")
    if request.method != "POST":
        initial = {"deactivate_previous": True}
        if request.GET.get("cell"):
            initial["cell"] = request.GET["cell"]
        form = HandOverForm(cells=cells, accounts=candidates, initial=initial)
    else:
        form = HandOverForm(request.POST, cells=cells, accounts=candidates)
        if form.is_valid():
            data = form.cleaned_data
            try:
                done = accounts.cell_hand_over(
                    cell=data["cell"],
                    ward=ward,
                    by=request.user,
                    user=data["existing"],
                    username=data["username"] if not data["existing"] else "",
                    full_name=data["full_name"],
                    deactivate_previous=data["deactivate_previous"],
                )
            except accounts.AccountError as error:
                form.add_error(None, error.message)
            else:
                text = _("%(cell)s has been handed over to %(name)s.") % {
                    "cell": done.cell.name,
                    "name": done.user.first_name or done.user.get_username(),
                }
                if done.password is None:
                    messages.success(request, text)
                    return redirect("accounts:account_list", ward.code)
                messages.success(request, text)
                return _password_page(
                    request,
                    ward=ward,
                    user=done.user,
                    password=done.password,
                    why="handover",
                )
    return render(request, "accounts/handover_form.html", {"ward": ward, "form": form})


def lockout(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials=None,
) -> HttpResponse:
    """What django-axes answers once an account is locked (AXES_LOCKOUT_CALLABLE)."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else 0
    return render(
        request,
        "registration/lockout.html",
        {"minutes": minutes, "until": timezone.now() + cool_off if cool_off else None},
        status=429,
    )
