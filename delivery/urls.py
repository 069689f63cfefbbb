"""URLs of the delivery app. Every view is private unless marked login_not_required.

`urlpatterns` (under /account/service/): the respondent's service preference and consent.
`webhook_patterns` (under /anymail/): the mail provider's signed delivery webhook (public, CSRF-exempt,
checked by signature).
"""

from django.urls import path

from delivery import views
from delivery.webhooks import MailgunServiceWebhookView

app_name = "delivery"
urlpatterns = [
    path("", views.service_settings, name="settings"),
    path("consent/", views.service_consent, name="consent"),
    path("withdraw/", views.service_withdraw, name="withdraw"),
    path("confirm/", views.service_confirm_send, name="confirm_send"),
    path("confirm/<str:token>/", views.service_confirm, name="confirm"),
]

webhook_patterns = [
    path("mailgun/tracking/", MailgunServiceWebhookView.as_view(), name="mailgun_tracking_webhook"),
]
