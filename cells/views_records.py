"""Screens of a cell's records over time: the members' yearly ratings, the cell's yearly record, the
members' status periods and offices, the households and their yearly titles.

Reading goes through ``cells.access.cell_access`` with ``Action.READ``, every change with
``Action.WRITE`` (the cell's secretary and the ward's officials); viewers get a 403 on a change, a cell
out of scope is a 404 and anonymous users go to the login page.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cells import selectors, services
from cells.access import Action, can, cell_access
from cells.forms_records import (
    CellYearForm,
    HouseholdFilterForm,
    HouseholdForm,
    HouseholdYearForm,
    MemberYearRowForm,
    OfficeForm,
    StatusPeriodForm,
)
from cells.models import CellKind, Office, StatusPeriod
from cells.ratings import excellent_share

HOUSEHOLDS_PER_PAGE = 50
FIRST_YEAR = 1930


def year_in_range(year: int) -> int:
    """A year of the records: from 1930 up to the current year (404 otherwise)."""
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


def year_links(
    view: str, cell_code: str, today: datetime.date
) -> list[tuple[int, str]]:
    """The year switcher: the current year and the five before it, each with its page's URL."""
    if view == "cells:household_list":
        base = reverse(view, args=[cell_code])
        return [(y, f"{base}?year={y}") for y in range(today.year, today.year - 6, -1)]
    return [
        (y, reverse(view, args=[cell_code, y]))
        for y in range(today.year, today.year - 6, -1)
    ]


# --- member yearly ratings ----------------------------------------------------------------------


@cell_access(Action.READ, cell_from=selectors.cell_by_code)
@require_http_methods(["GET", "HEAD", "POST"])
def member_ratings(request: HttpRequest, cell_code: str, year: int) -> HttpResponse:
    cell = request.access_cell
    year = year_in_range(year)
    today = timezone.localdate()
    day = selectors.roll_day_of_year(year, today=today)
    rows = selectors.rating_rows(cell, year=year, day=day)
    with_feedback = cell.kind != CellKind.RESIDENTIAL
    data = request.POST if request.method == "POST" else None
    # A row missing from the POST (a member put on the roll after the page was opened) is left as
    # it is: only the rows that were on the screen are saved.
    forms = [
        MemberYearRowForm(
            data if data is None or f"m{row.member.pk}-rating" in data else None,
            prefix=f"m{row.member.pk}",
            record=row.record,
            with_feedback=with_feedback,
            last_change=row.last_change,
        )
        for row in rows
    ]
    has_errors = False
    if data is not None:
        if all([form.is_valid() for form in forms if form.is_bound]):
            try:
                services.member_years_save(
                    year=year,
                    rows={
                        row.member.pk: form.cleaned_data
                        for row, form in zip(rows, forms, strict=True)
                        if form.is_bound
                    },
                    existing={row.member.pk: row.record for row in rows if row.record},
                    by=request.user,
                )
            except services.RatingRowsError as error:
                for row, form in zip(rows, forms, strict=True):
                    if row.member.pk in error.errors:
                        form.add_model_errors(error.errors[row.member.pk])
            else:
                messages.success(
                    request,
                    _("The ratings of %(year)s have been saved.") % {"year": year},
                )
                return redirect("cells:member_ratings", cell.code, year)
        has_errors = True
    share = excellent_share(cell.ward, year)
    cell_share = next(s for s in share.per_cell if s.cell.pk == cell.pk)
    return render(
        request,
        "cells/memberyear_form.html",
        {
            "cell": cell,
            "year": year,
            "day": day,
            "years": year_links("cells:member_ratings", cell.code, today),
            "rows": list(zip(rows, forms, strict=True)),
            "with_feedback": with_feedback,
            "has_errors": has_errors,
            "share": share,
            "cell_share": cell_share,
            "can_edit": can(request.user, Action.WRITE, cell),
        },
    )


# --- the cell's yearly record -------------------------------------------------------------------


@cell_access(Action.READ, cell_from=selectors.cell_by_code)
@require_http_methods(["GET", "HEAD", "POST"])
def cell_year(request: HttpRequest, cell_code: str, year: int) -> HttpResponse:
    cell = request.access_cell
    year = year_in_range(year)
    record = selectors.cell_year_record(cell, year)
    if request.method != "POST":
        form = CellYearForm(instance=record, cell=cell)
    else:
        form = CellYearForm(request.POST, instance=record, cell=cell)
        if form.is_valid():
            try:
                services.cell_year_save(
                    cell=cell,
                    year=year,
                    data={name: form.cleaned_data[name] for name in form._meta.fields},
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The record of %(year)s has been saved.") % {"year": year},
                )
                return redirect("cells:cell_year", cell.code, year)
    return render(
        request,
        "cells/cellyear_form.html",
        {
            "cell": cell,
            "year": year,
            "years": year_links("cells:cell_year", cell.code, timezone.localdate()),
            "form": form,
            "can_edit": can(request.user, Action.WRITE, cell),
        },
    )


