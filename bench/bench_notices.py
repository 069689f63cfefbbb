"""Letters per second: single notices vs many letters per WeasyPrint document, against a one-letter
WeasyPrint baseline measured in the same run; pikepdf merge speed; peak memory; 500,000-letter projection.

    .venv/bin/python bench/bench_notices.py [--single 30] [--batch 200] [--workers 4]

No database: letters are built from in-memory stand-ins through the same templates and renderer.
"""

import argparse
import io
import os
import re
import resource
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django

django.setup()

from notices.rendering import _letter_fetcher, build_letter_html, html_to_pdf  # noqa: E402

COURT = SimpleNamespace(
    name="Testville Immigration Court",
    address_lines=["100 Example Street, Suite 500", "Springfield, IL 62701"],
    time_zone="America/Chicago",
)


def letter_html(i: int) -> str:
    person = SimpleNamespace(
        full_name=f"José Ñúñez Gonçalves {i}", address_lines=[f"{i} Sample Avenue", f"Springfield, IL 6{i:04d}"[:20]]
    )
    context = {
        "respondent": person,
        "court": COURT,
        "a_number": f"A-{200 + i % 700:03d}-000-{i % 1000:03d}",
        "letter_date": "2026-11-29",
        "access_code": "7KQ2-M9XD-4F",
        "portal_url": "http://localhost:8000/account/register/",
        "expiry_days": 21,
        "support_phone": "(555) 010-0199",
        "support_email": "help@portal.example.org",
        "support_hours": "Monday to Friday, 8:00 AM to 8:00 PM Eastern Time",
    }
    return build_letter_html(
        kind="registration",
        notice_id=100000 + i,
        context=context,
        languages=["en", "es"],
        recipient=person,
        court=COURT,
    )


def baseline_once() -> None:
    from weasyprint import HTML

    HTML(string="<p>One letter.</p>", url_fetcher=_letter_fetcher()).write_pdf()


def many_in_one_document(htmls: list[str]) -> tuple[bytes, int]:
    """The letters' bodies in one document, one after another (a chunk of a mass mailing)."""
    style = re.search(r"<style>(.*?)</style>", htmls[0], re.S).group(1)
    bodies = [re.search(r"<body>(.*)</body>", h, re.S).group(1) for h in htmls]
    joined = "".join(f'<div class="batch-letter">{b}</div>' for b in bodies)
    doc = f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{style}"
    doc += ".batch-letter + .batch-letter { break-before: page; }</style></head><body>" + joined + "</body></html>"
    pdf = html_to_pdf(doc)
    return pdf.content, pdf.pages


WALL: dict[int, float] = {}


def timed(fn, *args):
    """CPU seconds of this process (a per-core figure, fair on a shared machine); wall time kept aside."""
    start, wall = time.process_time(), time.perf_counter()
    result = fn(*args)
    elapsed = time.process_time() - start
    WALL[id(result)] = time.perf_counter() - wall
    return elapsed, result


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def merge_scale(letters: int, file_max: int = 500) -> None:
    """Print files for `letters` letters, built one file at a time as the workers do: peak RSS must not grow."""
    import pikepdf

    one = html_to_pdf(letter_html(1)).content
    start = time.process_time()
    for first in range(0, letters, file_max):
        merged = pikepdf.new()
        sources = [pikepdf.open(io.BytesIO(one)) for _ in range(min(file_max, letters - first))]
        for src in sources:
            merged.pages.extend(src.pages)
        merged.save(io.BytesIO())
        for src in sources:
            src.close()
        merged.close()
    elapsed = time.process_time() - start
    print(
        f"merge {letters} letters into files of {file_max}: {1000 * elapsed / letters:.2f} ms/letter CPU, "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--merge-scale", type=int, default=0, help="only measure merging this many letters")
    parser.add_argument("--single", type=int, default=30)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if args.merge_scale:
        merge_scale(args.merge_scale)
        return

    baseline_once()  # warm fonts and caches
    html_to_pdf(letter_html(0))

    n = args.single
    t_base, _ = timed(lambda: [baseline_once() for _ in range(n)])
    htmls = [letter_html(i) for i in range(max(n, args.batch))]
    t_single, singles = timed(lambda: [html_to_pdf(h) for h in htmls[:n]])
    t_batch, (_batch_pdf, batch_pages) = timed(many_in_one_document, htmls[: args.batch])

    import pikepdf

    pdfs = [s.content for s in singles] * (args.batch // n + 1)

    def merge():
        merged = pikepdf.new()
        opened = [pikepdf.open(io.BytesIO(p)) for p in pdfs[: args.batch]]
        for src in opened:
            merged.pages.extend(src.pages)
        out = io.BytesIO()
        merged.save(out)
        return len(merged.pages)

    t_merge, merged_pages = timed(merge)

    base_rate = n / t_base
    single_rate = n / t_single
    batch_rate = args.batch / t_batch
    pages_per_letter = sum(s.pages for s in singles) / n
    print(f"baseline one-letter WeasyPrint render: {1000 * t_base / n:7.1f} ms  ({base_rate:6.1f}/s)")
    print(
        f"single notices (bilingual, QR, {pages_per_letter:.1f} pages): {1000 * t_single / n:7.1f} ms/letter "
        f"({single_rate:6.1f} letters/s, {single_rate / base_rate:.2f} x baseline rate)"
    )
    print(
        f"{args.batch} letters in one document ({batch_pages} pages): {1000 * t_batch / args.batch:7.1f} ms/letter "
        f"({batch_rate:6.1f} letters/s, {batch_rate / single_rate:.2f} x single)"
    )
    print(
        f"pikepdf merge of {args.batch} stored letters ({merged_pages} pages): "
        f"{1000 * t_merge / args.batch:7.2f} ms/letter"
    )
    print("(rates are per core: CPU seconds of one process; wall-clock on a shared machine is slower)")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    for label, rate in (("single", single_rate), ("batched", batch_rate)):
        hours = 500_000 / (rate * args.workers) / 3600
        print(f"projection, 500,000 letters on {args.workers} worker processes ({label}): {hours:.1f} h")


if __name__ == "__main__":
    main()
