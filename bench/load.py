"""Load: simulated respondents sign in and read their cases, against gunicorn (gthread) and PostgreSQL.

    make bench-load                              # installs locust (bench/requirements.lock), then this
    .venv/bin/python bench/load.py [--users 200] [--run-time 300] [--spawn-rate 10]

Uses the bench database that bench/run.py builds (run it first; without it this script makes a
small one: migrate, roles, demo data and 1,000 load-test cases). It gives `--users` load-test
respondents an account (email, password, confirmed authenticator app), starts gunicorn with the
production settings (bench/settings.py), and runs locust headless twice, one after the other:
1. `--users` respondents who sign in (password, then the app code) and then loop over the
   dashboard, the record, the hearings and a document download, 1 to 3 s apart, for `--run-time`;
2. the baseline: as many users loading the bare bench page with the same pauses, for as long.
Prints requests/s, p50/p95/p99 and errors for each request kind and for both runs, and writes
bench/results/load-<timestamp>.{json,txt}. The goal is 0 errors.
"""

import argparse
import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import run  # noqa: E402

PASSWORD = "bench-load-password-2026"  # noqa: S105 - load-test accounts on the bench database only

USERS_SCRIPT = """
import json, secrets
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice
from accounts.models import User
from cases.models import Respondent

encoded = make_password(PASSWORD)  # hashed once: every load account has the same password
people = list(Respondent.objects.filter(a_number__gte="100000001").order_by("a_number")[:N])
accounts = []
for i, person in enumerate(people):
    email = f"bench.load.{i:04d}@example.org"
    user = person.user or User.objects.filter(email=email).first() or User(email=email)
    user.email, user.password, user.is_active = email, encoded, True
    user.save()
    if person.user_id != user.pk:
        Respondent.objects.filter(pk=person.pk).update(user=user)
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    accounts.append({"email": email, "password": PASSWORD, "totp_key": device.key})
print(json.dumps(accounts))
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=2.0, help="users started per second (default %(default)s)")
    parser.add_argument("--run-time", type=int, default=300, help="seconds per run (default %(default)s)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default %(default)s)")
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads per worker (default %(default)s)")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"),
    )
    return parser.parse_args(argv)


def ensure_database(env, url: str) -> None:
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            ready = conn.execute("SELECT to_regclass('cases_case') IS NOT NULL").fetchone()[0]
    except psycopg.OperationalError:
        run.recreate_database(url)
        ready = False
    run.manage(env, "migrate", "-v0")
    run.manage(env, "sync_roles")
    if not (run.RESULTS_DIR / "var" / "staticfiles" / "staticfiles.json").exists():
        run.manage(env, "collectstatic", "--noinput", "-v0")
    if not ready:
        run.seed(env)
    if run.case_count(url) < 1000:
        run.grow_to(env, url, 1000)


def make_accounts(env, n: int) -> Path:
    script = f"PASSWORD = {PASSWORD!r}\nN = {n}\n{USERS_SCRIPT}"
    out = subprocess.run(
        [run.PYTHON, "manage.py", "shell", "-c", script],
        cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    accounts = json.loads(out.stdout.strip().splitlines()[-1])
    if len(accounts) < n:
        raise SystemExit(f"only {len(accounts)} load-test respondents; grow the bench database first")
    path = run.RESULTS_DIR / "load-users.json"
    path.write_text(json.dumps(accounts))
    path.chmod(0o600)
    return path


def locust(args, env, user_class: str, prefix: Path, base: str) -> list[dict]:
    command = [
        str(Path(run.PYTHON).parent / "locust"), "-f", str(BASE_DIR / "bench" / "locustfile.py"), user_class,
        "--headless", "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
        "--run-time", f"{args.run_time}s", "--host", base, "--csv", str(prefix), "--only-summary",
        "--stop-timeout", "10", "--loglevel", "WARNING",
    ]  # fmt: skip
    subprocess.run(command, cwd=BASE_DIR, env=env, check=False)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def figures(row: dict) -> dict:
    def number(key):
        value = row.get(key) or "0"
        return float(value) if value not in ("N/A", "") else 0.0

    return {
        "name": row["Name"],
        "requests": int(number("Request Count")),
        "errors": int(number("Failure Count")),
        "rps": number("Requests/s"),
        "p50_ms": number("50%"),
        "p95_ms": number("95%"),
        "p99_ms": number("99%"),
    }


def table(title: str, rows: list[dict]) -> list[str]:
    head = f"  {'request':28} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}"
    lines = [title, head]
    for fig in rows:
        lines.append(
            f"  {fig['name']:28} {fig['requests']:>9,} {fig['rps']:>7.1f} {fig['p50_ms']:>7.0f} "
            f"{fig['p95_ms']:>7.0f} {fig['p99_ms']:>7.0f} {fig['errors']:>6}"
        )
    return lines


def main(argv=None) -> int:
    args = parse_args(argv)
    if not shutil.which("locust", path=str(Path(run.PYTHON).parent)):
        print("locust is not installed: make bench-load (installs bench/requirements.lock)", file=sys.stderr)
        return 2
    run.RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    env = run.bench_env(argparse.Namespace(database_url=args.database_url))
    env["BENCH_LOAD_PLAIN_HTTP"] = "1"  # bench/settings.py: cookies without Secure, locust talks plain HTTP
    print("Preparing the bench database and the load-test accounts...", flush=True)
    ensure_database(env, args.database_url)
    env["BENCH_LOAD_USERS"] = str(make_accounts(env, args.users))
    cases = run.case_count(args.database_url)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    server_args = argparse.Namespace(port=args.port, workers=args.workers, threads=args.threads)
    results = {}
    with run.Server(server_args, env) as server:
        for key, user_class in (("respondents", "RespondentUser"), ("baseline", "BareUser")):
            print(f"{key}: {args.users} users for {args.run_time} s...", flush=True)
            rows = locust(args, env, user_class, run.RESULTS_DIR / f"load-{stamp}-{key}", server.base)
            results[key] = [figures(row) for row in rows]
    respondents = {fig["name"]: fig for fig in results["respondents"]}
    baseline = {fig["name"]: fig for fig in results["baseline"]}
    report = [
        f"Load: {args.users} users, {args.run_time} s per run, {cases:,} cases, gunicorn gthread "
        f"{args.workers}x{args.threads}, pauses 1-3 s",
        "",
        *table("Respondents (sign in, then dashboard / record / hearings / download)", results["respondents"]),
        "",
        *table("Baseline: bare page, same users and pauses, same run", results["baseline"]),
    ]
    total, bare = respondents.get("Aggregated"), baseline.get("Aggregated")
    if total and bare:
        report += [
            "",
            f"Respondent pages: {total['rps']:.1f} req/s against the bare page's {bare['rps']:.1f} req/s "
            f"with the same users; p95 {total['p95_ms']:.0f} ms against {bare['p95_ms']:.0f} ms; "
            f"errors {total['errors']} (goal 0).",
        ]
    text = "\n".join(report)
    print("\n" + text)
    (run.RESULTS_DIR / f"load-{stamp}.json").write_text(json.dumps({"args": vars(args), "results": results}, indent=2))
    (run.RESULTS_DIR / f"load-{stamp}.txt").write_text(text + "\n")
    return 0 if total and total["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
