"""Respondent case pages: access, next hearing first, time zones, deadlines, status, hearings history, record list."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import StaffFactory
from cases.models import Case, Hearing, RecordDocument
from cases.tests.factories import HearingFactory, RecordDocumentFactory
from tests.support import login_verified

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
NEAR_FUTURE_YEAR = datetime.date.today().year + 1


def chicago(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=CHICAGO)


def case_urls(case: Case, hearing: Hearing, document: RecordDocument) -> list[str]:
    return [
        reverse("cases:hearings", args=[case.pk]),
        reverse("cases:case_calendar", args=[case.pk]),
        reverse("cases:record", args=[case.pk]),
        reverse("cases:record_download", args=[case.pk]),
        reverse("cases:hearing_calendar", args=[hearing.pk]),
        reverse("cases:document_download", args=[document.pk]),
        reverse("cases:document_view", args=[document.pk]),
    ]


@pytest.fixture
def case(respondent):
    return respondent.cases.get()


@pytest.fixture
def others(other_respondent):
    other_case = other_respondent.cases.get()
    return other_case, HearingFactory(case=other_case), RecordDocumentFactory(case=other_case)


def test_anonymous_is_sent_to_sign_in(client, others):
    other_case, hearing, document = others
    for url in [reverse("cases:dashboard"), *case_urls(other_case, hearing, document)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_another_respondents_case_hearing_and_documents_answer_404(respondent_client, others):
    for url in case_urls(*others):
        assert respondent_client.get(url).status_code == 404, url


def test_unknown_ids_answer_404_like_other_peoples(respondent_client):
    for url in ["/cases/999999/hearings/", "/cases/999999/record.zip", "/cases/documents/999999/download/"]:
        assert respondent_client.get(url).status_code == 404


def test_staff_without_a_case_go_to_admin_and_cannot_open_case_pages(client, clerk, others):
    login_verified(client, clerk)
    assert client.get(reverse("cases:dashboard"))["Location"] == reverse("admin:index")
    for url in case_urls(*others):
        assert client.get(url).status_code == 404, url


def test_account_without_a_case_sees_an_explanation(client, db):
    login_verified(client, StaffFactory(email="plain@example.org", is_staff=False))
    response = client.get(reverse("cases:dashboard"))
    assert response.status_code == 200
    assert "No case is linked to your account yet" in response.text


def test_sign_in_lands_on_the_dashboard():
    assert settings.LOGIN_REDIRECT_URL == "cases:dashboard"
    assert reverse(settings.LOGIN_REDIRECT_URL) == "/cases/"


def test_dashboard_shows_the_next_hearing_first_in_the_courts_time(respondent_client, case):
    later = HearingFactory(case=case, starts_at=chicago(NEAR_FUTURE_YEAR, 7, 14, 13, 30))
    sooner = HearingFactory(case=case, starts_at=chicago(NEAR_FUTURE_YEAR, 3, 9, 9, 0), courtroom="12")
    HearingFactory(case=case, starts_at=chicago(NEAR_FUTURE_YEAR, 1, 5, 9, 0), status=Hearing.Status.CANCELLED)
    html = respondent_client.get(reverse("cases:dashboard")).text
    sooner_date = f"{sooner.starts_at.astimezone(CHICAGO):%A, %B} 9, {NEAR_FUTURE_YEAR}"
    assert sooner_date in html
    assert "9:00 AM Central Time" in html
    assert "Courtroom 12" in html
    assert later.starts_at.astimezone(CHICAGO).strftime("%B 14") not in html  # only the next one is featured
    assert "You have 1 more hearing scheduled." in html
    # The hearing comes before everything else about the case.
    assert html.index(sooner_date) < html.index("Where your case stands") < html.index(case.court.name)
    assert html.index("Your next hearing") < html.index("Type of case")


def test_time_zone_label_follows_daylight_saving_time(respondent_client, case):
    # 14:00 UTC is 9:00 AM in Chicago in summer (CDT) and 8:00 AM in winter (CST).
    summer = datetime.datetime(NEAR_FUTURE_YEAR, 7, 1, 14, 0, tzinfo=datetime.UTC)
    HearingFactory(case=case, starts_at=summer)
    assert "9:00 AM Central Time" in respondent_client.get(reverse("cases:dashboard")).text
    Hearing.objects.filter(case=case).update(
        starts_at=datetime.datetime(NEAR_FUTURE_YEAR, 12, 1, 14, 0, tzinfo=datetime.UTC)
    )
    assert "8:00 AM Central Time" in respondent_client.get(reverse("cases:dashboard")).text


def test_documents_due_15_days_before_the_hearing(respondent_client, case):
    HearingFactory(case=case, starts_at=chicago(NEAR_FUTURE_YEAR, 3, 20, 9, 0))
    text = respondent_client.get(reverse("cases:dashboard")).text
    due = datetime.date(NEAR_FUTURE_YEAR, 3, 5)
    assert f"due by {due:%A, %B} 5, {NEAR_FUTURE_YEAR}" in text


def test_video_hearing_shows_link_meeting_details_and_dial_in(respondent_client, case):
    HearingFactory(
        case=case,
        mode=Hearing.Mode.INTERNET,
        video_url="https://video.example.org/room/42",
        meeting_details="Meeting ID 555 0100, passcode 1234",
        dial_in="(555) 010-0142",
        hearing_type=Hearing.HearingType.INDIVIDUAL,
    )
    text = respondent_client.get(reverse("cases:dashboard")).text
    assert 'href="https://video.example.org/room/42"' in text
    assert "Meeting ID 555 0100, passcode 1234" in text
    assert "(555) 010-0142" in text
    assert "Hearing on your case (individual hearing)" in text
    assert case.court.address_line1 not in text


def test_status_is_explained_and_court_and_judge_named(respondent_client, case):
    text = respondent_client.get(reverse("cases:dashboard")).text
    assert "Your case is open" in text
    assert "Go to every hearing." in text
    assert "No hearing is scheduled in this case right now." in text
    assert case.court.name in text and case.judge.name in text
    assert "unread notice" in text


def test_attorney_of_record_is_named_and_filing_goes_through_them(respondent_client, case):
    Case.objects.filter(pk=case.pk).update(attorney_of_record=True, attorney_name="Jordan Example, Esq.")
    text = respondent_client.get(reverse("cases:dashboard")).text
    assert "Jordan Example, Esq. is your attorney of record" in text
    assert "must be filed by your attorney" in text
    assert reverse("filings:start", args=[case.pk]) not in text
    assert reverse("filings:address_change", args=[case.pk]) not in text


def test_without_an_attorney_the_respondent_can_file(respondent_client, case):
    text = respondent_client.get(reverse("cases:dashboard")).text
    assert reverse("filings:start", args=[case.pk]) in text


def test_unread_notices_count_comes_from_the_notices_app(respondent_client, monkeypatch):
    from django.db.models import Value

    from notices import selectors

    monkeypatch.setattr(selectors, "unread_count_expression", lambda user_ref: Value(3))
    assert "You have 3 unread notices." in respondent_client.get(reverse("cases:dashboard")).text


def test_spanish_dates(respondent_client, case):
    HearingFactory(case=case, starts_at=datetime.datetime(2031, 3, 10, 14, 0, tzinfo=datetime.UTC))  # a Monday
    respondent_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    text = respondent_client.get(reverse("cases:dashboard")).text
    assert "lunes, 10 de marzo de 2031" in text
    assert "9:00 a.m." in text
    assert "domingo, 23 de febrero de 2031" in text  # documents due 15 days before


def test_hearings_page_lists_upcoming_then_past_with_status_reason_and_moves(respondent_client, case):
    old = HearingFactory(
        case=case,
        starts_at=chicago(NEAR_FUTURE_YEAR, 2, 2, 9, 0),
        status=Hearing.Status.ADJOURNED,
        adjournment_reason="The interpreter was not available.",
    )
    new = HearingFactory(case=case, starts_at=chicago(NEAR_FUTURE_YEAR, 4, 6, 13, 0), replaces=old)
    past = HearingFactory(
        case=case, starts_at=datetime.datetime(2020, 1, 6, 15, 0, tzinfo=datetime.UTC), status=Hearing.Status.COMPLETED
    )
    text = respondent_client.get(reverse("cases:hearings", args=[case.pk])).text
    assert "The interpreter was not available." in text
    old_when = f"{old.starts_at.astimezone(CHICAGO):%A, %B} 2, {NEAR_FUTURE_YEAR}, 9:00 AM Central Time"
    new_when = f"{new.starts_at.astimezone(CHICAGO):%A, %B} 6, {NEAR_FUTURE_YEAR}, 1:00 PM Central Time"
    assert f"This hearing was moved from {old_when} to {new_when}." in text
    assert f"This hearing was moved to {new_when}." in text
    assert text.index("Upcoming hearings") < text.index(new_when) < text.index("Earlier and changed hearings")
    assert text.index("Earlier and changed hearings") < text.index("Adjourned") < text.index("Completed")
    assert "Monday, January 6, 2020, 9:00 AM Central Time" in text
    assert past.pk


def test_record_lists_documents_newest_first_and_filters_by_category(respondent_client, case):
    RecordDocumentFactory(case=case, title="Notice to Appear", filed_on=datetime.date(2025, 1, 10), pages=3)
    RecordDocumentFactory(
        case=case,
        title="Order of the Immigration Judge",
        category=RecordDocument.Category.ORDER,
        filed_on=datetime.date(2025, 6, 1),
    )
    url = reverse("cases:record", args=[case.pk])
    text = respondent_client.get(url).text.split("<tbody>", 1)[1]
    assert text.index("Order of the Immigration Judge") < text.index("Notice to Appear")
    assert "January 10, 2025" in text and "Court" in text
    filtered = respondent_client.get(url, {"category": "order"}).text.split("<tbody>", 1)[1]
    assert "Order of the Immigration Judge" in filtered and "Notice to Appear" not in filtered


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_hearings(respondent_client, case, django_assert_max_num_queries):
    url = reverse("cases:dashboard")
    start = chicago(NEAR_FUTURE_YEAR, 1, 1, 9, 0)
    HearingFactory(case=case, starts_at=start)
    respondent_client.get(url)  # warm the session
    one = _queries(respondent_client, url)
    for day in range(1, 60):
        HearingFactory(case=case, starts_at=start + datetime.timedelta(days=day))
    assert _queries(respondent_client, url) == one
    # session, user, second-factor device (signed in); respondent, cases, hearings (cases); the cases'
    # decisions (motions); unread + service + text state in one (notices, delivery, sms); the check-in
    # question (cases). A new part of the dashboard joins one of these or argues for a tenth here.
    with django_assert_max_num_queries(9):
        respondent_client.get(url)


def test_record_and_hearings_queries_do_not_grow(respondent_client, case, django_assert_max_num_queries):
    record_url = reverse("cases:record", args=[case.pk])
    hearings_url = reverse("cases:hearings", args=[case.pk])
    RecordDocumentFactory(case=case)
    old = HearingFactory(case=case, status=Hearing.Status.ADJOURNED)
    HearingFactory(case=case, replaces=old)
    respondent_client.get(record_url)
    one = (_queries(respondent_client, record_url), _queries(respondent_client, hearings_url))
    RecordDocumentFactory.create_batch(199, case=case)
    for _ in range(30):
        old = HearingFactory(case=case, status=Hearing.Status.ADJOURNED)
        HearingFactory(case=case, replaces=old)
    assert (_queries(respondent_client, record_url), _queries(respondent_client, hearings_url)) == one
    with django_assert_max_num_queries(8):
        respondent_client.get(record_url)
