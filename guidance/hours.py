"""Support hours: kept in one zone (settings), shown in Eastern Time and in the court's own zone."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from cases.plain_language import clock_time, time_zone_name


@dataclass(frozen=True)
class HoursInZone:
    zone: str
    zone_name: str
    start: str
    end: str


def _clock(value: str) -> datetime.time:
    hours, minutes = value.split(":")
    return datetime.time(int(hours), int(minutes))


def support_hours_in(zone: str, *, on: datetime.date | None = None) -> HoursInZone:
    """The support line's opening and closing times on `on` (today) as clock times in `zone`."""
    support_tz = zoneinfo.ZoneInfo(settings.SUPPORT_TIMEZONE)
    day = on or timezone.now().astimezone(support_tz).date()
    target = zoneinfo.ZoneInfo(zone)
    times = []
    for value in (settings.SUPPORT_HOURS_START, settings.SUPPORT_HOURS_END):
        moment = datetime.datetime.combine(day, _clock(value), tzinfo=support_tz).astimezone(target)
        times.append(clock_time(moment))
    return HoursInZone(zone=zone, zone_name=time_zone_name(zone), start=times[0], end=times[1])
