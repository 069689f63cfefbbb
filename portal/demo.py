"""Demonstration data for `manage.py seed_demo`: fictional courts, people, cases, hearings, records.

Everything here is invented: courts in made-up cities with (555) 010-01xx phones, example.org
emails and links, A-numbers in the A-999-000-1xx block. Seeding is idempotent: every row has a
fixed natural key (court code, A-number, email, case respondent, document title), rows are only
created when missing, and hearings are planned once per case (times relative to the first run).
"""

import datetime
import hashlib
import io
import logging
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from accounts.services import (
    access_code_issue,
    access_code_mark_mailed,
    access_code_plaintext,
    role_assign,
    roles_sync,
)
from cases import demo as cases_demo
from cases.anumbers import format_a_number
from cases.models import Case, Hearing, ImmigrationCourt, Judge, RecordDocument, Respondent
from cases.storage_keys import random_key
from delivery import demo as delivery_demo
from filings import demo as filings_demo
from motions import demo as motions_demo
from notices.models import Notice
from notices.services import hearing_notice_request, notice_render
from sms import demo as sms_demo

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - fictional demo accounts only; printed by seed_demo (docs/adr/0020)
DEMO_A_NUMBER_BASE = 999_000_100  # demo respondents are A-999-000-101 .. A-999-000-120

COURTS = (
    # code, name, address, city, state, ZIP, phone, time zone
    ("DEMEP", "Eastport Immigration Court (Demo)", "100 Example Plaza, Floor 12", "Eastport", "NY", "10999",
     "(555) 010-0101", "America/New_York"),
    ("DEMLS", "Lakeside Immigration Court (Demo)", "200 Sample Avenue, Suite 400", "Lakeside", "IL", "60999",
     "(555) 010-0102", "America/Chicago"),
    ("DEMHM", "Highmesa Immigration Court (Demo)", "300 Placeholder Road, 3rd Floor", "Highmesa", "CO", "80999",
     "(555) 010-0103", "America/Denver"),
    ("DEMBV", "Bayview Immigration Court (Demo)", "400 Fiction Boulevard, Suite 900", "Bayview", "CA", "94999",
     "(555) 010-0104", "America/Los_Angeles"),
)  # fmt: skip

JUDGES = ("Hon. Robin Example", "Hon. Casey Sample")

# given name, family name, country of nationality, preferred language
PEOPLE = (
    ("María", "Ejemplo García", "Guatemala", "es"),
    ("José", "Muestra López", "Honduras", "es"),
    ("Jean", "Exemple", "Haiti", "ht"),
    ("Ana", "Prueba Díaz", "El Salvador", "es"),
    ("Wei", "Shili", "China", "zh"),
    ("Olga", "Primerova", "Russia", "ru"),
    ("Lucas", "Exemplo Silva", "Brazil", "pt"),
    ("Amina", "Mithal", "Sudan", "ar"),
    ("Rosa", "Modelo Quispe", "Peru", "qu"),
    ("Juan", "Ejemplar Tzoc", "Guatemala", "quc"),
    ("Marie", "Exemple Joseph", "Haiti", "fr"),
    ("Daniel", "Sample", "Nigeria", "en"),
    ("Grace", "Demo", "Ghana", "en"),
    ("Carlos", "Prueba Ruiz", "Mexico", "es"),
    ("Luz", "Muestra Paz", "Colombia", "es"),
    ("Samuel", "Testa", "Eritrea", "other"),
    ("Fatima", "Misal", "Afghanistan", "other"),
    ("Pedro", "Ensayo Vega", "Venezuela", "es"),
    ("Elena", "Ejemplo Mora", "Nicaragua", "es"),
    ("Ibrahim", "Sample", "Mauritania", "ar"),
)

# Special roles in the story, by index into PEOPLE.
WITH_ACCOUNT = {0: "demo.maria@example.org", 1: "demo.jose@example.org"}
RESCHEDULED = 2
ADJOURNED = 3
DETAINED = 4
WITH_ATTORNEY = 7
CHECK_IN = 1  # José (signed-in): a hearing yesterday, so the dashboard asks "Did you go?" (cases/demo.py)
LOOKUP = 0  # María, A-999-000-101, Guatemala: always an upcoming hearing for the public lookup (README)
STATUS_BY_INDEX = {
    6: Case.Status.ADMIN_CLOSED,
    9: Case.Status.DECIDED,
    12: Case.Status.APPEAL_PENDING,
    15: Case.Status.CLOSED,
    18: Case.Status.DECIDED,
}


@dataclass
class DemoResult:
    courts: list[ImmigrationCourt] = field(default_factory=list)
    respondents: list[Respondent] = field(default_factory=list)
    staff: list[tuple[str, str]] = field(default_factory=list)  # (email, description)
    documents_created: int = 0


