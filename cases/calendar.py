"""Hearings as iCalendar (.ics) files: one per hearing, one per case with every upcoming hearing.

Times carry the court's zone (TZID with a VTIMEZONE), so a phone in another zone shows the right
local time. Each event holds the place (address and courtroom) or the video link and dial-in.
"""

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import plain_language as words
from cases.models import Case, Hearing

# Hearings have no scheduled end; the calendar entry blocks a reasonable time.
_DURATION = {
    Hearing.HearingType.MASTER: datetime.timedelta(hours=1),
    Hearing.HearingType.INDIVIDUAL: datetime.timedelta(hours=3),
}


def _location(hearing: Hearing, case: Case) -> str:
    if hearing.mode == Hearing.Mode.INTERNET:
        return hearing.video_url
    lines = [line.strip() for line in hearing.address.splitlines() if line.strip()] or case.court.address_lines
    if hearing.courtroom:
        lines = [*lines, _("Courtroom %(room)s") % {"room": hearing.courtroom}]
    return ", ".join([case.court.name, *lines])


def _description(hearing: Hearing, case: Case) -> str:
    type_name, _meaning = words.hearing_type_words(hearing)
    parts = [type_name]
    if hearing.mode == Hearing.Mode.INTERNET:
        parts.append(_("Video link: %(url)s") % {"url": hearing.video_url})
        if hearing.meeting_details:
            parts.append(_("Meeting details: %(details)s") % {"details": hearing.meeting_details})
        if hearing.dial_in:
            parts.append(_("By phone: %(number)s") % {"number": hearing.dial_in})
    parts.append(_("See the latest details at %(url)s") % {"url": settings.SITE_URL.rstrip("/") + "/cases/"})
    return "\n".join(parts)


def hearing_event(hearing: Hearing, case: Case) -> icalendar.Event:
    """One VEVENT in the court's time zone."""
    start = hearing.starts_at.astimezone(case.court.tz)
    event = icalendar.Event()
    event.add("uid", f"hearing-{hearing.pk}@{settings.SITE_URL.split('//')[-1].split('/')[0]}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", start + _DURATION.get(hearing.hearing_type, datetime.timedelta(hours=1)))
    event.add("summary", _("Immigration court hearing"))
    event.add("location", _location(hearing, case))
    event.add("description", _description(hearing, case))
    if hearing.mode == Hearing.Mode.INTERNET:
        event.add("url", hearing.video_url)
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("Immigration court hearing tomorrow"))
    alarm.add("trigger", datetime.timedelta(days=-1))
    event.add_component(alarm)
    return event


def hearings_calendar(hearings: list[Hearing], case: Case) -> bytes:
    """A calendar file with the given hearings of one case, VTIMEZONE included."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Respondent Access Portal//Hearings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Immigration court hearings"))
    for hearing in hearings:
        calendar.add_component(hearing_event(hearing, case))
    calendar.add_missing_timezones()
    return calendar.to_ical()
