"""The accounts pages of a ward's officials, mounted under ``accounts/manage/``."""

from django.urls import path

from cells import views_accounts as views

app_name = "accounts"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:ward_code>/", views.account_list, name="account_list"),
    path("<str:ward_code>/new/", views.account_create, name="account_create"),
    path("<str:ward_code>/handover/", views.cell_handover, name="cell_handover"),
    path(
        "<str:ward_code>/<int:user_id>/deactivate/",
        views.account_deactivate,
        name="account_deactivate",
    ),
    path(
        "<str:ward_code>/<int:user_id>/reactivate/",
        views.account_reactivate,
        name="account_reactivate",
    ),
    path(
        "<str:ward_code>/<int:user_id>/password/",
        views.account_password,
        name="account_password",
    ),
]
