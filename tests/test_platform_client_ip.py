"""One client address everywhere (issue 13, finding 1).

Behind the TLS proxy the deployment guide requires, every request has the proxy's REMOTE_ADDR. The
rate limits (allauth's sign-in and lost-code limits, the registration throttle) must count the person
the proxy forwarded, as the audit log does, or a few junk requests lock the whole country out.
audit.context.client_ip is the only reader of the address, and PORTAL_TRUSTED_PROXIES its one setting.
"""

import ast
import datetime
import os
import re
from pathlib import Path

import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client, RequestFactory

from accounts.models import AccessCode
from accounts.signals import registration_notice_requested
from audit.context import client_ip
from audit.models import AuditEvent
from cases.tests.factories import CaseFactory, RespondentFactory
from tests.support import PASSWORD

BASE_DIR = Path(__file__).resolve().parent.parent
LOGIN = "/accounts/login/"
LOST = "/account/lost-code/"
PROXY = "10.0.0.5"  # the TLS proxy: every request arrives from it
ABUSER = "203.0.113.66"
NEIGHBOUR = "198.51.100.23"


@pytest.fixture(autouse=True)
def _fresh_limits():
    """The limits live in the cache (this worker's keys only, portal/cache.py)."""
    cache.clear()
    yield
    cache.clear()


