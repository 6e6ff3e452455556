"""The URLs of the Excel exports (in the ``reports`` namespace)."""

from django.urls import path

from reports.exports import views

urlpatterns = [
    path(
        "wards/<str:ward_code>/export/grid/",
        views.ward_grid_export,
        name="export_ward_grid",
    ),
    path(
        "cells/<str:cell_code>/export/criteria/",
        views.cell_criteria_export,
        name="export_cell_criteria",
    ),
    path(
        "cells/<str:cell_code>/export/meetings/",
        views.cell_meetings_export,
        name="export_cell_meetings",
    ),
    path(
        "cells/<str:cell_code>/export/ratings/<int:year>/",
        views.ratings_export,
        name="export_ratings",
    ),
]
