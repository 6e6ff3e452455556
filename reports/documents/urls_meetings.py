"""The URLs of the minutes, the attendance sheet and the ratings list (in the ``reports`` namespace)."""

from django.urls import path

from reports.documents import views_meetings

urlpatterns = [
    path(
        "print/meetings/<str:key>/minutes/",
        views_meetings.minutes_print,
        name="print_minutes",
    ),
    path(
        "print/meetings/<str:key>/attendance-sheet/",
        views_meetings.attendance_sheet_print,
        name="print_attendance_sheet",
    ),
    path(
        "cells/<str:cell_code>/print/ratings/<int:year>/",
        views_meetings.ratings_print,
        name="print_ratings",
    ),
]
