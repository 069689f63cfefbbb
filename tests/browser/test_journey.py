"""The whole respondent journey in a real browser, at phone and desktop size, in English and in Spanish.

Register with the mailed access code → confirm the email → set up an authenticator app from the
printed key → save backup codes → see the next hearing → download a document and the whole record →
file a motion with a PDF (scanned by the local clamd) → a clerk signs in to the admin with a second
factor and accepts it → the respondent sees "accepted" and the document in the record. Then a
support agent unlocks a locked respondent. Elements are found by their visible labels and roles;
the labels come from the translation catalogue, so the Spanish run uses what a Spanish reader sees.
"""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SignInGuard
from accounts.services import access_code_issue, access_code_mark_mailed, access_code_plaintext, role_assign, roles_sync
from accounts.tests.factories import StaffFactory, UserFactory
from cases.models import RecordDocument
from cases.tests.factories import CaseFactory, CourtFactory, HearingFactory, RecordDocumentFactory, RespondentFactory
from filings.forms import SubmitForm
from filings.models import Filing, FilingDocument
from filings.tests.pdfs import make_pdf
from tests.browser.helpers import at_path, code_for_key, code_now, download_bytes, link_in_last_email, secret_to_key, t

pytestmark = pytest.mark.browser

PASSWORD = "purple tractor sings at dawn"
STAFF_PASSWORD = "clerk office window maple"
A_NUMBER = "087654321"


@pytest.fixture
def journey_data(db):
    """A court with a clerk (authenticator app with a known key) and a respondent not yet registered."""
    cache.clear()  # allauth's rate limits (one confirmation email per address for a while) live there
    roles_sync()
    court = CourtFactory(code="JRN", name="Journeyville Immigration Court", time_zone="America/Chicago")
    person = RespondentFactory(a_number=A_NUMBER, given_name="Rosa", family_name="Quispe")
    case = CaseFactory(respondent=person, court=court)
    hearing = HearingFactory(case=case, starts_at=timezone.now() + timedelta(days=40))
    document = RecordDocumentFactory(case=case, title="Notice to Appear")
    clerk = StaffFactory(email="clerk.journey@example.org")
    role_assign(user=clerk, role_key="clerk")
    court.staff.add(clerk)
    clerk.set_password(STAFF_PASSWORD)
    clerk.save()
    EmailAddress.objects.create(user=clerk, email=clerk.email, verified=True, primary=True)
    clerk_device = TOTPDevice.objects.create(user=clerk, name="Authenticator app", confirmed=True)
    code = access_code_issue(respondent=person, actor=None, reason="browser journey")
    access_code_mark_mailed(access_code=code, mailed_at=timezone.now())
    return {
        "person": person,
        "case": case,
        "hearing": hearing,
        "document": document,
        "clerk": clerk,
        "clerk_device": clerk_device,
        "code": access_code_plaintext(code),
    }


def _register(page, axe_check, lang, data):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == lang
    axe_check(page)
    page.get_by_role("main").get_by_role("link", name=t(lang, "Sign in"), exact=True).click()
    page.wait_for_url("**/accounts/login/**")
    axe_check(page)
    page.get_by_role("link", name=t(lang, "Create an account with the letter from the court")).click()
    page.wait_for_url("**/account/register/")
    axe_check(page)
    page.get_by_label(t(lang, "A-number"), exact=True).fill("A-087-654-321")
    page.get_by_label(t(lang, "Access code"), exact=True).fill(data["code"])
    page.get_by_role("button", name=t(lang, "Continue")).click()
    page.wait_for_url("**/accounts/signup/")
    axe_check(page)
    page.get_by_label(t(lang, "Email"), exact=True).fill("rosa.journey@example.org")
    page.get_by_label(t(lang, "Password"), exact=True).fill(PASSWORD)
    page.get_by_label(t(lang, "Password (again)"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t(lang, "Create account")).click()
    page.wait_for_url("**/accounts/confirm-email/")
    axe_check(page)

    page.goto(link_in_last_email("/accounts/confirm-email/"))
    axe_check(page)
    page.get_by_role("button", name=t(lang, "Confirm")).click()
    page.wait_for_url("**/account/mfa/set-up/**")
    axe_check(page)


def _set_up_app_and_backup_codes(page, axe_check, lang) -> list[str]:
    page.get_by_role("link", name=t(lang, "Use an authenticator app")).click()
    page.wait_for_url("**/account/mfa/app/**")
    axe_check(page)
    secret = page.locator("#totp-secret").inner_text()
    key = secret_to_key(secret)
    page.get_by_label(t(lang, "6-digit code from your authenticator app")).fill(code_for_key(key))
    page.get_by_role("button", name=t(lang, "Check the code")).click()
    page.wait_for_url("**/account/mfa/backup-codes/**")
    axe_check(page)
    page.get_by_role("button", name=t(lang, "Make my backup codes")).click()
    page.wait_for_load_state()
    axe_check(page)
    codes = re.findall(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){2,}\b", page.locator("main").inner_text())
    assert len(codes) == 10, codes
    with page.expect_download() as download_info:
        page.get_by_role("link", name=t(lang, "Download the codes as a text file")).click()
    assert codes[0] in download_bytes(download_info.value).decode()
    page.get_by_role("button", name=t(lang, "I saved my codes: continue")).click()
    page.wait_for_load_state()
    return codes


def _dashboard_and_record(page, axe_check, lang, data):
    page.goto("/cases/")
    axe_check(page)
    first_heading = page.locator("main h1").first
    assert first_heading.inner_text().strip() == t(lang, "Your next hearing")
    assert page.get_by_test_id("next-hearing-date").is_visible()
    page.get_by_role("link", name=t(lang, "Your record of proceedings (court file)")).click()
    page.wait_for_url(f"**/cases/{data['case'].pk}/record/")
    axe_check(page)
    assert page.get_by_role("rowheader", name=re.compile("Notice to Appear$")).is_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"{t(lang, 'Download')} Notice to Appear").click()
    assert download_bytes(download_info.value).startswith(b"%PDF")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=t(lang, "Download the whole record (ZIP)")).click()
    archive = zipfile.ZipFile(io.BytesIO(download_bytes(download_info.value)))
    names = archive.namelist()
    assert any(name.endswith(".pdf") for name in names), names
    pdf_name = next(name for name in names if name.endswith(".pdf"))
    assert archive.read(pdf_name).startswith(b"%PDF")


