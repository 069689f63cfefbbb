"""Test helpers for account flows: codes, TOTP tokens, links in emails."""

import re

from django.core import mail
from django.utils import timezone
from django_otp.oath import totp

from accounts.services import access_code_issue, access_code_mark_mailed, access_code_plaintext

PASSWORD = "correct horse battery staple"


def mailed_code_text(respondent) -> str:
    code = access_code_issue(respondent=respondent, actor=None, reason="test")
    access_code_mark_mailed(access_code=code, mailed_at=timezone.now())
    return access_code_plaintext(code)


def totp_token(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def last_link(path_part: str) -> str:
    for message in reversed(mail.outbox):
        found = re.search(r"https?://[^\s]*" + re.escape(path_part) + r"[^\s]*", message.body)
        if found:
            return found.group(0).split("testserver", 1)[-1]
    raise AssertionError(f"no link containing {path_part} in {len(mail.outbox)} emails")
