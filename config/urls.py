from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

# Only the account views that make sense without e-mail: ward officials reset their secretaries'
# passwords (DESIGN.md "Users and access"), so there is no password-reset-by-mail flow.
account_urls = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("", include("reports.urls")),
    path("cells/", include("cells.urls")),
    path("meetings/", include("meetings.urls")),
    path("api/", include("scoring.urls")),
    path("scores/", include("scoring.urls_web")),
    path("admin/", admin.site.urls),
    path("accounts/manage/", include("cells.urls_accounts")),
    path("accounts/", include(account_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
]
