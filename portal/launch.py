"""Runs the Procfile (web, Celery worker, Celery beat, clamd) together, for `make run`.

honcho SIGKILLs every process 5 s after SIGTERM; a Celery worker needs longer to finish its task
and shut down cleanly, so the wait is raised before starting.
"""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def banner() -> str:
    from django.conf import settings

    return "\n".join(
        [
            "",
            "Respondent Portal (demonstration) is starting.",
            "  Sign in:      http://localhost:8000/accounts/login/",
            "  Clerk admin:  http://localhost:8000/admin/",
            f"  Mail lands in {settings.MAIL_DIR}/ (one file per message batch)",
            "  Demo accounts are listed above (seed_demo). Stop with Ctrl-C.",
            "",
        ]
    )


def main() -> None:
    import honcho.manager
    from honcho.command import main as honcho_main

    # The demo is a development run (production is the default when nothing is set); the processes
    # honcho starts inherit this.
    os.environ.setdefault("DJANGO_ENV", "development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    print(banner(), flush=True)
    honcho.manager.KILL_WAIT = 20
    os.chdir(BASE_DIR)
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.argv = ["honcho", "start", "-f", str(BASE_DIR / "Procfile")]
    honcho_main()


if __name__ == "__main__":
    main()
