"""Clerk admin search: A-numbers in any accepted form, names by prefix, court codes; audited."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.tests.factories import CaseFactory, HearingFactory, RespondentFactory
from tests.support import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(court, other_court):
    maria = RespondentFactory(a_number="012345678", given_name="María", family_name="Pérez")
    jose = RespondentFactory(a_number="987654321", given_name="José", family_name="Martínez")
    hidden = RespondentFactory(a_number="111222333", given_name="Mario", family_name="Pérez")
    return {
        "maria": CaseFactory(respondent=maria, court=court),
        "jose": CaseFactory(respondent=jose, court=court),
        "hidden": CaseFactory(respondent=hidden, court=other_court),
    }


def _search(client, url_name, q):
    response = client.get(reverse(url_name), {"q": q})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.mark.parametrize("q", ["A012345678", "A-012-345-678", "012 345 678", "12345678", "a012345678", " 012345678 "])
def test_case_search_by_a_number_in_any_form(client, clerk, people, q):
    login_verified(client, clerk)
    assert _search(client, "admin:cases_case_changelist", q) == [people["maria"]]


def test_a_number_of_another_court_finds_nothing(client, clerk, people):
    login_verified(client, clerk)
    assert _search(client, "admin:cases_case_changelist", "A-111-222-333") == []


def test_search_by_name_prefix_any_case(client, clerk, people):
    login_verified(client, clerk)
    assert _search(client, "admin:cases_case_changelist", "pér") == [people["maria"]]
    assert _search(client, "admin:cases_case_changelist", "MART") == [people["jose"]]
    assert _search(client, "admin:cases_case_changelist", "maría pérez") == [people["maria"]]
    assert _search(client, "admin:cases_case_changelist", "érez") == []  # prefix, not substring


def test_search_by_court_code(client, clerk, people, court):
    login_verified(client, clerk)
    found = _search(client, "admin:cases_case_changelist", court.code.lower())
    assert {c.pk for c in found} == {people["maria"].pk, people["jose"].pk}
    assert _search(client, "admin:cases_case_changelist", "OTH") == []


def test_respondent_search_by_a_number_and_name(client, clerk, people):
    login_verified(client, clerk)
    assert _search(client, "admin:cases_respondent_changelist", "A-987-654-321") == [people["jose"].respondent]
    assert _search(client, "admin:cases_respondent_changelist", "jos") == [people["jose"].respondent]
    assert _search(client, "admin:cases_respondent_changelist", "Pérez") == [people["maria"].respondent]


def test_hearing_search_by_a_number(client, clerk, people):
    hearing = HearingFactory(case=people["jose"])
    HearingFactory(case=people["maria"])
    login_verified(client, clerk)
    assert _search(client, "admin:cases_hearing_changelist", "987654321") == [hearing]


def test_searching_people_is_audited_without_the_term(client, clerk, people):
    login_verified(client, clerk)
    _search(client, "admin:cases_case_changelist", "A-012-345-678")
    event = AuditEvent.objects.get(action="respondent.searched")
    assert event.actor == clerk
    assert event.data == {"by": "a_number", "list": "case"}
    assert "012345678" not in str(event.data) + event.target_label
