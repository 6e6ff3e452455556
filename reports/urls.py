from django.urls import path

from reports import views
from reports.documents.urls import urlpatterns as document_urls
from reports.documents.urls_meetings import urlpatterns as meeting_document_urls
from reports.exports.urls import urlpatterns as export_urls
from reports.history.urls import urlpatterns as history_urls
from reports.imports.urls import urlpatterns as import_urls

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("wards/", views.overview, name="overview"),
    path("wards/<str:ward_code>/", views.ward_dashboard_view, name="ward_dashboard"),
    path("wards/<str:ward_code>/years/", views.ward_years_view, name="ward_years"),
    path("cells/<str:cell_code>/", views.cell_page_view, name="cell_page"),
]

# The web import and the history views (issue 7): reports/imports/, reports/history/.
urlpatterns += import_urls + history_urls

# Printed documents and batch printing (issue 6): reports/documents/.
urlpatterns += document_urls

# Minutes, attendance sheets, ratings lists and the Excel exports (issue 6, items 3, 4, 7).
urlpatterns += meeting_document_urls + export_urls
