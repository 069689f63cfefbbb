"""Hearings through the clerk admin: services, audit, the hearing_changed event, rescheduling."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Hearing
from cases.signals import hearing_changed
from cases.tests.factories import CaseFactory, HearingFactory
from tests.support import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    received = []

    def receiver(sender, **kwargs):
        received.append((kwargs["hearing_id"], kwargs["change"], kwargs["actor_id"]))

    hearing_changed.connect(receiver, dispatch_uid="test-admin-hearings")
    yield received
    hearing_changed.disconnect(dispatch_uid="test-admin-hearings")


@pytest.fixture
def case(court):
    return CaseFactory(court=court)


def _hearing_post(case, **changes):
    data = {
        "case": case.pk,
        "starts_at_0": "2027-03-01",
        "starts_at_1": "09:00:00",
        "hearing_type": "master",
        "mode": "in_person",
        "judge": case.judge_id,
        "courtroom": "4B",
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_adding_a_hearing_goes_through_the_service(client, clerk, case, events, django_capture_on_commit_callbacks):
    login_verified(client, clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:cases_hearing_add"), _hearing_post(case))
    assert response.status_code == 302, response.context["adminform"].form.errors
    hearing = Hearing.objects.get(case=case)
    # Typed as local time at the court (America/Chicago, UTC-6 in March before DST).
    assert hearing.starts_at == datetime.datetime(2027, 3, 1, 15, 0, tzinfo=datetime.UTC)
    assert events == [(hearing.pk, "created", clerk.pk)]
    event = AuditEvent.objects.get(action="hearing.created")
    assert (event.actor, event.case_id, event.court_id) == (clerk, case.pk, case.court_id)


def test_changing_a_hearing_is_audited_with_field_names_and_signalled(
    client, clerk, case, events, django_capture_on_commit_callbacks
):
    hearing = HearingFactory(case=case, judge=case.judge)
    login_verified(client, clerk)
    url = reverse("admin:cases_hearing_change", args=[hearing.pk])
    local = hearing.starts_at.astimezone(case.court.tz)
    data = _hearing_post(case, courtroom="7A", starts_at_0=f"{local:%Y-%m-%d}", starts_at_1=f"{local:%H:%M:%S}")
    data.pop("case")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    hearing.refresh_from_db()
    assert hearing.courtroom == "7A"
    assert events == [(hearing.pk, "changed", clerk.pk)]
    assert AuditEvent.objects.get(action="hearing.changed").data == {"fields": ["courtroom"]}


def test_status_is_read_only_in_the_change_form(client, clerk, case):
    hearing = HearingFactory(case=case)
    login_verified(client, clerk)
    url = reverse("admin:cases_hearing_change", args=[hearing.pk])
    form = client.get(url).context["adminform"].form
    assert "status" not in form.fields
    data = _hearing_post(case, status="cancelled")
    data.pop("case")
    client.post(url, data)
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.SCHEDULED


def test_reschedule_adjourns_the_old_hearing_and_links_the_new_one(
    client, clerk, case, events, django_capture_on_commit_callbacks
):
    old = HearingFactory(case=case, courtroom="2C")
    login_verified(client, clerk)
    url = reverse("admin:cases_hearing_status", args=[old.pk])
    assert client.get(url).status_code == 200
    data = {
        "action": "reschedule",
        "new_starts_at_0": "2027-07-01",
        "new_starts_at_1": "13:30",
        "reason": "Interpreter unavailable",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    old.refresh_from_db()
    new = old.replaced_by
    assert old.status == Hearing.Status.ADJOURNED
    assert old.adjournment_reason == "Interpreter unavailable"
    assert new.status == Hearing.Status.SCHEDULED
    assert new.courtroom == "2C"
    assert new.starts_at == datetime.datetime(2027, 7, 1, 18, 30, tzinfo=datetime.UTC)  # CDT is UTC-5
    assert events == [(new.pk, "rescheduled", clerk.pk)]
    event = AuditEvent.objects.get(action="hearing.rescheduled")
    assert event.data == {"replaces": old.pk}
    assert response["Location"] == reverse("admin:cases_hearing_change", args=[new.pk])


def test_reschedule_needs_a_date_and_a_reason(client, clerk, case):
    old = HearingFactory(case=case)
    login_verified(client, clerk)
    response = client.post(reverse("admin:cases_hearing_status", args=[old.pk]), {"action": "reschedule"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"new_starts_at", "reason"}
    old.refresh_from_db()
    assert old.status == Hearing.Status.SCHEDULED


def test_cancel_with_reason_then_no_more_changes(client, clerk, case, events, django_capture_on_commit_callbacks):
    hearing = HearingFactory(case=case)
    login_verified(client, clerk)
    url = reverse("admin:cases_hearing_status", args=[hearing.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "cancelled", "reason": "Case transferred"})
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.CANCELLED
    assert events == [(hearing.pk, "cancelled", clerk.pk)]
    response = client.post(url, {"action": "adjourned", "reason": "again"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    change_form = client.get(reverse("admin:cases_hearing_change", args=[hearing.pk])).context["adminform"].form
    assert change_form.fields == {}  # everything read-only once it is history


def test_mark_completed_action(client, clerk, case):
    hearings = [HearingFactory(case=case), HearingFactory(case=case)]
    login_verified(client, clerk)
    response = client.post(
        reverse("admin:cases_hearing_changelist"),
        {"action": "mark_completed", "_selected_action": [h.pk for h in hearings]},
    )
    assert response.status_code == 302
    assert set(Hearing.objects.values_list("status", flat=True)) == {Hearing.Status.COMPLETED}
    assert AuditEvent.objects.filter(action="hearing.completed").count() == 2


def _case_inline_post(case, hearings_total, initial, rows):
    data = {
        "respondent": case.respondent_id,
        "court": case.court_id,
        "judge": case.judge_id,
        "case_type": case.case_type,
        "opened_on": case.opened_on.isoformat(),
        "initial-opened_on": case.opened_on.isoformat(),  # sent by the form (callable default)
        "attorney_name": "",
        "hearings-TOTAL_FORMS": str(hearings_total),
        "hearings-INITIAL_FORMS": str(initial),
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    data.update(rows)
    return data


def test_hearing_added_in_the_case_inline_goes_through_the_service(
    client, clerk, case, events, django_capture_on_commit_callbacks
):
    login_verified(client, clerk)
    rows = {
        "hearings-0-case": case.pk,
        "hearings-0-starts_at_0": "2027-03-02",
        "hearings-0-starts_at_1": "10:00",
        "hearings-0-hearing_type": "individual",
        "hearings-0-mode": "internet",
        "hearings-0-video_url": "https://video.example.org/room/1",
        "hearings-0-judge": case.judge_id,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:cases_case_change", args=[case.pk]), _case_inline_post(case, 1, 0, rows))
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    hearing = Hearing.objects.get(case=case)
    assert hearing.starts_at == datetime.datetime(2027, 3, 2, 16, 0, tzinfo=datetime.UTC)
    assert events == [(hearing.pk, "created", clerk.pk)]
    assert AuditEvent.objects.filter(action="hearing.created", case_id=case.pk).count() == 1
    assert not AuditEvent.objects.filter(action="case.changed").exists()  # the case itself did not change


def test_internet_hearing_needs_a_video_link(client, clerk, case):
    login_verified(client, clerk)
    response = client.post(reverse("admin:cases_hearing_add"), _hearing_post(case, mode="internet"))
    assert response.status_code == 200
    assert not Hearing.objects.exists()


def test_services_refuse_moves_outside_the_transition_table(clerk, case):
    from django.core.exceptions import ValidationError

    from cases import services

    hearing = HearingFactory(case=case)
    services.hearing_status_change(hearing=hearing, status=Hearing.Status.COMPLETED, actor=clerk)
    with pytest.raises(ValidationError):
        services.hearing_reschedule(hearing=hearing, new_starts_at=hearing.starts_at, reason="Too late", actor=clerk)
    hearing.courtroom = "9Z"
    with pytest.raises(ValidationError):
        services.hearing_update(hearing=hearing, actor=clerk, fields=["courtroom"])
    scheduled = HearingFactory(case=case)
    with pytest.raises(ValidationError):
        services.hearing_status_change(hearing=scheduled, status=Hearing.Status.CANCELLED, actor=clerk, reason=" ")
    assert AuditEvent.objects.filter(action="hearing.completed").count() == 1
    assert not AuditEvent.objects.filter(action__in=["hearing.rescheduled", "hearing.changed", "hearing.cancelled"])


def test_clerk_of_another_court_cannot_reschedule(client, case, other_court, roles):
    from accounts.services import role_assign
    from accounts.tests.factories import StaffFactory

    outsider = StaffFactory(email="outsider@example.org")
    role_assign(user=outsider, role_key="clerk")
    other_court.staff.add(outsider)
    hearing = HearingFactory(case=case)
    login_verified(client, outsider)
    url = reverse("admin:cases_hearing_status", args=[hearing.pk])
    response = client.post(url, {"action": "cancelled", "reason": "Not mine"})
    assert response.status_code == 404
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.SCHEDULED
