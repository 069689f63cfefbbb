"""Texts from phones and providers' delivery reports, after the webhook has checked the signature.

Each inbound text is stored once (a provider's retry finds its row and does nothing), then acted on:
STOP and its synonyms stop the number (audited) and are confirmed; START after STOP resumes it;
HELP is answered with the help line. A number not on file is stored and answered the same way. The
reply is in the language of the person at that number, or of the keyword when nobody is on file.
Replies can be turned off (SMS_KEYWORD_REPLIES) where the provider answers keywords itself.
"""

import phonenumbers
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sms import selectors
from sms.keywords import parse_keyword
from sms.models import InboundText, MobileNumber, OutboundText
from sms.services.outbox import number_send_failed, number_start, number_stop, text_queue
from sms.wording import keyword_reply, text_language

Kind = OutboundText.Kind
FAILED_STATUSES = {"failed", "undelivered"}


def _e164(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return raw[:32]
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _reply_language(mobile: MobileNumber | None, keyword_language: str | None) -> str:
    if mobile is not None:
        people = selectors.subscriptions_of_number(mobile=mobile)
        if people:
            return selectors.text_language_of_user(people[0].user)
    return text_language(keyword_language)


def _act(inbound: InboundText, mobile: MobileNumber | None, language: str) -> str | None:
    """Does what the keyword asks; the kind of reply to send, if any."""
    if inbound.keyword == InboundText.Keyword.STOP:
        if mobile is not None:
            number_stop(mobile=mobile, via="text")
        return Kind.STOPPED
    if inbound.keyword == InboundText.Keyword.START:
        if mobile is not None and mobile.state == MobileNumber.State.STOPPED:
            number_start(mobile=mobile)
            return Kind.STARTED
        return Kind.HELP
    if inbound.keyword == InboundText.Keyword.HELP:
        return Kind.HELP
    return None


def inbound_receive(
    *, provider: str, message_id: str, from_number: str, to_number: str = "", body: str = ""
) -> InboundText | None:
    """Stores one text from a phone and acts on its keyword; None when this message was stored before."""
    keyword = parse_keyword(body)
    sender = _e164(from_number)
    with transaction.atomic():
        mobile = MobileNumber.objects.filter(number=sender).first()
        try:
            with transaction.atomic():
                inbound = InboundText.objects.create(
                    provider=provider,
                    provider_message_id=message_id[:100],
                    from_number=sender,
                    to_number=to_number[:32],
                    body=body[:1600],
                    keyword=keyword.kind,
                    mobile=mobile,
                    received_at=timezone.now(),
                )
        except IntegrityError:
            return None  # the provider sent it again: acted on already
        language = _reply_language(mobile, keyword.language)
        reply = _act(inbound, mobile, language)
        if reply and settings.SMS_KEYWORD_REPLIES:
            text_queue(
                to=sender,
                mobile=mobile,
                kind=reply,
                body=keyword_reply(kind=reply, language=language),
                language=language,
            )
    return inbound


def text_status_report(*, provider: str, message_id: str, status: str, error_code: str = "") -> bool:
    """A provider's delivery report: a sent text that failed or went undelivered counts towards the
    number's failures (once, however often the report comes). False for an unknown or settled id."""
    if status not in FAILED_STATUSES:
        return False
    with transaction.atomic():
        text = (
            OutboundText.objects.select_for_update(of=("self",))
            .select_related("mobile")
            .filter(provider=provider, provider_message_id=message_id, state=OutboundText.State.SENT)
            .first()
        )
        if text is None:
            return False
        text.state, text.last_error = OutboundText.State.FAILED, f"{status} {error_code}".strip()[:200]
        text.save(update_fields=["state", "last_error"])
        if text.mobile is not None:
            if error_code == "21610":
                number_stop(mobile=text.mobile, via="provider")
            else:
                number_send_failed(mobile=text.mobile)
    return True
