"""A session that times out (30 idle minutes, accounts' SessionLimitsMiddleware) loses no filing draft.

Over HTTP and without JavaScript: the person is sent to sign in, the sign-in page says what happened
(and, after a form was sent, that this form was not saved), and signing in again returns them to the
page they were on, where the draft, its documents and their titles are all still there.
"""

import time

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from filings.models import Filing, FilingDocument
from filings.tests.pdfs import make_pdf
from tests.support import sign_in_through_pages as sign_in

pytestmark = pytest.mark.django_db

UNSAVED = "The form you sent last arrived after that, so it was not saved."


@pytest.fixture
def member(respondent):
    user = respondent.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


def upload(client, filing, *, title, role, referer=None):
    file = SimpleUploadedFile("document.pdf", make_pdf(), content_type="application/pdf")
    headers = {"Referer": f"http://testserver{referer}"} if referer else {}
    return client.post(
        reverse("filings:upload", args=[filing.pk]), {"role": role, "title": title, "file": file}, headers=headers
    )


def test_a_draft_survives_an_idle_timeout_and_the_person_returns_to_it(client, member, respondent, settings):
    case = respondent.cases.get()
    start = int(time.time())
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, member, reverse("filings:list"))
        response = client.post(reverse("filings:start", args=[case.pk]), {"filing_type": "motion"})
        filing = Filing.objects.get(case=case)
        detail = reverse("filings:detail", args=[filing.pk])
        assert response["Location"] == detail
        assert upload(client, filing, title="Motion to change venue", role="lead").status_code == 302

        # 30 idle minutes later the person sends the next document from the draft's page.
        clock.move_to(start + settings.SESSION_IDLE_SECONDS + 60)
        response = upload(client, filing, title="Pay stubs for March", role="supporting", referer=detail)
        assert response.status_code == 302
        login = reverse("account_login")
        assert response["Location"] == f"{login}?next={detail.replace('/', '%2F')}"  # the page, not the POST URL
        assert "_auth_user_id" not in client.session

        page = client.get(response["Location"]).content.decode()
        assert "You were signed out after 30 minutes without activity." in page
        assert UNSAVED in page
        assert f'href="{reverse("guidance:topic", args=["account"])}#session-timeout"' in page

        # Signing in again lands on the draft, with the document saved before the timeout.
        assert sign_in(client, member, detail) == detail
        html = client.get(detail).content.decode()
        assert "Motion to change venue" in html
        assert "Pay stubs for March" not in html  # sent after the timeout: not saved, as the page said
        assert UNSAVED not in client.get(reverse("account_login")).content.decode()  # said once, not forever

    filing.refresh_from_db()
    assert filing.status == Filing.Status.DRAFT
    assert list(FilingDocument.objects.filter(filing=filing).values_list("title", "role")) == [
        ("Motion to change venue", FilingDocument.Role.LEAD)
    ]


def test_a_timed_out_page_visit_returns_to_the_same_page_with_its_query(client, member, respondent, settings):
    case = respondent.cases.get()
    record = reverse("cases:record", args=[case.pk]) + "?category=order"
    start = int(time.time())
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, member, reverse("cases:dashboard"))
        clock.move_to(start + settings.SESSION_IDLE_SECONDS + 60)
        response = client.get(record)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
        page = client.get(response["Location"]).content.decode()
        assert "You were signed out after 30 minutes without activity." in page
        assert UNSAVED not in page  # nothing was sent, so nothing was lost
        assert sign_in(client, member, record) == record
        assert client.get(record).status_code == 200


def test_a_form_sent_from_another_site_is_not_followed_back_there(client, member, respondent, settings):
    case = respondent.cases.get()
    start = int(time.time())
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, member, reverse("filings:list"))
        client.post(reverse("filings:start", args=[case.pk]), {"filing_type": "motion"})
        filing = Filing.objects.get(case=case)
        clock.move_to(start + settings.SESSION_IDLE_SECONDS + 60)
        response = upload(client, filing, title="x", role="lead", referer=None)
        assert response["Location"].endswith("next=" + reverse("filings:upload", args=[filing.pk]).replace("/", "%2F"))
        file = SimpleUploadedFile("document.pdf", make_pdf(), content_type="application/pdf")
        sign_in(client, member, reverse("filings:list"))
        clock.move_to(start + 2 * settings.SESSION_IDLE_SECONDS + 120)
        response = client.post(
            reverse("filings:upload", args=[filing.pk]),
            {"role": "lead", "title": "x", "file": file},
            headers={"Referer": "https://evil.example.com/filings/"},
        )
        assert "evil.example.com" not in response["Location"]


def test_the_no_script_timed_out_page_explains_and_offers_to_return(client):
    html = client.get(reverse("guidance:session_ended"), {"next": "/filings/7/"}).content.decode()
    assert "You were signed out" in html
    assert "Documents you had already uploaded to a draft filing are kept." in html
    assert f'href="{reverse("account_login")}?next=/filings/7/"' in html