def via_proxy(client_address: str, **extra) -> dict:
    """Request META of a request the proxy forwarded for `client_address` (nginx's
    $proxy_add_x_forwarded_for appends the address it was called from)."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address, **extra}


# --- the reader -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hops", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "192.0.2.1"),  # spoof ignored
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "203.0.113.9"),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"}, "203.0.113.9"),  # left is made up
        (2, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9, 10.0.0.9"}, "203.0.113.9"),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": " 203.0.113.9:51234 "}, "203.0.113.9"),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "[2001:db8::7]:443"}, "2001:db8::7"),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "unknown"}, PROXY),  # malformed: the proxy
        (2, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, PROXY),  # shorter than the chain
        (1, {"REMOTE_ADDR": PROXY}, PROXY),
        (0, {"REMOTE_ADDR": ""}, None),
    ],
)
def test_client_ip_counts_only_our_proxies(settings, hops, meta, expected):
    settings.PORTAL_TRUSTED_PROXIES = hops
    request = RequestFactory().get("/", **meta)
    assert client_ip(request) == expected


def test_allauth_asks_the_same_reader(settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    request = RequestFactory().get("/", **via_proxy("6.6.6.6, " + ABUSER))
    assert get_adapter(request).get_client_ip(request) == client_ip(request) == ABUSER
    settings.PORTAL_TRUSTED_PROXIES = 0
    assert get_adapter(request).get_client_ip(request) == PROXY


def test_one_trusted_proxy_setting_configures_allauth_too():
    from django.conf import settings

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.PORTAL_TRUSTED_PROXIES


# --- sign-in over HTTP --------------------------------------------------------------------------


@pytest.fixture
def member(respondent):
    user = respondent.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def junk_sign_ins(client: Client, address: str, n: int, **meta) -> list[int]:
    return [
        client.post(
            LOGIN, {"login": f"nobody{i}@example.org", "password": "not-the-password"}, **via_proxy(address, **meta)
        ).status_code
        for i in range(n)
    ]


def test_sign_in_limit_holds_back_the_forwarded_client_not_everyone_behind_the_proxy(settings, member):
    settings.PORTAL_TRUSTED_PROXIES = 1
    statuses = junk_sign_ins(Client(), ABUSER, 31)  # allauth's default: 30 sign-in POSTs a minute per client
    assert statuses[-1] == 429
    blocked = Client().post(LOGIN, {"login": member.email, "password": PASSWORD}, **via_proxy(ABUSER))
    assert blocked.status_code == 429
    # Someone else behind the same proxy (same REMOTE_ADDR) still signs in.
    response = Client().post(LOGIN, {"login": member.email, "password": PASSWORD}, **via_proxy(NEIGHBOUR))
    assert response.status_code == 302, response.status_code


def test_a_spoofed_forwarded_for_is_ignored_without_trusted_proxies(settings, member):
    settings.PORTAL_TRUSTED_PROXIES = 0
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    client = Client()
    # A new made-up X-Forwarded-For on every try does not make a new client: REMOTE_ADDR counts.
    statuses = [
        client.post(
            LOGIN,
            {"login": f"nobody{i}@example.org", "password": "nope"},
            REMOTE_ADDR="192.0.2.44",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i + 1}",
        ).status_code
        for i in range(4)
    ]
    assert statuses[-1] == 429, statuses


# --- lost-code requests over HTTP ---------------------------------------------------------------


@pytest.fixture
def notices():
    seen = []

    def receiver(sender, **kwargs):
        seen.append(kwargs["respondent_id"])

    registration_notice_requested.connect(receiver)
    yield seen
    registration_notice_requested.disconnect(receiver)


@pytest.fixture
def letters_due(court):
    """Three respondents without an account, each of whom may ask for a new letter."""
    people = [RespondentFactory(date_of_birth=datetime.date(1985, 1, 2)) for _ in range(3)]
    for person in people:
        CaseFactory(respondent=person, court=court)
    return people


def ask_for_letter(person, **meta) -> None:
    Client().post(LOST, {"a_number": person.a_number, "date_of_birth": "01/02/1985"}, **meta)


def test_lost_code_limit_holds_back_the_forwarded_client_not_everyone(
    settings, notices, letters_due, django_capture_on_commit_callbacks
):
    settings.PORTAL_TRUSTED_PROXIES = 1
    settings.ACCOUNT_RATE_LIMITS = {"lost_code": "2/h/ip"}
    first, second, third = letters_due
    with django_capture_on_commit_callbacks(execute=True):
        for person in (first, second, third):
            ask_for_letter(person, **via_proxy(ABUSER))
    assert notices == [first.pk, second.pk]
    assert AuditEvent.objects.filter(action="accounts.lost_code_requested", outcome="denied").count() == 1
    # The next person behind the same proxy still gets a letter.
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_letter(third, **via_proxy(NEIGHBOUR))
    assert AccessCode.objects.filter(respondent=third).count() == 1
    assert AuditEvent.objects.filter(action="accounts.lost_code_requested", outcome="denied").count() == 1


def test_lost_code_limit_ignores_a_spoofed_forwarded_for_without_trusted_proxies(
    settings, notices, letters_due, django_capture_on_commit_callbacks
):
    settings.PORTAL_TRUSTED_PROXIES = 0
    settings.ACCOUNT_RATE_LIMITS = {"lost_code": "2/h/ip"}
    with django_capture_on_commit_callbacks(execute=True):
        for i, person in enumerate(letters_due):
            ask_for_letter(person, REMOTE_ADDR="192.0.2.45", HTTP_X_FORWARDED_FOR=f"203.0.113.{i + 1}")
    assert notices == [letters_due[0].pk, letters_due[1].pk]


def test_audit_events_carry_the_forwarded_client(settings, letters_due, django_capture_on_commit_callbacks):
    settings.PORTAL_TRUSTED_PROXIES = 1
    settings.ACCOUNT_RATE_LIMITS = {"lost_code": "1/h/ip"}
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_letter(letters_due[0], **via_proxy(ABUSER))
        ask_for_letter(letters_due[1], **via_proxy(ABUSER))
    denied = AuditEvent.objects.get(action="accounts.lost_code_requested", outcome="denied")
    assert denied.ip_address == ABUSER


# --- nobody else reads the address --------------------------------------------------------------

# What a direct read of the client address looks like: REMOTE_ADDR, or a forwarding header (as a WSGI
# key, HTTP_X_FORWARDED_FOR, or a header name, X-Forwarded-For), in any string in the code.
_ADDRESS_SOURCES = re.compile(
    r"remote_addr|x[-_]forwarded[-_]for|x[-_]real[-_]ip|\bhttp_forwarded\b|\bforwarded-for\b"
    r"|cf[-_]connecting[-_]ip|true[-_]client[-_]ip|x[-_]client[-_]ip",
    re.IGNORECASE,
)
THE_READER = BASE_DIR / "audit" / "context.py"
_SKIPPED_DIRS = {".venv", "node_modules", "tests", "var", ".git", "locale", "static"}


def _source_files():
    for folder, dirs, files in os.walk(BASE_DIR):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".py") and name != "conftest.py" and not name.startswith("test_"):
                yield Path(folder) / name


def _strings_in_code(path: Path):
    """Every string constant but docstrings (prose may name REMOTE_ADDR; code may not read it)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value
        elif isinstance(node, (ast.Name, ast.Attribute)):
            name = node.id if isinstance(node, ast.Name) else node.attr
            yield node.lineno, name


def test_only_audit_context_reads_the_client_address():
    readers = {}
    for path in _source_files():
        hits = [f"{line}: {text[:60]}" for line, text in _strings_in_code(path) if _ADDRESS_SOURCES.search(text)]
        if hits:
            readers[str(path.relative_to(BASE_DIR))] = hits
    assert "audit/context.py" in readers, "the scan no longer finds the one reader: is it still looking?"
    del readers["audit/context.py"]
    assert not readers, (
        "Read the client address with audit.context.client_ip(request) (PORTAL_TRUSTED_PROXIES), "
        f"never REMOTE_ADDR or X-Forwarded-For directly: {readers}"
    )
