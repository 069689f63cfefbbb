"""How the portal's processes start.

1. `python -m portal.launch` (`make run`) runs the Procfile (web, Celery worker, Celery beat, clamd)
   together in development. honcho SIGKILLs every process 5 s after SIGTERM; a Celery worker needs
   longer to finish its task and shut down cleanly, so the wait is raised before starting.
2. Every gunicorn (Procfile, Dockerfile, docker-compose.yml, docs/deploy.md) reads its logging from
   this module: `gunicorn portal.wsgi --config python:portal.launch ...`. The access log names the path
   without the query string: admin and support searches carry A-numbers and names there
   (`/admin/cases/case/?q=A-123-456-789`), and so may the referrer. gunicorn's own error lines ("Error
   handling request /path?query") go through the same filter as Django's (audit.context).
"""

import logging
import os
import sys
from pathlib import Path

from audit.context import QueryStringLogFilter

BASE_DIR = Path(__file__).resolve().parent.parent

# --- gunicorn settings (names gunicorn knows; it ignores the rest of this module) ----------------
# Remote address, time, "METHOD /path PROTOCOL", status, bytes, milliseconds, user agent, request id.
# Never %(r)s (request line), %(q)s (query), %(f)s / %({referer}i)s (referrer), %(u)s (user name), or
# an environ atom such as %({raw_uri}e)s or %({query_string}e)s: each can carry the query string.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s" %({x-request-id}o)s'
accesslog = "-"


def on_starting(server) -> None:
    """Cuts query strings out of gunicorn's own log lines (the filter survives the fork into workers)."""
    scrub = QueryStringLogFilter()
    for name in ("gunicorn.error", "gunicorn.access"):
        logging.getLogger(name).addFilter(scrub)


# --- make run --------------------------------------------------------------------------------


def banner() -> str:
    from django.conf import settings

    return "\n".join(
        [
            "",
            "Respondent Portal (demonstration) is starting.",
            "  Sign in:      http://localhost:8000/accounts/login/",
            "  Clerk admin:  http://localhost:8000/admin/",
            f"  Mail lands in {settings.MAIL_DIR}/ (one file per message batch)",
            "  Demo accounts are listed above (seed_demo). Stop with Ctrl-C.",
            "",
        ]
    )


def _root_note() -> str | None:
    """`make run` as root (a fresh container, a CI box): Celery would warn on every start that the worker
    has superuser rights. The demo says it once here and silences Celery's repeat; production images
    run everything as the unprivileged `portal` user (Dockerfile), where nothing is silenced."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    os.environ["PORTAL_DEMO_AS_ROOT"] = "1"  # read by portal/celery.py in the worker honcho starts
    return (
        "  Running as root: fine for this demo on your own machine; the Docker image runs as the\n"
        "  unprivileged user 'portal'. (Celery's superuser warning is silenced for this run only.)"
    )


def main() -> None:
    import honcho.manager
    from honcho.command import main as honcho_main

    # The demo is a development run (production is the default when nothing is set); the processes
    # honcho starts inherit this.
    os.environ.setdefault("DJANGO_ENV", "development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    print(banner(), flush=True)
    note = _root_note()
    if note:
        print(note, flush=True)
    honcho.manager.KILL_WAIT = 20
    os.chdir(BASE_DIR)
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.argv = ["honcho", "start", "-f", str(BASE_DIR / "Procfile")]
    honcho_main()


if __name__ == "__main__":
    main()
