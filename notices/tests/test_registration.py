"""Registration notices: one code per letter, the code in the PDF registers once mailed, bulk issuing."""

import pytest
from django.core.management import call_command

from accounts.models import AccessCode
from accounts.services import access_code_check, access_code_issue, access_code_request_notice, normalise_code
from cases.models import Case
from cases.tests.factories import CaseFactory, RespondentFactory
from notices.models import Notice
from notices.services import (
    mailing_batch_mark_mailed,
    mailing_batch_mark_printed,
    mailing_batch_start,
    registration_notice_issue,
)
from notices.tasks import notice_render
from notices.tests.helpers import pdf_text


@pytest.fixture
def unregistered(court):
    person = RespondentFactory(given_name="José", family_name="Ñúñez Gonçalves", preferred_language="es")
    CaseFactory(respondent=person, court=court)
    return person


def _code_in(text: str) -> str:
    import re

    return re.search(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}\b", text).group(0)


@pytest.mark.django_db
def test_letter_carries_a_code_that_registers_once_mailed(
    unregistered, court, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = registration_notice_issue(respondent=unregistered, actor=clerk)
    notice.refresh_from_db()
    text = pdf_text(notice)
    assert unregistered.a_number_display in text
    assert "José Ñúñez Gonçalves" in text
    printed_code = normalise_code(_code_in(text))

    # Rendering again (a retried task) keeps one notice, one code, the same letter.
    sha = notice.pdf_sha256
    notice_render.delay(notice.pk)
    notice.refresh_from_db()
    assert notice.pdf_sha256 == sha
    assert Notice.objects.count() == 1 and AccessCode.objects.count() == 1

    # Not valid until mailed; the batch marks it mailed and the code starts counting.
    code = AccessCode.objects.get()
    assert code.mailed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        batch = mailing_batch_start(court=court, actor=clerk)
    batch.refresh_from_db()
    mailing_batch_mark_printed(batch=batch, actor=clerk)
    mailing_batch_mark_mailed(batch=batch, actor=clerk)
    code.refresh_from_db()
    notice.refresh_from_db()
    assert notice.state == Notice.State.MAILED and notice.mailed_at == code.mailed_at
    assert code.expires_at is not None
    assert access_code_check(a_number=unregistered.a_number, code=printed_code, client_ip="127.0.0.9") == code


@pytest.mark.django_db
def test_issuing_again_while_a_letter_is_unmailed_makes_nothing(
    unregistered, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = registration_notice_issue(respondent=unregistered, actor=clerk)
        second = registration_notice_issue(respondent=unregistered, actor=clerk)
    assert first is not None and second is None
    assert AccessCode.objects.count() == 1


@pytest.mark.django_db
def test_lost_code_event_mails_that_code(unregistered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        code = access_code_issue(respondent=unregistered, actor=None, reason="lost_code")
        access_code_request_notice(access_code=code, actor=None, reason="lost_code")
    notice = Notice.objects.get()
    assert (notice.kind, notice.access_code_id, notice.reason) == (Notice.Kind.REGISTRATION, code.pk, "lost_code")
    assert notice.state == Notice.State.RENDERED
    assert AccessCode.objects.count() == 1


@pytest.mark.django_db
def test_command_issues_for_eligible_respondents_once(
    court, other_court, respondent, clerk, django_capture_on_commit_callbacks
):
    eligible = [RespondentFactory() for _ in range(3)]
    for person in eligible:
        CaseFactory(respondent=person, court=court)
    represented = RespondentFactory()
    CaseFactory(respondent=represented, court=court, attorney_of_record=True, attorney_name="A. Lawyer")
    elsewhere = RespondentFactory()
    CaseFactory(respondent=elsewhere, court=other_court)
    closed = RespondentFactory()
    CaseFactory(respondent=closed, court=court, status=Case.Status.CLOSED)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("issue_registration_notices", "--court", "tst", "--batch-size", "2")
        call_command("issue_registration_notices", "--court", "TST")

    issued_to = set(Notice.objects.filter(kind=Notice.Kind.REGISTRATION).values_list("respondent_id", flat=True))
    assert issued_to == {p.pk for p in eligible}  # not the account holder, represented, other court or closed
    assert AccessCode.objects.count() == 3
    # Bulk letters wait for the mailing batch, which renders them many to a document.
    assert set(Notice.objects.values_list("state", "render_with_batch")) == {(Notice.State.REQUESTED, True)}
    with django_capture_on_commit_callbacks(execute=True):
        mailing_batch_start(court=court, actor=clerk)
    assert set(Notice.objects.values_list("state", flat=True)) == {Notice.State.RENDERED}
