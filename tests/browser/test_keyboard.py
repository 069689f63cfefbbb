"""Registration and filing with the keyboard only: Tab, Shift+Tab, Enter, Space and the arrow keys.

No clicks. Every control the focus lands on must show where the focus is (a computed outline, on the
control itself or, for USWDS radios and checkboxes, on the box drawn before its label) and must be on
screen, not hidden under something (WCAG 2.4.7 and 2.4.11). Controls of a form follow each other in
the Tab order. The only steps not done by keys: opening the emailed link by its URL (a person follows
it from their mail program) and choosing the PDF (the file chooser is the operating system's dialog;
the file input is focused by keyboard first).
"""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.utils import timezone

from accounts.services import access_code_issue, access_code_mark_mailed, access_code_plaintext
from cases.tests.factories import CaseFactory, CourtFactory, HearingFactory, RespondentFactory
from filings.forms import DocumentUploadForm, FilingStartForm, SubmitForm
from filings.models import Filing, FilingDocument
from filings.tests.pdfs import make_pdf
from tests.browser.helpers import at_path, code_for_key, download_bytes, link_in_last_email, secret_to_key, t

pytestmark = pytest.mark.browser

PASSWORD = "keyboard only is how I browse"
MAX_TABS = 60  # more Tab presses than any page here has stops: a trap or a missing control fails fast

# What has focus, its name as a person hears it, and whether its focus ring shows on screen.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const squash = s => (s || "").replace(/\\s+/g, " ").trim();
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  const name = squash(el.getAttribute("aria-label") || label || el.innerText || el.value);
  // USWDS hides the real radio or checkbox and draws it, and its focus ring, on the label's ::before.
  const drawn = el.matches(".usa-radio__input, .usa-checkbox__input") && el.labels.length;
  const ringOn = drawn ? el.labels[0] : el;
  const style = getComputedStyle(ringOn, drawn ? "::before" : null);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
    && style.outlineColor !== "rgba(0, 0, 0, 0)";
  const box = ringOn.getBoundingClientRect();
  const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
    && box.right > 0 && box.left < innerWidth;
  const cx = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const cy = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(cx, cy);
  const uncovered = !!top && (ringOn.contains(top) || top.contains(ringOn) || el.contains(top));
  return {
    tag: el.tagName.toLowerCase(), type: el.type || "", id: el.id, name,
    checked: !!el.checked, outline, onScreen, uncovered,
    ring: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
  };
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def assert_focus_shows(page, where: dict) -> None:
    label = f"{where['tag']} '{where['name']}' on {page.url}"
    assert where["outline"], f"no visible focus ring on {label} (outline: {where['ring']})"
    assert where["onScreen"], f"{label} has focus but is off screen"
    assert where["uncovered"], f"{label} has focus but something covers it"


def press(page, key: str) -> dict:
    """Presses a key and checks the focus ring of whatever has focus afterwards."""
    page.keyboard.press(key)
    where = focused(page)
    for _ in range(10):  # let a transition finish: the USWDS skip link slides in from above (0.15 s)
        if where is None or (where["outline"] and where["onScreen"] and where["uncovered"]):
            break
        page.wait_for_timeout(100)
        where = focused(page)
    assert where is not None, f"{key} left the focus nowhere on {page.url}"
    assert_focus_shows(page, where)
    return where


def tab_to(page, name: str, *, tag: str | None = None) -> dict:
    """Tabs forward until the control named `name` has focus; every stop on the way must show focus."""
    seen = []
    for _ in range(MAX_TABS):
        where = press(page, "Tab")
        seen.append(where["name"])
        if where["name"] == name and (tag is None or where["tag"] == tag):
            return where
    raise AssertionError(f"Tab never reached '{name}' on {page.url}; it went: {seen}")


def tab_through(page, names: list[str]) -> None:
    """The next Tab stops are exactly these controls, in this order."""
    for name in names:
        where = press(page, "Tab")
        assert where["name"] == name, f"after the previous control Tab went to '{where['name']}', not '{name}'"


@pytest.fixture
def letter(db):
    """A respondent not yet registered, with the mailed access code, a case and a hearing."""
    cache.clear()
    court = CourtFactory(code="KBD", name="Keyton Immigration Court", time_zone="America/New_York")
    person = RespondentFactory(a_number="065432109", given_name="Luis", family_name="Tzul")
    case = CaseFactory(respondent=person, court=court)
    HearingFactory(case=case, starts_at=timezone.now() + timedelta(days=60))
    code = access_code_issue(respondent=person, actor=None, reason="keyboard test")
    access_code_mark_mailed(access_code=code, mailed_at=timezone.now())
    return {"case": case, "code": access_code_plaintext(code)}


