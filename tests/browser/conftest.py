"""Real-browser fixtures: Debian's Chromium driven by Playwright, and axe-core accessibility checks.

Nothing is downloaded: Chromium is /usr/bin/chromium (scripts/os-packages test installs it) and
axe-core comes from node_modules (package.json). Reuse these for new pages:

    @pytest.mark.browser
    def test_my_page(browser_page, axe_check):
        page = browser_page("phone", "es")
        page.goto("/my/page/")
        axe_check(page)

`browser_page(viewport, language, javascript=True)` opens a fresh browser context (its own cookies)
on the live server; `page.goto` takes paths. `axe_check(page)` fails the test on any WCAG 2.0, 2.1
or 2.2 A/AA violation and prints each one. Every page opened this way also fails the test on a
sub-resource that answers 4xx/5xx or on a Content-Security-Policy violation in the console.
"""

import os
import threading
import time
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 800},
    "narrow": {"width": 320, "height": 640},  # the smallest screen we support
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_SCRIPT = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"

# Playwright's sync API keeps an event loop in this thread; Django would refuse ORM calls made by
# the test itself (fixtures, assertions on the database) without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run scripts/os-packages test (never download one)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def _browser_static(settings):
    """The live server serves static files from the source folders (finders), unhashed.

    The project's storage (WhiteNoise's manifest) would hand out hashed names that only exist after
    collectstatic; serving from the sources keeps browser tests independent of that build step.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def browser_page(chromium, live_server, transactional_db, _browser_static, _requests_in_flight, settings):
    """Factory: browser_page(viewport="phone", language="en", javascript=True) -> a Playwright Page."""
    contexts = []
    problems: list[str] = []

    def open_page(viewport: str = "phone", language: str = "en", javascript: bool = True):
        context = chromium.new_context(
            base_url=live_server.url,
            viewport=VIEWPORTS[viewport],
            locale={"en": "en-US", "es": "es-US"}[language],
            java_script_enabled=javascript,
        )
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("response", lambda r: _note_failed_resource(r, page, problems))
        page.on("console", lambda m: _note_csp_violation(m, problems))
        return page

    yield open_page
    for context in contexts:
        context.close()
    _requests_in_flight.wait_until_idle()
    assert not problems, "\n".join(problems)


class _RequestsInFlight:
    """Counts the live server's requests between Django's request_started and request_finished."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    def started(self, **kwargs):
        with self.lock:
            self.count += 1

    def finished(self, **kwargs):
        with self.lock:
            self.count -= 1

    def wait_until_idle(self, seconds: float = 15.0) -> None:
        deadline = time.monotonic() + seconds
        while self.count > 0 and time.monotonic() < deadline:
            time.sleep(0.05)


@pytest.fixture
def _requests_in_flight():
    """After the browser closes, waits for the requests it left running in the live server.

    A test that fails while the browser is mid-request (a passkey being saved, a form being sent)
    leaves that request running in the server's thread. The database flush that ends the test would
    then deadlock with it and fail, or the request would write rows after the flush; either way rows
    are left behind that break the next tests.
    """
    counter = _RequestsInFlight()
    request_started.connect(counter.started, dispatch_uid="browser-requests-started")
    request_finished.connect(counter.finished, dispatch_uid="browser-requests-finished")
    yield counter
    request_started.disconnect(dispatch_uid="browser-requests-started")
    request_finished.disconnect(dispatch_uid="browser-requests-finished")


def _note_failed_resource(response, page, problems):
    # The page itself may be an error page on purpose (404); its sub-resources may not fail.
    if response.status >= 400 and response.request.resource_type != "document":
        problems.append(f"{response.status} for {response.url} (on {page.url})")


def _note_csp_violation(message, problems):
    if "Content Security Policy" in message.text:
        problems.append(f"CSP violation: {message.text}")


def axe_violations(page) -> list[dict]:
    """Runs axe-core on the page as it is now; returns the WCAG A/AA violations.

    The script is evaluated through the DevTools protocol, which the page's CSP does not govern, so
    the strict policy stays on for the page under test.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


def format_violations(page, violations) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.fixture
def axe_check():
    """axe_check(page): fails the test on any WCAG A/AA violation on the page, listing each one."""

    def check(page):
        violations = axe_violations(page)
        assert not violations, format_violations(page, violations)

    return check
