"""Letters per second per core on the shipped paths (issue 6), against a one-letter WeasyPrint render
measured in the same run; worker peak memory for a 1,000- and a 10,000-letter batch; projection.

    .venv/bin/python bench/bench_notices.py [--single 20] [--batch 500] [--scale 1000,10000] [--workers 4]
    .venv/bin/python bench/bench_notices.py --scale ""          # rates only (a few minutes)

Needs PostgreSQL: the database of --database-url (default portal_bench_notices) is dropped and
created. Each measurement runs in a fresh process, as one Celery worker process would:

1. rates: a one-letter WeasyPrint render (baseline); registration letters rendered one by one
   through `notices.services.notice_render` (what the `notice_render` task runs: context, layout,
   store, audit); and one mailing batch whose print file tasks (`mailing.print_file_build`) render
   the same kind of letters NOTICES_RENDER_CHUNK to a document, split them into per-notice PDFs,
   store them, then merge the print file. Rounds alternate single and batch work so that a busy
   neighbour slows both alike. Rates are per core: CPU seconds of the worker process (the database
   server's own time is not in them; wall-clock time is printed beside).
2. scale: a batch of N letters built by one process, file after file; peak RSS (VmHWM, reset
   after seeding) of that process, also after each print file. Run at two sizes, memory must not
   grow with the batch. At ~0.25 s of CPU a letter, 10,000 letters take ~40 CPU minutes on one
   core (plus seeding); --concurrent runs them beside the rates.

Half the respondents prefer Spanish (two-language letters), half English, in both paths.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


# --- In the worker process ------------------------------------------------------------------------


def _setup_django() -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_ENV", "development")  # a bench database, not a deployment
    import django

    django.setup()
    from notices.services import mailing

    mailing._enqueue_print_files = lambda ids: None  # this process is the worker: it builds the files itself


def _vm(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak_rss() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def _seed(count: int, code: str, a_base: int):
    """A court with `count` unregistered respondents, and their registration letters (not rendered yet)."""
    import datetime

    from accounts.models import User
    from cases.models import Case, ImmigrationCourt, Judge, Respondent
    from notices.services import registration_notices_issue_for_court

    court = ImmigrationCourt.objects.create(
        code=code,
        name=f"Benchville Immigration Court {code}",
        address_line1="100 Example Street, Suite 500",
        city="Springfield",
        state="IL",
        postal_code="62701",
        phone="(555) 010-0100",
        time_zone="America/Chicago",
    )
    judge = Judge.objects.create(court=court, name="Judge Example")
    people = Respondent.objects.bulk_create(
        [
            Respondent(
                a_number=f"{a_base + i:09d}",
                given_name="José",
                family_name=f"Ñúñez Gonçalves {i}",
                date_of_birth=datetime.date(1990, 5, 17),
                country_of_nationality="Guatemala",
                preferred_language="es" if i % 2 else "en",
                address_line1=f"{i} Sample Avenue",
                city="Springfield",
                state="IL",
                postal_code=f"{60000 + (i * 7919) % 9999:05d}",
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    Case.objects.bulk_create([Case(respondent=p, court=court, judge=judge) for p in people], batch_size=1000)
    clerk = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        email=f"bench-{code.lower()}@example.org", password=None
    )
    registration_notices_issue_for_court(court=court, actor=None)
    return court, clerk


def _cpu() -> float:
    return time.process_time()


def _build_batch(court, clerk, after_file=None) -> tuple[int, float, float, float]:
    """Starts the court's batch and builds every print file here; letters, CPU s rendering, CPU s merging, wall s."""
    from notices.models import MailingBatch
    from notices.services import mailing

    batch = mailing.mailing_batch_start(court=court, actor=clerk)
    render_cpu = merge_cpu = 0.0
    real_render = mailing._render_letters

    def timed_render(pf):
        nonlocal render_cpu
        started = _cpu()
        try:
            return real_render(pf)
        finally:
            render_cpu += _cpu() - started

    mailing._render_letters = timed_render
    wall = time.perf_counter()
    try:
        for pf_id in batch.files.order_by("number").values_list("pk", flat=True):
            started = _cpu()
            mailing.print_file_build(print_file_id=pf_id)
            merge_cpu += _cpu() - started
            if after_file is not None:
                after_file()
    finally:
        mailing._render_letters = real_render
    wall = time.perf_counter() - wall
    batch.refresh_from_db()
    if batch.state != MailingBatch.State.READY:
        raise RuntimeError(f"batch {batch.pk} ended {batch.state}: {list(batch.files.values_list('error'))}")
    return batch.total, render_cpu, merge_cpu - render_cpu, wall


