import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth's rate limits live in the cache (Redis in CI): each test starts with none."""
    cache.clear()
    yield
    cache.clear()
