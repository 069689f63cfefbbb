"""Webhook ingestion (issue 15): provider delivery events per second on one process, through the real
path, against a bare insert of the same rows measured in the same run.

    .venv/bin/python bench/bench_delivery.py [--events 3000] [--rounds 3]

Needs PostgreSQL: the database of --database-url (default portal_bench_delivery) is dropped, created
and migrated. One process, as one web worker would be:

- webhook: a signed Mailgun "delivered" payload per event, posted to the webhook view (anymail's
  signature check, our timestamp check, JSON parsing, the `tracking` signal, `delivery_event_ingest`:
  store once, find the service record by message id under a row lock, apply the ranked state; for
  "delivered" that is one PostgreSQL statement, ADR 0100);
- tracking: the same events sent straight down anymail's `tracking` signal (no HTTP, no signature);
- baseline: a bare insert of the same `DeliveryEvent` rows, one transaction each (what storing an
  event costs at the least).
Rounds alternate the three, so a busy neighbour slows all alike; each round gets fresh service
records (`sent`) and fresh event ids. Goal: webhook >= 500 events/s; the ratios to the baseline are
printed beside.
"""

import argparse
import hashlib
import hmac
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SIGNING_KEY = "bench-signing-key"


def _setup_django(database_url: str) -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_ENV", "development")
    os.environ["MAILGUN_WEBHOOK_SIGNING_KEY"] = SIGNING_KEY
    import django

    django.setup()


def _recreate_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_ENV": "development"}
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)


def _seed_people(people: int):
    """A court and `people` respondents on electronic service."""
    import datetime

    from django.utils import timezone

    from accounts.models import User
    from cases.models import Case, ImmigrationCourt, Respondent
    from delivery.models import ServicePreference

    court = ImmigrationCourt.objects.create(
        code="BDL",
        name="Benchville Immigration Court",
        address_line1="100 Example Street",
        city="Springfield",
        state="IL",
        postal_code="62701",
        phone="(555) 010-0100",
        time_zone="America/Chicago",
    )
    respondents = []
    for i in range(people):
        user = User.objects.create(email=f"bench.delivery{i}@example.org")
        person = Respondent.objects.create(
            a_number=f"{700_000_000 + i:09d}",
            family_name="Ejemplo",
            given_name=f"Persona{i}",
            date_of_birth=datetime.date(1990, 1, 1),
            country_of_nationality="Example",
            address_line1="1 Example Road",
            city="Springfield",
            postal_code="62701",
            user=user,
        )
        Case.objects.create(respondent=person, court=court)
        ServicePreference.objects.create(respondent=person, state="electronic", email=user.email, since=timezone.now())
        respondents.append(person)
    return court, respondents


def _seed_records(court, respondents, count: int, round_no: int) -> list[str]:
    """`count` service records in `sent`, each with its outbox email's provider message id."""
    from common.models import OutboundEmail
    from delivery.models import ServiceRecord

    emails = OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                recipient_id=respondents[i % len(respondents)].user_id,
                template="notices/email/alert",
                state="sent",
                provider_message_id=f"<{round_no}.{i}.{uuid.uuid4().hex}@bench.example.org>",
            )
            for i in range(count)
        ]
    )
    ServiceRecord.objects.bulk_create(
        [
            ServiceRecord(
                notice_id=round_no * 10_000_000 + i,
                respondent=respondents[i % len(respondents)],
                court=court,
                channel="email",
                destination=respondents[i % len(respondents)].user.email,
                email=email,
                provider_message_id=email.provider_message_id,
                state="sent",
            )
            for i, email in enumerate(emails)
        ]
    )
    return [email.provider_message_id for email in emails]


def _payload(message_id: str) -> bytes:
    timestamp, token = str(int(time.time())), uuid.uuid4().hex + uuid.uuid4().hex[:18]
    signature = hmac.new(SIGNING_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return json.dumps(
        {
            "signature": {"timestamp": timestamp, "token": token, "signature": signature},
            "event-data": {
                "event": "delivered",
                "timestamp": float(timestamp),
                "id": token[:20],
                "recipient": "bench@example.org",
                "message": {"headers": {"message-id": message_id.strip("<>"), "to": "bench@example.org"}},
                "delivery-status": {"code": 250, "message": "OK", "description": ""},
            },
        }
    ).encode()


def _run_webhook(message_ids: list[str]) -> float:
    from django.test import RequestFactory

    from delivery.webhooks import MailgunServiceWebhookView

    view = MailgunServiceWebhookView.as_view()
    factory = RequestFactory()
    bodies = [_payload(m) for m in message_ids]  # signing is the provider's work, not ours
    start = time.perf_counter()
    for body in bodies:
        response = view(factory.post("/anymail/mailgun/tracking/", data=body, content_type="application/json"))
        if response.status_code != 200:
            raise SystemExit(f"webhook answered {response.status_code}")
    return time.perf_counter() - start


def _run_tracking(message_ids: list[str]) -> float:
    from datetime import UTC, datetime

    from anymail.signals import AnymailTrackingEvent, tracking

    events = [
        AnymailTrackingEvent(
            event_type="delivered", timestamp=datetime.now(tz=UTC), event_id=uuid.uuid4().hex, message_id=m
        )
        for m in message_ids
    ]
    start = time.perf_counter()
    for event in events:
        tracking.send(sender=None, event=event, esp_name="Mailgun")
    return time.perf_counter() - start


def _run_baseline(message_ids: list[str]) -> float:
    from datetime import UTC, datetime

    from delivery.models import DeliveryEvent

    rows = [(uuid.uuid4().hex, m) for m in message_ids]
    start = time.perf_counter()
    for event_id, message_id in rows:
        DeliveryEvent.objects.create(
            provider="Mailgun",
            event_id=event_id,
            message_id=message_id,
            event_type="delivered",
            occurred_at=datetime.now(tz=UTC),
        )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=3000, help="events per path per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--people", type=int, default=500, help="respondents the records belong to")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DELIVERY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_delivery"
        ),
    )
    args = parser.parse_args()
    _recreate_database(args.database_url)
    _setup_django(args.database_url)
    from delivery.models import DeliveryEvent, ServiceRecord

    court, respondents = _seed_people(args.people)
    totals = {"webhook": 0.0, "tracking": 0.0, "baseline": 0.0}
    batch = 0
    for _round in range(args.rounds):
        for path, run in (("webhook", _run_webhook), ("tracking", _run_tracking), ("baseline", _run_baseline)):
            batch += 1
            ids = _seed_records(court, respondents, args.events, batch)
            totals[path] += run(ids)
    n = args.events * args.rounds
    delivered = ServiceRecord.objects.filter(state="delivered").count()
    if delivered != 2 * n or DeliveryEvent.objects.count() != 3 * n:  # every event really went through
        raise SystemExit(f"{delivered} records delivered, expected {2 * n}")
    rate = {path: n / seconds for path, seconds in totals.items()}
    print(f"events per path: {n:,} ({args.rounds} rounds of {args.events:,}); one process, PostgreSQL")
    print(f"baseline: bare insert of the same DeliveryEvent rows   {rate['baseline']:8.0f} events/s")
    print(
        f"tracking signal -> delivery_event_ingest              {rate['tracking']:8.0f} events/s "
        f"({rate['tracking'] / rate['baseline']:.2f} x baseline)"
    )
    print(
        f"signed Mailgun webhook view (signature, parse, ingest) {rate['webhook']:8.0f} events/s "
        f"({rate['webhook'] / rate['baseline']:.2f} x baseline); goal >= 500 events/s"
    )


if __name__ == "__main__":
    main()
