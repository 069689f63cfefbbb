"""Every page a respondent can open links to the help answer for what is on it ("What does this mean?").

The pages are COLLECTED from the URL configuration (as the access and IDOR sweeps do), not listed by
hand: a new respondent page without a help link fails here. Each page is opened as the signed-in owner
of one of everything (tests/test_idor.py's fixture) and, when that sends them elsewhere, anonymously.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.urls.converters import IntConverter

from guidance.content import ANSWERS, CONTENT_LANGUAGES, answers_in, topic_html
from tests.test_access import VIEWS, sample_path
from tests.test_idor import owner, signed_in_and_reauthenticated  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

# Not respondent pages: the staff sites (their own test below), the help centre itself, passkey endpoints.
SKIPPED_NAMESPACES = {"admin", "support", "guidance", "otp_webauthn"}
# allauth pages nobody is sent to here: our own re-authentication and sign-in flows replace them.
NEVER_SHOWN = {
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "account_confirm_login_code",
}
# The pages the walk must reach, so that a broken fixture cannot make it pass vacuously.
MUST_REACH = {
    "home",
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_confirm_email",
    "account_email",
    "account_change_password",
    "accounts:register",
    "accounts:lost_code",
    "accounts:account",
    "accounts:mfa_backup_codes",
    "cases:dashboard",
    "cases:hearings",
    "cases:record",
    "filings:list",
    "filings:detail",
    "filings:address_change",
    "notices:inbox",
    "notices:detail",
}
HELP_LINK = re.compile(r'href="/help/([a-z0-9-]+)/#([a-z0-9-]+)"')


def _namespace(name: str) -> str:
    return name.split(":", 1)[0] if ":" in name else ""


def _path(route, name, entry, values) -> str | None:
    """The page's path, filled with the owner's ids; None for an id the fixture does not have."""
    converters = getattr(entry.pattern, "converters", {})
    if not any(isinstance(c, IntConverter) for c in converters.values()):
        return sample_path(route, entry)
    if any((_namespace(name), param) not in values for param in converters):
        return None
    return reverse(name, kwargs={param: values[(_namespace(name), param)] for param in converters})


def respondent_pages(values) -> list[tuple[str, str]]:
    """(view name, path) of every page outside the staff sites and the help centre."""
    pages = []
    for route, name, entry in VIEWS:
        if _namespace(name) in SKIPPED_NAMESPACES or route.startswith(("admin/", "support/")):
            continue
        if name in NEVER_SHOWN:
            continue
        path = _path(route, name, entry, values)
        if path is not None:
            pages.append((name, path))
    return pages


def _html_page(client, path) -> str | None:
    response = client.get(path)
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return None
    return response.content.decode()


def _main(html: str) -> str:
    return html.split('<main id="main-content"', 1)[1].split("</main>", 1)[0]


def _answer_links(html: str) -> list[tuple[str, str]]:
    return [(topic, anchor) for topic, anchor in HELP_LINK.findall(_main(html)) if topic != "glossary"]


@pytest.fixture
def anchors_in_both_languages(db):
    """The anchors each topic's document really has, per language (not just what the registry says)."""
    found = {}
    for lang in CONTENT_LANGUAGES:
        for topic in {answer.slug: answer for answer in ANSWERS.values()}.values():
            for anchor, _question in answers_in(topic_html(topic, lang)):
                found.setdefault((topic.slug, anchor), set()).add(lang)
    return {key for key, langs in found.items() if langs == set(CONTENT_LANGUAGES)}


def test_every_respondent_page_links_to_a_help_answer_that_exists_in_both_languages(
    owner,  # noqa: F811
    anchors_in_both_languages,
):
    signed_in = signed_in_and_reauthenticated(Client(), owner["person"].user)
    reached, problems = set(), []
    for name, path in respondent_pages(owner["values"]):
        html = _html_page(signed_in, path) or _html_page(Client(), path)
        if html is None:
            continue  # a download, a redirect or an action (POST only): no page of its own
        reached.add(name)
        links = _answer_links(html)
        if not links:
            problems.append(f"{name} ({path}) has no link to a help answer")
        problems += [
            f"{name} ({path}) links to /help/{topic}/#{anchor}, which is not an answer in every language"
            for topic, anchor in links
            if (topic, anchor) not in anchors_in_both_languages
        ]
    assert not problems, "\n".join(problems)
    assert reached >= MUST_REACH, f"the walk did not reach {sorted(MUST_REACH - reached)}"


def test_the_walk_notices_a_page_without_a_help_link():
    assert _answer_links('<main id="main-content"><a href="/help/glossary/#dhs">DHS</a></main>') == []
    assert _answer_links('<main id="main-content"><a href="/help/account/#lost-code">x</a></main>') == [
        ("account", "lost-code")
    ]


def test_support_console_pages_link_to_the_answers_agents_explain(client, support_agent, respondent):
    from tests.support import login_verified

    login_verified(client, support_agent)
    user = respondent.user
    pages = [
        reverse("support:index"),
        reverse("support:accounts_user_changelist"),
        reverse("support:accounts_user_change", args=[user.pk]),
        reverse("support:accounts_user_action", args=[user.pk, "unlock"]),
        reverse("support:accounts_user_action", args=[user.pk, "reset-factors"]),
        reverse("support:my_actions"),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert HELP_LINK.search(html), f"{path} has no link to a help answer"
        assert urlsplit(path).path.startswith("/support/")
