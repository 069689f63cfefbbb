"""Court words link to the glossary where they first appear on a page, once per page, in both languages."""

import datetime
import re
from collections import Counter

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from cases.models import Hearing, RecordDocument
from cases.tests.factories import MINIMAL_PDF, HearingFactory, RecordDocumentFactory
from guidance.glossary import GLOSSARY_TERMS
from notices.models import Notice

pytestmark = pytest.mark.django_db

TERM_LINK = re.compile(r'<a class="usa-link portal-glossary-term" href="/help/glossary/#([a-z0-9-]+)">(.*?)</a>', re.S)


def terms_linked(html: str) -> Counter:
    main = html.split('<main id="main-content"', 1)[1].split("</main>", 1)[0]
    return Counter(slug for slug, _words in TERM_LINK.findall(main))


@pytest.fixture
def case(respondent):
    return respondent.cases.get()


@pytest.fixture
def hearings(case):
    soon = timezone.now() + datetime.timedelta(days=20)
    master, individual = Hearing.HearingType.MASTER, Hearing.HearingType.INDIVIDUAL
    return [
        HearingFactory(case=case, starts_at=soon, hearing_type=master),
        HearingFactory(case=case, starts_at=soon + datetime.timedelta(days=30), hearing_type=master),
        HearingFactory(case=case, starts_at=soon + datetime.timedelta(days=90), hearing_type=individual),
    ]


@pytest.fixture
def record(case):
    return [
        RecordDocumentFactory(case=case, title="DHS evidence one", filed_by=RecordDocument.FiledBy.DHS),
        RecordDocumentFactory(case=case, title="DHS evidence two", filed_by=RecordDocument.FiledBy.DHS),
        RecordDocumentFactory(case=case, title="My motion", filed_by=RecordDocument.FiledBy.RESPONDENT),
    ]


@pytest.fixture
def registration_notice(respondent, case):
    return Notice.objects.create(
        respondent=respondent,
        case=case,
        court=case.court,
        kind=Notice.Kind.REGISTRATION,
        state=Notice.State.DELIVERED,
        idempotency_key="glossary-registration",
        pdf_key=default_storage.save("notices/glossary/letter.pdf", ContentFile(MINIMAL_PDF)),
        pdf_pages=1,
        pdf_size=len(MINIMAL_PDF),
    )


def test_a_term_is_linked_only_where_it_first_appears_on_the_page():
    source = (
        '{% load guidance_tags %}{% glossary "dhs" %}DHS{% endglossary %} and '
        '{% glossary_link "dhs" "the DHS" %}, {% glossary "motion" %}motion{% endglossary %}'
    )
    html = Template(source).render(Context())
    assert html == (
        '<a class="usa-link portal-glossary-term" href="/help/glossary/#dhs">DHS</a> and the DHS, '
        '<a class="usa-link portal-glossary-term" href="/help/glossary/#motion">motion</a>'
    )
    # A second page (a new render) links the term again.
    assert Template(source).render(Context()).startswith('<a class="usa-link portal-glossary-term"')
    # Words repeated as plain text stay escaped.
    twice = '{% load guidance_tags %}{% glossary_link "dhs" w %}{% glossary_link "dhs" w %}'
    assert Template(twice).render(Context({"w": "<b>"})).endswith("&lt;b&gt;")


@pytest.mark.parametrize("language", ["en", "es"])
def test_case_pages_link_each_court_word_once(respondent_client, case, hearings, record, language):
    respondent_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    dashboard = terms_linked(respondent_client.get(reverse("cases:dashboard")).content.decode())
    assert dashboard["master-calendar-hearing"] == 1
    hearings_page = terms_linked(respondent_client.get(reverse("cases:hearings", args=[case.pk])).content.decode())
    assert hearings_page["master-calendar-hearing"] == 1  # two master hearings: linked at the first only
    assert hearings_page["individual-hearing"] == 1
    record_page = terms_linked(respondent_client.get(reverse("cases:record", args=[case.pk])).content.decode())
    assert record_page["record-of-proceedings"] == 1
    assert record_page["dhs"] == 1  # two documents filed by DHS: linked at the first only
    assert record_page["respondent"] == 1
    for counts in (dashboard, hearings_page, record_page):
        assert set(counts) <= set(GLOSSARY_TERMS)
        assert max(counts.values()) == 1


def test_the_glossary_words_are_in_the_pages_language(respondent_client, case, hearings):
    respondent_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    html = respondent_client.get(reverse("cases:hearings", args=[case.pk])).content.decode()
    words = dict(TERM_LINK.findall(html))
    assert words["master-calendar-hearing"].startswith("Primera audiencia corta")  # the Spanish words, linked


def test_notice_and_account_pages_link_their_court_words(respondent_client, registration_notice, client):
    html = respondent_client.get(reverse("notices:detail", args=[registration_notice.pk])).content.decode()
    assert terms_linked(html)["access-code"] == 1
    assert terms_linked(respondent_client.get(reverse("accounts:account")).content.decode())["a-number"] == 1
    client.logout()
    assert terms_linked(client.get(reverse("accounts:lost_code")).content.decode())["eoir-33"] == 1
