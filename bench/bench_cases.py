"""Respondent case pages against their baselines, measured in the same run (issue 4).

    .venv/bin/python bench/bench_cases.py [--documents 200] [--total-mb 500] [--duration 10]

1. Dashboard throughput (wrk, signed-in respondent with 20 hearings) against the three-query
   baseline page /bench/orm/. Goal: >= 0.4 x the baseline.
2. Whole-record ZIP (N documents, M MB in all) downloaded over gunicorn (gthread) against a raw
   copy of the same files through a pipe (`cat files | reader`). Goal: >= 0.5 x the raw copy, and
   web worker memory growth (peak RSS during the download minus RSS before) < 120 MB.
3. A resumed ZIP download (Range from the middle, If-Range) completes to the same bytes.

Uses its own PostgreSQL database (dropped and created) and its own var/ folder under bench/results/.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.run import RESULTS_DIR, Server, bench_env, check_page, headers_for, load, manage, recreate_database  # noqa: E402

VAR_DIR = RESULTS_DIR / "cases_var"

SEED_SCRIPT = """
import datetime, hashlib, os
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from accounts.models import User
from cases.models import Case, Hearing, ImmigrationCourt, Judge, RecordDocument, Respondent

court, _ = ImmigrationCourt.objects.get_or_create(code="BNC", defaults=dict(name="Benchville Immigration Court",
    address_line1="1 Example Plaza", city="Springfield", state="IL", postal_code="62701", phone="(555) 010-0100",
    time_zone="America/Chicago"))
judge, _ = Judge.objects.get_or_create(court=court, name="Judge Example")
user, _ = User.objects.get_or_create(email="bench.respondent@example.org")
person, _ = Respondent.objects.get_or_create(a_number="199999999", defaults=dict(user=user, family_name="Ejemplo",
    given_name="Bench", date_of_birth=datetime.date(1990, 1, 1), country_of_nationality="Guatemala",
    address_line1="2 Sample St", city="Springfield"))
case = Case.objects.filter(respondent=person).first()
case = case or Case.objects.create(respondent=person, court=court, judge=judge)
if not case.hearings.exists():
    for day in range(20):
        Hearing.objects.create(case=case, starts_at=timezone.now() + datetime.timedelta(days=30 + day), courtroom="4B")
each = TOTAL_BYTES // DOCUMENTS
block = os.urandom(1024 * 1024)
for n in range(case.documents.count(), DOCUMENTS):
    data = (block * (each // len(block) + 1))[:each - 8] + n.to_bytes(8, "big")
    RecordDocument.objects.create(case=case, title=f"Bench document {n}", file=ContentFile(data, name="d.pdf"),
        sha256=hashlib.sha256(data).hexdigest(), size=len(data), pages=1)
device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.set_expiry(24 * 60 * 60)
session.create()
storage_root = settings.STORAGES["default"]["OPTIONS"]["location"]
paths = [os.path.join(storage_root, d.file.name) for d in case.documents.order_by("filed_on", "id")]
print("RESULT", json.dumps({"cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}", "case": case.pk,
    "paths": paths}))
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--total-mb", type=int, default=500)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk load per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8775)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_CASES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_cases"),
    )
    parser.add_argument("--reuse-db", action="store_true")
    return parser.parse_args(argv)


def seed(env, args) -> dict:
    script = f"import json\nDOCUMENTS = {args.documents}\nTOTAL_BYTES = {args.total_mb * 1024 * 1024}\n{SEED_SCRIPT}"
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def raw_copy(paths: list[str]) -> tuple[int, float]:
    """Bytes and seconds for `cat files` read through a pipe: the floor for any download."""
    started = time.monotonic()
    process = subprocess.Popen(["cat", *paths], stdout=subprocess.PIPE)
    total = 0
    while block := process.stdout.read(256 * 1024):
        total += len(block)
    process.wait()
    return total, time.monotonic() - started


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    return [int(pid) for pid in out.stdout.split()]


def download(url: str, cookie: str, extra: dict | None = None) -> tuple[bytes, dict, float]:
    request = urllib.request.Request(url, headers={**headers_for(cookie), **(extra or {})})
    started = time.monotonic()
    digest, total = hashlib.sha256(), 0
    with urllib.request.urlopen(request, timeout=600) as response:
        headers = dict(response.headers)
        while block := response.read(256 * 1024):
            digest.update(block)
            total += len(block)
    return digest.hexdigest(), {**headers, "_bytes": total}, time.monotonic() - started