def _register_by_keyboard(page, lang, data, email):
    page.goto("/")
    where = press(page, "Tab")
    assert where["name"] == t(lang, "Skip to main content")
    tab_to(page, t(lang, "Create an account with the letter from the court"), tag="a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/register/")

    # Step 1: A-number and access code.
    tab_to(page, t(lang, "A-number"), tag="input")
    page.keyboard.type("A-065-432-109")
    tab_through(page, [t(lang, "Access code"), t(lang, "Continue")])
    where = press(page, "Shift+Tab")
    assert where["name"] == t(lang, "Access code"), "Shift+Tab goes back to the previous field"
    page.keyboard.type(data["code"])
    tab_through(page, [t(lang, "Continue")])
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/signup/")

    # Step 2: email and password; the show-password box is a checkbox toggled with Space.
    tab_to(page, t(lang, "Email"), tag="input")
    page.keyboard.type(email)
    tab_through(page, [t(lang, "Password")])
    page.keyboard.type(PASSWORD)
    tab_through(page, [t(lang, "Password (again)")])
    page.keyboard.type(PASSWORD)
    tab_through(page, [t(lang, "Show password")])
    press(page, "Space")
    assert page.locator("input[name=password1]").get_attribute("type") == "text"
    press(page, "Space")
    assert page.locator("input[name=password1]").get_attribute("type") == "password"
    tab_through(page, [t(lang, "Create account")])
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/confirm-email/")

    # The emailed link, opened by its address; then Confirm.
    page.goto(link_in_last_email("/accounts/confirm-email/"))
    tab_to(page, t(lang, "Confirm"), tag="button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/mfa/set-up/**")

    # Step 3: authenticator app, from the key printed on the page.
    tab_to(page, t(lang, "Use an authenticator app"), tag="a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/mfa/app/**")
    key = secret_to_key(page.locator("#totp-secret").inner_text())
    tab_to(page, t(lang, "6-digit code from your authenticator app"), tag="input")
    page.keyboard.type(code_for_key(key))
    tab_through(page, [t(lang, "Check the code")])
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/mfa/backup-codes/**")

    # Backup codes: make them (Space on the button), download them (Enter on the link), confirm.
    tab_to(page, t(lang, "Make my backup codes"), tag="button")
    page.keyboard.press("Space")
    page.locator("#backup-codes").wait_for()
    codes = page.locator("#backup-codes li").all_inner_texts()
    assert len(codes) == 10
    tab_to(page, t(lang, "Download the codes as a text file"), tag="a")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    assert codes[0] in download_bytes(download_info.value).decode()
    tab_through(page, [t(lang, "I saved my codes: continue")])
    page.keyboard.press("Enter")
    page.wait_for_url(at_path("/cases/"))


def _file_by_keyboard(page, lang, data, tmp_path) -> Filing:
    # The dashboard: the skip link first, then into the page.
    where = press(page, "Tab")
    assert where["name"] == t(lang, "Skip to main content")
    page.keyboard.press("Enter")
    tab_to(page, t(lang, "File a document with the court"), tag="a")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/filings/new/{data['case'].pk}/")

    # Type of filing: radios move with the arrow keys, and the arrow selects.
    choices = [t(lang, label) for _value, label in FilingStartForm.base_fields["filing_type"].choices]
    where = tab_to(page, choices[0], tag="input")
    assert not where["checked"], "nothing is chosen for the person"
    where = press(page, "ArrowDown")
    assert where["name"] == choices[1] and where["checked"]
    where = press(page, "ArrowUp")
    assert where["name"] == t(lang, Filing.FilingType.MOTION.label) and where["checked"]
    tab_through(page, [t(lang, "Start")])  # one Tab stop for the whole radio group
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/filings/\d+/$"))

    # The lead document: kind (already chosen), title, file, Upload.
    where = tab_to(page, t(lang, FilingDocument.Role.LEAD.label), tag="input")
    assert where["checked"], "the lead document is chosen to begin with"
    tab_through(page, [t(lang, DocumentUploadForm.base_fields["title"].label)])
    page.keyboard.type("Motion to change venue")
    tab_through(page, [t(lang, DocumentUploadForm.base_fields["file"].label)])
    pdf = tmp_path / "motion.pdf"
    pdf.write_bytes(make_pdf(pages=2))
    page.locator(":focus").set_input_files(str(pdf))  # the OS file chooser, reached by keyboard
    tab_through(page, [t(lang, "Upload")])
    with page.expect_navigation():  # back to the same address, with the document listed
        page.keyboard.press("Enter")
    assert page.get_by_role("row", name=re.compile("Motion to change venue")).is_visible()

    # Review, certify service with Space, file with Enter.
    tab_to(page, t(lang, "Review and file"), tag="a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/filings/\d+/submit/$"))
    where = tab_to(page, t(lang, SubmitForm.base_fields["service_certified"].label), tag="input")
    assert not where["checked"]
    where = press(page, "Space")
    assert where["checked"]
    tab_through(page, [t(lang, "File with the court")])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/filings/\d+/receipt/$"))
    filing = Filing.objects.get(case=data["case"])
    assert filing.status == Filing.Status.SUBMITTED
    assert page.get_by_text(filing.receipt_number).first.is_visible()
    return filing


@pytest.mark.parametrize(("size", "lang"), [("phone", "en"), ("desktop", "es")])
def test_registration_and_filing_by_keyboard_only(browser_page, letter, size, lang, tmp_path):
    page = browser_page(size, lang)
    email = f"luis.keyboard.{size}@example.org"
    _register_by_keyboard(page, lang, letter, email)
    assert EmailAddress.objects.get(email=email).verified
    filing = _file_by_keyboard(page, lang, letter, tmp_path)
    document = filing.documents.get(role=FilingDocument.Role.LEAD)
    assert document.title == "Motion to change venue"
    assert document.pages == 2


def test_the_focus_check_catches_a_hidden_focus_ring(browser_page):
    """The checks above can fail: a control whose outline is taken away is reported."""
    page = browser_page("desktop", "en")
    page.goto("/account/register/")
    page.evaluate("() => document.getElementById('id_code').style.setProperty('outline', 'none', 'important')")
    tab_to(page, "A-number", tag="input")
    with pytest.raises(AssertionError, match="no visible focus ring on input 'Access code'"):
        tab_through(page, ["Access code"])
