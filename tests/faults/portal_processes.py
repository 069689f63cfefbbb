"""The portal's own processes for the fault tests: Celery workers, gunicorn, and set-up steps, all
sharing one private environment (database, broker, clamd, files) per test."""

import os
import subprocess
import sys
from pathlib import Path

from tests.faults.stack import BASE_DIR, VENV_BIN, Process, free_port, log_tail, wait_until

# Variables of the portal (see .env.example) that must come from the test, never from the caller's
# environment or a .env file.
_PORTAL_VARIABLES = (
    "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "CELERY_VISIBILITY_TIMEOUT",
    "CLAMD_HOST", "CLAMD_PORT", "CLAMD_TIMEOUT", "PORTAL_VAR_DIR", "AWS_STORAGE_BUCKET_NAME", "EMAIL_URL",
    "DJANGO_ENV", "DEBUG", "SECRET_KEY", "DB_CONN_MAX_AGE", "FILINGS_SCAN_STUCK_AFTER_SECONDS",
    "NOTICES_STUCK_AFTER_SECONDS", "ALLOWED_HOSTS", "SITE_URL",
)  # fmt: skip


class PortalEnv:
    """The environment every portal process of one test shares: private DB, broker, clamd, files."""

    def __init__(self, *, database_url: str, redis_url: str, clamd_port: int, var_dir: Path, static_root: Path):
        var_dir.mkdir(parents=True, exist_ok=True)
        if not (var_dir / "staticfiles").exists():
            # The collected static files (make static) are shared read-only; everything else is private.
            (var_dir / "staticfiles").symlink_to(static_root)
        self.var_dir = var_dir
        self.values = {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CLAMD_HOST": "127.0.0.1",
            "CLAMD_PORT": str(clamd_port),
            "CLAMD_TIMEOUT": "20",
            "PORTAL_VAR_DIR": str(var_dir),
            "AWS_STORAGE_BUCKET_NAME": "",
            "EMAIL_URL": "",
            "DJANGO_ENV": "development",
            "DEBUG": "false",
            "SECRET_KEY": "fault-tests-" + "x" * 40,
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }

    def build(self, **overrides: str) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in _PORTAL_VARIABLES and not k.startswith("CELERY_")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(self.values)
        env.update(overrides)
        return env

    @property
    def private_files(self) -> Path:
        return self.var_dir / "private"

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"

    def manage(self, *args: str, timeout: float = 300, **overrides: str) -> str:
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.build(**overrides),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def data(self, *commands: str, state: dict | None = None, timeout: float = 120, **overrides: str) -> dict:
        """Runs steps of tests/faults/data.py in one fresh Django process; returns what they return."""
        import json

        result = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "tests.faults.data", *([json.dumps(state)] if state else []), *commands],
            cwd=BASE_DIR,
            env=self.build(**overrides),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise AssertionError(f"data {' '.join(commands)} failed:\n{result.stdout}\n{result.stderr}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def worker(self, name: str, *, queues: str = "scan,render,email,default", **overrides: str) -> Process:
        """A Celery worker as deployed (prefork), one process; returns once it consumes."""
        log = self.var_dir / f"worker-{name}.log"
        args = [
            str(VENV_BIN / "celery"), "-A", "portal", "worker", "-Q", queues, "-n", f"{name}@faults",
            "--pool=prefork", "--concurrency=1", "--without-gossip", "--without-mingle", "--loglevel=INFO",
        ]  # fmt: skip
        process = Process(f"worker {name}", args, env=self.build(**overrides), log=log)
        wait_until(
            lambda: " ready." in log_tail(log, 200) or not process.alive, timeout=90, what=f"worker {name} to be ready"
        )
        if not process.alive:
            raise AssertionError(f"worker {name} exited:\n{process.output()}")
        return process

    def web(self, **overrides: str) -> "Web":
        return Web(self, **overrides)


class Web:
    """gunicorn with gthread workers, as docs/deploy.md runs the web process."""

    def __init__(self, portal_env: PortalEnv, **overrides: str):
        self.port = free_port()
        args = [
            str(VENV_BIN / "gunicorn"), "portal.wsgi", "-k", "gthread", "--workers", "1", "--threads", "4",
            "--bind", f"127.0.0.1:{self.port}", "--timeout", "60", "--access-logfile", "-",
        ]  # fmt: skip
        self.process = Process("web", args, env=portal_env.build(**overrides), log=portal_env.var_dir / "web.log")
        wait_until(self._healthy, timeout=90, what="gunicorn to answer /healthz")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _healthy(self) -> bool:
        if not self.process.alive:
            raise AssertionError(f"gunicorn exited:\n{self.process.output()}")
        import requests

        try:
            return requests.get(self.base_url + "/healthz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        self.process.stop()
