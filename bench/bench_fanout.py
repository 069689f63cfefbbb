"""Hearing-change fan-out (issue 15): an email and a text to each of N respondents whose hearing moved,
through the shipped paths, against bare sends of the same messages measured in the same run.

    .venv/bin/python bench/bench_fanout.py [--count 10000] [--rounds 5] [--database-url postgres://.../db]

The database of --database-url (default portal_bench_fanout) is dropped and created, migrated, and
seeded with N respondents, each with an account, a case, a hearing and a verified mobile number (all
distinct). Then, in rounds that alternate the two so that a busy neighbour slows both alike:

- shipped: for each respondent, what the portal does when a clerk moves the hearing, minus the
  letter: `common.mail.email_send` (outbox row) then `common.email_deliver` (claim, render in the
  person's language, send), and `sms.services.hearings.hearing_event_text` (opt-in, family-phone
  check, quiet hours, outbox row) then `sms.text_deliver` (claim, checks, send, record). Tasks run
  eagerly on commit, as one worker would run them back to back.
- bare: the same subjects, bodies and texts (rendered beforehand, not timed) handed straight to the
  same backends: Django's locmem email backend and the console text backend (into /dev/null).

Printed: messages per second of each, and the ratio shipped / bare (goal >= 0.5), wall clock (the
database's own time included) and CPU of this process.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
EMAIL_TEMPLATE = "cases/email/hearing_reminder"


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(database_url: str) -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_ENV", "development")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.conf import settings

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.SMS_BACKEND = "sms.backends.console.ConsoleBackend"
    settings.LOGGING_CONFIG = None


def daytime_zone() -> str:
    """A court time zone where it is day now, so that no text is held for quiet hours during the run."""
    import zoneinfo

    now = datetime.datetime.now(datetime.UTC)
    for zone in ("America/Chicago", "Europe/Berlin", "Asia/Kolkata", "Asia/Tokyo", "Pacific/Honolulu", "UTC"):
        if 9 <= now.astimezone(zoneinfo.ZoneInfo(zone)).hour < 19:
            return zone
    return "America/Los_Angeles"


def seed(count: int) -> list[int]:
    """A court at daytime, `count` respondents with accounts, cases, hearings and verified numbers."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from cases.models import Case, Hearing, ImmigrationCourt, Respondent
    from sms.models import MobileNumber, TextSubscription

    court = ImmigrationCourt.objects.create(
        code="BFO", name="Fan-out Immigration Court", address_line1="1 Example Street", city="Springfield",
        state="IL", postal_code="62701", phone="(555) 010-0100", time_zone=daytime_zone(),
    )  # fmt: skip
    password = make_password(None)
    users = User.objects.bulk_create(
        [User(email=f"fanout{i}@example.org", password=password, preferred_language="es" if i % 2 else "en")
         for i in range(count)],
        batch_size=1000,
    )  # fmt: skip
    people = Respondent.objects.bulk_create(
        [Respondent(a_number=f"{400_000_000 + i:09d}", given_name="José", family_name=f"Ñúñez {i}", user=user,
                    date_of_birth=datetime.date(1990, 5, 17), country_of_nationality="Guatemala",
                    preferred_language=user.preferred_language, address_line1=f"{i} Sample Avenue",
                    city="Springfield", state="IL", postal_code="62702")
         for i, user in enumerate(users)],
        batch_size=1000,
    )  # fmt: skip
    cases = Case.objects.bulk_create([Case(respondent=p, court=court) for p in people], batch_size=1000)
    starts = datetime.datetime(2031, 3, 10, 14, 0, tzinfo=datetime.UTC)
    hearings = Hearing.objects.bulk_create([Hearing(case=c, starts_at=starts) for c in cases], batch_size=1000)
    mobiles = MobileNumber.objects.bulk_create(
        [MobileNumber(number=f"+1312{2_000_000 + i:07d}") for i in range(count)], batch_size=1000
    )
    TextSubscription.objects.bulk_create(
        [TextSubscription(user=u, mobile=m, state="verified", consent_version="2026-12",
                          verified_at=starts - datetime.timedelta(days=60))
         for u, m in zip(users, mobiles, strict=True)],
        batch_size=1000,
    )  # fmt: skip
    return [h.pk for h in hearings]


def prepare_bare(hearing_ids: list[int]) -> list[tuple[str, str, str, str, str]]:
    """(email address, subject, body, phone, text) for each hearing, rendered as the shipped path renders them."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation

    from cases.models import Hearing
    from sms.selectors import text_language_of_user
    from sms.wording import hearing_text

    out = []
    hearings = Hearing.objects.filter(pk__in=hearing_ids).select_related("case__court", "case__respondent__user")
    for hearing in hearings.order_by("pk"):
        user = hearing.case.respondent.user
        context = {"hearing": hearing, "user": user, "PORTAL_NAME": settings.PORTAL_NAME,
                   "SITE_URL": settings.SITE_URL.rstrip("/"), "SUPPORT_PHONE": settings.SUPPORT_PHONE,
                   "SUPPORT_EMAIL": settings.SUPPORT_EMAIL}  # fmt: skip
        with translation.override(user.preferred_language):
            subject = " ".join(render_to_string(f"{EMAIL_TEMPLATE}_subject.txt", context).split())
            body = render_to_string(f"{EMAIL_TEMPLATE}_message.txt", context)
        text = hearing_text(kind="hearing_moved", starts_at=hearing.starts_at, court=hearing.case.court,
                            language=text_language_of_user(user))  # fmt: skip
        phone = str(user.text_subscriptions.get().mobile.number)
        out.append((user.email, subject, body, phone, text))
    return out


class Clock:
    """Wall and CPU seconds spent in the email part and in the text part of each respondent's fan-out."""

    def __init__(self) -> None:
        self.seconds = {"email": [0.0, 0.0], "text": [0.0, 0.0]}
        self.respondents = 0

    def timed(self, part: str):
        clock = self

        class _Timer:
            def __enter__(self):
                self.wall, self.cpu = time.perf_counter(), time.process_time()

            def __exit__(self, *exc):
                clock.seconds[part][0] += time.perf_counter() - self.wall
                clock.seconds[part][1] += time.process_time() - self.cpu

        return _Timer()


