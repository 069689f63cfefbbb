"""Facts every page shows: portal name, support contact, the demo banner."""

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

from common.portal_name import portal_name

# The defaults of the settings below, marked so that makemessages extracts them: a deployment that
# keeps a default gets it translated; one that sets its own text shows it as set.
_DEFAULTS = (
    gettext_noop("Respondent Access Portal"),
    gettext_noop("Monday to Friday, 8:00 AM to 8:00 PM Eastern Time"),
)


def portal(request):
    return {
        "PORTAL_NAME": portal_name(),
        "SUPPORT_PHONE": settings.SUPPORT_PHONE,
        "SUPPORT_PHONE_URI": "tel:+1" + "".join(c for c in settings.SUPPORT_PHONE if c.isdigit())[-10:],
        "SUPPORT_EMAIL": settings.SUPPORT_EMAIL,
        "SUPPORT_HOURS": gettext(settings.SUPPORT_HOURS),
        "DEMO_BANNER": settings.DEMO_BANNER,
    }
