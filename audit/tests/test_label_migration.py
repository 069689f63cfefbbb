"""Issue 13, finding 3: migration 0003 rewrites the names out of past labels and nothing else."""

import importlib

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

migration = importlib.import_module("audit.migrations.0003_target_labels_without_names")


def _rewrite():
    with connection.schema_editor(atomic=True) as editor:
        migration.rewrite_labels(None, editor)


def _row(pk: int) -> dict:
    return AuditEvent.objects.filter(pk=pk).values().get()


def test_old_labels_lose_the_names_and_every_other_column_stays(django_user_model):
    old = [
        AuditEvent.objects.create(
            action="respondent.changed",
            target_type="cases.respondent",
            target_id="45",
            target_label="María Pérez (A-123-456-789)",
            case_id=7,
            court_id=3,
            data={"fields": ["address_line1"]},
        ),
        AuditEvent.objects.create(
            action="accounts.signed_in", target_type="accounts.user", target_id="9", target_label="maria@example.org"
        ),
        AuditEvent.objects.create(
            action="thing.done", target_type="gone.oldthing", target_id="2", target_label="Rosa Quispe"
        ),
        AuditEvent.objects.create(action="accounts.lost_code_requested", outcome="failure"),
    ]
    before = {event.pk: _row(event.pk) for event in old}
    _rewrite()
    after = {event.pk: _row(event.pk) for event in old}
    labels = [after[event.pk]["target_label"] for event in old]
    assert labels == ["Respondent 45", "User 9", "Oldthing 2", ""]
    for pk, row in before.items():
        assert {k: v for k, v in after[pk].items() if k != "target_label"} == {
            k: v for k, v in row.items() if k != "target_label"
        }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
def test_the_append_only_trigger_is_back_after_the_rewrite():
    event = AuditEvent.objects.create(
        action="case.viewed", target_type="cases.case", target_id="1", target_label="Case of Rosa Quispe"
    )
    _rewrite()
    assert _row(event.pk)["target_label"] == "Case 1"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET target_label = 'x' WHERE id = %s", [event.pk])
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_event_append_only'")
        assert cursor.fetchone() == ("O",)  # enabled (origin)


def test_an_empty_log_is_left_alone():
    _rewrite()
    assert not AuditEvent.objects.exists()
