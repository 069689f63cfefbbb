"""The help content contract: every registered answer and glossary term exists in every language."""

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import translation

from cases.models import Case
from guidance.content import ANSWERS, CONTENT_LANGUAGES, STATUS_ANCHORS, TOPICS, answers_in, topic_html
from guidance.glossary import GLOSSARY_TERMS

pytestmark = pytest.mark.django_db

ISSUE_TOPICS = {
    "access-code",
    "lost-code",
    "expired-code",
    "sign-in",
    "second-factor",
    "lost-phone",
    "master-hearing",
    "individual-hearing",
    "in-person-hearing",
    "internet-hearing",
    "join-internet-hearing",
    "test-connection",
    "link-fails",
    "interpreter",
    "interpreter-language",
    "what-to-bring",
    "file-format",
    "file-size",
    "translations",
    "service-on-dhs",
    "filing-deadline",
    "e-filing-opt-in",
    "change-address",
    "after-filing",
    "attorney",
    "download-record",
    "session-timeout",
}


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.slug)
def test_each_topic_has_the_same_anchors_in_english_and_spanish(topic):
    found = {lang: [anchor for anchor, _q in answers_in(topic_html(topic, lang))] for lang in CONTENT_LANGUAGES}
    assert found["en"] == list(topic.anchors)
    assert found["es"] == found["en"]
    for lang in CONTENT_LANGUAGES:
        assert all(question for _a, question in answers_in(topic_html(topic, lang)))


def test_every_topic_the_issue_asks_for_and_every_case_status_has_an_answer():
    assert set(ANSWERS) >= ISSUE_TOPICS
    assert {f"status-{s.replace('_', '-')}" for s in Case.Status.values} == set(STATUS_ANCHORS)
    assert set(STATUS_ANCHORS) <= set(ANSWERS)


def test_anchor_ids_are_unique_across_the_help_centre():
    all_anchors = [anchor for topic in TOPICS for anchor in topic.anchors]
    assert len(all_anchors) == len(set(all_anchors))
    assert not set(all_anchors) & {"main-content", "on-this-page"}


def test_limits_in_the_answers_come_from_settings(settings):
    settings.FILINGS_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    settings.SUPPORT_PHONE = "(555) 010-0177"
    filing = {lang: topic_html(ANSWERS["file-size"], lang) for lang in CONTENT_LANGUAGES}
    assert "up to 10 MB" in filing["en"]
    assert "hasta 10 MB" in filing["es"]
    assert "(555) 010-0177" in topic_html(ANSWERS["lost-code"], "es")


@pytest.mark.parametrize("lang", CONTENT_LANGUAGES)
def test_glossary_has_every_term_in_each_language(lang):
    with translation.override(lang):
        html = render_to_string(f"guidance/{lang}/glossary.html")
    assert re.findall(r'<dt id="([a-z0-9-]+)"', html) == list(GLOSSARY_TERMS)


def test_glossary_tag_links_the_words_to_their_entry():
    html = Template('{% load guidance_tags %}{% glossary "in-absentia" %}in <b>absentia</b>{% endglossary %}').render(
        Context()
    )
    assert html == '<a class="usa-link portal-glossary-term" href="/help/glossary/#in-absentia">in <b>absentia</b></a>'


def test_glossary_tag_escapes_variables_and_has_a_simple_form():
    html = Template('{% load guidance_tags %}{% glossary_link "dhs" word %}').render(Context({"word": "<DHS>"}))
    assert html == '<a class="usa-link portal-glossary-term" href="/help/glossary/#dhs">&lt;DHS&gt;</a>'


def test_help_link_points_at_the_answer_in_the_active_language():
    template = Template('{% load guidance_tags %}{% help_link "lost-code" %}|{% help_url "attorney" %}')
    assert template.render(Context()) == (
        '<a class="usa-link portal-help-link" href="/help/account/#lost-code">What does this mean?</a>'
        "|/help/your-case/#attorney"
    )


@pytest.mark.parametrize(
    "source",
    [
        '{% load guidance_tags %}{% glossary "no-such-word" %}x{% endglossary %}',
        "{% load guidance_tags %}{% glossary in-absentia %}x{% endglossary %}",
        '{% load guidance_tags %}{% help_link "no-such-answer" %}',
    ],
)
def test_unknown_help_targets_fail_loudly(source):
    with pytest.raises(TemplateSyntaxError):
        Template(source).render(Context())
