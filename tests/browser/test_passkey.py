"""Passkeys in a real browser: enrol one as the first second factor, then sign in with it.

Chromium's WebAuthn virtual authenticator (DevTools protocol) stands in for a phone's screen lock: a
platform authenticator (CTAP2, internal transport) that keeps resident keys and always verifies the
user. The page under test keeps the strict Content-Security-Policy; the browser_page fixture fails the
test on any CSP violation or failed script, so django-otp-webauthn's scripts must load as they would
for a respondent. WebAuthn needs a secure context: http://localhost is one.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django_otp_webauthn.models import WebAuthnCredential

from accounts.tests.factories import UserFactory
from audit.models import AuditEvent
from cases.tests.factories import CaseFactory, CourtFactory, HearingFactory, RespondentFactory
from tests.browser.helpers import at_path, t

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"  # UserFactory's
REGISTER_STATUS = "passkey-register-status-message"
VERIFY_STATUS = "passkey-verification-status-message"
REGISTERED = {"en": "Registration successful!", "es": "¡Registro exitoso!"}


@pytest.fixture
def passkey_settings(settings, live_server):
    """The relying party is the live server: RP ID localhost, origin http://localhost:<port>."""
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    return settings


@pytest.fixture
def new_respondent(db):
    """A respondent who finished steps 1 and 2 of registration (email confirmed) and has no second factor."""
    cache.clear()
    court = CourtFactory(code="PSK", name="Passkeyton Immigration Court", time_zone="America/Denver")
    user = UserFactory(email="ana.passkey@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    person = RespondentFactory(user=user, given_name="Ana", family_name="Mamani")
    HearingFactory(case=CaseFactory(respondent=person, court=court))
    return user


def add_virtual_authenticator(page) -> tuple:
    """A platform authenticator that keeps passkeys and always passes user verification (fingerprint)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    authenticator_id = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]
    return cdp, authenticator_id


def _sign_in_with_password(page, lang, email):
    page.goto("/accounts/login/")
    page.get_by_label(t(lang, "Email")).fill(email)
    page.get_by_label(t(lang, "Password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t(lang, "Sign in")).click()
    page.wait_for_load_state()


def _wait_for_outcome(page, status_id):
    """django-otp-webauthn's script marks its status line: busy while it works, then the outcome."""
    script = "id => !['busy', undefined].includes(document.getElementById(id).dataset.statusEnum)"
    page.wait_for_function(script, arg=status_id)


def _enrol_passkey(page, lang, email, axe_check=None):
    """Registration step 3 with a passkey, then the backup codes, ending on the case page."""
    _sign_in_with_password(page, lang, email)
    page.wait_for_url("**/account/mfa/set-up/**")
    page.get_by_role("link", name=t(lang, "Use a passkey")).click()
    page.wait_for_url("**/account/mfa/passkey/**")
    create = page.get_by_role("button", name=t(lang, "Create a passkey"))
    create.wait_for()  # the script swaps the "available" template in: it ran under the CSP
    if axe_check:
        axe_check(page)
    create.click()
    _wait_for_outcome(page, REGISTER_STATUS)
    status = page.locator(f"#{REGISTER_STATUS}")
    assert status.get_attribute("data-status-enum") == "success", status.inner_text()
    assert status.inner_text().strip() == REGISTERED[lang]  # django-otp-webauthn's own catalogue
    if axe_check:
        axe_check(page)
    # The passkey signed this session in: backup codes come next, then the case.
    page.get_by_role("link", name=t(lang, "I created my passkey: continue")).click()
    page.wait_for_url("**/account/mfa/backup-codes/**")
    page.get_by_role("button", name=t(lang, "Make my backup codes")).click()
    page.wait_for_load_state()
    assert page.locator("#backup-codes li").count() == 10
    page.get_by_role("button", name=t(lang, "I saved my codes: continue")).click()
    page.wait_for_url(at_path("/cases/"))


def _sign_out(page, lang):
    page.get_by_role("button", name=t(lang, "Sign out")).first.click()
    page.wait_for_url(at_path("/"))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_passkey_enrolment_and_sign_in(browser_page, axe_check, passkey_settings, new_respondent, lang):
    user = new_respondent
    page = browser_page("phone", lang)
    cdp, authenticator_id = add_virtual_authenticator(page)
    response = page.goto("/account/mfa/passkey/")
    policy = response.headers["content-security-policy"]
    assert re.search(r"script-src 'self' 'nonce-[^']+'", policy), policy  # the strict policy is on

    _enrol_passkey(page, lang, user.email, axe_check)
    credential = WebAuthnCredential.objects.get(user=user)
    assert credential.confirmed
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
    assert len(stored) == 1 and stored[0]["isResidentCredential"]
    assert AuditEvent.objects.filter(actor=user, action="accounts.factor_added", data__type="webauthn").exists()
    assert AuditEvent.objects.filter(actor=user, action="accounts.signed_in", data__factor="webauthn").exists()
    assert any(user.email in message.to for message in mail.outbox)

    # Sign out, then back in: password, then the passkey.
    _sign_out(page, lang)
    _sign_in_with_password(page, lang, user.email)
    page.wait_for_url("**/account/mfa/verify/**")
    use = page.get_by_role("button", name=t(lang, "Use my passkey"))
    use.wait_for()
    axe_check(page)
    sign_ins_before = AuditEvent.objects.filter(actor=user, action="accounts.signed_in").count()
    use.click()
    page.wait_for_url(at_path("/cases/"))
    assert page.locator("main h1").first.inner_text().strip() == t(lang, "Your next hearing")
    assert AuditEvent.objects.filter(actor=user, action="accounts.signed_in").count() == sign_ins_before + 1
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
    assert stored[0]["signCount"] >= 1


def test_a_device_without_the_passkey_does_not_get_in(browser_page, passkey_settings, new_respondent):
    """The passkey lives on the person's device: another device's authenticator cannot answer for it."""
    user = new_respondent
    page = browser_page("desktop", "en")
    add_virtual_authenticator(page)
    _enrol_passkey(page, "en", user.email)
    _sign_out(page, "en")

    stranger = browser_page("desktop", "en")
    add_virtual_authenticator(stranger)  # empty: no passkey for this site
    _sign_in_with_password(stranger, "en", user.email)
    stranger.wait_for_url("**/account/mfa/verify/**")
    stranger.get_by_role("button", name="Use my passkey").click()
    _wait_for_outcome(stranger, VERIFY_STATUS)
    status = stranger.locator(f"#{VERIFY_STATUS}")
    assert status.get_attribute("data-status-enum") == "not-allowed-or-aborted"
    assert status.inner_text().strip() == "Verification canceled or not allowed."
    assert stranger.get_by_role("button", name="Use my passkey").is_enabled()  # the person may try again
    stranger.goto("/cases/")
    assert "/account/mfa/verify/" in stranger.url
