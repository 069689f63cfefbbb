"""URLs of the cases app. Every view is private unless marked login_not_required; ids only, never A-numbers.

portal/urls.py mounts them under /cases/ with the dashboard (`cases:dashboard`, composed in the portal)."""

from django.urls import path

from cases import views

app_name = "cases"
urlpatterns = [
    path("<int:case_id>/hearings/", views.hearings, name="hearings"),
    path("<int:case_id>/hearings.ics", views.case_calendar, name="case_calendar"),
    path("<int:case_id>/record/", views.record, name="record"),
    path("<int:case_id>/record.zip", views.record_download, name="record_download"),
    path("hearings/<int:hearing_id>.ics", views.hearing_calendar, name="hearing_calendar"),
    path("hearings/<int:hearing_id>/attendance/", views.attendance, name="attendance"),
    path("hearings/<int:hearing_id>/missed/", views.attendance_missed, name="attendance_missed"),
    path("documents/<int:document_id>/download/", views.document_download, name="document_download"),
    path("documents/<int:document_id>/view/", views.document_view, name="document_view"),
]
