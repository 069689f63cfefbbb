"""Facts every page shows: portal name, support contact, the demo banner."""

from django.conf import settings


def portal(request):
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "SUPPORT_PHONE": settings.SUPPORT_PHONE,
        "SUPPORT_EMAIL": settings.SUPPORT_EMAIL,
        "SUPPORT_HOURS": settings.SUPPORT_HOURS,
        "DEMO_BANNER": settings.DEMO_BANNER,
    }
