"""The settings under test (pyproject.toml): portal/settings.py in development, and a cache of each
pytest-xdist worker's own.

Production is the default when DJANGO_ENV is unset, so the tests ask for development explicitly (a
caller may still ask for production, as the subprocesses of tests/test_security.py do).

The workers share one Redis database: each gets its own KEY_PREFIX, and the cache's clear() deletes
only that prefix's keys (portal/cache.py), so one worker's `cache.clear()` never resets another's rate
limits halfway through a test.
"""

import os
import sys

os.environ.setdefault("DJANGO_ENV", "development")

try:
    from portal.settings import *  # noqa: F403
    from portal.settings import CACHES
except BaseException:
    # Importing the `portal` package loads the settings (portal/celery.py): a settings error there leaves
    # this subpackage imported without its parent, and Django's retry would read this module half-made.
    # Dropping it makes every retry import both afresh and fail with the real error (SECRET_KEY, ...).
    sys.modules.pop("portal.tests", None)
    raise

_worker = os.environ.get("PYTEST_XDIST_WORKER", "") or "main"
CACHES = {
    **CACHES,
    "default": {**CACHES["default"], "KEY_PREFIX": f"{CACHES['default'].get('KEY_PREFIX') or 'portal'}:test-{_worker}"},
}
