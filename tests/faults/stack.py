"""Private, killable copies of the portal's services for the fault tests (docs/adr/0090).

Each fault test starts its own PostgreSQL, Redis, clamd, Celery worker and gunicorn on free ports
and stops or kills only those: the shared services on 5432/6379/3310 are never touched, so the
rest of the suite (running beside us under pytest-xdist) does not notice.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

BASE_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PG_BIN_DIRS = sorted(
    Path("/usr/lib/postgresql").glob("*/bin"),
    key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    reverse=True,
)


def which(name: str, extra_dirs=()) -> str | None:
    for folder in extra_dirs:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    return shutil.which(name) or next(
        (str(Path(d) / name) for d in ("/usr/sbin", "/usr/local/sbin") if (Path(d) / name).exists()), None
    )


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate: Callable, *, timeout: float, what: str, interval: float = 0.2):
    """Polls `predicate` until it returns something truthy; fails the test with `what` on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class Process:
    """A child process in its own process group, logging to a file, killed with its children."""

    def __init__(self, name: str, args: list[str], *, env: dict, log: Path, cwd: Path = BASE_DIR):
        self.name, self.log = name, log
        self.handle = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(  # noqa: S603
            args, cwd=cwd, env=env, stdout=self.handle, stderr=subprocess.STDOUT, start_new_session=True
        )

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group (a Celery worker's pool children die with it), as a crash would."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)
        self.handle.close()

    def stop(self) -> None:
        """Teardown: nothing of a test's processes outlives it (SIGKILL, no graceful wait)."""
        if not self.handle.closed:
            self.kill()

    def output(self) -> str:
        return log_tail(self.log)


# --- PostgreSQL ----------------------------------------------------------------------------------


class PrivatePostgres:
    """A throwaway cluster (trust auth, no fsync) in a temporary folder, on a free port."""

    def __init__(self):
        self.bin = next((d for d in PG_BIN_DIRS if (d / "initdb").exists()), None)
        self.root = Path(tempfile.mkdtemp(prefix="portal-faults-pg-"))
        self.data, self.sockets, self.logfile = self.root / "data", self.root / "sockets", self.root / "postgres.log"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0  # initdb and postgres refuse to run as root

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)  # noqa: S603

    def init(self) -> None:
        self.sockets.mkdir()
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(self.sockets, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8")
        self.start()

    def _options(self) -> str:
        return (
            f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50 -c shared_buffers=32MB"
        )

    def start(self) -> None:
        result = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.logfile), "-o", self._options(), "-w", "-t", "60", "start",
            check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"private PostgreSQL did not start: {result.stderr}\n{log_tail(self.logfile)}")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop", check=False)

    def restart(self) -> None:
        """A real restart: every server process ends, so every client connection is broken."""
        self.stop("fast")
        self.start()

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres", **kwargs) -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, **kwargs)

    def create_database(self, name: str, *, template: str = "template1") -> None:
        with self.connect(autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


# --- Redis ---------------------------------------------------------------------------------------


class PrivateRedis:
    """redis-server as docker-compose.yml runs it (append-only file, noeviction), on a free port."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process: Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = [
            which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
            "--save", "", "--appendonly", "yes", "--maxmemory-policy", "noeviction",
        ]  # fmt: skip
        self.process = Process("redis", args, env=dict(os.environ), log=self.folder / "redis.log")
        wait_until(lambda: port_open(self.port), timeout=20, what="the private Redis")

    def stop(self) -> None:
        """Kills Redis outright (no final save): what a crash or a lost host looks like to the portal."""
        if self.process is not None:
            self.process.kill()
            self.process = None
        wait_until(lambda: not port_open(self.port), timeout=10, what="the private Redis to go away")

    def command(self, *args: str) -> str:
        return subprocess.run(  # noqa: S603
            [which("redis-cli"), "-p", str(self.port), *args], capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()


# --- clamd ---------------------------------------------------------------------------------------

EICAR_SIGNATURE = "44d88612fea8a8f36de82e1278abb02f:68:Portal.Test.EICAR\n"  # as scripts/clamd writes it


class PrivateClamd:
    """clamd with the project's configuration (scripts/clamd) and only the EICAR test signature."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process: Process | None = None
        (folder / "db").mkdir(parents=True, exist_ok=True)
        (folder / "db" / "portal-test.hdb").write_text(EICAR_SIGNATURE)
        (folder / "clamd.conf").write_text(
            "\n".join(
                [
                    f"DatabaseDirectory {folder / 'db'}",
                    f"TCPSocket {self.port}",
                    "TCPAddr 127.0.0.1",
                    "Foreground yes",
                    f"LogFile {folder / 'clamd.log'}",
                    "StreamMaxLength 40M",
                    "MaxFileSize 40M",
                    "MaxScanSize 160M",
                    "AlertExceedsMax yes",
                    "AlertEncrypted no",
                    "MaxThreads 2",
                    "",
                ]
            )
        )

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"zPING\0")
                return sock.recv(16).startswith(b"PONG")
        except OSError:
            return False

    def start(self) -> None:
        args = [which("clamd"), f"--config-file={self.folder / 'clamd.conf'}"]
        self.process = Process("clamd", args, env=dict(os.environ), log=self.folder / "clamd.out")
        wait_until(self.ping, timeout=60, what="the private clamd to answer PING")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process = None


class GatedProxy:
    """A TCP proxy in front of clamd that the test controls: while the gate is closed, a scan's
    connection is accepted and held, so a worker sits inside its scan task for as long as we like."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.gate = threading.Event()
        self.gate.set()
        self.held = 0  # connections that arrived while the gate was closed
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def close_gate(self) -> None:
        self.gate.clear()

    def open_gate(self) -> None:
        self.gate.set()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        if not self.gate.is_set():
            self.held += 1
            self.gate.wait()
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30)
        except OSError:
            client.close()
            return
        for source, target in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._stop = True
        self.gate.set()
        self.listener.close()
