"""Forgotten variables fail closed (issue 13, findings 2 and 3).

With no DJANGO_ENV and DEBUG off the settings load as production, which refuses to start without its
secrets and without a cache shared by every process (the rate limits live there). Every way the
project starts a development run says so explicitly. Each case loads portal/settings.py in a fresh
process with a clean environment.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
SECRETS = {"SECRET_KEY": "s" * 50, "ACCESS_CODE_PEPPER": "p" * 50}
REDIS = {"REDIS_URL": "redis://127.0.0.1:6379/15"}  # never connected to: loading the settings only
REPORT = (
    "from django.conf import settings; "
    "print(settings.DJANGO_ENV, settings.PRODUCTION, settings.DEBUG, settings.DEMO_BANNER, "
    "settings.CACHES['default']['BACKEND'].rpartition('.')[2])"
)


def _dotenv_decides_the_environment() -> bool:
    dotenv = BASE_DIR / ".env"
    return dotenv.exists() and bool(re.search(r"^\s*(DJANGO_ENV|DEBUG)\s*=", dotenv.read_text(), re.MULTILINE))


pytestmark = pytest.mark.skipif(
    _dotenv_decides_the_environment(), reason="a .env file beside manage.py sets DJANGO_ENV or DEBUG"
)


def load_settings(tmp_path, **variables: str) -> subprocess.CompletedProcess:
    """portal/settings.py loaded in a new process that has only `variables` (and PATH) set."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        **variables,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", REPORT], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def loaded(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.split()[-5:]


def refused(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    return result.stderr.strip().splitlines()[-1]


# --- finding 3: production unless said otherwise -----------------------------------------------


def test_nothing_set_means_production(tmp_path):
    assert loaded(load_settings(tmp_path, **SECRETS, **REDIS)) == [
        "production",
        "True",
        "False",
        "True",  # the demo banner stays until a deployment turns it off (docs/deploy.md)
        "ResilientRedisCache",
    ]


def test_nothing_set_refuses_to_start_without_a_secret_key(tmp_path):
    line = refused(load_settings(tmp_path, ACCESS_CODE_PEPPER="p" * 50, **REDIS))
    assert "ImproperlyConfigured" in line and "SECRET_KEY" in line


@pytest.mark.parametrize("name", ["SECRET_KEY", "ACCESS_CODE_PEPPER"])
def test_production_refuses_a_blank_secret(tmp_path, name):
    line = refused(load_settings(tmp_path, **{**SECRETS, name: ""}, **REDIS))
    assert name in line


def test_a_blank_django_env_is_production_too(tmp_path):
    """.env.example leaves DJANGO_ENV blank; a copied .env must not mean development."""
    assert loaded(load_settings(tmp_path, DJANGO_ENV="", **SECRETS, **REDIS))[0] == "production"


def test_an_unknown_django_env_is_refused_not_guessed(tmp_path):
    assert "DJANGO_ENV" in refused(load_settings(tmp_path, DJANGO_ENV="prod", **SECRETS, **REDIS))


def test_debug_asks_for_development(tmp_path):
    assert loaded(load_settings(tmp_path, DEBUG="true"))[:3] == ["development", "False", "True"]


def test_explicit_development_keeps_the_embedded_defaults(tmp_path):
    assert loaded(load_settings(tmp_path, DJANGO_ENV="development")) == [
        "development",
        "False",
        "False",
        "True",
        "LocMemCache",
    ]


def test_production_never_debugs(tmp_path):
    assert loaded(load_settings(tmp_path, DJANGO_ENV="production", DEBUG="true", **SECRETS, **REDIS))[:3] == [
        "production",
        "True",
        "False",
    ]


def test_a_deployment_turns_the_demo_banner_off_only_on_purpose(tmp_path):
    assert loaded(load_settings(tmp_path, DEMO_BANNER="false", **SECRETS, **REDIS))[3] == "False"


def test_the_tests_run_in_development():
    from django.conf import settings

    assert settings.DJANGO_ENV == "development"
    assert "DJANGO_ENV" in (BASE_DIR / "portal" / "tests" / "settings.py").read_text()


def test_make_targets_are_development_runs_unless_told_otherwise():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "MAKEFLAGS", "MAKELEVEL"}}
    script = ["make", "-s", "--no-print-directory", "--eval", "_platform_env: ; @echo $$DJANGO_ENV", "_platform_env"]
    result = subprocess.run(script, cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True, timeout=60)  # noqa: S603
    assert result.stdout.strip() == "development"
    env["DJANGO_ENV"] = "production"
    result = subprocess.run(script, cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True, timeout=60)  # noqa: S603
    assert result.stdout.strip() == "production"
    makefile = (BASE_DIR / "Makefile").read_text()
    assert re.search(r"^\tDJANGO_ENV=development .* -m pytest", makefile, re.MULTILINE)
    assert re.search(r"^export DJANGO_ENV=development$", (BASE_DIR / ".ci" / "run").read_text(), re.MULTILINE)


def test_make_run_launches_a_development_run(monkeypatch):
    """`make run` starts the Procfile through portal.launch; its processes inherit development."""
    import django
    import honcho.command
    import honcho.manager

    from portal import launch

    seen = {}
    monkeypatch.delenv("DJANGO_ENV", raising=False)
    monkeypatch.setattr(django, "setup", lambda: None)
    record = lambda: seen.update(env=os.environ.get("DJANGO_ENV"), argv=sys.argv)  # noqa: E731
    monkeypatch.setattr(honcho.command, "main", record)
    monkeypatch.setattr(launch, "honcho_main", record, raising=False)  # should it be imported at the top again

    def never(self, *args, **kwargs):
        raise AssertionError("the test would have started the Procfile's processes")

    monkeypatch.setattr(honcho.manager.Manager, "loop", never)
    monkeypatch.setattr(honcho.manager, "KILL_WAIT", honcho.manager.KILL_WAIT)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    for name in ("PATH", "PYTHONUNBUFFERED"):  # main() sets both; put them back afterwards
        monkeypatch.setenv(name, os.environ.get(name, ""))
    monkeypatch.chdir(BASE_DIR)
    launch.main()
    assert seen["env"] == "development"
    assert seen["argv"][-1].endswith("Procfile")


# --- finding 2: a shared cache in production ---------------------------------------------------


def test_production_refuses_a_per_process_cache(tmp_path):
    line = refused(load_settings(tmp_path, **SECRETS))
    assert "ImproperlyConfigured" in line and "REDIS_URL" in line


def test_production_starts_with_a_shared_cache(tmp_path):
    assert loaded(load_settings(tmp_path, DJANGO_ENV="production", **SECRETS, **REDIS))[4] == "ResilientRedisCache"
