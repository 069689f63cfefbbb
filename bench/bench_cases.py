"""Respondent case pages against their baselines, measured in the same run (issue 4).

    .venv/bin/python bench/bench_cases.py [--documents 200] [--total-mb 500] [--duration 10] [--zip-only]

1. Dashboard throughput (wrk, signed-in respondent with 20 hearings) against the three-query
   baseline page /bench/orm/. Goal: >= 0.4 x the baseline.
2. Whole-record ZIP (N documents, M MB in all) downloaded over gunicorn (gthread) against a raw
   copy of the same files through a pipe (`cat files | reader`), all in the same run:
   - first download: no archive stored for this version yet, so it is generated while streaming
     (and a build is queued);
   - the build: a Celery worker (default queue) stores the archive; its time is reported;
   - repeat download: read from the stored archive (sendfile);
   - resumed download: `Range: bytes=<middle>-` with `If-Range`, from the stored archive.
   Goal: >= 0.5 x the raw copy, and web worker memory growth (peak RSS during the download minus
   RSS before) < 120 MB. Each kind is downloaded --rounds times, each right after a raw copy, and
   compared as total bytes over total time. Every kind's bytes are checked: generated, stored and
   resumed agree.

Uses its own PostgreSQL database (dropped and created) and its own var/ folder under bench/results/.
Without wrk (or with --zip-only) the dashboard figure is skipped.
"""

import argparse
import hashlib
import json
import os
import shutil
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
from cases.models import Case, Hearing, ImmigrationCourt, Judge, RecordDocument, RecordZip, Respondent

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
for stored in RecordZip.objects.filter(case=case):  # the first download must find no stored archive
    stored.file.delete(save=False)
    stored.delete()
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
    parser.add_argument("--zip-only", action="store_true", help="skip the dashboard load (needs wrk)")
    parser.add_argument("--rounds", type=int, default=3, help="ZIP downloads per kind, each after a raw copy")
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


class RssPeak:
    """Peak resident memory of some processes while a block runs, sampled every 50 ms."""

    def __init__(self, pids: list[int]):
        self.pids = pids

    def __enter__(self):
        self.before = {pid: rss_kb(pid) for pid in self.pids}
        self.peak = dict(self.before)
        self.done = threading.Event()
        self.sampler = threading.Thread(target=self._sample)
        self.sampler.start()
        return self

    def _sample(self):
        while not self.done.is_set():
            for pid in self.pids:
                self.peak[pid] = max(self.peak[pid], rss_kb(pid))
            time.sleep(0.05)

    def __exit__(self, *exc):
        self.done.set()
        self.sampler.join()

    @property
    def growth_mb(self) -> float:
        return max(self.peak[pid] - self.before[pid] for pid in self.pids) / 1024


def zip_download(server, cookie: str, case_id: int, extra: dict | None = None) -> dict:
    """One download by curl into /dev/null, timed, with the web workers' memory growth."""
    url = f"{server.base}/cases/{case_id}/record.zip"
    with RssPeak(worker_pids(server.process.pid)) as rss:
        seconds, size, headers = curl_download(url, cookie, extra)
    if int(headers["content-length"]) != size:
        raise RuntimeError("Content-Length does not match the body")
    return {"bytes": size, "seconds": seconds, "mb_s": size / seconds / 1e6, "worker_rss_growth_mb": rss.growth_mb,
            "status": headers["status"], "etag": headers.get("etag"), "url": url}  # fmt: skip


def curl_download(url: str, cookie: str, extra: dict | None = None) -> tuple[float, int, dict]:
    """(seconds, bytes, headers) of one download by curl into /dev/null: the client costs nothing."""
    command = ["curl", "-sS", "-o", "/dev/null", "-D", "-", "-w", "TIMING %{time_total} %{size_download}\n"]
    for name, value in {**headers_for(cookie), **(extra or {})}.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    headers = {"status": int(out.split(None, 2)[1])}
    for line in out.splitlines():
        if ":" in line and not line.startswith("TIMING"):
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    seconds, size = out.rsplit("TIMING ", 1)[1].split()
    return float(seconds), int(size), headers


