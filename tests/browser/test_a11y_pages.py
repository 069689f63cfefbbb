"""axe-core on every respondent page and every registration step, in English and Spanish, phone and desktop.

Each test visits many pages in one browser context, so Chromium starts once per run. The respondent is
signed in through a session cookie made here (password and second factor done), like conftest.login_verified.
"""

import datetime
import hashlib
import time

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.session_keys import SESSION_AUTH_AT, SESSION_REAUTH_AT
from accounts.tests.factories import UserFactory
from accounts.tests.helpers import mailed_code_text
from cases.tests.factories import CaseFactory, CourtFactory, HearingFactory, RecordDocumentFactory, RespondentFactory
from filings.models import Filing, FilingDocument
from notices.models import Notice

pytestmark = pytest.mark.browser

SIZES = ["phone", "desktop"]
LANGUAGES = ["en", "es"]


def respondent_with_everything():
    """A respondent with a case, a hearing, a record document, a notice, a draft with one document and a
    submitted filing; returns (user, {name: path})."""
    court = CourtFactory(code="TST", name="Testville Immigration Court", time_zone="America/Chicago")
    user = UserFactory(email="maria@example.org")
    person = RespondentFactory(user=user, given_name="María", family_name="Pérez")
    case = CaseFactory(respondent=person, court=court)
    hearing = HearingFactory(case=case)
    # A hearing 26 hours ago (the day before at the court): the dashboard asks "Did you go?" (ADR 0111).
    past = HearingFactory(case=case, starts_at=timezone.now() - datetime.timedelta(days=1, hours=2))
    RecordDocumentFactory(case=case)
    notice = Notice.objects.create(
        respondent=person,
        case=case,
        court=court,
        kind=Notice.Kind.HEARING,
        state=Notice.State.DELIVERED,
        idempotency_key=f"a11y-hearing-{hearing.pk}",
        hearing_id=hearing.pk,
        hearing_change="created",
        delivered_at=timezone.now(),
        pdf_key="notices/a11y/letter.pdf",
        pdf_pages=1,
        pdf_size=1000,
    )
    draft = Filing.objects.create(case=case, filed_by=user, filing_type=Filing.FilingType.MOTION)
    content = b"%PDF-1.4 test"
    FilingDocument.objects.create(
        filing=draft,
        role=FilingDocument.Role.LEAD,
        title="Motion to change venue",
        original_name="motion.pdf",
        storage_key="filings/a11y/motion.pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        pages=1,
        scan_status=FilingDocument.ScanStatus.CLEAN,
        scanned_at=timezone.now(),
    )
    submitted = Filing.objects.create(
        case=case,
        filed_by=user,
        filing_type=Filing.FilingType.MOTION,
        status=Filing.Status.SUBMITTED,
        service_certified=True,
        submitted_at=timezone.now() - datetime.timedelta(hours=1),
        receipt_number="TST-20261129-0000001",
    )
    FilingDocument.objects.create(
        filing=submitted,
        role=FilingDocument.Role.LEAD,
        title="Motion to continue",
        storage_key="filings/a11y/continue.pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        pages=1,
        scan_status=FilingDocument.ScanStatus.CLEAN,
    )
    paths = {
        "dashboard": "/cases/",
        "hearings": f"/cases/{case.pk}/hearings/",
        "record": f"/cases/{case.pk}/record/",
        "inbox": "/notices/",
        "notice": f"/notices/{notice.pk}/",
        "filings": "/filings/",
        "draft": f"/filings/{draft.pk}/",
        "submit": f"/filings/{draft.pk}/submit/",
        "receipt": f"/filings/{submitted.pk}/receipt/",
        "address": f"/filings/address/{case.pk}/",
        "account": "/account/",
        "mfa_setup": "/account/mfa/set-up/",
        "mfa_app": "/account/mfa/app/",
        "backup_codes": "/account/mfa/backup-codes/",
        "attendance": f"/cases/hearings/{past.pk}/attendance/",
        "attendance_missed": f"/cases/hearings/{past.pk}/missed/",
    }
    return user, paths


