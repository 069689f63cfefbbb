"""The cache is a convenience, never a dependency: with Redis down, reads miss and writes are dropped.

Only allauth's rate limits (sign-in, lost code) use the cache. While Redis is unreachable they do
not count; the database-backed sign-in guard (accounts/services/guard.py) still locks an account after
repeated failures. Without this, a Redis outage would stop every sign-in (tests/faults).

`clear()` deletes this cache's keys (its KEY_PREFIX) only. Django's RedisCache.clear() flushes the
whole Redis database: the Celery queues beside the cache in production, and in the tests the keys of
the other pytest-xdist workers, each of which has a prefix of its own (portal/tests/settings.py).
"""

import logging
from itertools import batched

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _glob_escaped(text: str) -> str:
    """`text` matched literally in a Redis SCAN pattern."""
    return "".join("\\" + char if char in "*?[]\\" else char for char in text)


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, degrading to "nothing cached" (logged) while Redis cannot be reached."""

    def _degraded(self, operation: str, fallback, call):
        try:
            return call()
        except UNREACHABLE as exc:
            logger.warning("cache unavailable (%s during %s): carrying on without it", type(exc).__name__, operation)
            return fallback

    def add(self, key, value, timeout=None, version=None):
        # True: a lock taken on a cache that is down must not make every caller wait and fail.
        return self._degraded("add", True, lambda: super(ResilientRedisCache, self).add(key, value, timeout, version))

    def get(self, key, default=None, version=None):
        return self._degraded("get", default, lambda: super(ResilientRedisCache, self).get(key, default, version))

    def set(self, key, value, timeout=None, version=None):
        return self._degraded("set", None, lambda: super(ResilientRedisCache, self).set(key, value, timeout, version))

    def touch(self, key, timeout=None, version=None):
        return self._degraded("touch", False, lambda: super(ResilientRedisCache, self).touch(key, timeout, version))

    def delete(self, key, version=None):
        return self._degraded("delete", False, lambda: super(ResilientRedisCache, self).delete(key, version))

    def get_many(self, keys, version=None):
        return self._degraded("get_many", {}, lambda: super(ResilientRedisCache, self).get_many(keys, version))

    def has_key(self, key, version=None):
        return self._degraded("has_key", False, lambda: super(ResilientRedisCache, self).has_key(key, version))

    def set_many(self, data, timeout=None, version=None):
        return self._degraded(
            "set_many", list(data), lambda: super(ResilientRedisCache, self).set_many(data, timeout, version)
        )

    def delete_many(self, keys, version=None):
        return self._degraded("delete_many", None, lambda: super(ResilientRedisCache, self).delete_many(keys, version))

    def clear(self):
        return self._degraded("clear", False, self._clear_own_keys)

    def _clear_own_keys(self) -> bool:
        if not self.key_prefix:
            return super().clear()  # no prefix: the keys cannot be told apart, so the whole database
        client = self._cache.get_client(write=True)
        # Keys are "<prefix>:<version>:<key>" (Django's default KEY_FUNCTION).
        pattern = _glob_escaped(self.key_prefix) + ":*"
        for keys in batched(client.scan_iter(match=pattern, count=1000), 500):
            client.delete(*keys)
        return True
