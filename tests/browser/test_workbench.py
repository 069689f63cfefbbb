"""The clerk workbench in a real browser: axe on the landing page, the queue and the review page, and a
clerk who reviews five filings with the keyboard only (Tab, Shift+Tab, Space, arrows, Enter, typing),
taking the next one each time, then finds them in Recent actions. Every control the focus lands on
must show it (tests/browser/test_keyboard.py's checks). No clicks."""

import datetime
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from accounts.services import role_assign
from accounts.tests.factories import StaffFactory
from audit.actions import AuditAction
from audit.models import AuditEvent
from cases.tests.factories import CaseFactory, CourtFactory, HearingFactory
from filings.models import Filing
from filings.tests.workbench_support import ensure_reasons, queued
from tests.browser.helpers import at_path
from tests.browser.test_a11y_pages import sign_in_browser
from tests.browser.test_keyboard import press, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def workbench_world(transactional_db, roles):
    ensure_reasons()
    court = CourtFactory(code="WBK", name="Benchton Immigration Court", time_zone="America/Chicago")
    other = CourtFactory(code="OTW", name="Otherwork Immigration Court", time_zone="America/New_York")
    clerk = StaffFactory(email="bench.clerk@example.org", first_name="Kim", last_name="Clerk")
    role_assign(user=clerk, role_key="clerk")
    court.staff.add(clerk)
    case = CaseFactory(court=court)
    HearingFactory(case=case, starts_at=timezone.now() + datetime.timedelta(days=20))
    filings = [queued(court, minutes_ago=600 - 100 * i, case=case if i == 0 else None) for i in range(5)]
    foreign = queued(other, minutes_ago=5000)  # older than all: another court's, never offered
    return {"court": court, "clerk": clerk, "filings": filings, "foreign": foreign}


def test_workbench_pages_have_no_accessibility_violations(browser_page, axe_check, live_server, workbench_world):
    page = browser_page("desktop", "en")
    sign_in_browser(page, live_server, workbench_world["clerk"])
    for path in (
        "/admin/",
        "/admin/filings/filing/?queue=review",
        f"/admin/filings/filing/{workbench_world['filings'][0].pk}/change/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        axe_check(page)
    # Narrow screens too: the review page stacks the facts above the documents.
    narrow = browser_page("narrow", "en")
    sign_in_browser(narrow, live_server, workbench_world["clerk"])
    narrow.goto(f"/admin/filings/filing/{workbench_world['filings'][0].pk}/change/")
    axe_check(narrow)


def _decide_by_keyboard(page, *, decision: str, steps_down: int = 0, text: str = "") -> None:
    """From the review page: skip link, pick a reason with the arrows, type a note, "... and open the next"."""
    tab_to(page, "Go to the decision", tag="a")
    page.keyboard.press("Enter")
    if decision == "reject":
        tab_to(page, "Accept", tag="button")  # past the accept form's buttons
    where = press(page, "Tab")
    assert where["tag"] == "input" and where["type"] == "radio", where
    for _ in range(steps_down):
        where = press(page, "ArrowDown")  # arrows move and choose within the group
    press(page, "Space")
    where = press(page, "Tab")
    assert where["tag"] == "textarea", where
    if text:
        page.keyboard.type(text)
    label = "Accept and open the next" if decision == "accept" else "Reject and open the next"
    where = press(page, "Tab")
    assert where["name"] == label, where
    page.keyboard.press("Enter")


def test_a_clerk_reviews_five_filings_with_the_keyboard_only(browser_page, live_server, workbench_world, axe_check):
    filings = workbench_world["filings"]
    page = browser_page("desktop", "en")
    sign_in_browser(page, live_server, workbench_world["clerk"])
    page.goto("/admin/")
    tab_to(page, "Filings waiting for review", tag="a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/filings/filing/?*queue=review*")
    tab_to(page, str(filings[0]), tag="a")  # the oldest is the first row
    page.keyboard.press("Enter")
    page.wait_for_url(at_path(f"/admin/filings/filing/{filings[0].pk}/change/"))

    plan = [
        ("accept", 0, ""),
        ("reject", 1, "The second page is missing."),  # "The document belongs to a different case."
        ("accept", 0, "Checked against the hearing notice."),
        ("reject", 4, "The motion names another respondent."),  # "Other reason": words required
        ("accept", 0, ""),
    ]
    for number, (decision, steps, text) in enumerate(plan):
        assert urlparse(page.url).path == f"/admin/filings/filing/{filings[number].pk}/change/"
        _decide_by_keyboard(page, decision=decision, steps_down=steps, text=text)
        following = f"/admin/filings/filing/{filings[number + 1].pk}/change/" if number < 4 else "/admin/"
        # A decision renders its decision letter in the request here (Celery runs eagerly in tests):
        # on a busy machine that takes longer than Playwright's default wait.
        page.wait_for_url(at_path(following), timeout=90_000)

    assert page.get_by_text("That was the last one: this queue is empty.").is_visible()
    statuses = [Filing.objects.get(pk=f.pk).status for f in filings]
    assert statuses == ["accepted", "rejected", "accepted", "rejected", "accepted"]
    other = Filing.objects.get(pk=filings[3].pk)
    assert other.rejection_reason == "The motion names another respondent."
    second = Filing.objects.get(pk=filings[1].pk)
    assert second.rejection_reason == "The document belongs to a different case. The second page is missing."
    assert Filing.objects.get(pk=workbench_world["foreign"].pk).status == "submitted"
    # Recent actions on the landing page show the five decisions, newest first.
    recent = page.locator("#recent-actions-module")
    assert recent.get_by_text("Accepted a filing").count() == 3
    assert recent.get_by_text("Rejected a filing").count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.FILING_ACCEPTED).count() == 3
    axe_check(page)
