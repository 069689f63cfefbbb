"""Help pages: public, in both languages, every answer reachable from the index, no JavaScript needed."""

import re
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from guidance.content import TOPICS, answers_in

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    reverse("guidance:index"),
    reverse("guidance:glossary"),
    reverse("guidance:contact"),
    reverse("guidance:session_ended"),
    *[reverse("guidance:topic", args=[topic.slug]) for topic in TOPICS],
]


def spanish(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_help_pages_are_public_and_need_no_script(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" not in html
    assert "style=" not in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_topic_page_shows_its_answers_with_a_table_of_contents(client):
    html = client.get(reverse("guidance:topic", args=["filing"])).content.decode()
    assert '<h2 id="file-size">My file is too big. What can I do?</h2>' in html
    assert '<a class="usa-link" href="#file-size">My file is too big. What can I do?</a>' in html
    assert "25 MB" in html
    assert 'href="/help/glossary/#dhs"' in html


def test_topic_page_in_spanish(client):
    html = spanish(client).get(reverse("guidance:topic", args=["hearings"])).content.decode()
    assert '<html lang="es">' in html
    assert '<h2 id="link-fails">El enlace no funciona durante mi audiencia. ¿Qué hago?</h2>' in html


def test_unknown_topic_is_404(client):
    assert client.get("/help/no-such-topic/").status_code == 404


def test_index_links_every_answer(client):
    html = client.get(reverse("guidance:index")).content.decode()
    for topic in TOPICS:
        if topic.legal:
            assert f'href="/help/{topic.slug}/"' in html
            continue
        for anchor in topic.anchors:
            assert f'href="/help/{topic.slug}/#{anchor}"' in html
    assert 'href="/help/quick-reference.pdf?lang=es"' in html


def test_glossary_page_in_both_languages(client):
    html = client.get(reverse("guidance:glossary")).content.decode()
    assert '<dt id="in-absentia">In absentia</dt>' in html
    html = spanish(client).get(reverse("guidance:glossary")).content.decode()
    assert '<dt id="in-absentia">Orden de deportación en ausencia (in absentia)</dt>' in html


def test_every_help_link_inside_the_content_lands_on_an_existing_anchor():
    """Links between answers (help_url) and to the glossary resolve to ids present on the target page."""
    pages = [reverse("guidance:topic", args=[t.slug]) for t in TOPICS] + [reverse("guidance:glossary")]
    for lang in ("en", "es"):
        c = spanish(Client()) if lang == "es" else Client()
        htmls = {path: c.get(path).content.decode() for path in pages}
        ids = {path: set(re.findall(r'\bid="([^"]+)"', html)) for path, html in htmls.items()}
        links = [link for html in htmls.values() for link in re.findall(r'href="(/help/[a-z-]+/)#([a-z0-9-]+)"', html)]
        assert len(set(links)) >= 15  # each glossary term is linked once per page, so count distinct targets
        for path, anchor in links:
            assert anchor in ids[path], (lang, path, anchor)


def test_answers_in_reads_headings():
    assert answers_in('<h2 id="a-b">Why <em>me</em>?</h2><h2>no id</h2>') == [("a-b", "Why me?")]


def test_session_extend_keeps_a_signed_in_person_and_returns_them(respondent_client):
    session_key = respondent_client.session.session_key
    from django.contrib.sessions.models import Session

    before = Session.objects.get(session_key=session_key).expire_date
    response = respondent_client.post(reverse("guidance:session_extend"), {"next": "/help/filing/"})
    assert response.status_code == 302
    assert response["Location"] == "/help/filing/"
    assert Session.objects.get(session_key=session_key).expire_date >= before


def test_session_extend_refuses_an_outside_redirect_and_anonymous_use(respondent_client, client):
    response = respondent_client.post(reverse("guidance:session_extend"), {"next": "https://evil.example.com/"})
    assert response["Location"] == "/"
    anonymous = Client().post(reverse("guidance:session_extend"))
    assert anonymous.status_code == 302
    assert reverse("account_login") in anonymous["Location"]


def test_session_ended_page_returns_to_the_page_after_sign_in(client):
    html = client.get(reverse("guidance:session_ended"), {"next": "/filings/"}).content.decode()
    assert f'href="{reverse("account_login")}?next=/filings/"' in html
    html = client.get(reverse("guidance:session_ended"), {"next": "https://evil.example.com/"}).content.decode()
    assert f'href="{reverse("account_login")}"' in html
    assert f'href="{reverse("account_login")}?next=' not in html


def test_stay_signed_in_answers_the_warning_script_without_leaving_the_page(respondent_client, settings):
    response = respondent_client.post(reverse("guidance:session_extend"), headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json()["seconds_left"] == settings.SESSION_IDLE_SECONDS


def _session_times(client, **values):
    session = client.session
    session.update(values)
    session.save()


def test_session_warning_is_on_signed_in_pages_only(respondent_client, respondent):
    signed_in = respondent_client.get(reverse("cases:dashboard")).content.decode()
    main = signed_in.split('<main id="main-content"', 1)[1].split("</main>", 1)[0]
    assert 'id="portal-session-warning"' in main
    assert f'action="{reverse("guidance:session_extend")}"' in main
    for url in ("/", reverse("guidance:index"), reverse("account_login")):
        assert 'id="portal-session-warning"' not in Client().get(url).content.decode()


def test_session_warning_counts_down_to_the_idle_limit_the_accounts_middleware_enforces(
    respondent_client, respondent, settings
):
    import time_machine

    from accounts.session_keys import SESSION_AUTH_AT, SESSION_SEEN_AT

    now = int(time.time())  # not far from the real time: the session row itself has a real expiry date
    with time_machine.travel(now, tick=False):
        # seen 20 s ago: the middleware does not rewrite it (only after 30 s), so the page shows 30 min - 20 s
        _session_times(respondent_client, **{SESSION_SEEN_AT: now - 20, SESSION_AUTH_AT: now})
        html = respondent_client.get(reverse("cases:dashboard")).content.decode()
        assert f'data-seconds-left="{settings.SESSION_IDLE_SECONDS - 20}"' in html
        assert settings.SESSION_IDLE_SECONDS - 20 <= 30 * 60
        # near the 12-hour limit the absolute deadline comes first
        started = now - settings.SESSION_ABSOLUTE_SECONDS + 100
        _session_times(respondent_client, **{SESSION_SEEN_AT: now - 20, SESSION_AUTH_AT: started})
        html = respondent_client.get(reverse("cases:dashboard")).content.decode()
        assert 'data-seconds-left="100"' in html


def test_stay_signed_in_pushes_the_idle_deadline_the_accounts_middleware_checks(
    respondent_client, respondent, settings
):
    import time_machine

    from accounts.session_keys import SESSION_AUTH_AT, SESSION_SEEN_AT

    start = int(time.time())
    with time_machine.travel(start, tick=False) as clock:
        _session_times(respondent_client, **{SESSION_SEEN_AT: start - 20, SESSION_AUTH_AT: start - 20})
        response = respondent_client.post(reverse("guidance:session_extend"), headers={"Accept": "application/json"})
        assert response.json()["seconds_left"] == settings.SESSION_IDLE_SECONDS
        assert respondent_client.session[SESSION_SEEN_AT] == start
        # 30 idle minutes after the old time, but not after "stay signed in": still signed in
        clock.move_to(start - 20 + settings.SESSION_IDLE_SECONDS + 10)
        assert respondent_client.get(reverse("cases:dashboard")).status_code == 200
        # and 30 idle minutes after that, the middleware signs the person out
        clock.move_to(start - 20 + 2 * settings.SESSION_IDLE_SECONDS + 60)
        response = respondent_client.get(reverse("cases:dashboard"))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_session_warning_component_is_hidden_accessible_and_posts_to_extend(respondent_client, respondent, settings):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    request = RequestFactory().get("/filings/draft/")
    request.user = respondent.user
    request.session = respondent_client.session
    html = render_to_string("guidance/components/session_warning.html", request=request)
    assert 'role="alertdialog"' in html
    assert "hidden>" in html
    assert f'action="{reverse("guidance:session_extend")}"' in html
    assert 'name="next" value="/filings/draft/"' in html
    assert f'data-seconds-left="{settings.SESSION_IDLE_SECONDS}"' in html
    assert "guidance/session-warning.js" in html


def test_every_page_footer_links_to_help_contact_and_legal_pages(client):
    html = client.get("/").content.decode()
    for path in ("/help/", "/help/contact/", "/help/accessibility/", "/help/privacy/", "/help/terms/"):
        assert f'href="{path}"' in html


def test_respondent_pages_link_to_the_answer_for_what_is_on_them(respondent_client, respondent):
    from guidance.content import answer_url

    case = respondent.cases.first()
    expected = {
        reverse("cases:dashboard"): "case-status",
        reverse("cases:hearings", args=[case.pk]): "next-hearing",
        reverse("cases:record", args=[case.pk]): "download-record",
        reverse("notices:inbox"): "electronic-service",
        reverse("filings:list"): "file-document",
        reverse("filings:address_change", args=[case.pk]): "change-address",
    }
    for url, anchor in expected.items():
        html = respondent_client.get(url, follow=True).content.decode()
        assert f'href="{answer_url(anchor)}"' in html, url
    anonymous = Client()
    assert f'href="{answer_url("sign-in")}"' in anonymous.get(reverse("account_login")).content.decode()
    assert f'href="{answer_url("access-code")}"' in anonymous.get(reverse("accounts:register")).content.decode()
