"""Speed figures for the portal, each printed next to a baseline measured in the same run.

    .venv/bin/python bench/run.py [--sizes 1000,1000000] [--duration 10] [--connections 4]

For each size it: (re)creates the bench database (PostgreSQL), migrates, seeds the demo data and
grows it to that many cases (`seed_demo --scale`), starts gunicorn (gthread) with production
settings (bench/settings.py), then loads each page with wrk for a fixed duration: the two
baselines (a bare template; three indexed ORM queries), the clerk admin's workbench landing page
(every queue of every demo court, ADR 0115), case list and searches, signed in as a superuser.
Results go to bench/results/ (JSON and text). Sizes must grow: the database is only ever added to.
See bench/README.md.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
PYTHON = sys.executable
BENCH_ADMIN_EMAIL = "bench.admin@example.org"
SEARCH_A_NUMBER = "A-100-000-500"
# As in production (docker-compose.yml): longer than any client's pause, so an idle kept-alive
# connection is never closed by the server just as the client sends on it (a reset, not a slow page).
KEEP_ALIVE_SECONDS = 75  # a load-test respondent present from 1,000 cases up

BENCH_RESPONDENT_EMAIL = "bench.respondent@example.org"
BENCH_SUPPORT_EMAIL = "bench.support@example.org"

PAGES = [
    # key, label, path ({case}: the bench respondent's case id), who is signed in (None: nobody)
    ("bare", "baseline: bare template", "/bench/bare/", None),
    ("orm", "baseline: three ORM queries", "/bench/orm/", None),
    ("dashboard", "respondent dashboard", "/cases/", "respondent"),
    ("record", "respondent record list", "/cases/{case}/record/", "respondent"),
    ("hearings", "respondent hearings", "/cases/{case}/hearings/", "respondent"),
    ("admin_landing", "admin workbench landing (queues)", "/admin/", "admin"),
    ("admin_list", "admin case list", "/admin/cases/case/", "admin"),
    ("admin_search_a", "admin case search, A-number", f"/admin/cases/case/?q={SEARCH_A_NUMBER}", "admin"),
    ("admin_search_name", "admin case search, family name", "/admin/cases/case/?q=Ejemplo", "admin"),
    ("admin_audit_case", "admin audit events of one case", "/admin/audit/auditevent/?case_id={case}", "admin"),
    ("support_search", "support search, A-number", f"/support/accounts/user/?q={SEARCH_A_NUMBER}", "support"),
]
ADMIN_PAGES = {
    "admin_landing",
    "admin_list",
    "admin_search_a",
    "admin_search_name",
    "admin_audit_case",
    "support_search",
}
GOAL_PAGES = ADMIN_PAGES | {"dashboard", "record", "hearings"}  # goal: <= 2x time per request at 100x data


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes", default="1000,1000000", help="case counts to measure at, growing (default %(default)s)"
    )
    parser.add_argument("--duration", type=int, default=5, help="seconds per page per round (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per page (default %(default)s)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (default %(default)s)")
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk threads (default %(default)s)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default %(default)s)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (default %(default)s)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"),
        help="PostgreSQL database for the bench; it is dropped and created (default %(default)s)",
    )
    parser.add_argument("--reuse-db", action="store_true", help="keep the bench database and only grow it")
    args = parser.parse_args(argv)
    args.sizes = [int(size.replace("_", "")) for size in args.sizes.split(",")]
    if args.sizes != sorted(args.sizes):
        parser.error("--sizes must grow: the bench only adds cases")
    return args


def bench_env(args) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_ENV": "production",
            "SECRET_KEY": "bench-only-secret-key-not-for-any-deployment-0123456789abcdef",
            "ACCESS_CODE_PEPPER": "bench-only-pepper-not-for-any-deployment",
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": args.database_url,
            "PORTAL_VAR_DIR": str(RESULTS_DIR / "var"),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(BASE_DIR),
        }
    )
    return env


# --- Database and data ------------------------------------------------------------------------


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def manage(env, *command: str) -> None:
    subprocess.run([PYTHON, "manage.py", *command], cwd=BASE_DIR, env=env, check=True)


def seed(env, *options: str) -> None:
    """seed_demo refuses production settings (it makes staff with a published password): the bench
    database is a demonstration database, seeded as one; only the server under test runs production."""
    demo_env = {**env, "DJANGO_ENV": "development", "DJANGO_SETTINGS_MODULE": "portal.settings"}
    manage(demo_env, "seed_demo", "--quiet-table", *options)


def case_count(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM cases_case").fetchone()[0]


def grow_to(env, url: str, size: int) -> float:
    """Adds load-test cases until there are `size`; returns the seconds it took."""
    missing = size - case_count(url)
    if missing <= 0:
        return 0.0
    started = time.monotonic()
    seed(env, "--scale", str(missing))
    return time.monotonic() - started


SESSION_SCRIPT = """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from accounts.models import User
from cases.models import Respondent

