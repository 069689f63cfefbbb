"""A respondent asks the judge to move a hearing (the guided motion to continue) in a real browser, at
phone width (375 px), in English and in Spanish: the dashboard link → choose the request → each question
→ one PDF of evidence (scanned by the local clamd, as in test_journey.py) → read and sign with a typed
name → file on the filing page → the receipt, then the motion's own page. axe runs on every page and
must find no WCAG A/AA violation; every guided page keeps saying that filing does not cancel the hearing.
Controls are found by the labels a reader sees, from the translation catalogue."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from cases.tests.factories import CaseFactory, CourtFactory, HearingFactory, JudgeFactory, RespondentFactory
from filings.forms import SubmitForm
from filings.models import Filing, FilingDocument
from filings.tests.pdfs import make_pdf
from motions import flows
from motions.forms import AttendDatesForm, ContinueReasonForm, HearingForm, SignForm
from motions.models import Motion
from tests.browser.helpers import at_path, t
from tests.browser.test_a11y_pages import sign_in_browser

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
HEARING_WARNING = "Filing this does not cancel your hearing. Go to your hearing unless the court tells you otherwise."
REASON = "I have an appointment with a legal aid lawyer next month."


@pytest.fixture
def motion_world(transactional_db):
    court = CourtFactory(code="MJY", name="Motionville Immigration Court", time_zone="America/Chicago")
    user = UserFactory(email="maria.journey@example.org")
    person = RespondentFactory(user=user, given_name="María", family_name="Pérez")
    case = CaseFactory(respondent=person, court=court)
    hearing = HearingFactory(
        case=case, judge=JudgeFactory(court=court), starts_at=timezone.now() + datetime.timedelta(days=40)
    )
    return {"user": user, "case": case, "hearing": hearing}


def _guided_page(page, axe_check, lang: str) -> None:
    """Every guided page: in the reader's language, the hearing warning shown, no accessibility violation."""
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang
    warning = page.get_by_test_id("hearing-warning")
    assert warning.is_visible()
    assert t(lang, HEARING_WARNING) in warning.inner_text()
    axe_check(page)


def _tap_label(page, label) -> None:
    """USWDS radios and checkboxes are drawn on their label: a person taps the label."""
    page.locator("label").get_by_text(label, exact=True).click()
    assert page.get_by_label(label, exact=True).is_checked()


