"""Gunicorn servers for the throughput and memory runs: the app, or the bare baseline, on one database.

Reuses `bench.load.servers` (production settings, a fresh secret, collected static files); only the
WSGI application and the readiness path differ from its `Gunicorn`.
"""

import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.load.servers import GUNICORN, ROOT, collect_static, free_port, new_secret, production_env
from bench.scale.databases import Database

WORKERS = 2
THREADS = 4


def server_env(db: Database) -> dict[str, str]:
    env = production_env(db.url or "", new_secret())
    if db.sqlite_path:
        env.pop("DATABASE_URL")
        env["SQLITE_PATH"] = str(db.sqlite_path)
    return env


class Server:
    """gunicorn serving `app` on 127.0.0.1; `ready_path` answers 200 (or a redirect) once it is up."""

    def __init__(
        self,
        db: Database,
        app: str = "bench.scale.app:application",
        ready_path: str = "/accounts/login/",
        *,
        keep_answers: bool = True,
    ):
        self.db, self.app, self.ready_path = db, app, ready_path
        self.port = free_port()
        self.env = server_env(db)
        # core.answers: API answers kept by data version, as in production; "off" computes every answer.
        self.env["LEDGERLINE_ANSWER_CACHE"] = "on" if keep_answers else "off"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Server":
        collect_static(self.env)
        command = [str(GUNICORN), self.app, "--bind", f"127.0.0.1:{self.port}", "--workers", str(WORKERS)]
        command += ["--threads", str(THREADS), "--timeout", "120", "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)  # noqa: S603
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}{self.ready_path}", timeout=5)  # noqa: S310 - loopback
                return self
            except urllib.error.HTTPError as error:
                self.__exit__()
                raise RuntimeError(f"{self.app} answers HTTP {error.code} for {self.ready_path}") from error
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"gunicorn ({self.app}) exited") from None
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"gunicorn ({self.app}) did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def peak_worker_rss_mb(self) -> float:
        """The largest peak resident set (VmHWM) of this server's workers, in MB."""
        peaks = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks)
