"""The dated rules of electronic service, in one place (each with where it comes from).

CONSENT_TEXT_VERSION names the consent screen's wording (templates/delivery/_consent_text.html): change
both together, so a stored consent always says which words the person agreed to.
"""

from datetime import timedelta

# Issue #15 (2026-12-03): two soft bounces of different notices within 72 hours suspend electronic
# service. A provider retries a deferred message itself for hours, so one soft bounce alone is not a
# failure: it turns into "delivered" or, when the provider gives up, into a hard bounce.
SOFT_BOUNCE_WINDOW = timedelta(hours=72)
SOFT_BOUNCES_TO_SUSPEND = 2

# The consent screen's wording, as of 2026-12-03.
CONSENT_TEXT_VERSION = "2026-12-03"

# A link to confirm the service address again works this long.
CONFIRM_LINK_MAX_AGE = timedelta(days=3)
