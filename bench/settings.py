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
