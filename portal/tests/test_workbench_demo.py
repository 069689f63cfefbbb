"""seed_demo gives every demo court's clerk work (filings/demo.py): filings in every state, one item or
more in each queue, a stuck virus check and a failed letter to retry; a second run adds nothing."""

import pytest

from accounts.services import role_assign
from accounts.tests.factories import StaffFactory
from cases.tests.factories import MINIMAL_PDF, CaseFactory, CourtFactory
from filings.demo import seed_workbench_demo
from filings.models import Filing
from filings.tests.workbench_support import ensure_reasons
from portal import demo, workbench

pytestmark = pytest.mark.django_db


def _fake_render(*, title, lines):
    return MINIMAL_PDF, 1


def test_each_demo_court_gets_work_in_every_queue_and_filings_in_every_state(roles):
    ensure_reasons()
    courts, clerks = [], []
    for code in ("DEMXA", "DEMXB"):
        court = CourtFactory(code=code, name=f"{code} Immigration Court (Demo)")
        clerk = StaffFactory(email=f"demo.clerk.{code.lower()}@example.org")
        role_assign(user=clerk, role_key="clerk")
        court.staff.add(clerk)
        for _ in range(3):
            CaseFactory(court=court)
        courts.append(court)
        clerks.append(clerk)

    made = seed_workbench_demo(courts=courts, render_pdf=_fake_render, ensure_user=demo.ensure_user)
    assert made == 2 * 11
    for court, clerk in zip(courts, clerks, strict=True):
        [work] = workbench.court_work(user=clerk)
        assert work.court == court
        counts = {cell.queue.key: cell.count for cell in work.cells}
        assert counts.pop("deliveries_failed", 0) == 0  # the delivery and motions demos seed those
        assert counts.pop("motions_ruling", 0) == 0
        assert counts == {
            "filings_review": 5,
            "filings_scan": 1,
            "address_changes": 1,
            "notices_render_failed": 1,
            "batches_to_print": 1,
            "batches_to_mail": 1,
        }
        states = set(Filing.objects.filter(case__court=court).values_list("status", flat=True))
        assert states == set(Filing.Status.values)
    assert seed_workbench_demo(courts=courts, render_pdf=_fake_render, ensure_user=demo.ensure_user) == 0
