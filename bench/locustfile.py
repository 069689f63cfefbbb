"""Locust users for bench/load.py: respondents who sign in (password and app code) and read their case.

Started by bench/load.py, which makes the accounts and passes them in BENCH_LOAD_USERS (a JSON file
of email, password and TOTP key). Each simulated respondent signs in as a person does: the sign-in
form, then the second-factor form with the code their authenticator app would show, then loops over
the dashboard, the record, the hearings and a document download, pausing 1 to 3 seconds between.
`BareUser` loads the bench's bare page with the same pauses: the baseline of the same run.
"""

import hashlib
import hmac
import itertools
import json
import os
import re
import struct
import time
from pathlib import Path

from locust import HttpUser, between, task

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_CASE = re.compile(r'href="/cases/(\d+)/record/"')
_DOCUMENT = re.compile(r'href="(/cases/documents/\d+/download/)"')
_USERS_FILE = os.environ.get("BENCH_LOAD_USERS")
_ACCOUNTS = json.loads(Path(_USERS_FILE).read_text()) if _USERS_FILE else []
_NEXT_ACCOUNT = itertools.count()


def totp(key_hex: str, step: int = 30, digits: int = 6) -> str:
    """The code an authenticator app shows now (RFC 6238, as django-otp checks it)."""
    counter = struct.pack(">Q", int(time.time()) // step)
    digest = hmac.new(bytes.fromhex(key_hex), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


class RespondentUser(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        account = _ACCOUNTS[next(_NEXT_ACCOUNT) % len(_ACCOUNTS)]
        self.case_id, self.documents = None, []
        page = self.client.get("/accounts/login/", name="sign in: form")
        token = _CSRF.search(page.text)
        page = self.client.post(
            "/accounts/login/",
            {"login": account["email"], "password": account["password"], "csrfmiddlewaretoken": token.group(1)},
            name="sign in: password",
        )
        token = _CSRF.search(page.text)
        with self.client.post(
            page.url,
            {"method": "totp", "token": totp(account["totp_key"]), "csrfmiddlewaretoken": token.group(1)},
            name="sign in: app code",
            catch_response=True,
        ) as response:
            found = _CASE.search(response.text)
            if found is None:
                response.failure(f"not signed in: ended on {response.url}")
                return
            self.case_id = found.group(1)

    @task(4)
    def dashboard(self):
        if self.case_id:
            self.client.get("/cases/", name="dashboard")

    @task(2)
    def record(self):
        if self.case_id:
            page = self.client.get(f"/cases/{self.case_id}/record/", name="record list")
            self.documents = _DOCUMENT.findall(page.text) or self.documents

    @task(2)
    def hearings(self):
        if self.case_id:
            self.client.get(f"/cases/{self.case_id}/hearings/", name="hearings")

    @task(1)
    def download(self):
        if self.documents:
            self.client.get(self.documents[0], name="document download")


class BareUser(HttpUser):
    wait_time = between(1, 3)

    @task
    def bare(self):
        self.client.get("/bench/bare/", name="baseline: bare page")
