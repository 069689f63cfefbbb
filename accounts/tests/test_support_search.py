"""The support console's account search (issue 13): a search term is required, every search is
audited without the term in clear and limited per agent, no lookup but the search answers, and
nobody who holds a staff role (whatever is_staff says) can be found, opened or acted on."""

import json

import pytest
from django.urls import reverse
from django.utils.crypto import salted_hmac

from accounts.models import User
from accounts.services import role_assign
from accounts.support import site
from accounts.tests.factories import UserFactory
from audit.models import AuditEvent
from conftest import login_verified

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("support:accounts_user_changelist")
ACTIONS = ["unlock", "reset-factors", "reissue-code", "deactivate", "reactivate"]


@pytest.fixture
def person(respondent):
    respondent.a_number = "246813579"
    respondent.save()
    return respondent.user


@pytest.fixture
def agent_user(roles):
    """A support agent WITHOUT is_staff: the console must not rely on that flag."""
    user = UserFactory(email="agent@example.org")
    role_assign(user=user, role_key="support")
    return user


@pytest.fixture
def agent(client, agent_user):
    return login_verified(client, agent_user)


def _term_hash(kind: str, value: str) -> str:
    return salted_hmac("accounts.support.search-term", f"{kind}:{value}", algorithm="sha256").hexdigest()


# --- a term is required ----------------------------------------------------------------------------


def test_without_a_term_the_console_shows_a_search_page_and_no_rows(agent, person, other_respondent):
    page = agent.get(CHANGELIST)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Search for an account by email, A-number or name" in text
    assert person.email not in text and other_respondent.user.email not in text
    assert "Pérez" not in text and "A-246-813-579" not in text
    assert 'name="q"' in text  # the search box itself


def test_a_page_number_out_of_range_answers_a_page_not_an_error(agent, person):
    response = agent.get(CHANGELIST, {"q": "pérez", "p": "999"}, follow=True)
    assert response.status_code == 200


# --- every search and listing is audited, the term never in clear ----------------------------------


@pytest.mark.parametrize(
    ("q", "kind", "value", "secret"),
    [
        ("A-246-813-579", "a_number", "246813579", "246813579"),
        ("Respondent@Example.org", "email", "respondent@example.org", "respondent@example"),
        ("María  Pérez", "name", "maría pérez", "rez"),
    ],
)
def test_every_search_is_audited_with_a_keyed_hash_of_the_term(agent, agent_user, person, q, kind, value, secret):
    response = agent.get(CHANGELIST, {"q": q})
    assert response.status_code == 200 and person.email in response.content.decode()
    event = AuditEvent.objects.get(action="account.searched")
    assert event.actor == agent_user and event.actor_role == "support" and event.outcome == "success"
    assert event.data["kind"] == kind and event.data["page"] == 1
    assert event.data["term_hash"] == _term_hash(kind, value)
    stored = json.dumps(event.data, ensure_ascii=False).lower() + event.target_label.lower()
    assert secret.lower() not in stored and "a-246" not in stored


def test_each_page_of_results_is_audited(agent, person):
    agent.get(CHANGELIST, {"q": "pérez"})
    agent.get(CHANGELIST, {"q": "pérez", "p": "1"})
    pages = sorted(e.data["page"] for e in AuditEvent.objects.filter(action="account.searched"))
    assert pages == [1, 1]


def test_searches_are_limited_per_agent_with_a_clear_message(agent, person, settings, support_agent):
    settings.SUPPORT_SEARCH_LIMITS = [(600, 3)]
    for _i in range(3):
        assert agent.get(CHANGELIST, {"q": "pérez"}).status_code == 200
    refused = agent.get(CHANGELIST, {"q": "pérez"})
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "You have searched many times in a short time" in text
    assert person.email not in text
    assert AuditEvent.objects.filter(action="account.searched", outcome="success").count() == 3
    assert AuditEvent.objects.filter(action="account.searched", outcome="denied").count() == 1
    # Another agent is not held back by the first one's searches.
    other = login_verified(type(agent)(), support_agent)
    assert person.email in other.get(CHANGELIST, {"q": "pérez"}).content.decode()


