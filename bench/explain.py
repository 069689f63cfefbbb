"""EXPLAIN every query the hot pages run, against the bench database as bench/run.py left it.

    .venv/bin/python bench/explain.py [--database-url URL] [--analyze]

Requests each page of bench/run.py's PAGES through Django's test client, signed in as the bench run
signs in, captures every SQL query, and asks PostgreSQL for each query's plan. A query whose plan
reads a table of more than --big rows with a sequential scan is flagged: at national scale that
query would grow with the data. Run it after `bench/run.py` (which leaves the database in place).
Prints one line per query (page, plan root, indexes used, flagged scans) and a verdict per page.
"""

import argparse
import json
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import run  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"),
    )
    parser.add_argument("--big", type=int, default=50_000, help="rows above which a seq scan is flagged")
    parser.add_argument("--analyze", action="store_true", help="EXPLAIN ANALYZE (runs each query)")
    return parser.parse_args(argv)


def walk(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from walk(child)


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.update(run.bench_env(argparse.Namespace(database_url=args.database_url)))
    cookies, case_id = run.sessions(os.environ.copy())

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")
        rows = dict(cursor.fetchall())

    report, verdicts = [], []
    for key, label, path, who in run.PAGES:
        if key in ("bare", "orm"):
            continue
        client = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")
        if who:
            name, _, value = cookies[who].partition("=")
            client.cookies[name] = value
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path.format(case=case_id), secure=True)
        flagged = []
        selects = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
        for sql in selects:
            option = "ANALYZE, FORMAT JSON" if args.analyze else "FORMAT JSON"
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN ({option}) {sql}")  # the SQL Django just ran for this page
                plan = cursor.fetchone()[0]
            plan = plan if isinstance(plan, list) else json.loads(plan)
            nodes = list(walk(plan[0]["Plan"]))
            indexes = sorted({n["Index Name"] for n in nodes if "Index Name" in n})
            seq = sorted({n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"})
            big = [t for t in seq if rows.get(t, 0) > args.big]
            flagged += big
            tables = sorted({n["Relation Name"] for n in nodes if "Relation Name" in n})
            cost = plan[0]["Plan"]["Total Cost"]
            report.append(
                f"{key:18} cost {cost:>10.1f}  tables {','.join(tables) or '-':48.48} "
                f"indexes {','.join(indexes) or '-'}" + (f"  SEQ SCAN ON {','.join(big)}" if big else "")
            )
        verdict = "OK: every large table read by index" if not flagged else f"FLAGGED: {sorted(set(flagged))}"
        verdicts.append(f"{label:34} HTTP {response.status_code}  {len(selects):2} queries  {verdict}")
    biggest = sorted(((n, t) for t, n in rows.items() if n > args.big), reverse=True)
    print("Tables above", f"{args.big:,} rows:", ", ".join(f"{t} {n:,}" for n, t in biggest))
    print("\n".join(report))
    print()
    print("\n".join(verdicts))
    return 1 if any("FLAGGED" in v for v in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
