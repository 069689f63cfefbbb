"""docker-compose.yml describes a stack that can run: no Docker engine here, so the file is checked.

Every command of a service built from our image must exist in the project (a manage.py command,
the Celery app and its queues, the WSGI module) and every ${VAR} must be documented in .env.example.
"""

import importlib.util
import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

from portal.celery import QUEUES

BASE_DIR = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = sorted(name for name, service in SERVICES.items() if "build" in service)
# Beat has no endpoint to ask; its health shows in the sweeps it schedules.
LONG_RUNNING = sorted(name for name, svc in SERVICES.items() if svc.get("restart") != "no" and name != "beat")
_VARIABLE = re.compile(r"\$\{(\w+)(?:[:?\-][^}]*)?\}")


def documented_variables() -> set[str]:
    names = set()
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]*)=", line)
        if match:
            names.add(match.group(1))
    return names


def _command(service) -> list[str]:
    command = service.get("command") or []
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def _steps(argv: list[str]) -> list[list[str]]:
    """The commands a service runs (`sh -c "a && b"` is two)."""
    if argv[:2] == ["sh", "-c"]:
        return [shlex.split(step) for step in re.split(r"&&|;", argv[2])]
    return [argv]


def check_step(argv: list[str]) -> None:
    program = argv[0]
    if program == "python":
        assert argv[1] == "manage.py", argv
        assert argv[2] in get_commands(), f"manage.py has no command {argv[2]!r}"
    elif program == "gunicorn":
        module = argv[1].split(":")[0]
        assert importlib.util.find_spec(module), f"no module {module}"
        assert any(a.startswith("--worker-class=gthread") for a in argv) or "gthread" in argv
    elif program == "celery":
        assert argv[1:3] == ["-A", "portal"], argv
        assert (BASE_DIR / "portal" / "celery.py").exists()
        assert argv[3] in {"worker", "beat"}, argv
        if "-Q" in argv:
            queues = argv[argv.index("-Q") + 1].split(",")
            assert set(queues) <= set(QUEUES), f"unknown queue in {queues}"
    else:
        pytest.fail(f"unexpected program {program!r} in {argv}")


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_commands_exist_in_the_project(name):
    argv = _command(SERVICES[name])
    assert argv, f"{name} has no command"
    for step in _steps(argv):
        check_step(step)


def test_image_default_command_exists():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)
    assert cmd, "the Dockerfile has no CMD"
    check_step(yaml.safe_load(cmd.group(1)))
    assert "FROM python:3.13-slim" in dockerfile
    assert "requirements.lock" in dockerfile
    assert "collectstatic" in dockerfile and "compilemessages" in dockerfile


def test_every_queue_has_a_worker():
    served = set()
    for name in APP_SERVICES:
        argv = _command(SERVICES[name])
        if "worker" in argv:
            served |= set(argv[argv.index("-Q") + 1].split(","))
    assert served == set(QUEUES)


def test_exactly_one_beat():
    beats = [name for name in APP_SERVICES if "beat" in _command(SERVICES[name])]
    assert beats == ["beat"]


def test_every_variable_is_documented_in_env_example():
    used = set(_VARIABLE.findall((BASE_DIR / "docker-compose.yml").read_text()))
    missing = used - documented_variables()
    assert not missing, f"add these to .env.example: {sorted(missing)}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_settings_passed_are_ones_the_portal_reads(name):
    environment = SERVICES[name]["environment"]
    unknown = set(environment) - documented_variables()
    assert not unknown, f"{name} sets variables the portal does not document: {sorted(unknown)}"


def test_secrets_come_from_the_environment():
    environment = SERVICES["web"]["environment"]
    for secret in ("SECRET_KEY", "ACCESS_CODE_PEPPER", "AWS_SECRET_ACCESS_KEY"):
        assert re.fullmatch(r"\$\{" + secret + r":\?[^}]+\}", environment[secret]), secret
    assert "${POSTGRES_PASSWORD:?" in environment["DATABASE_URL"]
    assert environment["DJANGO_ENV"] == "production"


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_long_running_services_have_health_checks(name):
    assert "test" in SERVICES[name].get("healthcheck", {}), f"{name} has no health check"


def test_dependencies_name_real_services():
    for name, service in SERVICES.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in SERVICES, f"{name} depends on unknown {dependency}"


def test_redis_keeps_queued_tasks():
    command = _command(SERVICES["redis"])
    assert command[command.index("--appendonly") + 1] == "yes"
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"


def test_the_supporting_services_are_all_there():
    images = {name: service.get("image", "") for name, service in SERVICES.items()}
    assert images["db"].startswith("postgres:")
    assert images["clamav"].startswith("clamav/clamav")
    assert images["minio"].startswith("minio/minio")
    assert images["mailpit"].startswith("axllent/mailpit")
    assert "mc mb" in " ".join(SERVICES["createbucket"]["entrypoint"])
    assert SERVICES["web"]["environment"]["EMAIL_URL"].endswith("smtp://mailpit:1025}")


@pytest.mark.parametrize("name", sorted(name for name, svc in SERVICES.items() if "build" not in svc))
def test_third_party_images_are_pinned_to_a_release(name):
    """`latest`, `stable` or a bare major version would change under a running court on the next pull."""
    image = SERVICES[name]["image"]
    tag = image.rpartition(":")[2] if ":" in image.rsplit("/", 1)[-1] else ""
    assert tag, f"{name}: {image} has no tag"
    assert tag not in {"latest", "stable", "edge"}, f"{name}: {image} floats"
    assert re.search(r"\d+\.\d+|RELEASE\.\d{4}", tag), f"{name}: {image} is not a release (major.minor or dated)"
