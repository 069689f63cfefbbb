"""The help centre's content registry: topics, the answers (anchors) each holds, and where they live.

Long answers are whole documents per language (docs/adr/0080): `templates/guidance/<lang>/<slug>.html`.
This registry is the contract other pages rely on: an anchor listed here exists in every language
(a test checks it), so `answer_url("lost-code")` always lands on an answer.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import password_validation
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from cases.selectors import DOCUMENTS_DUE_DAYS_BEFORE
from common.portal_name import portal_name

CONTENT_LANGUAGES = ("en", "es")
ADDRESS_CHANGE_DAYS = 5


@dataclass(frozen=True)
class Topic:
    slug: str
    title: Promise
    summary: Promise
    anchors: tuple[str, ...]
    legal: bool = False

    def template_name(self, language: str) -> str:
        return f"guidance/{language}/{self.slug}.html"


STATUS_ANCHORS = tuple(f"status-{value.replace('_', '-')}" for value in Case.Status.values)

TOPICS: tuple[Topic, ...] = (
    Topic(
        "account",
        _("Your account: registering and signing in"),
        _("Your access code, a lost or expired code, signing in, the second step and a lost phone."),
        (
            "access-code",
            "register",
            "choose-password",
            "confirm-email",
            "lost-code",
            "expired-code",
            "sign-in",
            "cannot-sign-in",
            "account-locked",
            "second-factor",
            "code-not-working",
            "lost-phone",
            "session-timeout",
        ),
    ),
    Topic(
        "your-case",
        _("Your case"),
        _("What each case status means, changing your address, and when a lawyer takes your case."),
        ("case-status", *STATUS_ANCHORS, "change-address", "notices-by-email", "attorney"),
    ),
    Topic(
        "hearings",
        _("Hearings"),
        _("Types of hearings, hearings in person and by internet, interpreters and what to bring."),
        (
            "next-hearing",
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
            "missed-hearing",
            "text-reminders",
        ),
    ),
    Topic(
        "filing",
        _("Filing documents"),
        _("How to send documents to the court, file rules, translations, DHS and deadlines."),
        (
            "file-document",
            "file-format",
            "file-size",
            "translations",
            "service-on-dhs",
            "filing-deadline",
            "e-filing-opt-in",
            "after-filing",
            "filing-rejected",
            "ask-the-judge",
        ),
    ),
    Topic(
        "record",
        _("Your record of proceedings"),
        _("How to download one document or your whole record."),
        ("download-record", "download-document"),
    ),
    Topic(
        "accessibility",
        _("Accessibility statement"),
        _("The standard this portal meets, how we test it and how to report a problem."),
        ("accessibility-standard", "accessibility-testing", "accessibility-report"),
        legal=True,
    ),
    Topic(
        "privacy",
        _("Privacy notice"),
        _("What we collect, why, who sees it and how long we keep it."),
        ("privacy-collected", "privacy-why", "privacy-who", "privacy-how-long"),
        legal=True,
    ),
    Topic(
        "terms",
        _("Terms of use"),
        _("The rules for using this portal, electronic service and the e-filing rule."),
        ("terms-use", "electronic-service", "terms-e-filing"),
        legal=True,
    ),
)

TOPICS_BY_SLUG = {topic.slug: topic for topic in TOPICS}
ANSWERS = {anchor: topic for topic in TOPICS for anchor in topic.anchors}


def content_language() -> str:
    """The content language for the active UI language (English when it is not shipped)."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in CONTENT_LANGUAGES else "en"


def answer_url(anchor: str) -> str:
    """The URL of one help answer ("/help/account/#lost-code"); KeyError for an unknown anchor."""
    topic = ANSWERS[anchor]
    return reverse("guidance:topic", args=[topic.slug]) + "#" + anchor


def _first_url(*names: str, default: str = "/") -> str:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return default


def _password_min_length() -> int:
    for validator in password_validation.get_default_password_validators():
        if isinstance(validator, password_validation.MinimumLengthValidator):
            return validator.min_length
    return 8


def content_context() -> dict:
    """Facts the help documents quote: limits and contacts come from settings, never from the text."""
    max_bytes = settings.FILINGS_MAX_UPLOAD_BYTES
    return {
        "max_upload_mb": max_bytes // (1024 * 1024),
        "max_documents": settings.FILINGS_MAX_SUPPORTING_DOCUMENTS,
        "password_min_length": _password_min_length(),
        "lock_minutes": settings.SIGN_IN_LOCK_MINUTES,
        "lock_failures": settings.SIGN_IN_LOCK_FAILURES,
        "deadline_days": DOCUMENTS_DUE_DAYS_BEFORE,
        "address_days": ADDRESS_CHANGE_DAYS,
        "support_phone": settings.SUPPORT_PHONE,
        "support_email": settings.SUPPORT_EMAIL,
        "portal_name": portal_name(),
        "site_url": settings.SITE_URL,
        "login_url": _first_url("account_login"),
        "register_url": _first_url("accounts:register", "accounts:registration_start", "accounts:register_start"),
        "contact_url": reverse("guidance:contact"),
        "glossary_url": reverse("guidance:glossary"),
    }


_HEADING = re.compile(r'<h2[^>]*\bid="([a-z0-9-]+)"[^>]*>(.*?)</h2>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def answers_in(html: str) -> list[tuple[str, str]]:
    """The (anchor, question) pairs of a rendered help document, in order: each answer is an <h2 id>."""
    return [(anchor, " ".join(_TAGS.sub("", text).split())) for anchor, text in _HEADING.findall(html)]


def topic_html(topic: Topic, language: str | None = None) -> str:
    """One topic's document rendered in `language` (the active content language by default)."""
    language = language or content_language()
    with translation.override(language):
        return render_to_string(topic.template_name(language), content_context())
