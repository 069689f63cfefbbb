"""CSV files people open in a spreadsheet, safe from formula injection (CWE-1236).

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` (and, in some programs, after a
leading tab or carriage return) as a formula: a respondent named `=HYPERLINK("http://…")` would
put a live link, or worse, in a clerk's mailing manifest. Every text cell is neutralised the way
OWASP recommends: a single quote in front, which the spreadsheet shows as text and never runs.
Numbers are left alone (a negative number is data, not a formula).

Every CSV the project writes goes through `safe_csv_writer`; a test fails on any other
`csv.writer(` in the source.
"""

import csv
from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """The value as a spreadsheet will show it but never run it: text that could start a formula gets a `'`."""
    if isinstance(value, Promise):
        value = str(value)  # a lazy translation is text like any other
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeCsvWriter:
    """csv.writer with every cell passed through `csv_cell` (same writerow / writerows)."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    @property
    def dialect(self):
        return self._writer.dialect

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_csv_writer(out, **kwargs) -> SafeCsvWriter:
    """The only way the project writes CSV: like csv.writer(out, **kwargs), formula-safe."""
    return SafeCsvWriter(out, **kwargs)
