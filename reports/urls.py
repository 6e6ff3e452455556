from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("wards/", views.overview, name="overview"),
    path("wards/<str:ward_code>/", views.ward_dashboard_view, name="ward_dashboard"),
    path("wards/<str:ward_code>/years/", views.ward_years_view, name="ward_years"),
    path("cells/<str:cell_code>/", views.cell_page_view, name="cell_page"),
]