# --- no lookups but the search: not an oracle for password hashes or A-numbers ---------------------


@pytest.mark.parametrize(
    "params",
    [
        {"password__startswith": "argon2"},
        {"password__startswith": "md5"},
        {"password__regex": "^md5"},
        {"email__regex": "^resp"},
        {"respondent__a_number__startswith": "123"},
        {"groups__name": "Clerk"},
        {"respondent__cases__court__code": "TST"},
        {"sign_in_guard__total_failures__gte": "0"},
        {"is_staff__exact": "0"},
        {"o": "1"},
        {"all": ""},
        {"_to_field": "password"},
        {"no_such_field": "x"},
    ],
)
@pytest.mark.parametrize("q", ["", "pérez"])
def test_any_lookup_but_the_search_answers_400(agent, person, params, q):
    response = agent.get(CHANGELIST, {"q": q, **params} if q else params)
    assert response.status_code == 400
    assert person.email not in response.content.decode()
    assert not AuditEvent.objects.filter(action="account.searched", outcome="success").exists()
    refused = AuditEvent.objects.get(action="account.searched", outcome="denied")
    assert refused.data["why"] == "lookup" and refused.data["params"] == sorted(params)


def test_lookup_allowed_refuses_every_field_lookup():
    model_admin = site.get_model_admin(User)
    for lookup in ("password__startswith", "email", "respondent__a_number", "is_active", "id"):
        assert model_admin.lookup_allowed(lookup, "x", None) is False


# --- nobody with a staff role can be found, opened or acted on -------------------------------------


@pytest.fixture
def staff_people(roles, court, agent_user):
    """Staff of every kind, none of them flagged is_staff: roles and court assignments decide."""
    other_agent = UserFactory(email="other.agent@example.org")
    role_assign(user=other_agent, role_key="support")
    role_clerk = UserFactory(email="role.clerk@example.org")
    role_assign(user=role_clerk, role_key="clerk")
    role_supervisor = UserFactory(email="role.supervisor@example.org")
    role_assign(user=role_supervisor, role_key="supervisor")
    court_clerk = UserFactory(email="court.clerk@example.org")  # assigned to a court, no group yet
    court.staff.add(court_clerk)
    flagged = UserFactory(email="flagged@example.org", is_staff=True)
    admin = UserFactory(email="root@example.org", is_superuser=True)
    return {
        "self": agent_user,
        "other agent": other_agent,
        "clerk by role": role_clerk,
        "supervisor by role": role_supervisor,
        "clerk by court": court_clerk,
        "is_staff": flagged,
        "superuser": admin,
    }


@pytest.mark.parametrize(
    "who", ["self", "other agent", "clerk by role", "supervisor by role", "clerk by court", "is_staff", "superuser"]
)
def test_staff_accounts_cannot_be_found_opened_or_changed(agent, person, staff_people, who, mailoutbox):
    target = staff_people[who]
    target.refresh_from_db()
    assert agent.get(reverse("support:accounts_user_change", args=[target.pk])).status_code == 404
    for action in ACTIONS:
        url = reverse("support:accounts_user_action", args=[target.pk, action])
        assert agent.get(url).status_code == 404, action
        assert agent.post(url, {"reason": "Ticket 4411, caller verified"}).status_code == 404, action
    listed = agent.get(CHANGELIST, {"q": target.email}).content.decode()
    assert target.email not in listed.replace(f'value="{target.email}"', "")
    target.refresh_from_db()
    assert target.is_active
    assert not AuditEvent.objects.filter(target_type="accounts.user", target_id=str(target.pk)).exists()
    assert mailoutbox == []
    # The respondent stays reachable.
    assert agent.get(reverse("support:accounts_user_change", args=[person.pk])).status_code == 200
