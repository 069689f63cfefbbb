"""Helpers shared by the browser tests: text as the page shows it, authenticator codes, mailed links."""

import base64
import re
import time

from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def t(language: str, text) -> str:
    """The text as the page shows it in `language` (the catalogue's translation, or the English).

    Lazy labels (model choices, form fields) are passed as they are, never str()-ed first: str()
    would translate them into whatever language an earlier test left active in this thread.
    """
    with translation.override(language):
        return gettext(text) if isinstance(text, str) else str(text)


def code_now(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def secret_to_key(secret: str) -> bytes:
    """The key as a person types it into an app: base32, spaces ignored."""
    text = "".join(secret.split()).upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def code_for_key(key: bytes) -> str:
    return f"{totp(key):06d}"


def at_path(path: str) -> re.Pattern:
    """A URL pattern for page.wait_for_url that matches this path exactly.

    Not a glob such as "**/cases/": that also matches ".../mfa/verify/?next=/cases/", the page the
    browser is still on, so the wait would return before the form was even sent.
    """
    return re.compile(r"^https?://[^/?#]+" + re.escape(path) + r"(?:[?#].*)?$")


def link_in_last_email(path_part: str) -> str:
    """The path of the newest link in the test outbox that contains `path_part`."""
    for _try in range(50):  # the email may leave just after the page answered
        for message in reversed(mail.outbox):
            found = re.search(r"https?://\S*" + re.escape(path_part) + r"\S*", message.body)
            if found:
                return "/" + found.group(0).split("/", 3)[3]
        time.sleep(0.2)
    raise AssertionError(f"no link with {path_part} in {len(mail.outbox)} emails")


def download_bytes(download) -> bytes:
    with open(download.path(), "rb") as handle:
        return handle.read()