def sign_in_browser(page, live_server, user, *, verified=True):
    """Adds a session cookie for `user`, signed in with a password and (verified) an authenticator app just now."""
    from importlib import import_module

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    now = int(time.time())
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_AUTH_AT] = now
    if verified:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=True
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[SESSION_REAUTH_AT] = now  # recently re-authenticated: the add-a-factor pages open
    session.create()
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}
    page.context.add_cookies([cookie])


def visit(page, path, axe_check, language):
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    assert page.url.endswith(path), f"{path} redirected to {page.url}"
    assert page.locator("html").get_attribute("lang") == language
    axe_check(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_respondent_pages_have_no_accessibility_violations(browser_page, axe_check, live_server, size, language):
    user, paths = respondent_with_everything()
    page = browser_page(size, language)
    sign_in_browser(page, live_server, user)
    for path in paths.values():
        visit(page, path, axe_check, language)
    # Fresh backup codes, shown once.
    page.goto(paths["backup_codes"])
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator("#backup-codes li").count() == 10
    axe_check(page)
    # The change-of-address form with its errors shown.
    page.goto(paths["address"])
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator(".usa-error-message").count() >= 1
    assert page.locator(".usa-error-summary, [role=alert]").count() >= 1
    axe_check(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_registration_and_sign_in_pages_have_no_accessibility_violations(
    browser_page, axe_check, live_server, size, language
):
    person = RespondentFactory(a_number="087654321", given_name="Rosa", family_name="Quispe")
    code = mailed_code_text(person)
    UserFactory(email="someone@example.org")
    page = browser_page(size, language)
    # Step 1, with a format error shown, then done.
    visit(page, "/account/register/", axe_check, language)
    page.locator("#id_a_number").fill("12")
    page.locator("#id_code").fill("x")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".usa-error-message").count() >= 1
    axe_check(page)
    page.locator("#id_a_number").fill("A-087-654-321")
    page.locator("#id_code").fill(code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/signup/")
    axe_check(page)
    # Step 2 (allauth's sign-up) with an error shown.
    page.locator("input[name=email]").fill("rosa@example.org")
    page.locator("input[name=password1]").fill("correct horse battery staple")
    page.locator("input[name=password2]").fill("a different password")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator(".usa-error-message, .usa-alert--error").count() >= 1
    axe_check(page)
    # Step 3: the first second factor, for a new account with an email address confirmed (another browser).
    newcomer = browser_page(size, language)
    sign_in_browser(newcomer, live_server, UserFactory(email="new@example.org"), verified=False)
    for path in ("/account/mfa/set-up/", "/account/mfa/app/", "/account/mfa/passkey/"):
        visit(newcomer, path, axe_check, language)
        assert newcomer.locator(".usa-step-indicator").count() == 1, path
    newcomer.goto("/account/mfa/app/")
    newcomer.locator("input[name=token]").fill("000000")
    newcomer.locator("main form button[type=submit]").last.click()
    newcomer.wait_for_load_state()
    assert newcomer.locator(".usa-error-message").count() >= 1
    axe_check(newcomer)
    # The lost-code form, empty and with an error.
    visit(page, "/account/lost-code/", axe_check, language)
    page.locator("#id_date_of_birth").fill("not a date")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".usa-error-message").count() >= 1
    axe_check(page)
    # Sign-in with a wrong password.
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("someone@example.org")
    page.locator("input[name=password]").fill("not the password")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator(".usa-error-message, .usa-alert--error").count() >= 1
    axe_check(page)


@pytest.mark.parametrize("size", SIZES)
def test_registration_step_one_by_keyboard_only(browser_page, size):
    person = RespondentFactory(a_number="087654321")
    code = mailed_code_text(person)
    page = browser_page(size, "en")
    page.goto("/account/register/")
    for _ in range(40):  # Tab through the shell until the A-number field has focus
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "id_a_number":
            break
    else:
        pytest.fail("Tab never reached the A-number field")
    page.keyboard.type("A-087-654-321")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "id_code"
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/signup/")
    assert page.get_by_role("heading", level=1).is_visible()
