from django.urls import path

from cells import views

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
