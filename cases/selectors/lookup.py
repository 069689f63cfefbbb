"""The public hearing lookup's read (ADR 0110): one query, and only cases Case.objects.publicly_answerable() allows."""

from dataclasses import dataclass

from django.utils import timezone

from cases import countries
from cases import plain_language as words
from cases.models import Case, Hearing


@dataclass
class PublicHearingAnswer:
    """What the lookup without sign-in tells: when (court time, zone named), and in person where or by video.
    No name, no judge, no video link, no case details."""

    hearing: Hearing
    date: str
    time: str
    in_person: bool
    court_name: str
    court_phone: str
    address_lines: list[str]


def hearing_lookup(*, a_number: str, country_code: str, country_text: str) -> PublicHearingAnswer | None:
    """The next scheduled hearing of the respondent with this A-number when the nationality on file is the
    country named, only in cases that Case.objects.publicly_answerable() allows; None for every kind of
    mismatch alike. One query."""
    hearing = (
        Hearing.objects.filter(
            case__in=Case.objects.publicly_answerable().filter(respondent__a_number=a_number),
            status=Hearing.Status.SCHEDULED,
            starts_at__gte=timezone.now(),
        )
        .select_related("case__court", "case__respondent")
        .order_by("starts_at", "id")
        .first()
    )
    if hearing is None:
        return None
    if not countries.same_country(hearing.case.respondent.country_of_nationality, country_code, country_text):
        return None
    court = hearing.case.court
    in_person = hearing.mode == Hearing.Mode.IN_PERSON
    address = [line for line in hearing.address.splitlines() if line.strip()] or court.address_lines
    return PublicHearingAnswer(
        hearing=hearing,
        date=words.court_date(hearing.starts_at, court),
        time=words.court_time(hearing.starts_at, court),
        in_person=in_person,
        court_name=court.name,
        court_phone=court.phone,
        address_lines=address if in_person else [],
    )