if KIND == "admin":
    user, _ = User.objects.get_or_create(email=EMAIL, defaults={"is_staff": True, "is_superuser": True})
elif KIND == "support":
    user, _ = User.objects.get_or_create(email=EMAIL, defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Support agent"))
else:
    user, _ = User.objects.get_or_create(email=EMAIL)
    Respondent.objects.filter(a_number=A_NUMBER, user__isnull=True).update(user=user)
device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # as after MFA
session.set_expiry(24 * 60 * 60)
session.create()
case = Respondent.objects.get(a_number=A_NUMBER).cases.order_by("pk").first()
print(f"{case.pk} {settings.SESSION_COOKIE_NAME}={session.session_key}")
"""


def signed_in_cookie(env, kind: str, email: str) -> tuple[str, int]:
    """A signed-in, OTP-verified session of `kind` (admin, support, respondent): (Cookie value, bench case id)."""
    a_number = SEARCH_A_NUMBER.replace("A-", "").replace("-", "")
    script = f"EMAIL = {email!r}\nKIND = {kind!r}\nA_NUMBER = {a_number!r}\n{SESSION_SCRIPT}"
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True
    )
    case_id, cookie = out.stdout.strip().splitlines()[-1].split(" ", 1)
    return cookie, int(case_id)


def sessions(env) -> tuple[dict[str, str], int]:
    cookies = {}
    for kind, email in (
        ("admin", BENCH_ADMIN_EMAIL),
        ("support", BENCH_SUPPORT_EMAIL),
        ("respondent", BENCH_RESPONDENT_EMAIL),
    ):
        cookies[kind], case_id = signed_in_cookie(env, kind, email)
    return cookies, case_id


AUDIT_SCRIPT = """
import time
from django.db import connection
from accounts.models import User
from audit.services import audit_record
from cases.models import Case

actor = User.objects.get(email=EMAIL)
case = Case.objects.order_by("-pk").first()
for _ in range(50):  # warm up
    audit_record(actor=actor, action="case.viewed", target=case, case=case)
started = time.perf_counter()
for _ in range(N):
    audit_record(actor=actor, action="case.viewed", target=case, case=case)
audit = time.perf_counter() - started
with connection.cursor() as cursor:
    # A logged table like the audit table, without its indexes and trigger: each insert commits (and is
    # flushed to the WAL) just as audit_record()'s does, so only the audit table's own costs differ.
    cursor.execute("DROP TABLE IF EXISTS bench_plain")
    cursor.execute("CREATE TABLE bench_plain (LIKE audit_auditevent INCLUDING DEFAULTS INCLUDING IDENTITY)")
    started = time.perf_counter()
    for _ in range(N):
        cursor.execute(
            "INSERT INTO bench_plain (occurred_at, actor_role, action, target_type, target_id, target_label,"
            " case_id, court_id, outcome, request_id, data) VALUES (now(), '', 'case.viewed', 'cases.case',"
            " %s, '', %s, %s, 'success', '', '{}')",
            [str(case.pk), case.pk, case.court_id],
        )
    plain = time.perf_counter() - started
    cursor.execute("DROP TABLE bench_plain")
    cursor.execute("SELECT count(*) FROM audit_auditevent")
    total = cursor.fetchone()[0]
print(f"{N / audit:.1f} {N / plain:.1f} {total}")
"""


def measure_audit_inserts(env, n: int = 3000) -> dict:
    """audit_record() one event per transaction, against plain inserts into an unindexed copy of the table."""
    script = f"EMAIL = {BENCH_ADMIN_EMAIL!r}\nN = {n}\n{AUDIT_SCRIPT}"
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True
    )
    audit, plain, total = out.stdout.strip().splitlines()[-1].split()
    figures = {"audit_per_s": float(audit), "plain_per_s": float(plain), "events": int(total)}
    print(
        f"  audit inserts: {figures['audit_per_s']:.0f}/s through audit_record(), {figures['plain_per_s']:.0f}/s "
        f"plain unindexed baseline, {figures['events']:,} events in the table",
        flush=True,
    )
    return figures


# --- Server and load --------------------------------------------------------------------------


class Server:
    def __init__(self, args, env):
        self.args, self.env, self.process = args, env, None
        self.base = f"http://127.0.0.1:{args.port}"

    def __enter__(self):
        log = open(RESULTS_DIR / "gunicorn.log", "ab")
        command = [
            str(Path(PYTHON).parent / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{self.args.port}",
            "--worker-class", "gthread", "--workers", str(self.args.workers), "--threads", str(self.args.threads),
            "--keep-alive", str(KEEP_ALIVE_SECONDS),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=self.env, stdout=log, stderr=log)
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {RESULTS_DIR / 'gunicorn.log'}")
            try:
                urllib.request.urlopen(f"{self.base}/healthz", timeout=2).read()
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def headers_for(cookie: str | None) -> dict[str, str]:
    headers = {"X-Forwarded-Proto": "https"}
    if cookie:
        headers["Cookie"] = cookie
    return headers


def check_page(url: str, cookie: str | None) -> tuple[int, int]:
    """One request before the load: (status, bytes). A redirect (to sign-in) counts as a failure."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=headers_for(cookie))
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, 0


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> dict:
    def find(pattern, default=None):
        match = re.search(pattern, output)
        return match.group(1) if match else default

    return {
        "rps": float(find(r"Requests/sec:\s+([\d.]+)", "0")),
        "p50_ms": _ms(find(r"\s50%\s+([\d.]+\w+)", "0ms")),
        "p99_ms": _ms(find(r"\s99%\s+([\d.]+\w+)", "0ms")),
        "requests": int(find(r"(\d+) requests in", "0")),
        "non_2xx": int(find(r"Non-2xx or 3xx responses: (\d+)", "0")),
        "socket_errors": find(r"Socket errors: (.+)", ""),
    }


def load(args, url: str, cookie: str | None) -> dict:
    command = ["wrk", "-t", str(args.wrk_threads), "-c", str(args.connections), "-d", f"{args.duration}s"]
    command += ["--latency", "--timeout", "60s"]  # a slow page is a figure, not a socket error
    for name, value in headers_for(cookie).items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True)
    return parse_wrk(out.stdout)