def zip_download(server, cookie: str, case_id: int) -> dict:
    url = f"{server.base}/cases/{case_id}/record.zip"
    pids = worker_pids(server.process.pid)
    before = {pid: rss_kb(pid) for pid in pids}
    peak = dict(before)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], rss_kb(pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        seconds, size, headers = curl_download(url, cookie)
    finally:
        done.set()
        sampler.join()
    growth_mb = max(peak[pid] - before[pid] for pid in pids) / 1024
    if int(headers["content-length"]) != size:
        raise RuntimeError("Content-Length does not match the body")
    return {"bytes": size, "seconds": seconds, "mb_s": size / seconds / 1e6, "worker_rss_growth_mb": growth_mb,
            "url": url}  # fmt: skip


def curl_download(url: str, cookie: str) -> tuple[float, int, dict]:
    """(seconds, bytes, headers) of one download by curl into /dev/null: the client costs nothing."""
    command = ["curl", "-sS", "-o", "/dev/null", "-D", "-", "-w", "TIMING %{time_total} %{size_download}\n"]
    for name, value in headers_for(cookie).items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    headers = {}
    for line in out.splitlines():
        if ":" in line and not line.startswith("TIMING"):
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    seconds, size = out.rsplit("TIMING ", 1)[1].split()
    return float(seconds), int(size), headers


def resumed_matches(url: str, cookie: str, size: int, whole: str, etag: str) -> bool:
    half = size // 2
    joined = hashlib.sha256()
    for range_header in (f"bytes=0-{half - 1}", f"bytes={half}-"):
        request = urllib.request.Request(url, headers={**headers_for(cookie), "Range": range_header, "If-Range": etag})
        with urllib.request.urlopen(request, timeout=600) as response:
            if response.status != 206:
                return False
            while block := response.read(256 * 1024):
                joined.update(block)
    return joined.hexdigest() == whole


def main(argv=None) -> int:
    args = parse_args(argv)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    env = {**bench_env(args), "PORTAL_VAR_DIR": str(VAR_DIR)}
    if not args.reuse_db:
        recreate_database(args.database_url)
    print("Preparing (migrate, static files, respondent with documents)...", flush=True)
    manage(env, "migrate", "-v0")
    if not (args.reuse_db and (VAR_DIR / "staticfiles" / "staticfiles.json").exists()):
        manage(env, "collectstatic", "--noinput", "-v0")
    facts = seed(env, args)
    cookie, case_id, paths = facts["cookie"], facts["case"], facts["paths"]
    results: dict = {"documents": len(paths)}
    with Server(args, env) as server:
        for key, path, signed_in in [("orm", "/bench/orm/", False), ("dashboard", "/cases/", True)]:
            status, _size = check_page(server.base + path, cookie if signed_in else None)
            if status != 200:
                print(f"{path}: HTTP {status}; not loaded", flush=True)
                return 1
            results[key] = load(args, server.base + path, cookie if signed_in else None)
            print(f"  {path:14} {results[key]['rps']:8.1f} req/s  p50 {results[key]['p50_ms']:.1f} ms", flush=True)
        raw_copy(paths)  # warm the page cache for both
        raw_bytes, raw_seconds = raw_copy(paths)
        results["raw_copy"] = {"bytes": raw_bytes, "seconds": raw_seconds, "mb_s": raw_bytes / raw_seconds / 1e6}
        zip_download(server, cookie, case_id)  # warm
        results["zip"] = zip_download(server, cookie, case_id)
        digest, headers, _seconds = download(results["zip"]["url"], cookie)
        results["zip"]["resume_ok"] = resumed_matches(
            results["zip"]["url"], cookie, results["zip"]["bytes"], digest, headers["ETag"]
        )
    dash_ratio = results["dashboard"]["rps"] / results["orm"]["rps"]
    zip_ratio = results["zip"]["mb_s"] / results["raw_copy"]["mb_s"]
    lines = [
        f"Dashboard {results['dashboard']['rps']:.1f} req/s vs three-query baseline {results['orm']['rps']:.1f} req/s:"
        f" {dash_ratio:.2f} x (goal >= 0.40)",
        f"Record ZIP {results['zip']['bytes'] / 1e6:.0f} MB, {len(paths)} documents: {results['zip']['mb_s']:.0f} MB/s"
        f" vs raw copy {results['raw_copy']['mb_s']:.0f} MB/s: {zip_ratio:.2f} x (goal >= 0.50)",
        f"Web worker RSS growth during the ZIP download: {results['zip']['worker_rss_growth_mb']:.1f} MB (goal < 120)",
        f"Resumed ZIP download identical: {results['zip']['resume_ok']}",
    ]
    text = "\n".join(lines)
    print("\n" + text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS_DIR / f"cases-{stamp}.json").write_text(json.dumps(results, indent=2, default=str))
    (RESULTS_DIR / f"cases-{stamp}.txt").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
