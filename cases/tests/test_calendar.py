"""Calendar files: one hearing or every upcoming hearing of a case, in the court's time zone."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from cases.models import Hearing
from cases.tests.factories import HearingFactory

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
YEAR = datetime.date.today().year + 1


@pytest.fixture
def case(respondent):
    return respondent.cases.get()


def events_of(response) -> list:
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment")
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def test_hearing_ics_has_the_courts_zone_and_place(respondent_client, case):
    hearing = HearingFactory(case=case, starts_at=datetime.datetime(YEAR, 7, 14, 9, 0, tzinfo=CHICAGO), courtroom="4B")
    calendar, events = events_of(respondent_client.get(reverse("cases:hearing_calendar", args=[hearing.pk])))
    assert len(events) == 1
    start = events[0]["DTSTART"]
    assert start.params["TZID"] == "America/Chicago"
    assert start.dt.replace(tzinfo=None) == datetime.datetime(YEAR, 7, 14, 9, 0)
    assert start.dt == hearing.starts_at
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Chicago"]
    location = str(events[0]["LOCATION"])
    assert case.court.address_line1 in location and "Courtroom 4B" in location
    assert (
        b"TZID=America/Chicago:" in respondent_client.get(reverse("cases:hearing_calendar", args=[hearing.pk])).content
    )


def test_video_hearing_ics_carries_the_link(respondent_client, case):
    hearing = HearingFactory(
        case=case, mode=Hearing.Mode.INTERNET, video_url="https://video.example.org/r/9", dial_in="(555) 010-0150"
    )
    _calendar, events = events_of(respondent_client.get(reverse("cases:hearing_calendar", args=[hearing.pk])))
    assert str(events[0]["LOCATION"]) == "https://video.example.org/r/9"
    assert "(555) 010-0150" in str(events[0]["DESCRIPTION"])


def test_case_ics_lists_only_upcoming_scheduled_hearings(respondent_client, case):
    first = HearingFactory(case=case, starts_at=datetime.datetime(YEAR, 3, 2, 9, 0, tzinfo=CHICAGO))
    second = HearingFactory(case=case, starts_at=datetime.datetime(YEAR, 7, 6, 13, 0, tzinfo=CHICAGO))
    HearingFactory(case=case, status=Hearing.Status.CANCELLED)
    HearingFactory(case=case, starts_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC), status="completed")
    _calendar, events = events_of(respondent_client.get(reverse("cases:case_calendar", args=[case.pk])))
    assert [e["UID"].split("@")[0] for e in events] == [f"hearing-{first.pk}", f"hearing-{second.pk}"]
    # Across the daylight-saving change both stay at the court's wall-clock time.
    assert [e["DTSTART"].dt.strftime("%H:%M %Z") for e in events] == ["09:00 CST", "13:00 CDT"]
