"""URLs of the sms app, mounted at the root by portal/urls.py: the account page for the number, the
short link in texts (/h/) and the providers' webhooks (public: the provider's signature is the check)."""

from django.urls import path

from sms import views, webhooks

app_name = "sms"
urlpatterns = [
    path("account/phone/", views.phone, name="phone"),
    path("account/phone/verify/", views.phone_verify, name="phone_verify"),
    path("account/phone/new-code/", views.code_resend, name="code_resend"),
    path("account/phone/remove/", views.phone_remove, name="phone_remove"),
    path("h/", views.hearing_link, name="hearing_link"),
    path("sms/webhooks/twilio/", webhooks.twilio_inbound, name="twilio_inbound"),
    path("sms/webhooks/twilio/status/", webhooks.twilio_status, name="twilio_status"),
    path("sms/webhooks/sns/", webhooks.sns_inbound, name="sns_inbound"),
]
