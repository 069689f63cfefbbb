"""The clerk admin: notices read-only and court-scoped, batches started and downloaded with an audit trail."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import role_assign
from accounts.tests.factories import StaffFactory
from audit.models import AuditEvent
from cases.tests.factories import CaseFactory, HearingFactory, RespondentFactory
from conftest import login_verified
from notices.models import MailingBatch, Notice
from notices.services import hearing_notice_request, registration_notice_issue


@pytest.fixture
def clerk_client(client, clerk):
    return login_verified(client, clerk)


def _mailroom(court, email):
    user = StaffFactory(email=email)
    role_assign(user=user, role_key="mailroom")
    court.staff.add(user)
    return user


@pytest.fixture
def mailroom(roles, court):
    """The role that prints letters: the only one that opens registration letters and print files."""
    return _mailroom(court, "mailroom@example.org")


@pytest.fixture
def notice_here(court, django_capture_on_commit_callbacks):
    case = CaseFactory(court=court, respondent=RespondentFactory(preferred_language="en"))
    with django_capture_on_commit_callbacks(execute=True):
        return hearing_notice_request(hearing_id=HearingFactory(case=case).pk, change="created", actor=None)


@pytest.fixture
def notice_elsewhere(other_court):
    case = CaseFactory(court=other_court)
    return Notice.objects.create(
        respondent=case.respondent, court=other_court, case=case, kind="hearing", idempotency_key="elsewhere"
    )


@pytest.mark.django_db
def test_clerk_sees_own_court_notices_read_only(clerk_client, notice_here, notice_elsewhere):
    response = clerk_client.get(reverse("admin:notices_notice_changelist"))
    assert response.status_code == 200
    assert reverse("admin:notices_notice_change", args=[notice_here.pk]) in response.text
    assert reverse("admin:notices_notice_change", args=[notice_elsewhere.pk]) not in response.text
    assert clerk_client.get(reverse("admin:notices_notice_change", args=[notice_elsewhere.pk])).status_code == 404
    assert clerk_client.get(reverse("admin:notices_notice_pdf", args=[notice_elsewhere.pk])).status_code == 404
    page = clerk_client.get(reverse("admin:notices_notice_change", args=[notice_here.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.text


@pytest.mark.django_db
def test_clerk_pdf_download_is_audited(clerk_client, clerk, notice_here):
    response = clerk_client.get(reverse("admin:notices_notice_pdf", args=[notice_here.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="notice.downloaded", actor=clerk, target_id=str(notice_here.pk)).exists()


@pytest.mark.django_db
def test_clerk_starts_a_batch_marks_it_printed_and_downloads_the_files(
    clerk_client, clerk, court, notice_here, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(reverse("admin:notices_mailingbatch_start"), {"court": court.pk})
    batch = MailingBatch.objects.get()
    assert response.status_code == 302
    assert batch.state == MailingBatch.State.READY
    page = clerk_client.get(reverse("admin:notices_mailingbatch_change", args=[batch.pk]))
    assert '<progress value="1" max="1">' in page.text

    # Print files and the manifest carry access codes: a clerk starts the batch but does not open them.
    assert clerk_client.get(reverse("admin:notices_mailingbatch_file", args=[batch.pk, 1])).status_code == 403
    assert clerk_client.get(reverse("admin:notices_mailingbatch_manifest", args=[batch.pk])).status_code == 403
    mailroom = _mailroom(court, "mailroom@example.org")
    mailroom_client = login_verified(Client(), mailroom)
    pdf = mailroom_client.get(reverse("admin:notices_mailingbatch_file", args=[batch.pk, 1]))
    manifest = mailroom_client.get(reverse("admin:notices_mailingbatch_manifest", args=[batch.pk]))
    assert pdf.status_code == manifest.status_code == 200
    assert str(notice_here.pk) in b"".join(manifest.streaming_content).decode()

    clerk_client.post(
        reverse("admin:notices_mailingbatch_changelist"),
        {"action": "mark_printed", "_selected_action": [batch.pk]},
    )
    batch.refresh_from_db()
    assert batch.state == MailingBatch.State.PRINTED
    actions = set(AuditEvent.objects.filter(actor=clerk).values_list("action", flat=True))
    assert {"mailing_batch.started", "mailing_batch.printed"} <= actions
    downloads = set(AuditEvent.objects.filter(actor=mailroom).values_list("action", flat=True))
    assert downloads == {"mailing_batch.file_downloaded", "mailing_batch.manifest_downloaded"}


@pytest.mark.django_db
def test_mailroom_of_another_court_gets_nothing_of_the_batch(
    clerk_client, court, other_court, roles, notice_here, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(reverse("admin:notices_mailingbatch_start"), {"court": court.pk})
    batch = MailingBatch.objects.get()
    elsewhere = login_verified(Client(), _mailroom(other_court, "mailroom.elsewhere@example.org"))
    for name, args in [
        ("admin:notices_mailingbatch_change", [batch.pk]),
        ("admin:notices_mailingbatch_file", [batch.pk, 1]),
        ("admin:notices_mailingbatch_manifest", [batch.pk]),
        ("admin:notices_notice_pdf", [notice_here.pk]),
    ]:
        assert elsewhere.get(reverse(name, args=args)).status_code == 404, name


@pytest.fixture
def registration_letter(court, django_capture_on_commit_callbacks):
    person = RespondentFactory(preferred_language="en", family_name="Letterperson")
    CaseFactory(respondent=person, court=court)
    with django_capture_on_commit_callbacks(execute=True):
        registration_notice_issue(respondent=person, actor=None, reason="test")
    notice = Notice.objects.get(respondent=person, kind=Notice.Kind.REGISTRATION)
    assert notice.pdf_key
    return notice


@pytest.mark.django_db
def test_a_clerk_cannot_open_a_registration_letter(clerk_client, registration_letter):
    url = reverse("admin:notices_notice_pdf", args=[registration_letter.pk])
    assert clerk_client.get(url).status_code == 403
    assert clerk_client.post(url, {"reason": "Person called, lost the letter"}).status_code == 403
    assert not AuditEvent.objects.filter(action="notice.downloaded").exists()


@pytest.mark.django_db
def test_mailroom_opens_a_registration_letter_only_with_a_reason_kept_in_the_audit_log(
    client, mailroom, registration_letter
):
    login_verified(client, mailroom)
    url = reverse("admin:notices_notice_pdf", args=[registration_letter.pk])
    page = client.get(url)
    assert page.status_code == 200 and "access code" in page.text
    assert "Content-Disposition" not in page
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and "errornote" in refused.text
    assert not AuditEvent.objects.filter(action="notice.downloaded").exists()
    opened = client.post(url, {"reason": "Reprint: the envelope was damaged"})
    assert opened.status_code == 200 and opened["Content-Disposition"].startswith("attachment")
    event = AuditEvent.objects.get(action="notice.downloaded", actor=mailroom)
    assert event.data["reason"] == "Reprint: the envelope was damaged"


@pytest.mark.django_db
def test_clerk_cannot_start_a_batch_for_another_court(clerk_client, other_court):
    response = clerk_client.post(reverse("admin:notices_mailingbatch_start"), {"court": other_court.pk})
    assert response.status_code == 200  # the form refuses the choice
    assert not MailingBatch.objects.exists()


@pytest.mark.django_db
def test_support_agent_does_not_see_notices(client, support_agent):
    login_verified(client, support_agent)
    response = client.get(reverse("admin:notices_notice_changelist"))
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_registration_notices_from_the_admin_page_and_the_respondent_action(
    clerk_client, clerk, court, django_capture_on_commit_callbacks
):
    people = [RespondentFactory(preferred_language="en") for _ in range(2)]
    for person in people:
        CaseFactory(respondent=person, court=court)
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(
            reverse("admin:cases_respondent_changelist"),
            {"action": "issue_registration_notices", "_selected_action": [people[0].pk]},
        )
    assert list(Notice.objects.values_list("respondent_id", flat=True)) == [people[0].pk]

    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(reverse("admin:notices_issue_registration"), {"court": court.pk})
    assert response.status_code == 302
    assert set(Notice.objects.values_list("respondent_id", flat=True)) == {p.pk for p in people}
    assert AuditEvent.objects.filter(action="notice.registration_issued_for_court", actor=clerk).exists()


@pytest.mark.django_db
def test_admin_index_shows_notices_to_court_staff_only(client, clerk, support_agent):
    def notices_models(user):
        login_verified(client, user)
        response = client.get(reverse("admin:index"))
        return {m["object_name"] for app in response.context["app_list"] for m in app["models"]} & {
            "Notice",
            "MailingBatch",
        }

    assert notices_models(clerk) == {"Notice", "MailingBatch"}
    assert notices_models(support_agent) == set()
