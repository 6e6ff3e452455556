"""The printing URLs (issue 6), added to the ``reports`` namespace by ``reports/urls.py``."""

from django.urls import path

from reports.documents import views

urlpatterns = [
    path(
        "cells/<str:cell_code>/print/evaluation/<int:year>/",
        views.cell_evaluation_pdf,
        name="print_evaluation",
    ),
    path(
        "wards/<str:ward_code>/print/summary/<int:year>/",
        views.ward_summary_pdf,
        name="print_summary",
    ),
    path(
        "wards/<str:ward_code>/print/all/<int:year>/",
        views.ward_batch_view,
        name="print_batch",
    ),
    path(
        "wards/<str:ward_code>/print/all/<int:year>/zip/",
        views.ward_batch_zip,
        name="print_batch_zip",
    ),
]
