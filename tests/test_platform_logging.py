"""No A-number or name reaches a log line through a query string (issue 13, finding 5).

Admin and support searches put them in the URL (`/admin/cases/case/?q=A-123-456-789`). gunicorn's
access log names the path only (portal/launch.py, used by every gunicorn command the project ships),
and Django's loggers go through one console handler that cuts query strings off (audit.context).
"""

import io
import logging
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from audit.context import QueryStringLogFilter, without_query_strings
from portal import launch

BASE_DIR = Path(__file__).resolve().parent.parent
A_NUMBER = "A-123-456-789"
SEARCH = f"?q={A_NUMBER}&o=P%C3%A9rez"
SENSITIVE = (A_NUMBER, "123-456-789", "P%C3%A9rez", "Pérez")
CONFIG_FLAGS = {"--config=python:portal.launch", "-c python:portal.launch", "--config python:portal.launch"}


def assert_clean(text: str) -> None:
    for value in SENSITIVE:
        assert value not in text, f"{value!r} logged:\n{text}"


# --- gunicorn ------------------------------------------------------------------------------------

# Atoms that carry the query string or a URL with it (gunicorn's access_log_format documentation).
# Atoms are case-sensitive (%(u)s is the user name, %(U)s the path); header and environ names are not.
LEAKY_ATOMS = re.compile(r"%\((r|q|f|u)\)s|%\(\{(?i:referer|raw_uri|query_string|request_uri)\}[ie]\)s")


def test_access_log_names_the_path_without_the_query():
    assert "%(U)s" in launch.access_log_format
    assert not LEAKY_ATOMS.search(launch.access_log_format), launch.access_log_format
    assert launch.accesslog == "-"


def _gunicorn_commands() -> dict[str, str]:
    """Every gunicorn command line the project ships, by where it is."""
    commands = {}
    procfile = (BASE_DIR / "Procfile").read_text()
    commands |= {
        f"Procfile {n}": line.split(":", 1)[1] for n, line in enumerate(procfile.splitlines()) if "gunicorn" in line
    }
    cmd = re.search(r"^CMD (\[.*\])$", (BASE_DIR / "Dockerfile").read_text(), re.MULTILINE)
    commands["Dockerfile CMD"] = shlex.join(yaml.safe_load(cmd.group(1)))
    for name, service in yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())["services"].items():
        command = service.get("command") or []
        command = command if isinstance(command, str) else shlex.join(str(part) for part in command)
        if "gunicorn" in command:
            commands[f"docker-compose {name}"] = command
    for n, found in enumerate(re.findall(r"`(gunicorn [^`]+)`", (BASE_DIR / "docs" / "deploy.md").read_text())):
        commands[f"docs/deploy.md {n}"] = found
    return commands