def demo_access_codes(respondents: list[Respondent]) -> dict[int, str]:
    """Access codes to print next to respondents without an account, by respondent id.

    A fresh code for each (revoking the earlier one), valid from now as if handed over in person.
    """
    codes = {}
    for person in respondents:
        if person.user_id is None:
            code = access_code_issue(respondent=person, actor=None, reason="seed_demo")
            access_code_mark_mailed(access_code=code, mailed_at=timezone.now())
            codes[person.pk] = access_code_plaintext(code)
    return codes


# --- PDFs --------------------------------------------------------------------------------------


def render_pdf(*, title: str, lines: list[str]) -> tuple[bytes, int]:
    """A small real PDF (WeasyPrint) marked as a demonstration document; returns (bytes, pages)."""
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its INFO lines are one per render step
    from weasyprint import HTML

    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    html = (
        f"<html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        "<style>@page { size: letter }</style></head><body>"
        "<p><strong>DEMONSTRATION DOCUMENT: not an official record.</strong></p>"
        f"<h1>{escape(title)}</h1>{body}</body></html>"
    )
    document = HTML(string=html).render()
    return document.write_pdf(), len(document.pages)


def store_pdf(content: bytes) -> tuple[str, str, int]:
    """Stores a PDF under a random key; returns (key, sha256, size)."""
    key = default_storage.save(random_key("record"), ContentFile(content))
    return key, hashlib.sha256(content).hexdigest(), len(content)


def pdf_page_count(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


# --- Courts, judges, staff ---------------------------------------------------------------------


def seed_courts() -> list[ImmigrationCourt]:
    courts = []
    for code, name, address, city, state, zip_code, phone, tz in COURTS:
        court, _ = ImmigrationCourt.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "address_line1": address,
                "city": city,
                "state": state,
                "postal_code": zip_code,
                "phone": phone,
                "time_zone": tz,
            },
        )
        for judge_name in JUDGES:
            Judge.objects.get_or_create(court=court, name=judge_name)
        courts.append(court)
    return courts


def ensure_user(email: str, *, first_name: str, last_name: str, **flags) -> User:
    """The demo user with this email, created with the demo password; flags kept as given."""
    from allauth.account.models import EmailAddress

    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name, **flags}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    else:
        changed = [name for name, value in flags.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, flags[name])
        if changed:
            user.save(update_fields=changed)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def seed_staff(courts: list[ImmigrationCourt]) -> list[tuple[str, str]]:
    roles_sync()
    staff = []
    for court in courts:
        email = f"demo.clerk.{court.code.lower()}@example.org"
        clerk = ensure_user(email, first_name="Clerk", last_name=court.city, is_staff=True)
        role_assign(user=clerk, role_key="clerk")
        court.staff.add(clerk)
        staff.append((email, f"clerk, {court.name}"))
    supervisor = ensure_user("demo.supervisor@example.org", first_name="Sam", last_name="Supervisor", is_staff=True)
    role_assign(user=supervisor, role_key="supervisor")
    for court in courts:
        court.staff.add(supervisor)
    staff.append((supervisor.email, "supervisor, every demo court"))
    support = ensure_user("demo.support@example.org", first_name="Sky", last_name="Support", is_staff=True)
    role_assign(user=support, role_key="support")
    staff.append((support.email, "support agent (support admin site)"))
    # The only role that opens letters and print files carrying access codes (notices.print_letters).
    mailroom = ensure_user("demo.mailroom@example.org", first_name="Mo", last_name="Mailroom", is_staff=True)
    role_assign(user=mailroom, role_key="mailroom")
    for court in courts:
        court.staff.add(mailroom)
    staff.append((mailroom.email, "mailroom: prints letters and batches, every demo court"))
    admin = ensure_user("demo.admin@example.org", first_name="Ada", last_name="Admin", is_staff=True, is_superuser=True)
    staff.append((admin.email, "superuser (developers only)"))
    return staff


# --- Respondents, cases, hearings, documents ---------------------------------------------------


def _respondent_defaults(index: int, court: ImmigrationCourt) -> dict:
    given, family, country, language = PEOPLE[index]
    detained = index == DETAINED
    return {
        "given_name": given,
        "family_name": family,
        "date_of_birth": datetime.date(1975 + index, 1 + index % 12, 1 + index),
        "country_of_nationality": country,
        "preferred_language": language,
        "address_line1": "1 Example Road, Demo Processing Center" if detained else f"{10 + index} Sample Street",
        "address_line2": "" if detained else f"Apt {index + 1}",
        "city": court.city,
        "state": court.state,
        "postal_code": court.postal_code,
        "detained": detained,
    }


