"""The public pages in a real browser: accessibility (axe), keyboard, small screens, no JavaScript."""

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    ("/", {"en": "See your immigration court case online", "es": "Vea en línea su caso"}),
    ("/accounts/login/", {"en": "Sign in", "es": "Iniciar sesión"}),
    ("/hearing-lookup/", {"en": "Look up your next hearing", "es": "Consulte su próxima audiencia"}),
    ("/no-such-page/", {"en": "Page not found", "es": "No encontramos esta página"}),
]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_public_pages_have_no_accessibility_violations(browser_page, axe_check, viewport, language):
    page = browser_page(viewport, language)
    for path, heading in PAGES:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        assert heading[language] in page.locator("h1").first.inner_text()
        axe_check(page)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_keyboard_reaches_the_skip_link_first_and_it_moves_focus_to_main(browser_page, viewport):
    page = browser_page(viewport)
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.textContent.trim(), document.activeElement.className]")
    assert focused == ["Skip to main content", "usa-skipnav"]
    assert page.get_by_role("link", name="Skip to main content").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")
    inside_main = page.evaluate("() => document.getElementById('main-content').contains(document.activeElement)")
    assert inside_main, "the next Tab after the skip link stays in the main content"


def test_language_selector_works_without_javascript_and_keeps_the_page(browser_page):
    page = browser_page("narrow", "en", javascript=False)
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Español").click()
    page.wait_for_url("**/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_shell_fits_a_320_pixel_screen_without_javascript(browser_page, language):
    page = browser_page("narrow", language, javascript=False)
    for path, _ in PAGES:
        page.goto(path)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, f"{path} scrolls sideways"
        sign_in = {"en": "Sign in", "es": "Iniciar sesión"}[language]
        assert page.get_by_role("navigation").get_by_role("link", name=sign_in).is_visible()
        assert page.get_by_text("demonstration" if language == "en" else "demostración").first.is_visible()


def test_the_harness_sees_styles_and_catches_violations(browser_page, axe_check):
    """The checks above can fail: USWDS styles are loaded, and axe reports a broken element."""
    page = browser_page("desktop")
    page.goto("/")
    assert "Source Sans Pro" in page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.usa-skipnav')).position") == "absolute"
    broken = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'  # no alt text
    page.evaluate("html => document.querySelector('main').insertAdjacentHTML('beforeend', html)", broken)
    with pytest.raises(AssertionError, match="image-alt"):
        axe_check(page)
