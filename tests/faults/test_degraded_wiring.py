"""The two pieces of wiring the fault tests rely on, checked without starting any service: a cache
and a broker that nobody answers on."""

import logging

import pytest
from celery import Celery, current_app

from portal.cache import ResilientRedisCache
from portal.celery import PortalTask
from tests.faults.stack import free_port

pytestmark = pytest.mark.faults


def test_the_cache_misses_instead_of_failing_when_redis_is_unreachable(caplog):
    cache = ResilientRedisCache(f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        assert cache.get("k", "fallback") == "fallback"
        assert cache.add("lock", True) is True  # a rate-limit lock is granted, not waited for
        cache.set("k", "v")
        assert cache.get_many(["k"]) == {}
        assert cache.has_key("k") is False
        assert cache.delete("k") is False
    assert "cache unavailable" in caplog.text


def test_a_task_sent_while_the_broker_is_down_is_logged_not_raised(caplog):
    # Not the current app: the portal's shared tasks in later tests must keep resolving to the portal's.
    app = Celery(
        "faults-wiring", task_cls=PortalTask, broker=f"redis://127.0.0.1:{free_port()}/0", set_as_current=False
    )
    app.conf.broker_connection_timeout = 1

    @app.task(name="faults.noop")
    def noop(document_id):  # pragma: no cover - never runs: the broker is down
        return document_id

    with caplog.at_level(logging.ERROR, logger="portal.celery"):
        assert noop.delay(987654321) is None
    assert "could not send task faults.noop" in caplog.text
    assert "987654321" not in caplog.text  # arguments stay out of the logs
    assert current_app.main == "portal"