def run_bare(messages, clock: Clock) -> None:
    from django.conf import settings
    from django.core.mail import send_mail

    from sms.backends import get_backend

    for email, subject, body, phone, text in messages:
        with clock.timed("email"):
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        with clock.timed("text"):
            get_backend().send(to=phone, body=text)
    clock.respondents += len(messages)


def run_shipped(hearing_ids: list[int], clock: Clock) -> None:
    from django.db import transaction

    from cases.models import Hearing
    from common.mail import email_send
    from sms.receivers import on_hearing_changed

    hearings = Hearing.objects.filter(pk__in=hearing_ids).select_related("case__respondent__user").order_by("pk")
    for hearing in hearings:
        with clock.timed("email"), transaction.atomic():  # committed: email_deliver runs on commit
            email_send(user=hearing.case.respondent.user, template=EMAIL_TEMPLATE, objects={"hearing": hearing})
        with clock.timed("text"):  # what the hearing_changed signal runs in the sms app
            on_hearing_changed(Hearing, hearing_id=hearing.pk, change="rescheduled", actor_id=None)
    clock.respondents += len(hearing_ids)


def clear_outboxes() -> None:
    from django.core import mail

    from common.models import OutboundEmail
    from sms.models import OutboundText

    mail.outbox = []
    OutboundText.recipients.through.objects.all().delete()
    OutboundText.objects.all().delete()
    OutboundEmail.objects.all().delete()


def check_sent(count: int) -> None:
    from common.models import OutboundEmail
    from sms.models import OutboundText

    emails = OutboundEmail.objects.filter(state="sent").count()
    texts = OutboundText.objects.filter(state="sent").count()
    if emails != count or texts != count:
        raise RuntimeError(f"shipped path sent {emails} emails and {texts} texts, expected {count} each")


def measure(args) -> dict:
    from django.core import mail

    hearing_ids = seed(args.count)
    messages = prepare_bare(hearing_ids)
    per_round = max(1, args.count // args.rounds)
    mail.outbox = []
    bare, shipped = Clock(), Clock()
    null = open(os.devnull, "w")  # noqa: SIM115 (held for the whole run)
    real_stdout, sys.stdout = sys.stdout, null  # the console backend writes here
    try:
        run_bare(messages[:50], Clock())  # templates, translations and backends loaded before timing
        run_shipped(hearing_ids[:50], Clock())
        clear_outboxes()
        for r in range(args.rounds):
            chunk = slice(r * per_round, (r + 1) * per_round)
            run_bare(messages[chunk], bare)
            mail.outbox = []
            run_shipped(hearing_ids[chunk], shipped)
            mail.outbox = []
    finally:
        sys.stdout = real_stdout
    check_sent(per_round * args.rounds)
    return {"bare": bare, "shipped": shipped}


def report(args, clocks: dict) -> None:
    bare, shipped = clocks["bare"], clocks["shipped"]
    n = shipped.respondents
    print(f"Fan-out of a hearing change to {n:,} respondents (one email and one text each), {args.rounds} rounds")
    print(f"{'':28} {'bare ms':>9} {'shipped ms':>11} {'ratio wall':>11} {'ratio CPU':>10}   (per respondent)")
    for label, parts in (("email (common.mail)", ["email"]), ("text (sms)", ["text"]), ("both", ["email", "text"])):
        b_wall = sum(bare.seconds[p][0] for p in parts)
        s_wall = sum(shipped.seconds[p][0] for p in parts)
        b_cpu = sum(bare.seconds[p][1] for p in parts)
        s_cpu = sum(shipped.seconds[p][1] for p in parts)
        print(
            f"{label:28} {1000 * b_wall / n:9.3f} {1000 * s_wall / n:11.3f} {b_wall / s_wall:11.3f} "
            f"{b_cpu / s_cpu:10.3f}"
        )
    total = sum(shipped.seconds[p][0] for p in ("email", "text"))
    print(f"ratio = rate shipped / rate bare (goal >= 0.5); shipped: {2 * n / total:.0f} messages/s on one process")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000, help="respondents whose hearing moves")
    parser.add_argument("--rounds", type=int, default=5, help="alternations of bare and shipped sends")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_FANOUT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_fanout"),
    )
    args = parser.parse_args()
    recreate_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    report(args, measure(args))


if __name__ == "__main__":
    main()