def _choose(page, label: str) -> None:
    """USWDS radios and checkboxes are drawn on their label: a person taps the label."""
    page.locator("label").get_by_text(label, exact=True).click()
    assert page.get_by_label(label, exact=True).is_checked()


def _file_a_motion(page, axe_check, lang, data, tmp_path) -> Filing:
    page.goto("/cases/")
    page.get_by_role("link", name=t(lang, "File a document with the court")).click()
    page.wait_for_url(f"**/filings/new/{data['case'].pk}/")
    axe_check(page)
    motion_label = Filing.FilingType("motion").label
    _choose(page, t(lang, motion_label))
    page.get_by_role("button", name=t(lang, "Start")).click()
    page.wait_for_url(re.compile(r".*/filings/\d+/$"))
    axe_check(page)
    lead_label = FilingDocument.Role("lead").label
    _choose(page, t(lang, lead_label))
    page.get_by_label(t(lang, "Title of the document")).fill("Motion to change venue")
    pdf = tmp_path / "motion.pdf"
    pdf.write_bytes(make_pdf(pages=2))
    page.get_by_label(t(lang, "PDF file")).set_input_files(str(pdf))
    page.get_by_role("button", name=t(lang, "Upload")).click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.get_by_role("row", name=re.compile("Motion to change venue")).is_visible()
    filing = Filing.objects.get(case=data["case"])
    page.get_by_role("link", name=t(lang, "Review and file")).click()
    page.wait_for_url(f"**/filings/{filing.pk}/submit/")
    axe_check(page)
    certificate = SubmitForm.base_fields["service_certified"].label
    page.locator("label").get_by_text(t(lang, certificate), exact=True).click()
    assert page.get_by_label(t(lang, certificate)).is_checked()
    page.get_by_role("button", name=t(lang, "File with the court")).click()
    page.wait_for_url(f"**/filings/{filing.pk}/receipt/")
    axe_check(page)
    filing.refresh_from_db()
    assert page.get_by_text(filing.receipt_number).first.is_visible()
    clean = re.compile(re.escape(t(lang, FilingDocument.ScanStatus.CLEAN.label)) + "$")
    # The receipt also lists the certificate of service the portal adds: look at the motion's row.
    motion_scan = page.get_by_role("row", name=re.compile("Motion to change venue")).get_by_role("cell", name=clean)
    for _try in range(30):  # the scan runs after the filing is saved; a person reloads the receipt
        page.reload()
        if motion_scan.count():
            break
        page.wait_for_timeout(500)
    assert motion_scan.is_visible()
    return filing


