"""Words a respondent understands: case status explained, hearing types, dates and court time zones.

Dates and times are always shown in the court's time zone, with that zone named in plain words
("9:00 AM Central Time"), because a respondent may live in another zone than the court's.
"""

import datetime
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Hearing, ImmigrationCourt

# IANA zones of U.S. immigration courts (and their neighbours) named as people say them.
TIME_ZONE_NAMES = {
    "America/New_York": _("Eastern Time"),
    "America/Detroit": _("Eastern Time"),
    "America/Indiana/Indianapolis": _("Eastern Time"),
    "America/Kentucky/Louisville": _("Eastern Time"),
    "America/Chicago": _("Central Time"),
    "America/Indiana/Knox": _("Central Time"),
    "America/Menominee": _("Central Time"),
    "America/Denver": _("Mountain Time"),
    "America/Boise": _("Mountain Time"),
    "America/Phoenix": _("Arizona Time"),
    "America/Los_Angeles": _("Pacific Time"),
    "America/Anchorage": _("Alaska Time"),
    "Pacific/Honolulu": _("Hawaii Time"),
    "America/Puerto_Rico": _("Atlantic Time (Puerto Rico)"),
    "America/St_Thomas": _("Atlantic Time (U.S. Virgin Islands)"),
    "Pacific/Guam": _("Chamorro Time (Guam)"),
    "Pacific/Saipan": _("Chamorro Time (Northern Mariana Islands)"),
    "UTC": _("Coordinated Universal Time"),
}

# Date and time patterns per language (Django's own month and weekday names fill them in).
_LONG_DATE = {"en": "l, F j, Y", "es": r"l, j \d\e F \d\e Y"}
_SHORT_DATE = {"en": "F j, Y", "es": r"j \d\e F \d\e Y"}
_TIME = {"en": "g:i A", "es": "g:i a"}


def _pattern(patterns: dict[str, str]) -> str:
    language = (translation.get_language() or "en").split("-")[0]
    return patterns.get(language, patterns["en"])


def time_zone_name(zone: str) -> str:
    """The plain name of an IANA zone ("Central Time"); the zone's city for an unlisted zone."""
    if zone in TIME_ZONE_NAMES:
        return str(TIME_ZONE_NAMES[zone])
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    return str(_("%(city)s time") % {"city": city})


def long_date(value: datetime.date) -> str:
    """Weekday and date in the active language: "Monday, March 9, 2026" / "lunes, 9 de marzo de 2026"."""
    return formats.date_format(value, _pattern(_LONG_DATE))


def short_date(value: datetime.date) -> str:
    """Date without weekday in the active language: "March 9, 2026" / "9 de marzo de 2026"."""
    return formats.date_format(value, _pattern(_SHORT_DATE))


def clock_time(value: datetime.datetime | datetime.time) -> str:
    """A clock time in the active language: "9:00 AM" / "9:00 a.m."."""
    return formats.time_format(value, _pattern(_TIME))


def court_local(value: datetime.datetime, court: ImmigrationCourt) -> datetime.datetime:
    """An aware datetime moved into the court's time zone."""
    return value.astimezone(court.tz)


def court_time(value: datetime.datetime, court: ImmigrationCourt) -> str:
    """The time at the court, zone named: "9:00 AM Central Time"."""
    return f"{clock_time(court_local(value, court))} {time_zone_name(court.time_zone)}"


def court_date(value: datetime.datetime, court: ImmigrationCourt) -> str:
    """The weekday and date at the court."""
    return long_date(court_local(value, court).date())


HEARING_TYPE_WORDS = {
    Hearing.HearingType.MASTER: (
        _("Short first hearing (master calendar hearing)"),
        _(
            "A short hearing with other people. The judge checks your name, address and language, "
            "and asks what you plan to do in your case."
        ),
    ),
    Hearing.HearingType.INDIVIDUAL: (
        _("Hearing on your case (individual hearing)"),
        _("The judge hears your case: your testimony, your witnesses and your evidence. It can last several hours."),
    ),
}


def hearing_type_words(hearing: Hearing) -> tuple[str, str]:
    """The hearing type in plain words and one sentence on what happens there."""
    name, meaning = HEARING_TYPE_WORDS.get(hearing.hearing_type, (hearing.get_hearing_type_display(), ""))
    return str(name), str(meaning)


@dataclass(frozen=True)
class StatusExplanation:
    label: str
    meaning: str
    next_step: str


_STATUS = {
    Case.Status.PENDING: (
        _("Your case is open"),
        _("The immigration court has not decided your case yet."),
        _("Go to every hearing. Send documents before the deadline. Tell the court within 5 days if you move."),
    ),
    Case.Status.ADMIN_CLOSED: (
        _("Your case is paused"),
        _(
            "The judge has taken your case off the active calendar. It is not over, and it can be "
            "put back on the calendar."
        ),
        _("Keep your address up to date with the court so that you receive any new notice."),
    ),
    Case.Status.DECIDED: (
        _("The judge has decided your case"),
        _("The judge's decision is in your record of proceedings."),
        _("Read the decision. If you disagree, an appeal must usually reach the appeals board within 30 days."),
    ),
    Case.Status.APPEAL_PENDING: (
        _("Your appeal is waiting for a decision"),
        _("The Board of Immigration Appeals is reviewing the judge's decision."),
        _("Keep your address up to date. The Board will write to you when it decides."),
    ),
    Case.Status.CLOSED: (
        _("Your case is closed"),
        _("There is no more action in this case at the immigration court."),
        _("Keep a copy of your record of proceedings for your files."),
    ),
}


def case_status_explained(case: Case) -> StatusExplanation:
    """The case status as a respondent would say it, what it means and what to do next."""
    label, meaning, next_step = _STATUS.get(case.status, (case.get_status_display(), "", ""))
    return StatusExplanation(label=str(label), meaning=str(meaning), next_step=str(next_step))