def combine(rounds: list[dict]) -> dict:
    """One figure from interleaved rounds: total requests over total time, median latencies."""
    ordered = lambda key: sorted(r[key] for r in rounds)  # noqa: E731
    middle = len(rounds) // 2
    return {
        "rps": sum(r["requests"] for r in rounds) / sum(r["requests"] / r["rps"] for r in rounds if r["rps"]),
        "p50_ms": ordered("p50_ms")[middle],
        "p99_ms": ordered("p99_ms")[middle],
        "requests": sum(r["requests"] for r in rounds),
        "non_2xx": sum(r["non_2xx"] for r in rounds),
        "rounds": rounds,
    }


def measure(args, env, cookies: dict[str, str], case_id: int) -> dict[str, dict]:
    """Loads every page `--rounds` times, interleaved, so a busy moment hits every page alike."""
    figures, runs = {}, {}
    with Server(args, env) as server:
        for key, label, path, who in PAGES:
            status, size = check_page(server.base + path.format(case=case_id), cookies.get(who))
            figures[key] = {"label": label, "status": status, "bytes": size}
            if status == 200:
                runs[key] = []
            else:
                print(f"  {label}: HTTP {status} on the first request; not loaded", flush=True)
        for _ in range(args.rounds):
            for key, _label, path, who in PAGES:
                if key in runs:
                    runs[key].append(load(args, server.base + path.format(case=case_id), cookies.get(who)))
    for key, label, _, _ in PAGES:
        if runs.get(key) and all(r["rps"] for r in runs[key]):
            figures[key].update(combine(runs[key]))
            fig = figures[key]
            print(f"  {label:34} {fig['rps']:8.1f} req/s  p50 {fig['p50_ms']:7.1f} ms  "
                  f"p99 {fig['p99_ms']:7.1f} ms", flush=True)  # fmt: skip
    return figures


# --- Report -----------------------------------------------------------------------------------


def _per_request_ms(fig: dict) -> float | None:
    return 1000.0 / fig["rps"] if fig.get("rps") else None


