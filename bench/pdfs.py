"""PDFs in-process: one cell's evaluation, 15 cells of a ward in one process, and the memory over a batch
of 100 documents. Guarded: while ``reports.documents.render_cell_evaluation`` does not exist, the report
says "not yet available"."""

from __future__ import annotations

import os

from bench.context import Context
from bench.report import Figure, Goal, Section
from bench.timing import samples

TITLE = "PDFs (WeasyPrint, in-process)"
GOALS = (
    ("one cell's evaluation PDF", "< 0.5 s"),
    ("a 15-cell ward's evaluations", "< 8 s"),
    ("RSS over 100 PDFs", "flat (≤ +10% from 10 to 100)"),
)


def unavailable(section: Section, why: str) -> Section:
    for name, target in GOALS:
        section.goals.append(Goal(name, target, "not yet available", None))
    section.notes.append(f"Not yet available: {why}")
    return section


def renderer():
    """``render_cell_evaluation(cell, year) -> bytes`` where the reports app has it, else None."""
    import importlib

    for module in ("reports.documents", "reports.documents.evaluation"):
        try:
            found = getattr(
                importlib.import_module(module), "render_cell_evaluation", None
            )
        except ImportError:
            found = None
        if found is not None:
            return found
    return None


def run(ctx: Context) -> Section:
    """Under production's static storage first; if the renderer fails there, the failure is reported and
    the figures are taken with the plain static storage."""
    from django.test import override_settings

    from cells.models import Cell

    section = Section("pdfs", TITLE)
    render = renderer()
    if render is None:
        return unavailable(section, "`reports.documents.render_cell_evaluation`.")
    try:
        render(Cell.objects.order_by("code").first(), ctx.year)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # WeasyPrint's fatal fetch errors are BaseExceptions
        section.notes.append(
            "**Under the production settings (manifest static storage) the renderer fails**: "
            f"`{type(error).__name__}: {error}` — the document's stylesheet gets the hashed name of "
            "the collected file, which the URL fetcher does not find among the source static files. "
            "The figures below were taken with the plain static storage."
        )
        plain = {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
        }
        with override_settings(STORAGES=plain):
            return measured(ctx, section, render)
    return measured(ctx, section, render)


def measured(ctx: Context, section: Section, render_cell_evaluation) -> Section:
    import psutil
    from django.db.models import Count

    from cells.models import Cell
    from wards.models import Ward

    ward = Ward.objects.annotate(n=Count("cells")).order_by("n", "code").first()
    cells = list(Cell.objects.filter(ward=ward).order_by("code")[:15])
    year = ctx.year

    def one() -> None:
        pdf = render_cell_evaluation(cells[0], year)
        if not pdf.startswith(b"%PDF"):
            raise AssertionError("not a PDF")

    def fifteen() -> None:
        for cell in cells:
            render_cell_evaluation(cell, year)

    single = Figure(
        f"evaluation of {cells[0].code}, {year}", tuple(samples(one, max(ctx.runs, 5)))
    )
    batch = Figure(
        f"{len(cells)} cells of {ward.code}, one after another",
        tuple(samples(fifteen, 5 if not ctx.quick else 3)),
    )
    process = psutil.Process(os.getpid())
    rss = {}
    pool = list(Cell.objects.order_by("code")[:100])
    for n in range(1, 101):
        render_cell_evaluation(pool[(n - 1) % len(pool)], year)
        if n in (10, 50, 100):
            rss[n] = process.memory_info().rss / 2**20
    section.figures += [single, batch]
    section.text.append(
        "Resident memory of this process while rendering 100 evaluations one after another:\n\n"
        "| after | RSS |\n|---|---|\n"
        + "\n".join(f"| {n} PDFs | {mb:.0f} MB |" for n, mb in rss.items())
    )
    flat = rss[100] <= rss[10] * 1.10
    section.goals += [
        Goal(GOALS[0][0], GOALS[0][1], f"{single.median:.2f} s", single.median < 0.5),
        Goal(
            GOALS[1][0],
            GOALS[1][1],
            f"{batch.median:.1f} s for {len(cells)} cells",
            batch.median < 8 and len(cells) >= 15,
        ),
        Goal(
            GOALS[2][0],
            GOALS[2][1],
            f"{rss[10]:.0f} → {rss[50]:.0f} → {rss[100]:.0f} MB",
            flat,
        ),
    ]
    return section