def test_every_gunicorn_command_uses_the_portal_logging():
    commands = _gunicorn_commands()
    assert {"Procfile 0", "Dockerfile CMD", "docker-compose web", "docs/deploy.md 0"} <= set(commands), commands
    for where, command in commands.items():
        normalised = " ".join(command.split())
        assert any(flag in normalised for flag in CONFIG_FLAGS), f"{where}: add --config python:portal.launch"
        for override in ("--access-logformat", "--access-logfile", "--log-config"):
            assert override not in normalised, f"{where}: {override} would replace portal/launch.py's logging"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, **headers) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_gunicorn_as_the_procfile_starts_it_logs_no_query_string(tmp_path):
    """The Procfile's web command (make run), started for real: the access and error logs of a search."""
    port = _free_port()
    web = next(
        line.split(":", 1)[1] for line in (BASE_DIR / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    argv = shlex.split(web.replace("127.0.0.1:8000", f"127.0.0.1:{port}"))
    argv[0] = str(Path(sys.executable).parent / "gunicorn")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_", "CELERY_"))},
        "DJANGO_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "SECRET_KEY": "platform-logging-test-" + "x" * 30,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "memory://",
        "PYTHONUNBUFFERED": "1",
    }
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(argv, cwd=BASE_DIR, env=env, stdout=stdout, stderr=stderr)  # noqa: S603
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    if _get(f"{base}/healthz") == 200:
                        break
                except OSError:
                    pass
                assert process.poll() is None and time.monotonic() < deadline, err.read_text()[-3000:]
                time.sleep(0.2)
            assert _get(f"{base}/healthz{SEARCH}", Referer=f"{base}/admin/cases/case/{SEARCH}") == 200
            assert _get(f"{base}/no-such-page/{SEARCH}") == 404
            time.sleep(0.5)
        finally:
            process.terminate()
            process.wait(timeout=30)
    access, errors = out.read_text(), err.read_text()
    assert '"GET /healthz HTTP/1.1" 200' in access, access
    assert '"GET /no-such-page/ HTTP/1.1" 404' in access, access
    assert "Not Found: /no-such-page/" in errors, errors
    assert_clean(access)
    assert_clean(errors)


def test_gunicorns_own_error_lines_lose_the_query(monkeypatch):
    logger = logging.getLogger("gunicorn.error")
    monkeypatch.setattr(logger, "filters", list(logger.filters))
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    logger.addHandler(handler)
    try:
        launch.on_starting(None)
        try:
            raise RuntimeError(f"boom at /support/accounts/user/{SEARCH}")
        except RuntimeError:
            logger.exception("Error handling request %s", f"/support/accounts/user/{SEARCH}")
    finally:
        logger.removeHandler(handler)
    assert "Error handling request /support/accounts/user/?" in buffer.getvalue()
    assert_clean(buffer.getvalue())


# --- Django's loggers --------------------------------------------------------------------------


@pytest.fixture
def console():
    """What the portal's console handler (settings.LOGGING) writes, as a string."""
    handler = logging.getHandlerByName("console")
    assert handler is not None, "settings.LOGGING has no console handler"
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


@pytest.mark.django_db
def test_a_404_warning_logs_the_path_without_the_search(client, console):
    response = client.get(f"/no-such-page/{SEARCH}")
    assert response.status_code == 404
    assert "WARNING django.request" in console.getvalue() and "Not Found: /no-such-page/" in console.getvalue()
    assert_clean(console.getvalue())


def test_runserver_request_lines_lose_the_query(console):
    """django.server logs whole request lines; it goes through the filtered console like the rest."""
    logging.getLogger("django.server").warning('"%s" %s %s', f"GET /admin/cases/case/{SEARCH} HTTP/1.1", "404", "179")
    assert '"GET /admin/cases/case/?[query removed] HTTP/1.1" 404 179' in console.getvalue()
    assert_clean(console.getvalue())


def test_an_exception_that_names_the_url_loses_the_query(console):
    try:
        raise ValueError(f"cannot redirect to https://portal.example.org/support/accounts/user/{SEARCH}")
    except ValueError as exc:
        logging.getLogger("django.request").error("Internal Server Error: %s", "/support/accounts/user/", exc_info=exc)
    text = console.getvalue()
    assert "Traceback" in text and "https://portal.example.org/support/accounts/user/?[query removed]" in text
    assert_clean(text)


def test_djangos_default_handlers_are_gone():
    """Django's defaults print django.* through an unfiltered console (DEBUG) and email whole requests
    to ADMINS (production); runserver's lines skip the root handler. None of them stays."""
    assert logging.getLogger("django").handlers == []
    assert logging.getLogger("django.server").handlers == []
    assert logging.getLogger("django.server").propagate


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Not Found: /x/?q=A-123-456-789", "Not Found: /x/?[query removed]"),
        ('"GET /a?b=1 HTTP/1.1"', '"GET /a?[query removed] HTTP/1.1"'),
        ("see https://h.example/p?x=1", "see https://h.example/p?[query removed]"),
        ("Is the scanner down? Retrying", "Is the scanner down? Retrying"),
        ("no question here", "no question here"),
    ],
)
def test_without_query_strings(line, expected):
    assert without_query_strings(line) == expected


def test_the_filter_keeps_the_record_otherwise():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "Seen %s at %d%%", ("/a/?q=A-1", 5), None)
    assert QueryStringLogFilter().filter(record)
    assert record.getMessage() == "Seen /a/?[query removed] at 5%"


# --- noise on every command (issue #20, operations hygiene) ---------------------------------------


def test_a_management_command_prints_no_library_chatter():
    """`manage.py check` prints its own result and nothing else: no INFO line from pikepdf's logger
    bridge (or any other library announcing itself) on stdout or stderr."""
    env = {**os.environ, "DJANGO_ENV": "development", "LOG_LEVEL": "INFO"}
    argv = [sys.executable, "manage.py", "check"]
    result = subprocess.run(argv, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert result.returncode == 0, result.stderr
    assert " INFO " not in result.stdout + result.stderr, result.stdout + result.stderr


def test_the_demo_launcher_silences_celery_s_root_warning_only_as_root(monkeypatch):
    monkeypatch.delenv("PORTAL_DEMO_AS_ROOT", raising=False)
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert launch._root_note() is None and "PORTAL_DEMO_AS_ROOT" not in os.environ
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    note = launch._root_note()
    assert note and "root" in note and os.environ["PORTAL_DEMO_AS_ROOT"] == "1"


@pytest.mark.parametrize("as_root_demo", [False, True])
def test_celery_s_superuser_warning_is_dropped_only_in_the_root_demo(as_root_demo):
    """The worker's Celery app (portal/celery.py) drops Celery's own warning text, and only when the
    demo launcher asked for it."""
    code = (
        "import warnings\n"
        "warnings.simplefilter('default')\n"
        "import portal.celery\n"
        "from celery.exceptions import SecurityWarning\n"
        "from celery.platforms import ROOT_DISCOURAGED\n"
        "warnings.warn(SecurityWarning(ROOT_DISCOURAGED.format(uid=0, euid=0, gid=0, egid=0)))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_DEMO_AS_ROOT"}
    env["DJANGO_ENV"] = "development"
    if as_root_demo:
        env["PORTAL_DEMO_AS_ROOT"] = "1"
    argv = [sys.executable, "-c", code]
    result = subprocess.run(argv, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert result.returncode == 0, result.stderr
    assert ("superuser privileges" in result.stderr) is not as_root_demo, result.stderr
