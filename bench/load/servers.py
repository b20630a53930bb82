"""Start and stop gunicorn instances with production settings against one PostgreSQL database."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def production_env(database_url, secret_key):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback: no TLS terminator in front of these test servers.
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    return env


_collected = set()


def collect_static(env):
    """Production settings serve hashed static files from a manifest: collect them once per run."""
    key = env.get("DJANGO_SETTINGS_MODULE")
    if key in _collected:
        return
    collectstatic = [sys.executable, "manage.py", "collectstatic", "--noinput"]
    subprocess.run(collectstatic, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    _collected.add(key)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def new_secret():
    return secrets.token_urlsafe(64)


class Gunicorn:
    """One gunicorn on 127.0.0.1:port; stops itself when the `with` block ends."""

    def __init__(self, env, workers=2, port=None):
        self.port = port or free_port()
        self.env = env
        self.workers = workers
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        collect_static(self.env)
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(GUNICORN),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                "4",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=2)  # noqa: S310 - loopback
                return self
            except urllib.error.HTTPError as error:
                # It answers: up, but broken. Say so now rather than wait for the timeout.
                self.__exit__()
                raise RuntimeError(
                    f"gunicorn on port {self.port} answers HTTP {error.code} for the login page"
                ) from error
            except (urllib.error.URLError, ConnectionError, OSError):
                if self.process.poll() is not None:
                    raise RuntimeError(f"gunicorn on port {self.port} exited") from None
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn on port {self.port} did not answer within 60 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
