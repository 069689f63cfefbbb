"""Fixtures of the fault tests: a private PostgreSQL cluster per test session (migrated once, one
database per test copied from it), and per test a private Redis, clamd behind a gated proxy, and
the environment every portal process of that test shares. See docs/adr/0090-fault-tests.md."""

import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests.faults.portal_processes import PortalEnv
from tests.faults.stack import PG_BIN_DIRS, GatedProxy, PrivateClamd, PrivatePostgres, PrivateRedis, which

TEMPLATE_DB = "portal_template"


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory):
    """One private cluster per test process, with the portal's schema in a template database."""
    if not any((folder / "initdb").exists() for folder in PG_BIN_DIRS):
        pytest.skip("PostgreSQL server binaries (initdb) are not installed: apt-get install postgresql")
    cluster = PrivatePostgres()
    cluster.init()
    try:
        cluster.create_database(TEMPLATE_DB)
        env = PortalEnv(
            database_url=cluster.url(TEMPLATE_DB),
            redis_url="redis://127.0.0.1:9/0",
            clamd_port=9,
            var_dir=tmp_path_factory.mktemp("faults-migrate") / "var",
            static_root=Path(settings.STATIC_ROOT),
        )
        env.manage("migrate", "--skip-checks", "--noinput", "-v0")
        yield cluster
    finally:
        cluster.destroy()


class Stack:
    """The private services of one test and the portal processes it started (stopped at teardown)."""

    def __init__(self, *, pg: PrivatePostgres, redis: PrivateRedis, clamd: PrivateClamd, proxy, env, dbname):
        self.pg, self.redis, self.clamd, self.proxy, self.env, self.dbname = pg, redis, clamd, proxy, env, dbname
        self.processes = []

    def worker(self, name: str, **overrides):
        process = self.env.worker(name, **overrides)
        self.processes.append(process)
        return process

    def web(self, **overrides):
        web = self.env.web(**overrides)
        self.processes.append(web.process)
        return web

    def sql(self, query: str, *params):
        """Rows of one query on this test's private database (a fresh connection each time)."""
        with psycopg.connect(self.pg.url(self.dbname), autocommit=True) as conn:
            return conn.execute(query, params).fetchall()

    def value(self, query: str, *params):
        rows = self.sql(query, *params)
        return rows[0][0] if rows else None

    def audit_count(self, action: str, target_id) -> int:
        return self.value(
            "SELECT count(*) FROM audit_auditevent WHERE action = %s AND target_id = %s", action, str(target_id)
        )

    def logs(self) -> str:
        return "\n\n".join(f"--- {p.name}\n{p.output()}" for p in self.processes)

    def teardown(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        self.proxy.close()
        self.clamd.stop()
        if self.redis.process is not None:
            self.redis.stop()


@pytest.fixture
def stack(pg_cluster, tmp_path, request):
    """Fresh database, Redis, clamd (behind a proxy the test can hold shut) and a portal environment."""
    for binary, hint in (("redis-server", "apt-get install redis-server"), ("clamd", "apt-get install clamav-daemon")):
        if which(binary) is None:
            pytest.skip(f"{binary} is not installed ({hint}); the fault tests start their own copy")
    dbname = f"fault_{uuid.uuid4().hex[:12]}"
    pg_cluster.create_database(dbname, template=TEMPLATE_DB)
    redis = PrivateRedis(tmp_path / "redis")
    redis.start()
    clamd = PrivateClamd(tmp_path / "clamd")
    clamd.start()
    proxy = GatedProxy(clamd.port)
    env = PortalEnv(
        database_url=pg_cluster.url(dbname),
        redis_url=redis.url,
        clamd_port=proxy.port,
        var_dir=tmp_path / "var",
        static_root=Path(settings.STATIC_ROOT),
    )
    result = Stack(pg=pg_cluster, redis=redis, clamd=clamd, proxy=proxy, env=env, dbname=dbname)
    yield result
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(result.logs())  # shown by pytest beside the failure
    result.teardown()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
