"""The dashboards. For now: the home page, which lists what the user may open."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from reports.selectors import home_for


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "reports/home.html",
        {"home": home_for(request.user, day=today), "today": today},
    )
