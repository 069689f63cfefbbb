"""Legal facts are dated data: the rule in force on the filing date is used; supervisors edit them, audited."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from audit.actions import AuditAction
from audit.models import AuditEvent
from motions.models import LegalFact, MotionType
from motions.selectors import fact_in_force, motion_fee
from tests.support import login_verified

pytestmark = pytest.mark.django_db
K = LegalFact.Key


def test_the_seeded_facts_carry_their_source_and_date():
    fee = fact_in_force(key=K.FEE_REOPEN, on=datetime.date(2026, 12, 1))
    assert fee.value == 900 and "PM 25-35" in fee.source and fee.needs_verification
    assert fee.effective_from == datetime.date(2025, 7, 4)
    assert fact_in_force(key=K.FEE_REOPEN, on=datetime.date(2025, 7, 3)) is None  # no rule seeded before it
    assert fact_in_force(key=K.DAYS_REOPEN_IN_ABSENTIA, on=datetime.date(2026, 1, 1)).value == 180


def test_the_fee_is_the_one_in_force_on_the_filing_date():
    LegalFact.objects.create(
        key=K.FEE_REOPEN, value=1000, source="A later statute (test)", effective_from=datetime.date(2027, 3, 1)
    )
    reopen = MotionType.objects.get(slug="reopen-missed-hearing")
    had_notice = {"got_notice": "yes"}
    assert motion_fee(motion_type=reopen, answers=had_notice, on=datetime.date(2027, 2, 28)).amount == 900
    assert motion_fee(motion_type=reopen, answers=had_notice, on=datetime.date(2027, 3, 1)).amount == 1000
    assert motion_fee(motion_type=reopen, answers={"got_notice": "no"}, on=datetime.date(2027, 3, 1)).amount == 0
    continue_ = MotionType.objects.get(slug="continue")
    assert motion_fee(motion_type=continue_, answers={}, on=datetime.date(2027, 3, 1)).free


def test_the_180_days_follow_the_rule_in_force_on_the_day(respondent, case):
    from motions.models import CaseDecision
    from motions.selectors import reopen_countdown

    decided = datetime.date(2027, 1, 1)
    CaseDecision.objects.create(case=case, kind=CaseDecision.Kind.IN_ABSENTIA, decided_on=decided)
    LegalFact.objects.create(
        key=K.DAYS_REOPEN_IN_ABSENTIA, value=90, source="test", effective_from=datetime.date(2027, 6, 1)
    )
    before = reopen_countdown(case=case, today=datetime.date(2027, 5, 31))
    after = reopen_countdown(case=case, today=datetime.date(2027, 6, 1))
    assert before.limit_days == 180 and before.within_limit
    assert after.limit_days == 90 and not after.within_limit


def test_a_supervisor_adds_a_dated_fact_audited_and_a_clerk_cannot(supervisor, clerk):
    client = login_verified(Client(), supervisor)
    response = client.post(
        reverse("admin:motions_legalfact_add"),
        {
            "key": K.FEE_BIA_APPEAL,
            "value": "950",
            "effective_from": "2027-10-01",
            "source": "New rule (test)",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    fact = LegalFact.objects.get(key=K.FEE_BIA_APPEAL, value=950)
    assert fact.updated_by == supervisor
    event = AuditEvent.objects.get(action=AuditAction.LEGALFACT_CREATED)
    assert event.actor == supervisor and event.data["value"] == 950
    clerk_client = login_verified(Client(), clerk)
    assert clerk_client.get(reverse("admin:motions_legalfact_add")).status_code == 403
    assert clerk_client.get(reverse("admin:motions_legalfact_changelist")).status_code == 200
