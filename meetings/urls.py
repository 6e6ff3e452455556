from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("cells/<str:cell_code>/", views.meeting_list, name="meeting_list"),
    path("cells/<str:cell_code>/plan/", views.meeting_plan, name="meeting_plan"),
    path("<str:key>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<str:key>/record/", views.MeetingRecordView.as_view(), name="meeting_record"),
    path("<str:key>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path(
        "<str:key>/attendance/counts/",
        views.AttendanceCountsView.as_view(),
        name="attendance_counts",
    ),
    path("<str:key>/submit/", views.MeetingSubmitView.as_view(), name="meeting_submit"),
    path("<str:key>/lock/", views.MeetingLockView.as_view(), name="meeting_lock"),
    path("<str:key>/unlock/", views.MeetingUnlockView.as_view(), name="meeting_unlock"),
]
