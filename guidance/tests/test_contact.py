"""Contact page: hours in Eastern Time and in the signed-in respondent's court zone; free legal help per court."""

import datetime

import pytest
from django.urls import reverse

from cases.tests.factories import CourtFactory
from guidance.hours import support_hours_in
from guidance.tests.factories import LegalServiceProviderFactory

pytestmark = pytest.mark.django_db

URL = reverse("guidance:contact")


def test_hours_convert_to_another_zone(settings):
    settings.SUPPORT_HOURS_START = "08:00"
    settings.SUPPORT_HOURS_END = "20:00"
    settings.SUPPORT_TIMEZONE = "America/New_York"
    pacific = support_hours_in("America/Los_Angeles", on=datetime.date(2026, 7, 1))
    assert (pacific.start, pacific.end, pacific.zone_name) == ("5:00 AM", "5:00 PM", "Pacific Time")
    # Arizona keeps standard time all year: 3 hours behind New York in summer, 2 in winter.
    assert support_hours_in("America/Phoenix", on=datetime.date(2026, 7, 1)).start == "5:00 AM"
    assert support_hours_in("America/Phoenix", on=datetime.date(2026, 1, 15)).start == "6:00 AM"


def test_anonymous_visitor_sees_eastern_hours_only(client, settings):
    settings.SUPPORT_PHONE = "(555) 010-0142"
    html = client.get(URL).content.decode()
    assert "In Eastern Time: 8:00 AM to 8:00 PM." in html
    assert "At your court" not in html
    assert 'href="tel:+15550100142"' in html
    assert "cannot" in html and "legal advice" in html


def test_signed_in_respondent_sees_hours_in_their_courts_zone(respondent_client, respondent):
    court = respondent.cases.get().court
    court.time_zone = "America/Los_Angeles"
    court.save(update_fields=["time_zone"])
    html = respondent_client.get(URL).content.decode()
    assert "In Eastern Time: 8:00 AM to 8:00 PM." in html
    assert f"At your court, {court.name} (Pacific Time): 5:00 AM to 5:00 PM." in html


def test_respondent_sees_their_courts_legal_help_only(respondent_client, respondent, other_court):
    court = respondent.cases.get().court
    LegalServiceProviderFactory(court=court, name="Testville Free Legal Clinic")
    LegalServiceProviderFactory(court=court, name="Closed Clinic", active=False)
    LegalServiceProviderFactory(court=other_court, name="Otherton Legal Aid")
    html = respondent_client.get(URL).content.decode()
    assert "Testville Free Legal Clinic" in html
    assert "Closed Clinic" not in html
    assert "Otherton Legal Aid" not in html
    assert 'name="court"' not in html  # no filter: the list is already theirs


def test_visitor_filters_legal_help_by_court(client, court, other_court, django_assert_max_num_queries):
    LegalServiceProviderFactory(court=court, name="Testville Free Legal Clinic", languages="Spanish, K'iche'")
    LegalServiceProviderFactory(court=other_court, name="Otherton Legal Aid")
    html = client.get(URL).content.decode()
    assert '<option value="TST"' in html and '<option value="OTH"' in html
    assert "Testville Free Legal Clinic" not in html
    with django_assert_max_num_queries(4):
        html = client.get(URL, {"court": "OTH"}).content.decode()
    assert "Otherton Legal Aid" in html
    assert "Testville Free Legal Clinic" not in html
    assert '<option value="OTH" selected>' in html


def test_court_without_providers_says_so(client):
    CourtFactory(code="EMP", name="Empty Immigration Court")
    LegalServiceProviderFactory(court=CourtFactory(code="FUL"), name="Full Clinic")
    html = client.get(URL, {"court": "EMP"}).content.decode()
    assert "<h3>Empty Immigration Court</h3>" in html
    assert "There is no free legal help listed for this court yet." in html
    assert "Full Clinic" not in html


def test_password_only_session_sees_the_public_page_not_their_court(client, respondent, other_court):
    """Below the second factor nothing of the case shows, not even the court (issue 13, finding 7)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    court = respondent.cases.get().court
    LegalServiceProviderFactory(court=court, name="Testville Free Legal Clinic")
    LegalServiceProviderFactory(court=other_court, name="Otherton Legal Aid")
    TOTPDevice.objects.create(user=respondent.user, name="Authenticator app", confirmed=True)
    client.force_login(respondent.user)  # password passed, second factor not yet
    html = client.get(URL).content.decode()
    assert "At your court" not in html
    assert "Testville Free Legal Clinic" not in html and "<h3>Testville Immigration Court</h3>" not in html
    assert 'name="court"' in html  # the public filter, as an anonymous visitor sees it
    assert html.count("In Eastern Time: 8:00 AM to 8:00 PM.") == 1
