"""URLs of the guided requests. Every view is private (signed-in respondents, their own cases)."""

from django.urls import path

from motions import views

app_name = "motions"
urlpatterns = [
    path("case/<int:case_id>/", views.motion_choose, name="choose"),
    path("case/<int:case_id>/start/<slug:slug>/", views.motion_start, name="start"),
    path("case/<int:case_id>/address/", views.address_change, name="address"),
    path("<int:motion_id>/", views.motion_detail, name="detail"),
    path("<int:motion_id>/evidence/", views.motion_evidence, name="evidence"),
    path("<int:motion_id>/evidence/upload/", views.motion_evidence_upload, name="evidence_upload"),
    path("<int:motion_id>/evidence/<int:document_id>/remove/", views.motion_evidence_remove, name="evidence_remove"),
    path("<int:motion_id>/sign/", views.motion_sign, name="sign"),
    path("<int:motion_id>/motion.pdf", views.motion_packet, name="packet"),
    path(
        "<int:motion_id>/questions/<str:step>/",
        views.MotionWizard.as_view(url_name="motions:step", done_step_name="finished"),
        name="step",
    ),
]
