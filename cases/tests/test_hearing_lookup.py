"""The public hearing lookup over HTTP: A-number in any accepted form plus country of nationality, no sign-in;
one identical answer for every mismatch; throttled per client and per A-number; every lookup audited with an
HMAC of the A-number, never the number (ADR 0110)."""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from audit.actions import AuditAction
from audit.models import AuditEvent
from cases.models import Case, CaseQuerySet, Hearing
from cases.services.lookup import a_number_hmac
from cases.tests.factories import CaseFactory, HearingFactory, RespondentFactory

URL = "/hearing-lookup/"
START = datetime.datetime(2031, 3, 10, 14, 0, tzinfo=datetime.UTC)  # Monday 9:00 AM in Chicago
A_NUMBER = "087654321"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters(settings):
    settings.HEARING_LOOKUP_CLIENT_LIMIT = 30
    settings.HEARING_LOOKUP_A_NUMBER_LIMIT = 10
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(court):
    """A respondent from Mexico (written with its accent, as a clerk might) with an in-person hearing."""
    person = RespondentFactory(
        a_number=A_NUMBER, given_name="Xiomara", family_name="Quillfeather", country_of_nationality="México"
    )
    case = CaseFactory(respondent=person, court=court)
    HearingFactory(case=case, starts_at=START, courtroom="12")
    HearingFactory(case=case, starts_at=START + datetime.timedelta(days=60))
    return person


def lookup(client, a_number, country, ip="203.0.113.7"):
    return client.post(URL, {"a_number": a_number, "country": country}, REMOTE_ADDR=ip)


def page_without_echo(response, *echoed) -> str:
    """The page with the CSRF token and the visitor's own input taken out (those differ by design)."""
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    for text in echoed:
        body = body.replace(f'value="{text}"', 'value=""')
    return body


def test_the_page_opens_without_signing_in_and_names_the_help_line(client, settings):
    settings.SUPPORT_PHONE = "(555) 010-0166"
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Look up your next hearing" in text
    assert "(555) 010-0166" in text and "English and Spanish" in text
    assert "<script" not in text.split("<main", 1)[1].split("</main>", 1)[0]  # nothing on the page needs JavaScript


@pytest.mark.parametrize(
    "typed", ["A087654321", "A-087-654-321", "087 654 321", "87654321", "a087654321", " 087-654-321 ", "A 87654321"]
)
def test_a_hit_in_every_accepted_a_number_form(client, person, court, typed):
    response = lookup(client, typed, "Mexico")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="lookup-answer"' in text
    assert "Monday, March 10, 2031" in text and "9:00 AM Central Time" in text  # the court's zone, named
    assert "In person, at the court:" in text and court.name in text and court.address_line1 in text
    assert court.phone in text
    for private in ["Xiomara", "Quillfeather", person.cases.get().judge.name]:
        assert private not in text


@pytest.mark.parametrize("country", ["mexico", "MEXICO", "México", "  Mexico ", "méxico", "MÉXICO"])
def test_the_country_matches_without_case_or_accents(client, person, country):
    assert 'data-testid="lookup-answer"' in lookup(client, A_NUMBER, country).content.decode()


def test_a_country_in_spanish_matches_a_name_on_file_in_english(client, court):
    person = RespondentFactory(a_number="112233445", country_of_nationality="United States")
    HearingFactory(case=CaseFactory(respondent=person, court=court), starts_at=START)
    assert 'data-testid="lookup-answer"' in lookup(client, "112233445", "Estados Unidos").content.decode()


def test_a_video_hearing_says_video_and_gives_no_link(client, court):
    person = RespondentFactory(a_number="123123123", country_of_nationality="Honduras")
    HearingFactory(
        case=CaseFactory(respondent=person, court=court),
        starts_at=START,
        mode=Hearing.Mode.INTERNET,
        video_url="https://meet.example.org/secret-room",
    )
    text = lookup(client, "123123123", "honduras").content.decode()
    assert "By video (internet-based hearing)." in text
    assert "secret-room" not in text and court.address_line1 not in text


