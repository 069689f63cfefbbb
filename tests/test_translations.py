"""The Spanish translation is complete, well formed, and used.

When this fails after `makemessages`, translate the new entries: see docs/translations.md.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PO_FILE = BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"


def _msgfmt(tmp_path) -> str:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: install gettext (scripts/os-packages)"
    result = subprocess.run(  # noqa: S603 - fixed command line on our own file
        [msgfmt, "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(PO_FILE)],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_spanish_compiles_with_every_entry_translated(tmp_path):
    statistics = _msgfmt(tmp_path)
    assert re.fullmatch(r"\d+ translated messages?\.\n", statistics), (
        f"{statistics.strip()}: translate every entry and remove the fuzzy flags (docs/translations.md)"
    )


def test_no_entry_is_left_empty_or_fuzzy():
    text = PO_FILE.read_text(encoding="utf-8")
    entries = [e for e in text.split("\n\n") if "msgid " in e and not e.lstrip().startswith("#~")]
    header, entries = entries[0], entries[1:]
    assert "#, fuzzy" not in header
    assert '"Language: es\\n"' in header
    fuzzy = [e for e in entries if re.search(r"^#,.*\bfuzzy\b", e, re.MULTILINE)]
    empty = [e for e in entries if e.strip().splitlines()[-1] == 'msgstr ""']
    assert not fuzzy, "fuzzy entries:\n" + "\n\n".join(fuzzy[:10])
    assert not empty, "untranslated entries:\n" + "\n\n".join(empty[:10])


@pytest.mark.django_db
def test_home_page_follows_the_browser_language(client):
    html = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"}).content.decode()
    assert '<html lang="es">' in html
    assert "Vea en línea su caso en el tribunal de inmigración" in html
    assert "Iniciar sesión" in html
    assert "See your immigration court case online" not in html


@pytest.mark.django_db
def test_english_stays_the_default(client):
    html = client.get("/", headers={"Accept-Language": "fr"}).content.decode()
    assert '<html lang="en">' in html
    assert "See your immigration court case online" in html
