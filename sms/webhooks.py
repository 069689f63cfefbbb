"""Providers' webhooks: texts from phones (STOP, START, HELP...) and delivery reports. Public (no
sign-in, no CSRF token: the provider signs instead); a bad signature is a 403 and nothing is stored.

- Twilio: X-Twilio-Signature over the public URL (SITE_URL + path) and the POST fields, checked with
  twilio.request_validator.RequestValidator and TWILIO_AUTH_TOKEN.
- Amazon SNS: the SNS message signature (sms.sns_messages); a subscription to our topic is confirmed.
"""

import json
import logging
import urllib.request

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator

from sms import sns_messages
from sms.services.inbound import inbound_receive, text_status_report

logger = logging.getLogger(__name__)
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _twilio_signed(request) -> bool:
    if not settings.TWILIO_AUTH_TOKEN:
        return False
    url = settings.SITE_URL.rstrip("/") + request.get_full_path()
    signature = request.headers.get("X-Twilio-Signature", "")
    return RequestValidator(settings.TWILIO_AUTH_TOKEN).validate(url, request.POST.dict(), signature)


@csrf_exempt
@login_not_required
@require_POST
def twilio_inbound(request):
    """A text from a phone, relayed by Twilio: stored once and acted on; our reply goes through the outbox."""
    if not _twilio_signed(request):
        return HttpResponseForbidden()
    inbound_receive(
        provider="twilio",
        message_id=request.POST.get("MessageSid", ""),
        from_number=request.POST.get("From", ""),
        to_number=request.POST.get("To", ""),
        body=request.POST.get("Body", ""),
    )
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")


@csrf_exempt
@login_not_required
@require_POST
def twilio_status(request):
    """Twilio's delivery report for a text we sent: failed or undelivered counts against the number."""
    if not _twilio_signed(request):
        return HttpResponseForbidden()
    text_status_report(
        provider="twilio",
        message_id=request.POST.get("MessageSid", ""),
        status=request.POST.get("MessageStatus", ""),
        error_code=request.POST.get("ErrorCode", ""),
    )
    return HttpResponse(status=204)


def _confirm_subscription(message: dict) -> None:
    url = message.get("SubscribeURL", "")
    if sns_messages.is_aws_url(url):
        with urllib.request.urlopen(url, timeout=5):  # noqa: S310  # nosec B310
            pass


@csrf_exempt
@login_not_required
@require_POST
def sns_inbound(request):
    """A text from a phone through an Amazon SNS topic (two-way SMS), or the topic's subscription check."""
    try:
        message = json.loads(request.body)
        sns_messages.verify(message)
    except (ValueError, AttributeError, sns_messages.SnsSignatureError):
        return HttpResponseForbidden()
    if message.get("Type") == "SubscriptionConfirmation":
        _confirm_subscription(message)
        return HttpResponse(status=204)
    if message.get("Type") != "Notification":
        return HttpResponse(status=204)
    try:
        text = json.loads(message["Message"])
    except (ValueError, KeyError):
        return HttpResponse(status=400)
    inbound_receive(
        provider="sns",
        message_id=str(text.get("inboundMessageId") or message.get("MessageId", "")),
        from_number=str(text.get("originationNumber", "")),
        to_number=str(text.get("destinationNumber", "")),
        body=str(text.get("messageBody", "")),
    )
    return HttpResponse(status=204)
