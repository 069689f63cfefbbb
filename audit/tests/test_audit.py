import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AppendOnlyError, AuditEvent
from audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_audit_record_keeps_who_what_where_and_drops_secrets(clerk, court, client):
    event = audit_record(
        actor=clerk, action="case.viewed", target=court, data={"reason": "check", "password": "x", "code": "y"}
    )
    event.refresh_from_db()
    assert event.actor == clerk
    assert event.actor_role == "clerk"
    assert event.target_type == "cases.immigrationcourt"
    assert event.target_id == str(court.pk)
    assert event.data == {"reason": "check"}


def test_request_id_and_ip_are_recorded_inside_a_request(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/", HTTP_X_REQUEST_ID="req-0123456789", REMOTE_ADDR="198.51.100.7")
    assert response["X-Request-ID"] == "req-0123456789"


def test_events_cannot_be_changed_or_deleted(court):
    event = audit_record(actor=None, action="court.created", target=court)
    event.action = "court.deleted"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database trigger is PostgreSQL-only")
def test_database_refuses_raw_updates(court):
    event = audit_record(actor=None, action="court.created", target=court)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "court.created"
