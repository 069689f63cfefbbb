"""Account notification emails: translatable templates under templates/accounts/email/<kind>_*.txt."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

KINDS = {
    "locked",
    "unlocked",
    "factor_added",
    "factor_removed",
    "backup_codes_regenerated",
    "sessions_ended",
    # support console actions (accounts.support)
    "second_factor_reset",
    "access_code_reissued",
    "deactivated",
    "reactivated",
    # the link that lets a person set up a second step again after a support reset (accounts.recovery)
    "factor_recovery",
}


def account_email_deliver(*, user_id: int, kind: str, to: str | None = None) -> None:
    """Renders and sends one notification in the user's language (to another address when `to` is given)."""
    from accounts.models import User

    if kind not in KINDS:
        raise ValueError(kind)
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    context = {
        "user": user,
        "PORTAL_NAME": settings.PORTAL_NAME,
        "SITE_URL": settings.SITE_URL,
        "SUPPORT_PHONE": settings.SUPPORT_PHONE,
        "SUPPORT_EMAIL": settings.SUPPORT_EMAIL,
        "guard": getattr(user, "sign_in_guard", None),
    }
    if kind == "factor_recovery":
        from accounts.recovery import LINK_MINUTES, factor_recovery_link_url

        # The signed link is made here, in the worker, so that no token travels through the queue.
        context["recovery_url"] = factor_recovery_link_url(user=user)
        context["minutes"] = LINK_MINUTES
        if context["recovery_url"] is None:
            return  # a new factor was set up meanwhile: nothing to finish
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"accounts/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{kind}_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to or user.email])


def account_email_send(*, user, kind: str, to: str | None = None) -> None:
    """Queues a notification after the current transaction commits."""
    from accounts.tasks import send_account_email

    user_id = user.pk
    transaction.on_commit(lambda: send_account_email.delay(user_id, kind, to))