def _save_and_continue(page, lang: str) -> None:
    page.get_by_role("button", name=t(lang, "Save and continue")).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_respondent_files_a_motion_to_continue_on_a_phone(browser_page, axe_check, live_server, motion_world, lang):
    case, hearing = motion_world["case"], motion_world["hearing"]
    page = browser_page("phone", "en")
    page.set_viewport_size(PHONE)
    sign_in_browser(page, live_server, motion_world["user"])
    page.goto("/cases/")
    if lang == "es":  # the language switch in the page header, as a reader uses it
        page.get_by_role("button", name="Español").click()
        page.wait_for_url(at_path("/cases/"))
    assert page.locator("html").get_attribute("lang") == lang
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling

    page.get_by_role("link", name=t(lang, "Ask the judge for something (guided requests)")).click()
    page.wait_for_url(at_path(f"/requests/case/{case.pk}/"))
    _guided_page(page, axe_check, lang)
    title = {"en": "Ask to move your hearing to a later date", "es": "Pedir que su audiencia pase a otra fecha"}[lang]
    card = page.locator(".usa-card").filter(has=page.get_by_role("heading", name=title))
    card.get_by_role("button", name=t(lang, "Start")).click()
    page.wait_for_url(re.compile(r".*/requests/\d+/questions/hearing/$"))
    motion = Motion.objects.get(case=case)

    # Which hearing: only the one still to come is offered.
    _guided_page(page, axe_check, lang)
    assert page.get_by_role("heading", name=t(lang, flows.HEADINGS["hearing"])).is_visible()
    radios = page.get_by_role("group", name=t(lang, HearingForm.base_fields["hearing"].label)).get_by_role("radio")
    assert radios.count() == 1
    page.locator(f"label[for='{radios.first.get_attribute('id')}']").click()
    assert radios.first.is_checked()
    _save_and_continue(page, lang)

    # The reason, in the reader's own words.
    page.wait_for_url(at_path(f"/requests/{motion.pk}/questions/reason/"))
    _guided_page(page, axe_check, lang)
    _tap_label(page, t(lang, dict(ContinueReasonForm.REASONS)["lawyer"]))
    page.get_by_label(t(lang, ContinueReasonForm.base_fields["details"].label)).fill(REASON)
    _save_and_continue(page, lang)

    # Dates the respondent can attend.
    page.wait_for_url(at_path(f"/requests/{motion.pk}/questions/dates/"))
    _guided_page(page, axe_check, lang)
    later = timezone.localdate() + datetime.timedelta(days=75)
    page.get_by_label(t(lang, AttendDatesForm.base_fields["date_1"].label), exact=True).fill(later.isoformat())
    _save_and_continue(page, lang)

    # Evidence: one small PDF, scanned.
    page.wait_for_url(at_path(f"/requests/{motion.pk}/evidence/"), timeout=60_000)
    motion.refresh_from_db()
    assert motion.filing.status == Filing.Status.DRAFT and motion.answers["hearing"] == hearing.pk
    _guided_page(page, axe_check, lang)
    page.get_by_label(t(lang, "What is this document?")).select_option("evidence")
    page.get_by_label(t(lang, "Title of the document")).fill("Letter from the legal aid office")
    page.get_by_label(t(lang, "PDF file")).set_input_files(
        files=[{"name": "letter.pdf", "mimeType": "application/pdf", "buffer": make_pdf()}]
    )
    page.get_by_role("button", name=t(lang, "Upload")).click()
    page.wait_for_url(at_path(f"/requests/{motion.pk}/evidence/"))
    _guided_page(page, axe_check, lang)
    uploaded = t(lang, "“%(title)s” was uploaded and is being checked for viruses.") % {
        "title": "Letter from the legal aid office"
    }
    assert page.get_by_text(uploaded).is_visible()

    # Read and sign with a typed name.
    page.get_by_role("link", name=t(lang, "Continue: read and sign")).click()
    page.wait_for_url(at_path(f"/requests/{motion.pk}/sign/"))
    _guided_page(page, axe_check, lang)
    assert REASON in page.get_by_test_id("motion-text").inner_text()
    assert page.get_by_test_id("fee").inner_text().strip() == t(lang, "There is no fee for this motion.")
    assert page.get_by_text("Letter from the legal aid office").is_visible()
    page.get_by_label(t(lang, SignForm.base_fields["signed_name"].label)).fill("María Pérez")
    # Making the motion's PDFs happens in this request: slower than Playwright's default wait.
    page.get_by_role("button", name=t(lang, "Sign and prepare my motion")).click()
    page.wait_for_url(at_path(f"/filings/{motion.filing_id}/submit/"), timeout=90_000)
    motion.refresh_from_db()
    assert motion.signed_name == "María Pérez" and not motion.signature_mismatch
    axe_check(page)

    # File it on the filing page, then the receipt.
    certificate = SubmitForm.base_fields["service_certified"].label
    page.locator("label").get_by_text(t(lang, certificate), exact=True).click()
    assert page.get_by_label(t(lang, certificate)).is_checked()
    page.get_by_role("button", name=t(lang, "File with the court")).click()
    page.wait_for_url(at_path(f"/filings/{motion.filing_id}/receipt/"), timeout=90_000)
    assert page.locator("html").get_attribute("lang") == lang
    axe_check(page)
    filing = Filing.objects.get(pk=motion.filing_id)
    assert filing.status == Filing.Status.SUBMITTED and filing.receipt_number
    assert page.get_by_text(filing.receipt_number).first.is_visible()
    clean = re.compile(re.escape(t(lang, FilingDocument.ScanStatus.CLEAN.label)) + "$")
    evidence_scan = page.get_by_role("row", name=re.compile("Letter from the legal aid office")).get_by_role(
        "cell", name=clean
    )
    for _try in range(30):  # the scan runs after the upload is saved; a person reloads the receipt
        if evidence_scan.count():
            break
        page.wait_for_timeout(500)
        page.reload()
    assert evidence_scan.is_visible()
    assert filing.documents.get(title="Letter from the legal aid office").scan_status == "clean"

    # The motion's own page: filed, with the warning still there.
    page.goto(f"/requests/{motion.pk}/")
    _guided_page(page, axe_check, lang)
    details = page.locator("dl").inner_text()
    assert t(lang, "Confirmation number") in details and filing.receipt_number in details
    assert t(lang, Filing.Status.SUBMITTED.label) in details
