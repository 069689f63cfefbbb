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


def _literal_actions() -> set[str]:
    """Every string literal passed as action= to audit_record in the project's own code."""
    found = set()
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "node_modules" in path.parts or "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "audit_record"
            ):
                for keyword in node.keywords:
                    if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                        found.add(keyword.value.value)
    return found


def test_every_literal_action_in_the_code_is_in_the_vocabulary():
    """A literal that is not a member would fail only when its code path runs; this finds it now."""
    literals = _literal_actions()
    assert len(literals) > 20
    assert literals <= set(AuditAction.values), literals - set(AuditAction.values)
