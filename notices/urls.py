"""URLs of the notices app. Every view is private unless marked login_not_required."""

from django.urls import path

from notices import views

app_name = "notices"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:notice_id>/", views.notice_detail, name="detail"),
    path("<int:notice_id>/pdf/", views.notice_download, name="download"),
]
