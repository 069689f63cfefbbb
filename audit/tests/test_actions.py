"""The audit vocabulary is closed: audit_record() writes only AuditAction members."""

import ast
from pathlib import Path

import pytest

from audit.actions import AuditAction, admin_saved, hearing_status_action, scan_verdict_action
from audit.models import AuditEvent
from audit.services import audit_record

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_an_action_outside_the_vocabulary_is_refused_and_nothing_is_written():
    with pytest.raises(ValueError, match="is not a valid AuditAction"):
        audit_record(actor=None, action="case.veiwed")
    assert not AuditEvent.objects.exists()
    event = audit_record(actor=None, action=AuditAction.CASE_VIEWED)
    assert event.action == "case.viewed"


def test_made_up_actions_are_members_too():
    assert admin_saved("judge", created=True) is AuditAction.JUDGE_CREATED
    assert hearing_status_action("adjourned") is AuditAction.HEARING_ADJOURNED
    assert scan_verdict_action("infected") is AuditAction.FILING_DOCUMENT_SCAN_INFECTED
    with pytest.raises(ValueError):
        scan_verdict_action("maybe")


def _actions_passed() -> tuple[int, set[str]]:
    """(calls of audit_record in the project's own code, the string literals among their action= values)."""
    calls, found = 0, set()
    for package in ("portal", "guidance", "filings", "notices", "accounts", "cases", "audit", "common"):
        for path in (ROOT / package).rglob("*.py"):
            if "tests" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                if getattr(node.func, "id", getattr(node.func, "attr", "")) != "audit_record":
                    continue
                calls += 1
                found.update(
                    k.value.value for k in node.keywords if k.arg == "action" and isinstance(k.value, ast.Constant)
                )
    return calls, found


def test_every_literal_action_in_the_code_is_in_the_vocabulary():
    """A literal that is not a member would fail only when its code path runs; this finds it now.
    (The code passes AuditAction members, checked when the module loads; literals should be none.)"""
    calls, literals = _actions_passed()
    assert calls > 50  # the walk reaches the services, views and admins that audit
    assert literals <= set(AuditAction.values), literals - set(AuditAction.values)


@pytest.mark.django_db
def test_an_audited_service_that_forgets_its_event_is_rolled_back():
    from audit.services import MissingAuditEvent, audited
    from cases.tests.factories import CourtFactory

    @audited(AuditAction.COURT_CREATED)
    def court_create_forgetful(*, code):
        return CourtFactory(code=code)

    @audited(AuditAction.COURT_CREATED)
    def court_create(*, code):
        court = CourtFactory(code=code)
        audit_record(actor=None, action=AuditAction.COURT_CREATED, target=court)
        return court

    with pytest.raises(MissingAuditEvent, match="court_create_forgetful"):
        court_create_forgetful(code="FGT")
    from cases.models import ImmigrationCourt

    assert not ImmigrationCourt.objects.filter(code="FGT").exists()  # the change did not survive
    assert court_create(code="OK1").code == "OK1"
    assert AuditEvent.objects.filter(action="court.created").count() == 1


@pytest.mark.django_db
def test_an_event_recorded_by_a_nested_service_counts_for_the_outer_one():
    from audit.services import audited

    @audited(AuditAction.CASE_VIEWED)
    def inner():
        audit_record(actor=None, action=AuditAction.CASE_VIEWED)

    @audited(AuditAction.CASE_VIEWED)
    def outer():
        inner()

    outer()
    assert AuditEvent.objects.filter(action="case.viewed").count() == 1
