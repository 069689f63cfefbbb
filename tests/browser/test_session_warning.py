"""The session warning (issue 9, "keeping work safe") in a real browser: shown before the idle limit, focused,
accessible, and "Stay signed in" keeps the person on the page."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from cases.tests.factories import CaseFactory, CourtFactory, RespondentFactory
from tests.browser.test_a11y_pages import sign_in_browser

pytestmark = pytest.mark.browser


def test_warning_appears_before_the_idle_limit_and_stay_signed_in_keeps_the_page(
    browser_page, axe_check, live_server, settings
):
    settings.SESSION_IDLE_SECONDS = 125  # the warning comes 120 s before the end: after about 5 s here
    user = UserFactory(email="maria@example.org")
    CaseFactory(respondent=RespondentFactory(user=user), court=CourtFactory(code="TST"))
    page = browser_page("desktop", "en")
    sign_in_browser(page, live_server, user)
    page.goto("/cases/")
    warning = page.locator("#portal-session-warning")
    expect(warning).to_be_visible(timeout=15_000)
    assert page.evaluate("document.activeElement.id") == "portal-session-warning"
    axe_check(page)
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    assert page.evaluate("window.notReloaded === true"), "the page was reloaded: anything typed would be lost"
    assert page.url.endswith("/cases/")
