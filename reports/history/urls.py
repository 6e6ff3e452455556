"""The URLs of the history pages, in the ``reports`` namespace (added to ``reports/urls.py``)."""

from django.urls import path

from reports.history import views

urlpatterns = [
    path(
        "wards/<str:ward_code>/changes/", views.ward_changes_view, name="ward_changes"
    ),
    path(
        "history/cells/<str:cell_code>/", views.cell_history_view, name="cell_history"
    ),
    path(
        "history/cells/<str:cell_code>/members/<str:member_code>/",
        views.member_history_view,
        name="member_history",
    ),
    path(
        "history/meetings/<str:key>/",
        views.meeting_history_view,
        name="meeting_history",
    ),
    path(
        "history/wards/<str:ward_code>/households/<str:household_code>/",
        views.household_history_view,
        name="household_history",
    ),
]
