"""Tags the accounts email templates call while the worker renders them (common.mail.email_deliver)."""

from django import template

from accounts.models import FactorRecovery
from accounts.selectors import factor_recovery_link_url

register = template.Library()


@register.simple_tag
def factor_recovery_url(user) -> str | None:
    """The signed link for the person's current factor recovery, made at render time so that no token waits
    in a queue; None once a new factor was set up (the subject then renders empty and nothing is sent)."""
    return factor_recovery_link_url(user=user)


@register.simple_tag
def factor_recovery_minutes() -> int:
    """How long a recovery link works, in minutes."""
    return FactorRecovery.LINK_MINUTES