def _case_defaults(index: int, court: ImmigrationCourt) -> dict:
    status = STATUS_BY_INDEX.get(index, Case.Status.PENDING)
    today = timezone.localdate()
    defaults = {
        "court": court,
        "judge": court.judges.order_by("name")[index % len(JUDGES)],
        "case_type": Case.CaseType.BOND if index == DETAINED else Case.CaseType.REMOVAL,
        "status": status,
        "opened_on": today - datetime.timedelta(days=400 + 17 * index),
    }
    if status in (Case.Status.DECIDED, Case.Status.APPEAL_PENDING, Case.Status.CLOSED):
        defaults["decided_on"] = today - datetime.timedelta(days=30)
    if status == Case.Status.CLOSED:
        defaults["closed_on"] = today - datetime.timedelta(days=5)
    if index == WITH_ATTORNEY:
        defaults.update(attorney_of_record=True, attorney_name="Alex Counsel, Esq. (demo)")
    return defaults


def court_time(court: ImmigrationCourt, days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware time `days` from today at hour:minute in the court's time zone, moved off weekends."""
    day = timezone.localdate(timezone=court.tz) + datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1 if days >= 0 else -1)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=court.tz)


def _hearing_fields(case: Case, index: int, internet: bool) -> dict:
    if internet:
        return {
            "mode": Hearing.Mode.INTERNET,
            "video_url": f"https://meet.example.org/demo/{case.court.code.lower()}-{index + 1:02d}",
            "meeting_details": f"Meeting ID 555 010 {index + 100}, passcode 0{index + 100}",
            "dial_in": f"(555) 010-01{50 + index % 40:02d}",
        }
    return {"mode": Hearing.Mode.IN_PERSON, "courtroom": f"Courtroom {1 + index % 6}"}


def plan_hearings(case: Case, index: int) -> None:
    """Creates the demo hearings of a case, once: past, upcoming, rescheduled, adjourned."""
    if case.hearings.exists():
        return
    court, judge = case.court, case.judge

    def add(days, hour, *, internet=False, **extra):
        return Hearing.objects.create(
            case=case, judge=judge, starts_at=court_time(court, days, hour), **_hearing_fields(case, index, internet),
            **extra,
        )  # fmt: skip

    add(-120 - index, 9, status=Hearing.Status.COMPLETED)
    if case.status in (Case.Status.DECIDED, Case.Status.APPEAL_PENDING, Case.Status.CLOSED):
        add(-31, 13, internet=index % 2 == 1, hearing_type=Hearing.HearingType.INDIVIDUAL,
            status=Hearing.Status.COMPLETED)  # fmt: skip
        return
    if case.status != Case.Status.PENDING:
        return
    if index == ADJOURNED:
        add(-20, 10, status=Hearing.Status.ADJOURNED,
            adjournment_reason="Continued at the respondent's request to look for a lawyer.")  # fmt: skip
    internet = index % 2 == 1
    hearing_type = Hearing.HearingType.INDIVIDUAL if index % 3 == 0 else Hearing.HearingType.MASTER
    if index == RESCHEDULED:
        old = add(10, 9, internet=internet, status=Hearing.Status.ADJOURNED,
                  adjournment_reason="Rescheduled by the court: the judge is unavailable that day.")  # fmt: skip
        add(45, 13, internet=not internet, hearing_type=hearing_type, replaces=old)
        return
    add(14 + 3 * index, 8 + index % 5, internet=internet, hearing_type=hearing_type)


def _document_plan(case: Case, index: int) -> list[tuple[str, str, str, datetime.date]]:
    """(title, category, filed by, date) of each record document the demo case should hold."""
    cat, by = RecordDocument.Category, RecordDocument.FiledBy
    plan = [
        ("Notice to Appear", cat.CHARGING, by.DHS, case.opened_on),
        ("Notice of Hearing", cat.NOTICE, by.COURT, case.opened_on + datetime.timedelta(days=20)),
    ]
    if index == ADJOURNED:
        plan.append(("Motion to Continue", cat.MOTION, by.RESPONDENT, timezone.localdate() - datetime.timedelta(25)))
    if index == WITH_ATTORNEY:
        plan.append(("Notice of Entry of Appearance (EOIR-28)", cat.OTHER, by.RESPONDENT, case.opened_on))
    if case.decided_on:
        plan.append(("Order of the Immigration Judge", cat.ORDER, by.COURT, case.decided_on))
    return plan


