"""The layers of docs/design.md hold for the code moved into common/ (issue 13): common imports no
app of ours, and cases (which now checks and scans uploads) imports nothing from filings."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIRST_PARTY = ("accounts", "audit", "cases", "filings", "guidance", "notices", "portal")


def _imports(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r"^\s*(?:from|import)\s+([a-z_]+)", text, re.MULTILINE))


def test_common_imports_no_app():
    files = [path for path in (ROOT / "common").rglob("*.py") if "tests" not in path.parts]
    offenders = {str(path.relative_to(ROOT)): sorted(_imports(path) & set(FIRST_PARTY)) for path in files}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_cases_does_not_import_filings_or_notices():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "cases").rglob("*.py")
        if "tests" not in path.parts and _imports(path) & {"filings", "notices", "guidance", "portal"}
    ]
    assert offenders == []
