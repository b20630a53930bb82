"""Where one request's time goes: the throughput cases, in process, with production settings.

    python -m bench.scale.profile [--agreements 200] [--rounds 200] [--only entity-api,...] [--tree]

Django runs once with `config.settings.production` (the app of `bench.scale.app`: API rate limits off)
on a *copy* of a kept benchmark database (`var/bench-scale-<N>.sqlite3`, or `--database PATH`), so the
session writes it makes stay out of the kept file. Each case is asked through the WSGI handler
exactly as gunicorn asks it (session cookie, CSRF token for the quote's POST), next to the bare view
of `bench.scale.bare` (one indexed query, no session), alternating. The `floor` case is that same query
behind the app's API machinery (`bench.scale.profile_urls`): what every API request costs before its
own work. Each case is reported as

- the ratio of the bare view's CPU time per request to the case's: roughly the throughput ratio
  gunicorn would measure when CPU is the limit (it leaves out the network and gunicorn itself);
- queries per request;
- with pyinstrument installed (`pip install pyinstrument`), the profile of `--rounds` requests: the
  frames that take the most time (`--tree` prints the whole call tree).
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CASES = ("floor", "board-api", "entity-api", "discount-api", "as-of", "quote-api")


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.scale.profile", description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=200, help="which kept database (default 200)")
    parser.add_argument("--database", help="an SQLite file to copy instead of the kept one")
    parser.add_argument("--rounds", type=int, default=200, help="requests per case timed and profiled")
    parser.add_argument("--only", default=",".join(DEFAULT_CASES), help="case keys (bench/scale/cases.py)")
    parser.add_argument("--tree", action="store_true", help="print pyinstrument's call tree too")
    parser.add_argument("--all", action="store_true", help="with --tree: library frames too")
    parser.add_argument("--top", type=int, default=25, help="how many frames of the flat profile")
    parser.add_argument("--computed", action="store_true", help="compute every answer (LEDGERLINE_ANSWER_CACHE=off)")
    return parser.parse_args(argv)


def _setup(source: Path, *, keep_answers: bool) -> Path:
    copy = Path(tempfile.mkdtemp(prefix="ledgerline-profile-")) / "bench.sqlite3"
    shutil.copyfile(source, copy)
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="profile-only-" + "x" * 60,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        SQLITE_PATH=str(copy),
        LEDGERLINE_ANSWER_CACHE="on" if keep_answers else "off",
    )
    from django.conf import settings

    import bench.scale.app  # noqa: F401 - production settings, API rate limits off, Django set up
    import bench.scale.bare  # noqa: F401 - makes itself the URL conf when imported: before ours

    settings.ROOT_URLCONF = "bench.scale.profile_urls"
    return copy


class Caller:
    """Requests through Django's WSGI handler as one logged-in user (or none), the way gunicorn calls it."""

    def __init__(self, role: str | None):
        from django.core.handlers.wsgi import WSGIHandler
        from django.middleware.csrf import _get_new_csrf_string

        self.handler = WSGIHandler()
        self.cookies = {"csrftoken": _get_new_csrf_string()}
        if role:
            self.cookies["sessionid"] = _login(role)

    def __call__(self, method: str, url: str, body: bytes = b"") -> tuple[int, bytes]:
        import io

        path, _, query = url.partition("?")
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_ACCEPT": "application/json",
            "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "HTTP_X_CSRFTOKEN": self.cookies["csrftoken"],
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }
        if body:
            environ.update(CONTENT_TYPE="application/json", CONTENT_LENGTH=str(len(body)))
        status: list[str] = []
        chunks = self.handler(environ, lambda s, headers, exc_info=None: status.append(s))
        content = b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()
        return int(status[0].split()[0]), content


def _login(role: str) -> str:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.scale.prepare import username

    client = Client()
    client.force_login(get_user_model().objects.get(username=username(role)))
    return client.cookies["sessionid"].value


def _request(caller: Caller, case, ids):
    import json

    if case is None:
        return caller("GET", "/bare/")
    if case.body is not None:
        return caller("POST", case.url(ids), json.dumps(case.body).encode())
    return caller("GET", case.url(ids))


def _cpu_per_request(caller: Caller, case, ids, rounds: int) -> float:
    started = time.process_time()
    for _ in range(rounds):
        _request(caller, case, ids)
    return (time.process_time() - started) / rounds


