import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AccessCode
from accounts.services import (
    AccessCodeRejected,
    AccessCodeThrottled,
    AlreadyRegistered,
    access_code_check,
    access_code_issue,
    access_code_mark_mailed,
    access_code_plaintext,
    access_code_redeem,
    access_code_request_by_mail,
    normalise_code,
)
from accounts.signals import registration_notice_requested
from accounts.tests.factories import UserFactory
from audit.models import AuditEvent
from cases.tests.factories import CaseFactory, RespondentFactory

CODE_FORMAT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$")


def mailed_code(respondent, when=None):
    code = access_code_issue(respondent=respondent, actor=None, reason="test")
    return access_code_mark_mailed(access_code=code, mailed_at=when or timezone.now())


@pytest.mark.django_db
def test_issue_stores_no_plaintext_and_rerenders_identically():
    person = RespondentFactory()
    code = access_code_issue(respondent=person, actor=None, reason="test")
    text = access_code_plaintext(code)
    assert CODE_FORMAT.match(text)
    row = AccessCode.objects.filter(pk=code.pk).values().get()
    flat = normalise_code(text)
    assert all(flat not in str(v) and text not in str(v) for v in row.values())
    assert access_code_plaintext(AccessCode.objects.get(pk=code.pk)) == text
    assert AuditEvent.objects.filter(action="accounts.access_code_issued", target_id=str(code.pk)).exists()


@pytest.mark.django_db
def test_different_pepper_gives_different_code(settings):
    code = access_code_issue(respondent=RespondentFactory(), actor=None, reason="test")
    before = access_code_plaintext(code)
    settings.ACCESS_CODE_PEPPER = "another pepper"
    assert access_code_plaintext(code) != before


@pytest.mark.django_db
def test_issuing_revokes_earlier_code():
    person = RespondentFactory()
    first = mailed_code(person)
    second = mailed_code(person)
    first.refresh_from_db()
    assert first.status == AccessCode.Status.REVOKED
    with pytest.raises(AccessCodeRejected):
        access_code_check(
            a_number=person.a_number, code=normalise_code(access_code_plaintext(first)), client_ip="1.1.1.1"
        )
    assert (
        access_code_check(
            a_number=person.a_number, code=normalise_code(access_code_plaintext(second)), client_ip="1.1.1.1"
        )
        == second
    )


def test_normalisation_forgives_case_dashes_and_confusables():
    assert normalise_code(" 7kq2-m9xd-4f ") == "7KQ2M9XD4F"
    assert normalise_code("OIL2 M9XD 4F") == "0112M9XD4F"
    with pytest.raises(ValidationError) as info:
        normalise_code("7KQ2-M9XU-4F")
    assert info.value.code == "invalid_characters"
    with pytest.raises(ValidationError) as info:
        normalise_code("7KQ2-M9")
    assert info.value.code == "invalid_length"


@pytest.mark.django_db
def test_validity_21_days_contiguous_30_elsewhere():
    now = timezone.now()
    assert mailed_code(RespondentFactory(state="IL"), now).expires_at == now + datetime.timedelta(days=21)
    assert mailed_code(RespondentFactory(state="HI"), now).expires_at == now + datetime.timedelta(days=30)
    abroad = RespondentFactory(country="MX", state="Jalisco")
    assert mailed_code(abroad, now).expires_at == now + datetime.timedelta(days=30)


@pytest.mark.django_db
def test_unmailed_and_expired_codes_are_refused():
    person = RespondentFactory()
    code = access_code_issue(respondent=person, actor=None, reason="test")
    text = normalise_code(access_code_plaintext(code))
    with pytest.raises(AccessCodeRejected):
        access_code_check(a_number=person.a_number, code=text, client_ip="1.1.1.1")
    access_code_mark_mailed(access_code=code, mailed_at=timezone.now() - datetime.timedelta(days=22))
    with pytest.raises(AccessCodeRejected):
        access_code_check(a_number=person.a_number, code=text, client_ip="1.1.1.1")


@pytest.mark.django_db
def test_five_wrong_codes_void_the_code():
    person = RespondentFactory()
    code = mailed_code(person)
    for _ in range(5):
        with pytest.raises(AccessCodeRejected):
            access_code_check(a_number=person.a_number, code="0000000000", client_ip=None)
    code.refresh_from_db()
    assert code.status == AccessCode.Status.VOID
    with pytest.raises(AccessCodeRejected):
        access_code_check(a_number=person.a_number, code=normalise_code(access_code_plaintext(code)), client_ip=None)


@pytest.mark.django_db
def test_client_is_throttled_after_many_failures(settings):
    settings.REGISTRATION_CLIENT_MAX_FAILURES = 3
    for n in range(3):
        with pytest.raises(AccessCodeRejected):
            access_code_check(a_number=f"{900000000 + n}", code="0000000000", client_ip="9.9.9.9")
    person = RespondentFactory()
    code = mailed_code(person)
    with pytest.raises(AccessCodeThrottled):
        access_code_check(
            a_number=person.a_number, code=normalise_code(access_code_plaintext(code)), client_ip="9.9.9.9"
        )


@pytest.mark.django_db
def test_redeem_links_once_and_already_registered_only_with_valid_code():
    person = RespondentFactory()
    code = mailed_code(person)
    text = normalise_code(access_code_plaintext(code))
    checked = access_code_check(a_number=person.a_number, code=text, client_ip=None)
    user = UserFactory()
    access_code_redeem(access_code_id=checked.pk, user=user)
    person.refresh_from_db()
    assert person.user == user
    with pytest.raises(AccessCodeRejected):
        access_code_redeem(access_code_id=checked.pk, user=UserFactory())
    fresh = mailed_code(person)
    with pytest.raises(AlreadyRegistered):
        access_code_check(a_number=person.a_number, code=normalise_code(access_code_plaintext(fresh)), client_ip=None)
    with pytest.raises(AccessCodeRejected):
        access_code_check(a_number=person.a_number, code="0000000000", client_ip=None)


@pytest.mark.django_db
def test_issue_access_code_command_prints_a_working_code(capsys):
    person = RespondentFactory(a_number="012345678")
    call_command("issue_access_code", "A-012-345-678")
    out = capsys.readouterr().out
    printed = CODE_FORMAT.pattern[1:-1]
    match = re.search(printed, out)
    assert match and "A-012-345-678" in out
    assert access_code_check(a_number=person.a_number, code=normalise_code(match.group(0)), client_ip=None)


@pytest.mark.django_db(transaction=True)
def test_lost_code_requests_one_notice_per_week():
    person = RespondentFactory(date_of_birth=datetime.date(1990, 5, 17))
    CaseFactory(respondent=person)
    seen = []

    def receiver(sender, **kwargs):
        seen.append(kwargs)

    registration_notice_requested.connect(receiver)
    try:
        access_code_request_by_mail(a_number=person.a_number, date_of_birth=datetime.date(1990, 5, 17))
        access_code_request_by_mail(a_number=person.a_number, date_of_birth=datetime.date(1990, 5, 17))
        access_code_request_by_mail(a_number=person.a_number, date_of_birth=datetime.date(1991, 5, 17))
    finally:
        registration_notice_requested.disconnect(receiver)
    assert len(seen) == 1
    assert seen[0]["respondent_id"] == person.pk and seen[0]["reason"] == "lost_code"
    assert AccessCode.objects.get(pk=seen[0]["access_code_id"]).respondent == person