def seed_documents(case: Case, index: int) -> int:
    """Adds the missing record documents of a demo case as small real PDFs; returns how many."""
    created = 0
    existing = set(case.documents.values_list("title", flat=True))
    person = case.respondent
    for title, category, filed_by, filed_on in _document_plan(case, index):
        if title in existing:
            continue
        content, pages = render_pdf(
            title=title,
            lines=[
                case.court.name,
                f"In the matter of {person.full_name}, {format_a_number(person.a_number)}",
                f"Filed by: {RecordDocument.FiledBy(filed_by).label}. Date: {filed_on.isoformat()}",
            ],
        )
        key, sha256, size = store_pdf(content)
        RecordDocument.objects.create(
            case=case, title=title, category=category, filed_by=filed_by, filed_on=filed_on,
            file=key, sha256=sha256, size=size, pages=pages,
        )  # fmt: skip
        created += 1
    return created


def seed_respondents(courts: list[ImmigrationCourt], result: DemoResult) -> None:
    for index in range(len(PEOPLE)):
        court = courts[index % len(courts)]
        person, _ = Respondent.objects.get_or_create(
            a_number=f"{DEMO_A_NUMBER_BASE + index + 1:09d}", defaults=_respondent_defaults(index, court)
        )
        if index in WITH_ACCOUNT and person.user_id is None:
            person.user = ensure_user(
                WITH_ACCOUNT[index], first_name=person.given_name, last_name=person.family_name,
                preferred_language=person.preferred_language if person.preferred_language in ("en", "es") else "en",
            )  # fmt: skip
            person.save(update_fields=["user"])
        case = person.cases.order_by("pk").first()
        if case is None:
            case = Case.objects.create(respondent=person, **_case_defaults(index, court))
        plan_hearings(case, index)
        if index == CHECK_IN:
            cases_demo.seed_check_in_hearing(case=case)
        if index == LOOKUP:
            cases_demo.seed_upcoming_hearing(case=case)
        result.documents_created += seed_documents(case, index)
        result.respondents.append(person)


def seed_electronic_service(respondents: list[Respondent]) -> None:
    """The first demo respondent with an account gets notices by email (delivery/demo.py): consent, and a
    hearing notice served by email, reported delivered by the development mail backend after the seed
    commits. `manage.py delivery_simulate_bounce --respondent A-999-000-101` then shows the paper fallback."""
    person = next((p for p in respondents if p.user_id is not None), None)
    if person is None:
        return
    delivery_demo.seed_electronic_service(respondent=person)
    hearing = Hearing.objects.filter(case__respondent=person).order_by("starts_at").first()
    if hearing is None or Notice.objects.filter(hearing_id=hearing.pk).exists():
        return
    notice = hearing_notice_request(hearing_id=hearing.pk, change="created", actor=None)
    notice_render(notice_id=notice.pk)  # now, not in a worker: the demo shows it delivered at once
    delivery_demo.send_queued_service_emails(respondent=person)


@transaction.atomic
def seed_demo() -> DemoResult:
    """Creates (or completes) the demo courts, staff, respondents, cases, hearings and records."""
    result = DemoResult()
    result.courts = seed_courts()
    result.staff = seed_staff(result.courts)
    seed_respondents(result.courts, result)
    # Guided requests: Rosa (demo.reopen@example.org) was ordered removed in absentia 40 days ago (motions/demo.py).
    result.respondents.append(motions_demo.seed_guided_requests(courts=result.courts, ensure_user=ensure_user))
    # Work for the clerk workbench in every court: filings in every state, one item in each queue.
    filings_demo.seed_workbench_demo(courts=result.courts, render_pdf=render_pdf, ensure_user=ensure_user)
    seed_electronic_service(result.respondents)
    # Text reminders: María has a verified (fictional) mobile number (sms/demo.py, README "Try text reminders").
    sms_demo.seed_text_reminders(respondents=result.respondents)
    return result


# --- What seed_demo prints ---------------------------------------------------------------------


def next_hearing_label(person: Respondent) -> str:
    hearing = (
        Hearing.objects.filter(case__respondent=person, status=Hearing.Status.SCHEDULED, starts_at__gte=timezone.now())
        .select_related("case__court")
        .order_by("starts_at")
        .first()
    )
    if hearing is None:
        return "none scheduled"
    local = hearing.starts_at.astimezone(hearing.case.court.tz)
    mode = "video" if hearing.mode == Hearing.Mode.INTERNET else "in person"
    return f"{local:%Y-%m-%d %H:%M} {local:%Z} ({mode})"


def respondent_rows(respondents: list[Respondent]) -> list[tuple[str, ...]]:
    codes = demo_access_codes(respondents)
    rows = []
    for person in respondents:
        case = person.cases.select_related("court").order_by("pk").first()
        rows.append(
            (
                format_a_number(person.a_number),
                person.full_name,
                case.court.code if case else "",
                next_hearing_label(person),
                person.user.email if person.user_id else "",
                codes.get(person.pk, "" if person.user_id else "(none yet)"),
            )
        )
    return rows


def format_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=False)]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)) for row in [header]]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)