def test_every_mismatch_gives_the_same_page(client, person, court, monkeypatch):
    past_only = RespondentFactory(a_number="555666777", country_of_nationality="Mexico")
    past_case = CaseFactory(respondent=past_only, court=court)
    HearingFactory(case=past_case, starts_at=datetime.datetime(2020, 1, 6, 15, tzinfo=datetime.UTC))
    HearingFactory(case=past_case, starts_at=START, status=Hearing.Status.CANCELLED)
    pages = [
        page_without_echo(lookup(client, "A-999-999-999", "Mexico"), "A-999-999-999", "Mexico"),  # no such A-number
        page_without_echo(lookup(client, A_NUMBER, "Honduras"), A_NUMBER, "Honduras"),  # wrong country
        page_without_echo(lookup(client, "555666777", "Mexico"), "555666777", "Mexico"),  # nothing upcoming
    ]
    # A protected case (a later issue's flags) looks exactly like the others: nothing is answerable.
    monkeypatch.setattr(CaseQuerySet, "publicly_answerable", lambda self: self.none())
    pages.append(page_without_echo(lookup(client, A_NUMBER, "Mexico"), A_NUMBER, "Mexico"))
    assert 'data-testid="lookup-miss"' in pages[0]
    assert "We could not find an upcoming hearing that matches" in pages[0]
    assert all(page == pages[0] for page in pages[1:])
    assert AuditEvent.objects.filter(action=AuditAction.HEARING_LOOKUP_NOT_FOUND).count() == 4


def test_the_lookup_asks_publicly_answerable_for_the_cases_it_may_answer(client, person, monkeypatch):
    """The hook the protection issue changes: a case this method leaves out is never answered."""
    keep_out = person.cases.get().pk
    monkeypatch.setattr(CaseQuerySet, "publicly_answerable", lambda self: self.exclude(pk=keep_out))
    assert 'data-testid="lookup-miss"' in lookup(client, A_NUMBER, "Mexico").content.decode()
    other_case = CaseFactory(respondent=person, court=person.cases.get().court)
    HearingFactory(case=other_case, starts_at=START + datetime.timedelta(days=5))
    text = lookup(client, A_NUMBER, "Mexico").content.decode()
    assert "Saturday, March 15, 2031" in text  # only the answerable case's hearing
    assert Case.objects.publicly_answerable().count() == 1


def test_a_misspelt_country_gets_check_the_spelling_with_names_from_the_list_only(client, person):
    on_file = lookup(client, A_NUMBER, "Mexicco")
    not_on_file = lookup(client, "A-999-999-999", "Mexicco")
    for response in (on_file, not_on_file):
        text = response.content.decode()
        assert response.status_code == 200
        assert "Check the spelling" in text
        assert "Did you mean: Mexico?" in text
        assert 'value="Mexicco"' in text  # nothing typed is lost
        assert 'data-testid="lookup-miss"' not in text and 'data-testid="lookup-answer"' not in text
    # The suggestion depends only on what was typed, never on what is on file for the A-number.
    assert page_without_echo(on_file, A_NUMBER) == page_without_echo(not_on_file, "A-999-999-999")
    assert not AuditEvent.objects.filter(action__startswith="hearing_lookup.").exists()  # nothing was looked up


def test_a_name_no_list_knows_gets_a_clear_message(client, person):
    text = lookup(client, A_NUMBER, "Zzyzx").content.decode()
    assert "We do not know a country called" in text and "Check the spelling" in text


@pytest.mark.parametrize("typed", ["12", "A12345678901", "B123456789", "123-45-6789x", ""])
def test_a_malformed_a_number_names_the_accepted_forms_and_keeps_the_country(client, typed):
    text = lookup(client, typed, "Guatemala").content.decode()
    assert "Enter an A-number of 8 or 9 digits" in text or "This field is required" in text
    assert 'value="Guatemala"' in text
    assert not AuditEvent.objects.exists()


