"""Demo data for text reminders (called from portal/demo.py): one demo respondent has a verified number.

The number is fictional (555-01xx numbers are reserved for fiction). Texts go to the console backend
by default (printed where the worker runs); SMS_BACKEND=sms.backends.filebased.FileBackend writes
each to var/sms/ instead.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from cases.models import Respondent
from sms.models import MobileNumber, TextSubscription

DEMO_NUMBER = "+13125550142"


def seed_text_reminders(*, respondents: list[Respondent]) -> Respondent | None:
    """The first demo respondent with an account opted in to texts at DEMO_NUMBER (once; idempotent)."""
    person = next((p for p in respondents if p.user_id is not None), None)
    if person is None:
        return None
    mobile, _ = MobileNumber.objects.get_or_create(
        number=DEMO_NUMBER, defaults={"line_type": MobileNumber.LineType.UNKNOWN}
    )
    if not TextSubscription.objects.filter(user=person.user, state=TextSubscription.State.VERIFIED).exists():
        TextSubscription.objects.create(
            user=person.user,
            mobile=mobile,
            state=TextSubscription.State.VERIFIED,
            consent_version=settings.SMS_CONSENT_VERSION,
            verified_at=timezone.now() - datetime.timedelta(days=1),
        )
    return person
