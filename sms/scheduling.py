"""Quiet hours: no text between 21:00 and 08:00 at the court (docs/adr/0105).

A hearing text decided in the quiet hours is held until 08:00 the next morning in the court's time
zone (`not_before`); the periodic sweep sends it then. Replies to HELP, STOP and START and the
verification code are answers to the person's own action and go at once.
"""

import datetime
import zoneinfo

from django.conf import settings


def next_allowed(now: datetime.datetime, tz: zoneinfo.ZoneInfo) -> datetime.datetime:
    """`now` when it is inside the sending hours at `tz`, else the next start of them (an aware time)."""
    start, end = settings.SMS_SENDING_HOURS
    local = now.astimezone(tz)
    if start <= local.hour < end:
        return now
    day = local.date() if local.hour < start else local.date() + datetime.timedelta(days=1)
    opening = datetime.datetime.combine(day, datetime.time(start), tzinfo=tz)
    return opening.astimezone(datetime.UTC)