def resumed_digest(url: str, cookie: str, cut: int, etag: str) -> str:
    """SHA-256 of the bytes before `cut` joined to a resumed download from `cut` (both 206)."""
    joined = hashlib.sha256()
    for range_header in (f"bytes=0-{cut - 1}", f"bytes={cut}-"):
        request = urllib.request.Request(url, headers={**headers_for(cookie), "Range": range_header, "If-Range": etag})
        with urllib.request.urlopen(request, timeout=600) as response:
            if response.status != 206:
                raise RuntimeError(f"{range_header}: HTTP {response.status}, expected 206")
            while block := response.read(1024 * 1024):
                joined.update(block)
    return joined.hexdigest()


class CeleryWorker:
    """A Celery worker on the default queue, where the record ZIP is built, for the length of a block."""

    def __init__(self, env):
        self.env = env

    def __enter__(self):
        log = open(RESULTS_DIR / "celery-cases.log", "ab")
        command = [str(Path(sys.executable).parent / "celery"), "-A", "portal", "worker", "-Q", "default",
                   "--pool", "solo", "--concurrency", "1", "--loglevel", "WARNING", "--without-heartbeat",
                   "--without-gossip", "--without-mingle"]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=self.env, stdout=log, stderr=log)
        log.close()
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def stored_archive(database_url: str, case_id: int, etag: str) -> dict | None:
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT status, size, EXTRACT(EPOCH FROM ready_at - claimed_at) FROM cases_recordzip"
            " WHERE case_id = %s AND version = %s",
            (case_id, etag),
        ).fetchone()
    if row is None or row[0] != "ready":
        return None
    return {"bytes": row[1], "build_seconds": float(row[2])}


def wait_for_build(args, env, case_id: int, etag: str) -> dict:
    """Starts a Celery worker and waits until it has stored the archive of this version."""
    with CeleryWorker(env) as worker, RssPeak([worker.process.pid]) as rss:
        deadline = time.monotonic() + 600
        while (found := stored_archive(args.database_url, case_id, etag)) is None:
            if worker.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the record ZIP was not built; see {RESULTS_DIR / 'celery-cases.log'}")
            time.sleep(0.2)
    return {**found, "worker_rss_peak_mb": rss.peak[worker.process.pid] / 1024}


def paired(server, cookie: str, case_id: int, paths: list[str], rounds: int, extra: dict | None = None) -> dict:
    """ZIP downloads, each right after a raw copy of the same files, `rounds` times: a busy moment hits
    both alike. Throughput is total bytes over total time; memory growth is the largest seen."""
    raws, zips = [], []
    for _ in range(rounds):
        raws.append(raw_copy(paths))
        zips.append(zip_download(server, cookie, case_id, extra))
    raw_mb_s = sum(b for b, _ in raws) / sum(s for _, s in raws) / 1e6
    mb_s = sum(z["bytes"] for z in zips) / sum(z["seconds"] for z in zips) / 1e6
    return {**zips[-1], "mb_s": mb_s, "raw_mb_s": raw_mb_s, "rounds": zips,
            "worker_rss_growth_mb": max(z["worker_rss_growth_mb"] for z in zips),
            "seconds": sum(z["seconds"] for z in zips) / rounds}  # fmt: skip


