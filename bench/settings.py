"""Settings for bench/run.py: the production settings plus two bench-only baseline pages.

Everything is portal/settings.py (run with DJANGO_ENV=production), except the URL conf, which
adds the baseline views, and the HTTPS redirect, which is off because wrk talks plain HTTP to
gunicorn (run.py still sends X-Forwarded-Proto: https as a TLS-terminating proxy would).

portal/settings.py is loaded from its file rather than imported as `portal.settings`: importing
the `portal` package starts the Celery app, which reads the settings that are still loading here.
"""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "bench._portal_settings", Path(__file__).resolve().parent.parent / "portal" / "settings.py"
)
_portal_settings = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_portal_settings)
globals().update({name: value for name, value in vars(_portal_settings).items() if name.isupper()})

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
_template_dirs = [*_portal_settings.TEMPLATES[0]["DIRS"], _portal_settings.BASE_DIR / "bench" / "templates"]
TEMPLATES = [{**_portal_settings.TEMPLATES[0], "DIRS": _template_dirs}]

# bench/load.py: locust talks plain HTTP to gunicorn, and a cookie jar keeps Secure cookies for HTTPS
# only, so the load run turns the Secure flag off (run.py sends its session cookie itself and keeps it).
if __import__("os").environ.get("BENCH_LOAD_PLAIN_HTTP") == "1":
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
# Every simulated respondent signs in from 127.0.0.1; real ones each have an address of their own.
ACCOUNT_RATE_LIMITS = {**_portal_settings.ACCOUNT_RATE_LIMITS, "login": "100000/m/ip"}
# bench/run.py times the support search page hundreds of times as one agent: no per-agent search limit.
SUPPORT_SEARCH_LIMITS = ()
