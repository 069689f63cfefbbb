"""Guided requests in the demo (`seed_demo`, called from portal/demo.py).

One demo respondent, signed in as demo.reopen@example.org, whose case ended with a removal order in
absentia 40 days ago: the dashboard shows the days left of the 180 and the way to reopen. The court
has her old address: her change of address reached the court after the hearing notice was mailed, so
the "lack of notice" branch shows a real timeline. Idempotent (natural keys), and the legal facts and
motion types are there even on a database seeded before their migration.
"""

import datetime

from django.utils import timezone

from cases.models import Case, Hearing, ImmigrationCourt, Respondent
from filings.models import AddressChange
from motions.catalogue import catalogue_sync
from motions.models import CaseDecision, LegalFact, MotionType, ZipCourt
from notices.models import Notice

REOPEN_EMAIL = "demo.reopen@example.org"
REOPEN_A_NUMBER = "999000131"  # A-999-000-131, outside the main demo range (101..120)
DAYS_SINCE_ORDER = 40


def _court_day(court: ImmigrationCourt, days_ago: int) -> datetime.date:
    return timezone.localtime(timezone.now(), court.tz).date() - datetime.timedelta(days=days_ago)


def seed_zip_courts(courts: list[ImmigrationCourt]) -> None:
    """Each demo court serves its own ZIP code and the next one (e.g. 80999 and 80998 for Highmesa)."""
    for court in courts:
        base = int(court.postal_code[:5])
        for zip_code in (f"{base:05d}", f"{base - 1:05d}"):
            ZipCourt.objects.get_or_create(zip_code=zip_code, defaults={"court": court})


def seed_guided_requests(*, courts: list[ImmigrationCourt], ensure_user) -> Respondent:
    """The in absentia demo case (see the module docstring) and the ZIP-to-court table; returns its respondent."""
    catalogue_sync(LegalFact, MotionType)
    seed_zip_courts(courts)
    court = courts[1] if len(courts) > 1 else courts[0]
    user = ensure_user(REOPEN_EMAIL, first_name="Rosa", last_name="Ausente Demo", preferred_language="es")
    person, _created = Respondent.objects.get_or_create(
        a_number=REOPEN_A_NUMBER,
        defaults={
            "given_name": "Rosa", "family_name": "Ausente Demo", "date_of_birth": datetime.date(1988, 4, 2),
            "country_of_nationality": "Honduras", "preferred_language": "es", "address_line1": "5 Old Lane",
            "city": court.city, "state": court.state, "postal_code": court.postal_code, "user": user,
        },
    )  # fmt: skip
    decided_on = _court_day(court, DAYS_SINCE_ORDER)
    case = person.cases.order_by("pk").first()
    if case is None:
        case = Case.objects.create(
            respondent=person, court=court, judge=court.judges.order_by("name").first(),
            status=Case.Status.DECIDED, decided_on=decided_on,
            opened_on=decided_on - datetime.timedelta(days=300),
        )  # fmt: skip
    missed_at = timezone.now() - datetime.timedelta(days=DAYS_SINCE_ORDER)
    hearing, _ = Hearing.objects.get_or_create(
        case=case, starts_at=missed_at.replace(hour=15, minute=0, second=0, microsecond=0),
        defaults={"status": Hearing.Status.COMPLETED, "judge": case.judge},
    )  # fmt: skip
    Notice.objects.get_or_create(
        idempotency_key=f"demo-reopen-hearing-{person.pk}",
        defaults={
            "respondent": person, "case": case, "court": court, "kind": Notice.Kind.HEARING, "hearing_id": hearing.pk,
            "hearing_change": "created", "state": Notice.State.MAILED,
            "printed_at": missed_at - datetime.timedelta(days=62), "mailed_at": missed_at - datetime.timedelta(days=61),
        },
    )  # fmt: skip
    if not AddressChange.objects.filter(case=case).exists():
        AddressChange.objects.create(
            respondent=person, case=case, filed_by=user,
            old_address={"address_line1": "1 Former Street", "city": court.city, "state": court.state},
            new_address={"address_line1": "5 Old Lane", "city": court.city, "state": court.state,
                         "postal_code": court.postal_code},
            moved_on=(missed_at - datetime.timedelta(days=70)).date(),
            submitted_at=missed_at - datetime.timedelta(days=20),
            applied_at=missed_at - datetime.timedelta(days=15),
            receipt_number=f"{court.code}-DEMO-REOPEN",
        )  # fmt: skip
    CaseDecision.objects.get_or_create(
        case=case, kind=CaseDecision.Kind.IN_ABSENTIA, decided_on=decided_on,
        defaults={"note": "Demo: removal ordered in absentia after a missed master hearing."},
    )  # fmt: skip
    return person
