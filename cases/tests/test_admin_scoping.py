"""Clerk court scoping in the admin: lists, change pages, form choices and saves."""

import pytest
from django.urls import reverse

from cases.models import Case
from cases.tests.factories import (
    CaseFactory,
    HearingFactory,
    JudgeFactory,
    RecordDocumentFactory,
    RespondentFactory,
)
from tests.support import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(court, other_court):
    mine = CaseFactory(court=court, respondent=RespondentFactory(family_name="Mine"))
    theirs = CaseFactory(court=other_court, respondent=RespondentFactory(family_name="Theirs"))
    return mine, theirs


def test_clerk_lists_only_own_court_cases(client, clerk, two_cases):
    mine, _theirs = two_cases
    login_verified(client, clerk)
    response = client.get(reverse("admin:cases_case_changelist"))
    assert response.status_code == 200
    ids = [case.pk for case in response.context["cl"].result_list]
    assert ids == [mine.pk]
    assert "Theirs" not in response.text


@pytest.mark.parametrize(
    "url_name, make",
    [
        ("admin:cases_case_change", lambda case: case),
        ("admin:cases_hearing_change", lambda case: HearingFactory(case=case)),
        ("admin:cases_recorddocument_change", lambda case: RecordDocumentFactory(case=case)),
        ("admin:cases_respondent_change", lambda case: case.respondent),
        ("admin:cases_judge_change", lambda case: case.judge),
        ("admin:cases_immigrationcourt_change", lambda case: case.court),
        ("admin:cases_hearing_status", lambda case: HearingFactory(case=case)),
    ],
)
def test_other_courts_records_answer_404(client, clerk, two_cases, url_name, make):
    mine, theirs = two_cases
    login_verified(client, clerk)
    assert client.get(reverse(url_name, args=[make(mine).pk])).status_code == 200
    assert client.get(reverse(url_name, args=[make(theirs).pk])).status_code == 404


def test_missing_record_is_404_too(client, clerk):
    login_verified(client, clerk)
    assert client.get(reverse("admin:cases_case_change", args=[999999])).status_code == 404


def test_form_choices_are_limited_to_own_courts(client, clerk, court, other_court, two_cases):
    mine, _theirs = two_cases
    login_verified(client, clerk)
    form = client.get(reverse("admin:cases_case_change", args=[mine.pk])).context["adminform"].form
    assert list(form.fields["court"].queryset) == [court]
    assert set(form.fields["judge"].queryset) == {mine.judge}
    hearing_form = client.get(reverse("admin:cases_hearing_add")).context["adminform"].form
    assert list(hearing_form.fields["case"].queryset) == [mine]


def _case_post(case, **changes):
    data = {
        "respondent": case.respondent_id,
        "court": case.court_id,
        "judge": case.judge_id or "",
        "case_type": case.case_type,
        "opened_on": case.opened_on.isoformat(),
        "attorney_name": "",
        "hearings-TOTAL_FORMS": "0",
        "hearings-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_clerk_cannot_move_a_case_to_another_court(client, clerk, other_court, two_cases):
    mine, _ = two_cases
    login_verified(client, clerk)
    other_judge = JudgeFactory(court=other_court)
    url = reverse("admin:cases_case_change", args=[mine.pk])
    response = client.post(url, _case_post(mine, court=other_court.pk, judge=other_judge.pk))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["court"]
    mine.refresh_from_db()
    assert mine.court_id != other_court.pk


def test_judge_must_sit_in_the_cases_court(client, superuser, court, other_court, two_cases):
    mine, _ = two_cases
    login_verified(client, superuser)
    url = reverse("admin:cases_case_change", args=[mine.pk])
    response = client.post(url, _case_post(mine, judge=JudgeFactory(court=other_court).pk))
    assert response.context["adminform"].form.errors["judge"]


def test_superuser_may_move_a_case(client, superuser, other_court, two_cases):
    mine, _ = two_cases
    login_verified(client, superuser)
    url = reverse("admin:cases_case_change", args=[mine.pk])
    response = client.post(url, _case_post(mine, court=other_court.pk, judge=""))
    assert response.status_code == 302
    assert Case.objects.get(pk=mine.pk).court_id == other_court.pk


def test_clerk_of_two_courts_sees_both(client, clerk, other_court, two_cases):
    other_court.staff.add(clerk)
    login_verified(client, clerk)
    response = client.get(reverse("admin:cases_case_changelist"))
    assert {c.pk for c in response.context["cl"].result_list} == {c.pk for c in two_cases}


def test_respondent_list_shows_people_with_a_case_in_my_courts(client, clerk, two_cases):
    login_verified(client, clerk)
    response = client.get(reverse("admin:cases_respondent_changelist"))
    assert [r.family_name for r in response.context["cl"].result_list] == ["Mine"]


def test_court_filter_offers_only_my_courts(client, clerk, court, other_court, two_cases):
    login_verified(client, clerk)
    response = client.get(reverse("admin:cases_case_changelist"))
    assert "OTH" not in response.text
    response = client.get(reverse("admin:cases_case_changelist"), {"court": str(other_court.pk)})
    assert list(response.context["cl"].result_list) == []


def test_supervisor_may_change_the_court_clerk_may_only_view(client, clerk, supervisor, court):
    url = reverse("admin:cases_immigrationcourt_change", args=[court.pk])
    login_verified(client, clerk)
    assert client.get(url).context["has_change_permission"] is False
    login_verified(client, supervisor)
    response = client.get(url)
    assert response.context["has_change_permission"] is True
    assert "staff" not in response.context["adminform"].form.fields


def test_support_agent_is_denied_court_records(client, support_agent, two_cases):
    mine, _ = two_cases
    login_verified(client, support_agent)
    assert client.get(reverse("admin:cases_case_changelist")).status_code == 403
    assert client.get(reverse("admin:cases_case_change", args=[mine.pk])).status_code in (403, 404)
    assert client.get(reverse("admin:cases_respondent_changelist")).status_code == 403
