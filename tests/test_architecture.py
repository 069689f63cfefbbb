"""The architecture lint (make lint) fails on what it is there to stop: an import up the layers, a
first-party import hidden inside a function, an import cycle. Each is planted in a throwaway tree."""

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for package in (
        "portal",
        "motions",
        "guidance",
        "filings",
        "notices",
        "delivery",
        "sms",
        "accounts",
        "cases",
        "audit",
        "common",
    ):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "cases" / "tests").mkdir()  # tests may import anything (the contract ignores them)
    (tmp_path / "cases" / "tests" / "__init__.py").write_text("")
    (tmp_path / "cases" / "tests" / "test_pages.py").write_text("import portal\n")
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "check_architecture.py", tmp_path / "scripts")
    shutil.copy(ROOT / ".importlinter", tmp_path)
    return tmp_path


def _architecture(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/check_architecture.py"], cwd=tree, capture_output=True, text=True, check=False
    )


def _layers(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (the project's own lint, on a tree this test wrote)
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
    )


def test_the_project_passes_its_own_architecture_lint():
    result = _architecture(ROOT)
    assert result.returncode == 0, result.stdout


def test_a_clean_tree_passes(tmp_path):
    tree = _tree(tmp_path, {"cases/models.py": "import audit\n", "filings/services.py": "from cases import models\n"})
    assert _architecture(tree).returncode == 0
    assert _layers(tree).returncode == 0


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is installed by make deps")
def test_an_upward_import_fails(tmp_path):
    tree = _tree(tmp_path, {"cases/models.py": "from filings import services\n", "filings/services.py": ""})
    result = _layers(tree)
    assert result.returncode == 1
    assert "cases.models -> filings.services" in result.stdout


def test_a_first_party_import_inside_a_function_fails(tmp_path):
    tree = _tree(tmp_path, {"cases/services.py": "def f():\n    from cases import models\n", "cases/models.py": ""})
    result = _architecture(tree)
    assert result.returncode == 1
    assert "NEW: cases/services.py imports cases.models inside a function" in result.stdout


def test_the_sanctioned_places_may_import_inside_a_function(tmp_path):
    task = "def run():\n    from cases import services\n"
    tree = _tree(
        tmp_path, {"cases/tasks.py": task, "cases/apps.py": task, "cases/services.py": "from cases import tasks\n"}
    )
    assert _architecture(tree).returncode == 0, _architecture(tree).stdout


def test_a_cycle_between_modules_fails(tmp_path):
    tree = _tree(tmp_path, {"cases/a.py": "from cases import b\n", "cases/b.py": "from cases import a\n"})
    result = _architecture(tree)
    assert result.returncode == 1
    assert "NEW: cycle: cases.a <-> cases.b" in result.stdout


def test_every_app_is_in_the_layers_and_in_every_lint():
    """A new app joins .importlinter's layers, the architecture check and the Makefile's APPS (bandit)
    together: none of them may silently miss it."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    layered = config["importlinter"]["root_packages"].split()
    makefile = (ROOT / "Makefile").read_text()
    apps = re.search(r"^APPS := (.+)$", makefile, re.MULTILINE).group(1).split()
    assert apps == layered
    assert "$(APPS)" in re.search(r"^\t.*bandit.*$", makefile, re.MULTILINE).group(0)
    checked = re.search(r"PACKAGES = \(([^)]*)\)", (ROOT / "scripts" / "check_architecture.py").read_text())
    assert [p.strip().strip('"') for p in checked.group(1).split(",") if p.strip()] == layered
    on_disk = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert on_disk == set(layered)
