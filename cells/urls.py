from django.urls import path

from cells import views, views_records

app_name = "cells"

urlpatterns = [
    path("<str:cell_code>/members/", views.member_list, name="member_list"),
    path(
        "<str:cell_code>/members/<str:member_code>/",
        views.member_detail,
        name="member_detail",
    ),
    path(
        "<str:cell_code>/members/<str:member_code>/edit/",
        views.member_edit,
        name="member_edit",
    ),
]

# Records over time (issue 5, item 7): cells/views_records.py.
urlpatterns += [
    path(
        "<str:cell_code>/ratings/<int:year>/",
        views_records.member_ratings,
        name="member_ratings",
    ),
    path("<str:cell_code>/year/<int:year>/", views_records.cell_year, name="cell_year"),
    path(
        "<str:cell_code>/members/<str:member_code>/status/add/",
        views_records.status_period_edit,
        name="status_period_add",
    ),
    path(
        "<str:cell_code>/members/<str:member_code>/status/<int:pk>/",
        views_records.status_period_edit,
        name="status_period_edit",
    ),
    path(
        "<str:cell_code>/members/<str:member_code>/offices/add/",
        views_records.office_edit,
        name="office_add",
    ),
    path(
        "<str:cell_code>/members/<str:member_code>/offices/<int:pk>/",
        views_records.office_edit,
        name="office_edit",
    ),
    path(
        "<str:cell_code>/households/",
        views_records.household_list,
        name="household_list",
    ),
    path(
        "<str:cell_code>/households/<str:household_code>/<int:year>/",
        views_records.household_edit,
        name="household_edit",
    ),
]