def main(argv=None) -> int:
    options = _arguments(argv if argv is not None else sys.argv[1:])
    from bench.scale.databases import database

    source = Path(options.database) if options.database else database(options.agreements).sqlite_path
    assert source is not None and source.exists(), f"no database at {source}: run make bench-scale first"
    copy = _setup(source, keep_answers=not options.computed)
    from bench.scale.cases import CASES, Case, seed_ids

    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None  # noqa: N806
        print("pyinstrument is not installed: ratios and query counts only")
    ids = seed_ids()
    bare = Caller(None)
    cases = [Case("floor", "floor: an API endpoint doing the bare view's query", "buyer", "/floor/"), *CASES]
    wanted = [key.strip() for key in options.only.split(",") if key.strip()]
    try:
        summary = [_case(case, ids, bare, options, Profiler) for case in cases if case.key in wanted]
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)
    print("\n| case | ratio to the bare view (CPU, in process) | ms CPU a request (bare) | queries |")
    print("|---|---|---|---|")
    for label, ratio, app_ms, bare_ms, queries in filter(None, summary):
        print(f"| {label} | {ratio:.2f}x | {app_ms:.1f} ({bare_ms:.2f}) | {queries} |")
    return 0


def _case(case, ids, bare: Caller, options, Profiler):  # noqa: N803 - the class, or None without pyinstrument
    """Time, count and profile one case; its summary row, or None when it fails."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    caller = Caller(case.role)
    status, content = _request(caller, case, ids)
    if status >= 400:
        print(f"{case.key}: HTTP {status} {content[:300]!r}")
        return None
    with CaptureQueriesContext(connection) as capture:
        _request(caller, case, ids)
    captured = [query["sql"] for query in capture.captured_queries]  # before the next request resets the log
    for _ in range(10):  # warm-up
        _request(caller, case, ids)
        _request(bare, None, None)
    app_ms = bare_ms = 0.0
    for _ in range(2):  # alternating halves, as the gunicorn bench alternates bursts
        app_ms += _cpu_per_request(caller, case, ids, options.rounds // 2) * 1000 / 2
        bare_ms += _cpu_per_request(bare, None, None, options.rounds // 2) * 1000 / 2
    ratio = bare_ms / app_ms
    print(f"\n== {case.label}: {ratio:.2f}x the bare view ({app_ms:.1f} vs {bare_ms:.2f} ms CPU a request);")
    print(f"   {len(captured)} queries:")
    for sql in captured:
        print(f"     {sql[:160]}")
    if Profiler is not None:
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(options.rounds):
            _request(caller, case, ids)
        profiler.stop()
        _print_profile(profiler, options)
    return (case.label, ratio, app_ms, bare_ms, len(captured))


def _print_profile(profiler, options) -> None:
    """The frames with the most time of their own, and those with the most in total (project code only)."""
    session = profiler.last_session
    own: dict[str, float] = {}  # frames without a file (pyinstrument's own) are left out
    total: dict[str, float] = {}

    def walk(frame, stack: frozenset) -> None:
        key = f"{frame.function} ({_short(frame.file_path)}:{frame.line_no})"
        if frame.file_path:
            own[key] = own.get(key, 0.0) + frame.total_self_time
        if key not in stack:  # recursion counts once
            total[key] = total.get(key, 0.0) + frame.time
        for child in frame.children:
            walk(child, stack | {key})

    root = session.root_frame()
    if root is None:
        return
    walk(root, frozenset())
    whole = root.time or 1.0
    print("   own time:")
    for key, seconds in sorted(own.items(), key=lambda kv: -kv[1])[: options.top]:
        print(f"     {seconds / whole:6.1%}  {key}")
    print("   total time (project code and middleware):")
    project = [(k, v) for k, v in total.items() if _is_interesting(k)]
    for key, seconds in sorted(project, key=lambda kv: -kv[1])[: options.top]:
        print(f"     {seconds / whole:6.1%}  {key}")
    if options.tree:
        print(profiler.output_text(unicode=True, color=False, show_all=options.all))


def _short(path: str | None) -> str:
    if not path:
        return "?"
    for marker in ("site-packages/", str(ROOT) + "/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def _is_interesting(key: str) -> bool:
    return any(part in key for part in ("core/", "contracts/", "pricing/", "releases/", "ledger/", "middleware"))


if __name__ == "__main__":
    sys.exit(main())