def test_1000_lookups_from_one_client_are_throttled_after_the_limit(client, person):
    statuses = [lookup(client, f"{300000000 + n:09d}", "Mexico", ip="198.51.100.9").status_code for n in range(1000)]
    assert statuses[:30] == [200] * 30
    assert set(statuses[30:]) == {429}
    refused = lookup(client, A_NUMBER, "Mexico", ip="198.51.100.9")  # even a right pair, from that client
    assert refused.status_code == 429
    assert "Too many lookups" in refused.content.decode()
    assert "lookup-answer" not in refused.content.decode()
    # Another client is answered; the flood left 30 lookups and one refusal in the audit log, not 1,000 rows.
    assert 'data-testid="lookup-answer"' in lookup(client, A_NUMBER, "Mexico", ip="198.51.100.10").content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.HEARING_LOOKUP_NOT_FOUND).count() == 30
    throttled = AuditEvent.objects.get(action=AuditAction.HEARING_LOOKUP_THROTTLED)
    assert throttled.data["limit"] == "client" and throttled.ip_address == "198.51.100.9"


@pytest.mark.parametrize("a_number", [A_NUMBER, "444555666"])  # on file, and not: the refusal is no oracle
def test_lookups_for_one_a_number_are_throttled_from_any_client(client, person, a_number):
    for n in range(10):
        assert lookup(client, a_number, "Mexico", ip=f"192.0.2.{n + 1}").status_code == 200
    refused = lookup(client, a_number, "Mexico", ip="192.0.2.200")
    assert refused.status_code == 429
    assert "Too many lookups" in refused.content.decode()
    # Those clients may still look up another number.
    assert lookup(client, "A-999-999-999", "Mexico", ip="192.0.2.200").status_code == 200
    assert AuditEvent.objects.get(action=AuditAction.HEARING_LOOKUP_THROTTLED).data["limit"] == "a_number"


def test_every_lookup_is_audited_with_an_hmac_never_the_a_number(client, person):
    lookup(client, "A-087-654-321", "Mexico")
    lookup(client, "87654321", "Honduras")
    hit, miss = AuditEvent.objects.filter(action__startswith="hearing_lookup.").order_by("id")
    assert hit.action == AuditAction.HEARING_LOOKUP_ANSWERED and hit.case_id == person.cases.get().pk
    assert miss.action == AuditAction.HEARING_LOOKUP_NOT_FOUND and miss.case_id is None
    assert hit.data["a_number_hmac"] == miss.data["a_number_hmac"] == a_number_hmac(A_NUMBER)
    for event in (hit, miss):
        dumped = json.dumps(event.data) + event.target_label
        assert A_NUMBER not in dumped and "87654321" not in dumped and "654-321" not in dumped


def test_without_a_working_cache_the_lookup_refuses_rather_than_answer_unthrottled(client, person, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "incr", down)
    response = lookup(client, A_NUMBER, "Mexico")
    assert response.status_code == 503
    assert "not available right now" in response.content.decode()
    assert "lookup-answer" not in response.content.decode()


def test_the_a_number_never_travels_in_a_url(client, person):
    response = client.get(URL, {"a_number": A_NUMBER, "country": "Mexico"})
    assert response.status_code == 200
    assert "lookup-answer" not in response.content.decode()  # a GET only shows the form


@pytest.mark.parametrize("page", ["home", "account_login", "guidance:index"])
def test_the_sign_in_page_the_front_door_and_the_help_centre_link_to_it(client, page):
    assert f'href="{reverse("hearing_lookup")}"' in client.get(reverse(page)).content.decode()


def test_suggestions_are_in_the_language_of_the_page(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    text = lookup(client, "A-999-999-999", "Mexicco").content.decode()
    assert '<html lang="es"' in text and "México" in text
