"""A respondent's browser, as far as the fault tests need one: plain HTTP against the private gunicorn."""

import re

import requests

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Respondent:
    """Signed in (password and second factor) through the session that tests/faults/data.py made,
    or a visitor who has not signed in yet (no session key)."""

    def __init__(self, base_url: str, session_key: str):
        self.base_url = base_url
        self.http = requests.Session()
        if session_key:
            self.http.cookies.set("sessionid", session_key, domain="127.0.0.1", path="/")

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.base_url + path, timeout=60, allow_redirects=False)

    def submit(self, form_path: str, data: dict, *, action: str | None = None, files=None) -> requests.Response:
        """Opens the page with the form, then posts it with the page's CSRF token, as a browser does."""
        page = self.get(form_path)
        assert page.status_code == 200, f"{form_path} answered {page.status_code}"
        match = CSRF_FIELD.search(page.text)
        assert match, f"no CSRF token on {form_path}"
        return self.http.post(
            self.base_url + (action or form_path),
            data={"csrfmiddlewaretoken": match.group(1), **data},
            files=files,
            timeout=60,
            allow_redirects=False,
        )
