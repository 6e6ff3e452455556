"""The score entry screens, mounted at /scores/: ``scores:sheet_self`` and ``scores:sheet_upper``."""

from django.urls import path

from scoring import web_views

app_name = "scores"

urlpatterns = [
    path(
        "<str:key>/self/",
        web_views.score_sheet,
        {"scorer": "self"},
        name="sheet_self",
    ),
    path(
        "<str:key>/upper/",
        web_views.score_sheet,
        {"scorer": "upper"},
        name="sheet_upper",
    ),
]
