"""URLs of the help centre. Every page here is public (login_not_required) except "stay signed in"."""

from django.urls import path

from guidance import views

app_name = "guidance"
urlpatterns = [
    path("", views.index, name="index"),
    path("glossary/", views.glossary, name="glossary"),
    path("contact/", views.contact, name="contact"),
    path("quick-reference.pdf", views.quick_reference, name="quick_reference"),
    path("session/extend/", views.session_extend, name="session_extend"),
    path("session/ended/", views.session_ended, name="session_ended"),
    path("<slug:slug>/", views.topic, name="topic"),
]