# --- status periods and offices of a member -----------------------------------------------------


def _member_record_form(
    request: HttpRequest,
    *,
    form_class: type[StatusPeriodForm] | type[OfficeForm],
    instance: StatusPeriod | Office,
    save,
    heading: str,
    saved_message: str,
    member,
) -> HttpResponse:
    cell = request.access_cell
    if request.method != "POST":
        form = form_class(instance=instance)
    else:
        form = form_class(request.POST, instance=instance)
        if form.is_valid():
            try:
                save(data=form.cleaned_data, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, saved_message)
                return redirect("cells:member_detail", cell.code, member.code)
    return render(
        request,
        "cells/member_record_form.html",
        {"cell": cell, "member": member, "form": form, "heading": heading},
    )


@cell_access(Action.WRITE, cell_from=selectors.cell_by_code)
@require_http_methods(["GET", "HEAD", "POST"])
def status_period_edit(
    request: HttpRequest, cell_code: str, member_code: str, pk: int | None = None
) -> HttpResponse:
    member = selectors.member_in_cell(request.access_cell, member_code)
    if pk is None:
        period = StatusPeriod(member=member)
        heading = _("New exemption or working-away period")
    else:
        period = selectors.status_period_of(member, pk)
        heading = _("Exemption or working-away period")
    return _member_record_form(
        request,
        form_class=StatusPeriodForm,
        instance=period,
        save=lambda data, by: services.status_period_save(
            period=period, data=data, by=by
        ),
        heading=heading,
        saved_message=_("The period has been saved."),
        member=member,
    )


@cell_access(Action.WRITE, cell_from=selectors.cell_by_code)
@require_http_methods(["GET", "HEAD", "POST"])
def office_edit(
    request: HttpRequest, cell_code: str, member_code: str, pk: int | None = None
) -> HttpResponse:
    cell = request.access_cell
    member = selectors.member_in_cell(cell, member_code)
    if pk is None:
        office = Office(member=member, cell=cell)
        heading = _("New office in the cell")
    else:
        office = selectors.office_of(member, cell, pk)
        heading = _("Office in the cell")
    return _member_record_form(
        request,
        form_class=OfficeForm,
        instance=office,
        save=lambda data, by: services.office_save(office=office, data=data, by=by),
        heading=heading,
        saved_message=_("The office has been saved."),
        member=member,
    )


# --- households ---------------------------------------------------------------------------------


@cell_access(Action.READ, cell_from=selectors.cell_by_code)
@require_safe
def household_list(request: HttpRequest, cell_code: str) -> HttpResponse:
    cell = request.access_cell
    today = timezone.localdate()
    try:
        year = year_in_range(int(request.GET.get("year", today.year)))
    except ValueError:
        year = today.year
    filters = HouseholdFilterForm(request.GET)
    search = filters.cleaned_data["q"] if filters.is_valid() else ""
    households = selectors.cell_households(cell, year=year, search=search)
    page = Paginator(households, HOUSEHOLDS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cells/household_list.html",
        {
            "cell": cell,
            "year": year,
            "years": year_links("cells:household_list", cell.code, today),
            "search": search,
            "page": page,
            "query": query.urlencode(),
            "can_edit": can(request.user, Action.WRITE, cell),
            "residential": cell.kind == CellKind.RESIDENTIAL,
        },
    )


@cell_access(Action.WRITE, cell_from=selectors.cell_by_code)
@require_http_methods(["GET", "HEAD", "POST"])
def household_edit(
    request: HttpRequest, cell_code: str, household_code: str, year: int
) -> HttpResponse:
    cell = request.access_cell
    year = year_in_range(year)
    household = selectors.household_of_cell(cell, household_code)
    saved_name = household.head_name
    record = household.years.filter(year=year).first()
    data = request.POST if request.method == "POST" else None
    form = HouseholdForm(data, instance=household, cell=cell, prefix="household")
    year_form = HouseholdYearForm(data, instance=record, prefix="year")
    if data is not None and form.is_valid() and year_form.is_valid():
        try:
            services.household_save(
                household=household,
                data={name: form.cleaned_data[name] for name in form._meta.fields},
                year=year,
                year_data={
                    name: year_form.cleaned_data[name]
                    for name in year_form._meta.fields
                },
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The household of %(name)s has been saved.")
                % {"name": household.head_name},
            )
            url = redirect("cells:household_list", cell.code).url
            return redirect(f"{url}?year={year}")
    return render(
        request,
        "cells/household_form.html",
        {
            "cell": cell,
            "household": household,
            "saved_name": saved_name,
            "year": year,
            "form": form,
            "year_form": year_form,
        },
    )
