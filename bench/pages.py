"""The pages at the data set's scale, in-process (Django's test client, production settings): the
dashboard of the largest ward, the overview of every ward, a cell's page, its meeting list and an
attendance screen. The ratio to the floor of a bare request (the login page's redirect) is measured in
the same run."""

from __future__ import annotations

from bench.context import Context
from bench.report import Figure, Section
from bench.timing import ratios, side_by_side

TITLE = "Pages at scale (in-process)"


def targets(ctx: Context) -> dict:
    """The largest ward, one of its cells with the most members, and an attendance screen to open."""
    from django.db.models import Count

    from cells.models import Cell
    from meetings.models import Meeting, MeetingState
    from wards.models import Ward

    ward = Ward.objects.annotate(n=Count("cells")).order_by("-n", "code").first()
    cell = (
        Cell.objects.filter(ward=ward)
        .annotate(n=Count("memberships"))
        .order_by("-n", "code")
        .first()
    )
    meeting = (
        Meeting.objects.filter(cell=cell)
        .exclude(state=MeetingState.LOCKED)
        .order_by("-held_on")
        .first()
    )
    return {
        "ward": ward,
        "cell": cell,
        "meeting": meeting,
        "wards": Ward.objects.count(),
    }


def run(ctx: Context) -> Section:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.database import BENCH_USERS  # noqa: F401  (the bench users exist)
    from reports.dashboards import wards_overview
    from wards.models import Ward

    section = Section("pages", TITLE)
    found = targets(ctx)
    ward, cell, meeting = found["ward"], found["cell"], found["meeting"]
    User = get_user_model()
    official = Client()
    official.force_login(User.objects.get(username="bench01"))
    viewer = Client()
    viewer.force_login(User.objects.get(username="tinh"))
    period = {"year": str(ctx.year), "as_of": ctx.as_of.strftime("%d/%m/%Y")}
    overview_pages = -(-found["wards"] // 25)

    def get(client: Client, url: str, params: dict | None = None) -> None:
        response = client.get(url, params or {})
        if response.status_code != 200:
            raise AssertionError(f"{url}: {response.status_code}")

    def overview_all() -> None:
        for page in range(1, overview_pages + 1):
            get(viewer, reverse("reports:overview"), {**period, "page": str(page)})

    pages = {
        f"ward dashboard ({ward.code}, {ward.cells.count()} cells)": lambda: get(
            official, reverse("reports:ward_dashboard", args=[ward.code]), period
        ),
        f"overview of all {found['wards']} wards ({overview_pages} pages of 25)": overview_all,
        f"cell page ({cell.code})": lambda: get(
            official, reverse("reports:cell_page", args=[cell.code]), period
        ),
        f"meeting list ({cell.code})": lambda: get(
            official, reverse("meetings:meeting_list", args=[cell.code])
        ),
        f"member list ({cell.code})": lambda: get(
            official, reverse("cells:member_list", args=[cell.code])
        ),
        "floor: a bare request (anonymous → login redirect)": lambda: Client().get("/"),
    }
    if meeting is not None:
        pages[f"attendance screen ({meeting.key})"] = lambda: get(
            official, reverse("meetings:attendance", args=[meeting.key])
        )
    times = side_by_side(pages, ctx.runs)
    floor_name = "floor: a bare request (anonymous → login redirect)"
    for name, samples in times.items():
        section.figures.append(Figure(name, tuple(samples)))
    dashboard_name = next(name for name in times if name.startswith("ward dashboard"))
    section.figures.append(
        Figure(
            "ward dashboard ÷ bare request",
            ratios(times[dashboard_name], times[floor_name]),
            "x",
        )
    )
    section.figures.append(
        Figure(
            f"wards_overview() of all {found['wards']} wards, one call",
            tuple(
                side_by_side(
                    {
                        "o": lambda: wards_overview(
                            list(Ward.objects.order_by("code")),
                            year=ctx.year,
                            as_of=ctx.as_of,
                        )
                    },
                    ctx.runs,
                )["o"]
            ),
        )
    )
    counts = []
    for name, fn in pages.items():
        if name.startswith("floor"):
            continue
        with CaptureQueriesContext(connection) as captured:
            fn()
        counts.append(f"| {name} | {len(captured.captured_queries)} |")
    section.text.append(
        "Queries per page at this scale (the tests in `tests/test_query_counts.py` and beside each page "
        "check that they do not grow with rows):\n\n| page | queries |\n|---|---|\n"
        + "\n".join(counts)
    )
    section.notes.append(
        "Each page is fetched by a logged-in ward official of the largest ward (the overview by a viewer "
        "of every ward), for the complete year, through the full middleware stack."
    )
    return section
