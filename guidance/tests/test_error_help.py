"""Every error on registration, sign-in and the second step links to the help answer that fixes it.

The link sits inside the error message itself (the inline message and the error summary), with words
that say where it leads, so a screen reader user hears the fix together with the problem.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import backup_codes_generate
from accounts.tests.helpers import mailed_code_text
from cases.tests.factories import RespondentFactory
from guidance.content import ANSWERS, answer_url
from guidance.error_help import ERROR_HELP, error_help_for, form_errors
from tests.support import PASSWORD

pytestmark = pytest.mark.django_db

ERROR_SPAN = re.compile(r'<span class="usa-error-message"[^>]*role="alert">(.*?)</span>', re.S)
ALERTS = re.compile(
    r'<div class="usa-alert usa-alert--(?:error|warning)[^"]*"[^>]*role="alert"[^>]*>(.*?)</div>\s*</div>', re.S
)


def help_link(anchor: str, text: str) -> str:
    return f'<a class="usa-link portal-error-help" href="{answer_url(anchor)}">{text}</a>'


def inline_errors(html: str) -> list[str]:
    return ERROR_SPAN.findall(html)


def alerts(html: str) -> list[str]:
    return ALERTS.findall(html)


@pytest.fixture
def person(db):
    return RespondentFactory(a_number="087654321", given_name="Rosa", family_name="Quispe")


@pytest.fixture
def member(respondent):
    user = respondent.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


# --- registration -----------------------------------------------------------------------------


def test_a_number_and_code_format_errors_link_to_where_to_find_them(client):
    html = client.post(reverse("accounts:register"), {"a_number": "12", "code": "7KQ2"}).content.decode()
    errors = inline_errors(html)
    assert len(errors) == 2
    assert help_link("access-code", "Where to find your A-number") in errors[0]
    assert help_link("access-code", "How to find your access code") in errors[1]
    summary = alerts(html)[0]
    assert "There is a problem" in summary
    assert help_link("access-code", "Where to find your A-number") in summary


def test_a_wrong_or_spent_code_links_to_what_to_do(client, person):
    mailed_code_text(person)
    html = client.post(reverse("accounts:register"), {"a_number": "087654321", "code": "2222-2222-22"}).content
    alert = alerts(html.decode())[0]
    assert "We could not use this A-number and access code" in alert
    assert help_link("expired-code", "What to do when your access code does not work") in alert


def test_lost_code_form_errors_link_to_the_answers(client):
    html = client.post(reverse("accounts:lost_code"), {"a_number": "x", "date_of_birth": "31/31/1990"}).content
    errors = inline_errors(html.decode())
    assert help_link("access-code", "Where to find your A-number") in errors[0]
    assert help_link("lost-code", "How to ask for a new access code") in errors[1]


def test_password_errors_at_sign_up_link_to_choosing_a_password(client, person):
    code = mailed_code_text(person)
    client.post(reverse("accounts:register"), {"a_number": "087654321", "code": code})
    html = client.post(
        reverse("account_signup"), {"email": "rosa@example.org", "password1": "short", "password2": "short"}
    ).content.decode()
    assert any(help_link("choose-password", "How to choose a password that works") in e for e in inline_errors(html))


def test_a_dead_email_link_says_what_to_do(client):
    html = client.get(reverse("account_confirm_email", args=["no-such-key"])).content.decode()
    alert = alerts(html)[0]
    assert "This link does not work" in alert
    assert help_link("confirm-email", "What to do when the email link does not work") in alert


# --- sign-in ----------------------------------------------------------------------------------


def test_a_wrong_password_links_to_what_to_do_when_you_cannot_sign_in(client, member):
    html = client.post(reverse("account_login"), {"login": member.email, "password": "not it at all"}).content
    summary = alerts(html.decode())[0]
    assert "The email address or password is not right" in summary
    assert help_link("cannot-sign-in", "What to do when you cannot sign in") in summary


def test_an_empty_sign_in_form_links_to_how_to_sign_in(client):
    html = client.post(reverse("account_login"), {"login": "", "password": ""}).content.decode()
    errors = inline_errors(html)
    assert help_link("sign-in", "How to sign in") in errors[0]
    assert help_link("cannot-sign-in", "What to do when you cannot sign in") in errors[1]


def test_a_locked_account_links_to_the_locked_account_answer(client, member, settings):
    settings.SIGN_IN_LOCK_FAILURES = 2
    settings.SIGN_IN_FREE_FAILURES = 5
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    for _ in range(2):
        response = client.post(reverse("accounts:mfa_verify"), {"method": "totp", "token": "000000"})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    html = client.get(reverse("account_login")).content.decode()
    alert = alerts(html)[0]
    assert "Your account is locked for a while" in alert
    assert help_link("account-locked", "What to do when your account is locked") in alert


def test_too_many_requests_page_explains_and_links_to_the_answer(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    client.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})
    response = client.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many tries" in html
    assert "not an official government website" in html  # the portal's page, not a bare one
    assert help_link("account-locked", "What to do after too many tries") in html


# --- second step ------------------------------------------------------------------------------


def test_a_wrong_app_code_links_to_what_to_do(client, member):
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    html = client.post(reverse("accounts:mfa_verify"), {"method": "totp", "token": "000000"}).content.decode()
    error = inline_errors(html)[0]
    assert "That code did not work" in error
    assert help_link("code-not-working", "What to do when the code from your app does not work") in error


def test_a_wrong_backup_code_links_to_the_lost_phone_answer(client, member):
    backup_codes_generate(user=member, actor=member)
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    html = client.post(reverse("accounts:mfa_verify"), {"method": "backup", "backup_code": "AAAA-BBBB-CCCC-DDDD"})
    error = inline_errors(html.content.decode())[0]
    assert "That backup code did not work" in error
    assert help_link("lost-phone", "What to do when you have no working backup code") in error


def test_a_failed_re_authentication_links_to_the_answer(respondent_client, respondent):
    html = respondent_client.post(
        reverse("accounts:reauthenticate"), {"password": "wrong", "token": "123456"}
    ).content.decode()
    summary = alerts(html)[0]
    assert "The password or the code is not right." in summary
    assert help_link("cannot-sign-in", "What to do when you cannot sign in") in summary


# --- the mechanism itself ---------------------------------------------------------------------


class UploadForm(forms.Form):
    """A form from another app: its own table, anchors only or with link text."""

    error_help = {"file:too_large": "lost-code", "file:*": ("lost-phone", "Which files you can send")}
    file = forms.CharField()
    a_number = forms.CharField()

    def clean_file(self):
        raise forms.ValidationError("Too big.", code=self.data.get("code"))


def test_a_form_table_comes_first_and_an_anchor_alone_uses_the_answers_question():
    form = UploadForm({"file": "x", "code": "too_large", "a_number": ""})
    assert not form.is_valid()
    [error] = form_errors(form["file"].errors, field="file", form=form)
    assert (error.message, error.code, error.help.url) == ("Too big.", "too_large", answer_url("lost-code"))
    assert error.help.text == "I lost my access code. What can I do?"
    with translation.override("es"):
        assert error_help_for(code="too_large", field="file", form=form).text == (
            "Perdí mi código de acceso. ¿Qué puedo hacer?"
        )
    other = UploadForm({"file": "x", "code": "other", "a_number": ""})
    other.is_valid()
    assert form_errors(other["file"].errors, field="file", form=other)[0].help.text == "Which files you can send"
    # the central table still answers for fields the form's table does not name
    [required] = form_errors(other["a_number"].errors, field="a_number", form=other)
    assert required.help.anchor == "access-code"


def test_an_error_nobody_mapped_has_no_link_and_the_template_shows_none():
    assert error_help_for(code="no_such_code", field="no_such_field") is None
    from django.template import Context, Template

    form = UploadForm({"file": "x", "code": "x", "a_number": "1"})
    form.is_valid()
    form.add_error(None, "Something else.")
    html = Template('{% include "components/error_summary.html" %}').render(Context({"form": form}))
    assert "<li>Something else.</li>" in html
    assert help_link("lost-phone", "Which files you can send") in html


def test_the_error_help_tag_fails_at_compile_time_for_an_unknown_problem():
    from django.template import Template, TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        Template('{% load guidance_tags %}{% error_help "no_such_problem" %}')


def test_every_central_entry_names_an_answer_with_words_that_say_where_it_leads():
    for key, target in ERROR_HELP.items():
        anchor, text = target if isinstance(target, tuple) else (target, "")
        assert anchor in ANSWERS, key
        assert str(text).startswith(("How ", "Where ", "What ")), key  # never "click here"


def test_spanish_page_links_the_same_answer(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    html = client.post(reverse("accounts:register"), {"a_number": "12", "code": "7KQ2"}).content.decode()
    assert f'class="usa-link portal-error-help" href="{answer_url("access-code")}"' in inline_errors(html)[0]


def test_a_page_without_errors_shows_no_error_help(client):
    html = client.get(reverse("accounts:register")).content.decode()
    assert "portal-error-help" not in html
    assert 'href="/help/account/#access-code"' in html  # its "What does this mean?" link is still there