def _clerk_accepts(chromium_page, filing, data):
    """A clerk signs in to the admin (password, then the app code) and accepts the filing."""
    page = chromium_page("desktop", "en")
    page.goto("/admin/")
    page.get_by_label("Email").fill(data["clerk"].email)
    page.get_by_label("Password", exact=True).fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/mfa/verify/**")
    page.get_by_label("6-digit code from your authenticator app").fill(code_now(data["clerk_device"]))
    page.get_by_role("button", name="Continue").first.click()
    page.wait_for_url(at_path("/admin/"))
    page.goto("/admin/filings/filing/")
    with translation.override("en"):  # the clerk's admin is in English, whatever this thread had active
        filing_name = str(filing)
    page.get_by_role("link", name=re.compile(re.escape(filing_name))).first.click()
    page.wait_for_url(f"**/admin/filings/filing/{filing.pk}/change/")
    assert page.get_by_text(filing.receipt_number).first.is_visible()
    page.goto("/admin/filings/filing/")
    page.get_by_role("checkbox", name=f"Select this object for an action - {filing}").check()
    page.get_by_role("combobox", name=re.compile("^Action")).select_option(label="Accept the selected filings")
    page.get_by_role("button", name="Run").click()
    page.wait_for_load_state()
    assert page.get_by_text("1 filing accepted.").is_visible()


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_respondent_journey_from_letter_to_accepted_filing(browser_page, axe_check, journey_data, size, lang, tmp_path):
    data = journey_data
    page = browser_page(size, lang)
    _register(page, axe_check, lang, data)
    _set_up_app_and_backup_codes(page, axe_check, lang)
    _dashboard_and_record(page, axe_check, lang, data)
    filing = _file_a_motion(page, axe_check, lang, data, tmp_path)

    _clerk_accepts(browser_page, filing, data)
    filing.refresh_from_db()
    assert filing.status == Filing.Status.ACCEPTED

    page.goto(f"/filings/{filing.pk}/")
    axe_check(page)
    accepted = t(lang, Filing.Status.ACCEPTED.label)
    assert page.get_by_text(accepted, exact=True).first.is_visible()
    page.goto(f"/cases/{data['case'].pk}/record/")
    axe_check(page)
    assert page.get_by_role("rowheader", name=re.compile("Motion to change venue$")).is_visible()
    assert RecordDocument.objects.filter(case=data["case"], title="Motion to change venue").exists()


@pytest.fixture
def locked_respondent(db):
    cache.clear()
    roles_sync()
    court = CourtFactory(code="LCK", name="Lockton Immigration Court", time_zone="America/Chicago")
    user = UserFactory(email="locked.person@example.org")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    person = RespondentFactory(user=user, a_number="076543210")
    HearingFactory(case=CaseFactory(respondent=person, court=court))
    SignInGuard.objects.create(user=user, locked_at=timezone.now(), total_failures=100, failures={"totp": 100})
    agent = StaffFactory(email="agent.journey@example.org")
    role_assign(user=agent, role_key="support")
    agent.set_password(STAFF_PASSWORD)
    agent.save()
    EmailAddress.objects.create(user=agent, email=agent.email, verified=True, primary=True)
    agent_device = TOTPDevice.objects.create(user=agent, name="Authenticator app", confirmed=True)
    return {"user": user, "device": device, "agent": agent, "agent_device": agent_device}


def _sign_in(page, lang, email, password, next_path):
    page.goto(next_path)
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label(t(lang, "Email")).fill(email)
    page.get_by_label(t(lang, "Password"), exact=True).fill(password)
    page.get_by_role("button", name=t(lang, "Sign in")).click()
    page.wait_for_load_state()


def _second_step(page, lang, device):
    page.wait_for_url("**/account/mfa/verify/**")
    page.get_by_label(t(lang, "6-digit code from your authenticator app")).fill(code_now(device))
    page.get_by_role("button", name=t(lang, "Continue")).first.click()


def test_support_agent_unlocks_a_locked_respondent(browser_page, axe_check, locked_respondent):
    data = locked_respondent
    person = browser_page("phone", "en")
    _sign_in(person, "en", data["user"].email, PASSWORD, "/cases/")
    # Locked: the right password is answered like a wrong one, and no second step is offered.
    assert "/accounts/login/" in person.url
    assert person.get_by_role("heading", name="Sign in", level=1).is_visible()
    axe_check(person)

    agent = browser_page("desktop", "en")
    _sign_in(agent, "en", data["agent"].email, STAFF_PASSWORD, "/support/")
    _second_step(agent, "en", data["agent_device"])
    agent.wait_for_url(at_path("/support/"))
    agent.goto("/support/accounts/user/")
    agent.get_by_role("textbox", name="Search").fill("A-076-543-210")
    agent.get_by_role("textbox", name="Search").press("Enter")
    agent.wait_for_url("**/support/accounts/user/?q=*")
    agent.get_by_role("link", name=data["user"].email).click()
    assert agent.get_by_text("Locked until support unlocks it").is_visible()
    agent.get_by_role("link", name="Unlock the account").click()
    agent.get_by_label("Reason").fill("Ticket 4411, caller verified")
    agent.get_by_role("button", name=re.compile("Unlock", re.IGNORECASE)).click()
    agent.wait_for_load_state()
    assert agent.get_by_text("Not locked").is_visible()
    assert any("unlocked" in message.subject for message in mail.outbox)

    _sign_in(person, "en", data["user"].email, PASSWORD, "/cases/")
    _second_step(person, "en", data["device"])
    person.wait_for_url(at_path("/cases/"))
    assert person.locator("main h1").first.inner_text().strip() == "Your next hearing"
