"""Respondents in the clerk admin: A-number input, adding with a case, viewing audited."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case, Respondent
from cases.tests.factories import CaseFactory
from tests.support import login_verified

pytestmark = pytest.mark.django_db


def _respondent_post(court, judge=None, **changes):
    data = {
        "a_number": "A 123-456-78",
        "family_name": "Quispe",
        "given_name": "Rosa",
        "date_of_birth": "1988-02-03",
        "country_of_nationality": "Peru",
        "preferred_language": "qu",
        "address_line1": "1 Example Road",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "country": "US",
        "cases-TOTAL_FORMS": "1",
        "cases-INITIAL_FORMS": "0",
        "cases-MIN_NUM_FORMS": "1",
        "cases-0-court": court.pk,
        "cases-0-judge": judge.pk if judge else "",
        "cases-0-case_type": "removal",
        "cases-0-opened_on": "2026-01-05",
        "cases-0-attorney_name": "",
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_clerk_adds_a_respondent_with_a_case_in_any_a_number_form(client, clerk, court):
    login_verified(client, clerk)
    response = client.post(reverse("admin:cases_respondent_add"), _respondent_post(court))
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = Respondent.objects.get(family_name="Quispe")
    assert person.a_number == "012345678"
    assert Case.objects.get(respondent=person).court == court
    actions = set(AuditEvent.objects.filter(actor=clerk).values_list("action", "court_id"))
    assert actions == {("respondent.created", court.pk), ("case.created", court.pk)}
    created = AuditEvent.objects.get(action="respondent.created")
    assert "a_number" in created.data["fields"]
    assert "012345678" not in str(created.data) and "Quispe" not in str(created.data)


def test_a_respondent_needs_a_case_in_my_court(client, clerk, court, other_court):
    login_verified(client, clerk)
    no_case = _respondent_post(court, **{"cases-TOTAL_FORMS": "0"})
    assert client.post(reverse("admin:cases_respondent_add"), no_case).status_code == 200
    elsewhere = _respondent_post(other_court)
    response = client.post(reverse("admin:cases_respondent_add"), elsewhere)
    assert response.status_code == 200
    assert not Respondent.objects.filter(family_name="Quispe").exists()


def test_bad_a_number_shows_the_accepted_forms(client, clerk, court):
    login_verified(client, clerk)
    response = client.post(reverse("admin:cases_respondent_add"), _respondent_post(court, a_number="A12-34"))
    assert response.status_code == 200
    assert "A-123-456-789" in str(response.context["adminform"].form.errors["a_number"])


def test_change_page_shows_formatted_a_number_and_viewing_is_audited(client, clerk, respondent, court):
    login_verified(client, clerk)
    response = client.get(reverse("admin:cases_respondent_change", args=[respondent.pk]))
    assert respondent.a_number_display in response.text
    event = AuditEvent.objects.get(action="respondent.viewed")
    assert (event.actor, event.target_id, event.court_id) == (clerk, str(respondent.pk), court.pk)


def test_resaving_unchanged_a_number_is_not_a_change(client, clerk, court):
    person = CaseFactory(court=court).respondent
    login_verified(client, clerk)
    url = reverse("admin:cases_respondent_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name not in ("user",)}
    data["date_of_birth"] = person.date_of_birth.isoformat()
    data["detained"] = ""
    data.update({"cases-TOTAL_FORMS": "0", "cases-INITIAL_FORMS": "0", "family_name": "Nuevo", "_save": "Save"})
    data.pop("detained")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="respondent.changed")
    assert event.data == {"fields": ["family_name"]}