def measure_zip(args, env, server, cookie: str, case_id: int, paths: list[str]) -> dict:
    """First (generated), stored, resumed: each timed with curl next to a raw copy, each checked byte for byte."""
    url = f"{server.base}/cases/{case_id}/record.zip"
    zip_download(server, cookie, case_id)  # warm the worker's code paths (a build is queued; no worker yet)
    generated = paired(server, cookie, case_id, paths, args.rounds)
    generated_digest, headers, _ = download(url, cookie)
    etag = headers["ETag"]
    build = wait_for_build(args, env, case_id, etag)
    zip_download(server, cookie, case_id)  # warm
    stored = paired(server, cookie, case_id, paths, args.rounds)
    stored_digest, headers, _ = download(url, cookie)
    cut = stored["bytes"] // 2 + 12345  # mid-entry, not on a block boundary
    resumed = paired(server, cookie, case_id, paths, args.rounds, {"Range": f"bytes={cut}-", "If-Range": etag})
    return {
        "generated": generated,
        "build": build,
        "stored": stored,
        "resumed": {**resumed, "from_byte": cut},
        "stored_identical": stored_digest == generated_digest and headers["ETag"] == etag,
        "resume_ok": resumed["status"] == 206 and resumed_digest(url, cookie, cut, etag) == generated_digest,
    }


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
    run_pages = not args.zip_only and shutil.which("wrk")
    if not run_pages:
        print("Dashboard load skipped (--zip-only, or wrk is not installed).", flush=True)
    with Server(args, env) as server:
        for key, path, signed_in in [("orm", "/bench/orm/", False), ("dashboard", "/cases/", True)]:
            if not run_pages:
                break
            status, _size = check_page(server.base + path, cookie if signed_in else None)
            if status != 200:
                print(f"{path}: HTTP {status}; not loaded", flush=True)
                return 1
            results[key] = load(args, server.base + path, cookie if signed_in else None)
            print(f"  {path:14} {results[key]['rps']:8.1f} req/s  p50 {results[key]['p50_ms']:.1f} ms", flush=True)
        raw_copy(paths)  # warm the page cache for both
        raw_bytes, raw_seconds = raw_copy(paths)
        results["raw_copy"] = {"bytes": raw_bytes, "seconds": raw_seconds, "mb_s": raw_bytes / raw_seconds / 1e6}
        results["zip"] = measure_zip(args, env, server, cookie, case_id, paths)
    lines = []
    if run_pages:
        dash_ratio = results["dashboard"]["rps"] / results["orm"]["rps"]
        lines.append(
            f"Dashboard {results['dashboard']['rps']:.1f} req/s vs three-query baseline {results['orm']['rps']:.1f}"
            f" req/s: {dash_ratio:.2f} x (goal >= 0.40)"
        )
    raw, zips = results["raw_copy"], results["zip"]
    lines.append(
        f"Record ZIP, {len(paths)} documents, {zips['stored']['bytes'] / 1e6:.0f} MB;"
        f" raw copy through a pipe {raw['mb_s']:.0f} MB/s (goal: >= 0.50 x raw, worker RSS growth < 120 MB;"
        f" each kind: {args.rounds} downloads, each after a raw copy; total bytes over total time)"
    )
    for key, label in [("generated", "first download (generated)"), ("stored", "repeat download (stored)"),
                       ("resumed", "resumed from the middle (stored)")]:  # fmt: skip
        fig = zips[key]
        lines.append(
            f"  {label:34} {fig['mb_s']:6.0f} MB/s  {fig['mb_s'] / fig['raw_mb_s']:5.2f} x raw ({fig['raw_mb_s']:.0f})"
            f"  {fig['seconds']:6.2f} s  worker RSS +{fig['worker_rss_growth_mb']:.1f} MB"
        )
    lines += [
        f"  build in the Celery worker: {zips['build']['build_seconds']:.2f} s"
        f" (worker peak RSS {zips['build']['worker_rss_peak_mb']:.0f} MB)",
        f"Stored archive identical to the generated one: {zips['stored_identical']}",
        f"Resumed ZIP download identical: {zips['resume_ok']}",
    ]
    text = "\n".join(lines)
    print("\n" + text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS_DIR / f"cases-{stamp}.json").write_text(json.dumps(results, indent=2, default=str))
    (RESULTS_DIR / f"cases-{stamp}.txt").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
