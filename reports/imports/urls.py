"""The URLs of the web import, in the ``reports`` namespace (added to ``reports/urls.py``)."""

from django.urls import path

from reports.imports import views

urlpatterns = [
    path("wards/<str:ward_code>/imports/", views.import_list, name="import_list"),
    path("wards/<str:ward_code>/imports/new/", views.import_new, name="import_new"),
    path("imports/template.xlsx", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/file/", views.import_file, name="import_file"),
]
