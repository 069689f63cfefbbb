"""A motion's PDFs against one notice letter, rendered in the same run (issue 16: goal <= 3x).

    DATABASE_URL=postgres://.../portal_x .venv/bin/python bench/bench_motions.py [--rounds 9]

What is timed, each round, alternating so that a busy neighbour slows both alike:
- baseline: one hearing-notice letter (English and Spanish, as the respondent prefers Spanish) through
  the notices app's own path: `notices.letters.notice_letter_html` and `notices.rendering.html_to_pdf`;
- motion: what the portal renders for one motion: `motions.rendering.render_motion_pdfs` (cover page,
  motion, exhibit list and proposed order, laid out once and written as two PDFs) and the filing's
  certificate of service (`filings.rendering.certificate_html` + `render_pdf`, bilingual too).
Rows are created in one transaction that is rolled back at the end: the database is left as it was
(it must be migrated). Times are CPU seconds of this process (medians); wall-clock is printed beside.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _setup_django() -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_ENV", "development")
    import django

    django.setup()


class Rollback(Exception):
    pass


def _world():
    from django.utils import timezone

    from accounts.models import User
    from cases.models import Case, Hearing, ImmigrationCourt, Respondent
    from filings.models import Filing, FilingDocument
    from motions.models import Motion, MotionType
    from notices.models import Notice

    court = ImmigrationCourt.objects.create(
        code="BNCHM", name="Benchville Immigration Court", address_line1="100 Example Street", city="Springfield",
        state="IL", postal_code="62701", phone="(555) 010-0100", time_zone="America/Chicago",
    )  # fmt: skip
    user = User.objects.create(email="bench.motion@example.org", first_name="María", last_name="Pérez",
                               preferred_language="es")  # fmt: skip
    person = Respondent.objects.create(
        a_number="299999991", family_name="Pérez", given_name="María", date_of_birth=datetime.date(1990, 1, 1),
        country_of_nationality="Guatemala", preferred_language="es", address_line1="12 Sample Avenue",
        city="Springfield", state="IL", postal_code="62702", user=user,
    )  # fmt: skip
    case = Case.objects.create(respondent=person, court=court)
    hearing = Hearing.objects.create(case=case, starts_at=timezone.now() + datetime.timedelta(days=40))
    notice = Notice.objects.create(
        respondent=person, case=case, court=court, kind=Notice.Kind.HEARING, idempotency_key="bench-motion-letter",
        hearing_id=hearing.pk, hearing_change="scheduled", languages="en,es",
    )  # fmt: skip
    filing = Filing.objects.create(
        case=case, filed_by=user, filing_type=Filing.FilingType.MOTION, status=Filing.Status.SUBMITTED,
        submitted_at=timezone.now(), receipt_number="BNCHM-BENCH-0000001",
    )  # fmt: skip
    for title in ("Letter from the legal aid office", "Doctor's note"):
        FilingDocument.objects.create(filing=filing, role=FilingDocument.Role.SUPPORTING, title=title, pages=2,
                                      storage_key="bench/none.pdf")  # fmt: skip
    motion = Motion.objects.create(
        case=case, motion_type=MotionType.objects.get(slug="continue"), created_by=user, filing=filing,
        signed_name="María Pérez", signed_on=timezone.localdate(),
        answers={"hearing": hearing.pk, "reason": "lawyer", "details": "I have an appointment with a lawyer. " * 20,
                 "date_1": "2027-03-01", "date_2": "2027-03-15", "earlier": "None."},
    )  # fmt: skip
    return notice, motion, filing


def _cpu(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    _setup_django()
    from django.db import transaction

    from filings.rendering import certificate_html, render_pdf
    from motions.rendering import render_motion_pdfs
    from notices.letters import notice_letter_html
    from notices.rendering import html_to_pdf

    results: dict = {}
    try:
        with transaction.atomic():
            notice, motion, filing = _world()

            def letter():
                html_to_pdf(notice_letter_html(notice))

            def motion_pdfs():
                pdfs = render_motion_pdfs(motion)
                certificate = render_pdf(certificate_html(filing, list(filing.documents.all())))
                results["pages"] = (pdfs.lead.pages, pdfs.order.pages, certificate.pages)

            letter(), motion_pdfs()  # warm-up: fonts, templates
            base, work = [], []
            for _ in range(args.rounds):
                base.append(_cpu(letter))
                work.append(_cpu(motion_pdfs))
            results["letter"] = base
            results["motion"] = work
            raise Rollback
    except Rollback:
        pass
    letter_cpu = statistics.median(c for c, _w in results["letter"])
    motion_cpu = statistics.median(c for c, _w in results["motion"])
    letter_wall = statistics.median(w for _c, w in results["letter"])
    motion_wall = statistics.median(w for _c, w in results["motion"])
    lead, order, certificate = results["pages"]
    print(f"rounds: {args.rounds}")
    print(f"one notice letter (en+es):            {letter_cpu * 1000:7.1f} ms CPU  ({letter_wall * 1000:7.1f} ms wall)")
    print(f"motion PDFs + certificate (en+es):    {motion_cpu * 1000:7.1f} ms CPU  ({motion_wall * 1000:7.1f} ms wall)")
    print(f"  pages: lead {lead} (cover, motion, exhibit list), proposed order {order}, certificate {certificate}")
    ratio = motion_cpu / letter_cpu
    print(f"ratio (CPU): {ratio:.2f}x  (goal <= 3x): {'OK' if ratio <= 3 else 'OVER'}")
    print(f"ratio (wall): {motion_wall / letter_wall:.2f}x")


if __name__ == "__main__":
    main()
