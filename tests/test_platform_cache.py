"""Each pytest-xdist worker has a cache of its own (issue 13, finding 6).

The workers share one Redis database. Django's RedisCache.clear() is FLUSHDB: a test that starts with
`cache.clear()` would wipe the rate-limit counters another worker's test is in the middle of counting.
Each worker gets its own KEY_PREFIX (portal/tests/settings.py) and clear() deletes only those keys.
"""

import os

import pytest
from django.conf import settings
from django.core.cache import cache

from portal.cache import ResilientRedisCache

pytestmark = pytest.mark.skipif(
    settings.CACHES["default"]["BACKEND"] != "portal.cache.ResilientRedisCache", reason="needs REDIS_URL"
)


def other_worker_cache(prefix: str) -> ResilientRedisCache:
    """The cache as another worker (or Celery's keys beside the cache) sees the same Redis database."""
    config = settings.CACHES["default"]
    return ResilientRedisCache(config["LOCATION"], {**config, "KEY_PREFIX": prefix})


def test_each_worker_has_a_key_prefix_of_its_own():
    worker = os.environ.get("PYTEST_XDIST_WORKER") or "main"
    assert settings.CACHES["default"]["KEY_PREFIX"] == f"portal:test-{worker}"


def test_clear_keeps_another_workers_keys():
    other = other_worker_cache("portal:test-gw99")
    # A prefix that extends ours is still another worker's (gw1 and gw10).
    longer = other_worker_cache(settings.CACHES["default"]["KEY_PREFIX"] + "0")
    try:
        other.set("ratelimit-counter", [1, 2, 3], 60)
        longer.set("ratelimit-counter", [4], 60)
        cache.set("ratelimit-counter", [9], 60)
        cache.set("another", "x", 60)

        cache.clear()

        assert cache.get("ratelimit-counter") is None and cache.get("another") is None
        assert other.get("ratelimit-counter") == [1, 2, 3]
        assert longer.get("ratelimit-counter") == [4]
    finally:
        other.delete("ratelimit-counter")
        longer.delete("ratelimit-counter")


def test_clear_keeps_keys_outside_the_cache():
    """Celery's queues share the Redis database with the cache in production: clear() leaves them."""
    client = cache._cache.get_client(write=True)
    client.set("platform-test-not-a-cache-key", b"queued task", ex=60)
    try:
        cache.set("mine", 1, 60)
        cache.clear()
        assert cache.get("mine") is None
        assert client.get("platform-test-not-a-cache-key") == b"queued task"
    finally:
        client.delete("platform-test-not-a-cache-key")


def test_clear_matches_the_prefix_literally():
    odd = other_worker_cache("odd*?")
    lookalike = other_worker_cache("oddXY")  # what "odd*?" would match as a glob
    try:
        odd.set("k", 1, 60)
        lookalike.set("k", 2, 60)
        odd.clear()
        assert odd.get("k") is None
        assert lookalike.get("k") == 2
    finally:
        lookalike.delete("k")


def test_clear_without_redis_is_not_an_error():
    down = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"KEY_PREFIX": "x", "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}
    )
    assert down.clear() is False