def size_table(size: int, figures: dict[str, dict]) -> list[str]:
    bare = _per_request_ms(figures.get("bare", {}))
    lines = [
        f"{size:,} cases",
        f"  {'page':34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'x bare':>7}",
    ]
    for key, label, _, _ in PAGES:
        fig = figures.get(key, {})
        if not fig.get("rps"):
            note = f"HTTP {fig.get('status')}" if fig.get("status") != 200 else "no request completed"
            lines.append(f"  {label:34} {note}")
            continue
        cost = _per_request_ms(fig)
        ratio = f"{cost / bare:7.2f}" if bare else "      -"
        errors = f"  ({fig['non_2xx']} non-2xx)" if fig.get("non_2xx") else ""
        lines.append(f"  {label:34} {fig['rps']:8.1f} {fig['p50_ms']:8.1f} {fig['p99_ms']:8.1f} {ratio}{errors}")
    return lines


def _growth(a: dict, b: dict, key: str) -> float | None:
    """Time per request at the larger size over the smaller, or None when either is missing."""
    if not (a.get(key, {}).get("rps") and b.get(key, {}).get("rps")):
        return None
    return _per_request_ms(b[key]) / _per_request_ms(a[key])


def growth_table(results: dict[int, dict]) -> list[str]:
    sizes = sorted(results)
    if len(sizes) < 2:
        return []
    small, large = sizes[0], sizes[-1]
    lines = [
        f"Growth {small:,} -> {large:,} cases (time per request, {large:,}/{small:,}; goal <= 2.00)",
        f"  {'page':34} {'raw':>7} {'vs bare':>8} {'vs orm':>7} {'p50':>7}",
    ]
    a, b = results[small], results[large]
    drift = {base: _growth(a, b, base) or 1.0 for base in ("bare", "orm")}
    for key, label, _, _ in PAGES:
        if _growth(a, b, key) is None:
            lines.append(f"  {label:34} {'n/a':>7}")
            continue
        raw = _growth(a, b, key)
        p50 = b[key]["p50_ms"] / a[key]["p50_ms"] if a[key]["p50_ms"] else 0
        verdict = "  over budget" if key in GOAL_PAGES and raw / drift["bare"] > 2 else ""
        lines.append(
            f"  {label:34} {raw:7.2f} {raw / drift['bare']:8.2f} {raw / drift['orm']:7.2f} {p50:7.2f}{verdict}"
        )
    return lines


def audit_table(audit: dict[int, dict]) -> list[str]:
    lines = [f"  {'cases':>10} {'audit events':>13} {'audit_record/s':>15} {'plain insert/s':>15} {'ratio':>6}"]
    for size, fig in sorted(audit.items()):
        ratio = fig["audit_per_s"] / fig["plain_per_s"] if fig["plain_per_s"] else 0
        lines.append(
            f"  {size:>10,} {fig['events']:>13,} {fig['audit_per_s']:>15.0f} {fig['plain_per_s']:>15.0f} {ratio:6.2f}"
        )
    return ["Audit inserts (one event per transaction; plain = unindexed copy of the table, same run)", *lines]


def main(argv=None) -> int:
    args = parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install -y wrk", file=sys.stderr)
        return 2
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    env = bench_env(args)
    if not args.reuse_db:
        recreate_database(args.database_url)
    print("Preparing the bench database (migrate, roles, static files, demo data)...", flush=True)
    manage(env, "migrate", "-v0")
    manage(env, "sync_roles")
    if not (RESULTS_DIR / "var" / "staticfiles" / "staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput", "-v0")  # slow (compresses USWDS); once per checkout
    seed(env)
    results, seeding, audit = {}, {}, {}
    for size in args.sizes:
        print(f"Growing to {size:,} cases...", flush=True)
        seeding[size] = grow_to(env, args.database_url, size)
        count = case_count(args.database_url)
        print(
            f"{count:,} cases (seeding took {seeding[size]:.0f} s). Loading: {args.rounds} x {args.duration} s per page"
        )
        cookies, case_id = sessions(env)
        results[size] = measure(args, env, cookies, case_id)
        audit[size] = measure_audit_inserts(env)
    report = [line for size in args.sizes for line in [*size_table(size, results[size]), ""]]
    report += growth_table(results)
    report += ["", *audit_table(audit)]
    text = "\n".join(report)
    print("\n" + text)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    settings = {k: getattr(args, k) for k in ("duration", "rounds", "connections", "wrk_threads", "workers", "threads")}
    (RESULTS_DIR / f"{stamp}.json").write_text(
        json.dumps(
            {"settings": settings, "seeding_seconds": seeding, "results": results, "audit_inserts": audit}, indent=2
        )
    )
    (RESULTS_DIR / f"{stamp}.txt").write_text(text + "\n")
    print(f"\nWritten to {RESULTS_DIR / stamp}.json and .txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