def phase_rates(args) -> dict:
    from weasyprint import HTML

    from notices.models import Notice
    from notices.rendering import _letter_fetcher
    from notices.services import notice_render

    rounds = args.rounds
    per_round_single = max(1, args.single // rounds)
    per_round_batch = max(1, args.batch // rounds)
    single_court, clerk = _seed(per_round_single * rounds + 1, "BS1", 300_000_000)
    batch_courts = [_seed(per_round_batch, f"BB{r}", 310_000_000 + r * 1_000_000)[0] for r in range(rounds)]
    singles = list(Notice.objects.filter(court=single_court).order_by("pk").values_list("pk", flat=True))

    def baseline_once():
        HTML(string="<p>One letter.</p>", url_fetcher=_letter_fetcher()).write_pdf()

    baseline_once()
    notice_render(notice_id=singles.pop())  # fonts, templates and translations loaded before timing

    t_base = t_single = t_render = t_merge = 0.0
    n_base = n_single = n_batch = 0
    wall_single = wall_batch = 0.0
    for r in range(rounds):
        started = _cpu()
        for _ in range(per_round_single):
            baseline_once()
        t_base += _cpu() - started
        n_base += per_round_single

        started, wall = _cpu(), time.perf_counter()
        for notice_id in singles[r * per_round_single : (r + 1) * per_round_single]:
            notice_render(notice_id=notice_id)
        t_single += _cpu() - started
        wall_single += time.perf_counter() - wall
        n_single += per_round_single

        letters, render_cpu, merge_cpu, wall = _build_batch(batch_courts[r], clerk)
        t_render += render_cpu
        t_merge += merge_cpu
        wall_batch += wall
        n_batch += letters
    pages = list(Notice.objects.exclude(pdf_pages=None).values_list("pdf_pages", flat=True))
    return {
        "baseline_ms": 1000 * t_base / n_base,
        "single_ms": 1000 * t_single / n_single,
        "single_wall_ms": 1000 * wall_single / n_single,
        "batch_render_ms": 1000 * t_render / n_batch,
        "batch_merge_ms": 1000 * t_merge / n_batch,
        "batch_wall_ms": 1000 * wall_batch / n_batch,
        "single_letters": n_single,
        "batch_letters": n_batch,
        "pages_per_letter": sum(pages) / len(pages),
        "peak_rss_mb": _vm("VmHWM"),
    }


def phase_scale(args) -> dict:
    court, clerk = _seed(args.letters, f"S{args.letters}"[:8], 400_000_000 + args.letters * 10)
    _reset_peak_rss()
    rss_before = _vm("VmRSS")
    peaks: list[float] = []  # peak RSS so far after each print file: flat if memory does not grow
    letters, render_cpu, merge_cpu, wall = _build_batch(court, clerk, lambda: peaks.append(_vm("VmHWM")))
    return {
        "letters": letters,
        "rss_before_mb": rss_before,
        "peak_rss_mb": _vm("VmHWM"),
        "peak_after_first_file_mb": peaks[0],
        "peak_after_each_file_mb": peaks,
        "cpu_ms_per_letter": 1000 * (render_cpu + merge_cpu) / letters,
        "wall_s": wall,
    }


# --- In the driving process -----------------------------------------------------------------------


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def start_phase(env: dict, *argv: str) -> subprocess.Popen:
    return subprocess.Popen([PYTHON, __file__, *argv], cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, text=True)


def phase_result(process: subprocess.Popen) -> dict:
    out, _ = process.communicate()
    if process.returncode:
        raise RuntimeError(f"bench phase failed ({process.returncode})")
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def run_phase(env: dict, *argv: str) -> dict:
    return phase_result(start_phase(env, *argv))


def main_driver(args) -> None:
    recreate_database(args.database_url)
    var_dir = tempfile.mkdtemp(prefix="bench-notices-")
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "PORTAL_VAR_DIR": var_dir,
        "LOG_LEVEL": "WARNING",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_ENV": "development",
    }
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
    chunk = env.get("NOTICES_RENDER_CHUNK", "50 (default)")
    print(f"Shipped paths, NOTICES_RENDER_CHUNK={chunk}, one worker process per measurement.")

    # --concurrent: the memory runs go alongside the rates (separate processes, separate data).
    scale_runs = {}
    if args.concurrent:
        scale_runs = {size: start_phase(env, "--phase", "scale", "--letters", str(size)) for size in args.scale}
    r = run_phase(env, "--phase", "rates", "--single", str(args.single), "--batch", str(args.batch),
                  "--rounds", str(args.rounds))  # fmt: skip
    base, single = 1000 / r["baseline_ms"], 1000 / r["single_ms"]
    batch_chunks = 1000 / r["batch_render_ms"]
    batch_total = 1000 / (r["batch_render_ms"] + r["batch_merge_ms"])
    print(f"baseline one-letter WeasyPrint render: {r['baseline_ms']:7.1f} ms ({base:6.1f}/s)")
    print(
        f"single notices, notice_render ({r['single_letters']} letters, {r['pages_per_letter']:.1f} pages avg): "
        f"{r['single_ms']:7.1f} ms/letter CPU ({single:5.2f} letters/s per core, "
        f"{r['single_ms'] / r['baseline_ms']:.1f} x baseline time; wall {r['single_wall_ms']:.0f} ms)"
    )
    print(
        f"batch, print file tasks ({r['batch_letters']} letters): chunk rendering incl. split + store "
        f"{r['batch_render_ms']:7.1f} ms/letter CPU ({batch_chunks:5.2f} letters/s per core, "
        f"{batch_chunks / single:.2f} x single)"
    )
    print(
        f"batch, whole print file task incl. pikepdf merge ({r['batch_merge_ms']:.1f} ms/letter): "
        f"{batch_total:5.2f} letters/s per core, {batch_total / single:.2f} x single "
        f"(wall {r['batch_wall_ms']:.0f} ms/letter); goal >= 1.40 x single"
    )
    print(f"peak RSS of the rates worker: {r['peak_rss_mb']:.0f} MB")

    scale = {}
    for size in args.scale:
        if size in scale_runs:
            s = phase_result(scale_runs[size])
        else:
            s = run_phase(env, "--phase", "scale", "--letters", str(size))
        scale[size] = s
        print(
            f"batch of {size:,} letters in one worker: peak RSS {s['peak_rss_mb']:.0f} MB "
            f"(after the first of its print files {s['peak_after_first_file_mb']:.0f} MB; "
            f"RSS before the build {s['rss_before_mb']:.0f} MB), {s['cpu_ms_per_letter']:.1f} ms/letter CPU, "
            f"{s['wall_s'] / 60:.1f} min wall; goal <= 600 MB"
        )
    if len(scale) >= 2:
        small, large = scale[min(scale)], scale[max(scale)]
        growth = large["peak_rss_mb"] - small["peak_rss_mb"]
        print(f"peak RSS growth {min(scale):,} -> {max(scale):,} letters: {growth:+.0f} MB")

    for workers in sorted({1, args.workers}):
        for label, rate in (("one by one", single), ("batched", batch_total)):
            hours = 500_000 / (rate * workers) / 3600
            print(f"projection, 500,000 letters on {workers} worker process(es) ({label}): {hours:.1f} h CPU-bound")
    print("(per-core figures: add workers up to the cores; one worker process per core)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--single", type=int, default=30, help="letters rendered one by one")
    parser.add_argument("--batch", type=int, default=600, help="letters rendered in batches")
    parser.add_argument("--rounds", type=int, default=3, help="alternations of single and batch work")
    parser.add_argument("--scale", default="1000,10000", help="batch sizes for the memory runs ('' for none)")
    parser.add_argument("--workers", type=int, default=4, help="worker processes for the projection")
    parser.add_argument("--concurrent", action="store_true", help="run the memory runs alongside the rates")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_NOTICES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_notices"),
    )
    parser.add_argument("--phase", choices=["rates", "scale"], help=argparse.SUPPRESS)
    parser.add_argument("--letters", type=int, default=1000, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.scale = [int(s.replace("_", "")) for s in args.scale.split(",") if s.strip()]
    if args.phase is None:
        main_driver(args)
        return
    _setup_django()
    result = phase_rates(args) if args.phase == "rates" else phase_scale(args)
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
