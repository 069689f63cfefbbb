"""Issue 13, finding 3: no audit event keeps a person's name, A-number or email address.

Here because it drives flows of every app below filings (the audit app's own tests import none).
Each event is checked column by column; `data.reason` is typed by staff on purpose and is the only
free text the log keeps (none of these flows puts a name in it).
"""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.services import account_unlock
from audit.actions import AuditAction
from audit.models import AuditEvent
from audit.services import audit_record
from cases import services as case_services
from cases.models import Case, Hearing, Respondent
from cases.tests.test_admin_respondents import _respondent_post
from conftest import login_verified
from filings import services as filing_services

pytestmark = pytest.mark.django_db


def _secrets_of(person: Respondent) -> list[str]:
    values = [person.given_name, person.family_name, person.a_number, person.a_number_display]
    values += [person.a_number_display.replace("-", ""), person.full_name]
    if person.user is not None:
        values.append(person.user.email)
    return [v for v in values if v]


def _columns(event: AuditEvent) -> dict[str, str]:
    columns = {}
    for field in AuditEvent._meta.concrete_fields:
        value = getattr(event, field.attname)
        columns[field.name] = json.dumps(value, default=str, ensure_ascii=False) if field.name == "data" else str(value)
    return columns


def _leaks(secrets: list[str]) -> list[tuple]:
    found = []
    for event in AuditEvent.objects.all():
        for name, text in _columns(event).items():
            found += [(event.action, name, secret) for secret in secrets if secret.lower() in text.lower()]
    return found


def test_actions_on_people_cases_hearings_users_and_filings_leave_no_names(
    client, respondent_client, respondent, clerk, support_agent, court
):
    case = respondent.cases.get()
    # Filing: a respondent starts a draft and files a document (over HTTP).
    respondent_client.post(reverse("filings:start", args=[case.pk]), {"filing_type": "motion"})
    filing = case.filings.get()
    filing_services.filing_withdraw(filing=filing, actor=respondent.user)
    # Respondent and case: a clerk adds someone in the admin (over HTTP).
    login_verified(client, clerk)
    assert client.post(reverse("admin:cases_respondent_add"), _respondent_post(court)).status_code == 302
    added = Respondent.objects.get(family_name="Quispe")
    # Hearing and case status: the court's services.
    hearing = Hearing(case=case, starts_at=timezone.now() + datetime.timedelta(days=40), courtroom="2")
    case_services.hearing_create(hearing=hearing, actor=clerk)
    case_services.case_status_change(case=Case.objects.get(respondent=added), status="decided", actor=clerk)
    # User: a support agent unlocks the respondent's account.
    account_unlock(user=respondent.user, actor=support_agent, reason="Called the help line")
    # Any other caller that hands a person or case as the target.
    audit_record(actor=clerk, action=AuditAction.RESPONDENT_VIEWED, target=respondent, case=case)
    audit_record(actor=clerk, action=AuditAction.CASE_VIEWED, target=case, case=case)

    actions = set(AuditEvent.objects.values_list("target_type", flat=True))
    assert {"cases.respondent", "cases.case", "cases.hearing", "accounts.user", "filings.filing"} <= actions
    assert _leaks(_secrets_of(respondent) + _secrets_of(added)) == []


def test_the_label_names_the_kind_of_record_and_its_id(respondent, clerk):
    case = respondent.cases.get()
    for target, kind in [(respondent, "Respondent"), (case, "Case"), (respondent.user, "User")]:
        event = audit_record(actor=clerk, action=AuditAction.CASE_VIEWED, target=target, case=case)
        assert event.target_label == f"{kind} {target.pk}"
        assert (event.target_type, event.target_id) == (target._meta.label_lower, str(target.pk))


def test_the_label_is_english_whatever_the_language_of_the_request(respondent, clerk):
    from django.utils import translation

    with translation.override("es"):
        event = audit_record(actor=clerk, action=AuditAction.CASE_VIEWED, target=respondent)
    assert event.target_label == f"Respondent {respondent.pk}"
