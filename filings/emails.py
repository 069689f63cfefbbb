"""Emails to the filer, sent after commit, in the filer's preferred language. Ids in, no PII in logs."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from filings.models import Filing


def _send(filing: Filing, template: str, subject: str) -> None:
    user = filing.filed_by
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {"filing": filing, "site_url": settings.SITE_URL, "PORTAL_NAME": settings.PORTAL_NAME}
        body = render_to_string(template, context)
        send_mail(str(subject), body, None, [user.email])


def send_receipt(filing_id: int) -> None:
    from django.utils.translation import gettext_lazy as _

    filing = Filing.objects.select_related("case__court", "filed_by").get(pk=filing_id)
    _send(filing, "filings/email/receipt.txt", _("Your filing was received"))


def send_decision(filing_id: int) -> None:
    from django.utils.translation import gettext_lazy as _

    filing = Filing.objects.select_related("case__court", "filed_by").get(pk=filing_id)
    subject = (
        _("Your filing was accepted") if filing.status == Filing.Status.ACCEPTED else _("Your filing was rejected")
    )
    _send(filing, "filings/email/decision.txt", subject)
