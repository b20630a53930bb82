"""Build or check one benchmark database; run by `bench.scale.databases` in a process of its own.

    python -m bench.scale.prepare build <agreements> <seed>    migrate, seed, portfolio, users, ANALYZE
    python -m bench.scale.prepare migrate <agreements> <seed>  bring a kept database up to date
    python -m bench.scale.prepare stamp <agreements> <seed>    what it holds; fails when its build never finished

The database comes from SQLITE_PATH or DATABASE_URL (dev settings). Prints one JSON line last.
"""

import io
import json
import os
import sys
import time

PASSWORD = "bench-scale-{role}"  # noqa: S105 - users of a throwaway benchmark database only
ROLES = {"buyer": "BUYERS", "auditor": "AUDITORS", "admin": "CONTRACT_ADMINS"}


def username(role: str) -> str:
    return f"bench-{role}"


def _users() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from core import roles

    for role, group in ROLES.items():
        user, _ = get_user_model().objects.get_or_create(
            username=username(role), defaults={"is_staff": role == "admin"}
        )
        user.set_password(PASSWORD.format(role=role))
        user.save()
        user.groups.set([Group.objects.get(name=getattr(roles, group))])


def _stamp(seconds: float | None = None) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from contracts.models import Agreement
    from core.history import audited_models

    if get_user_model().objects.filter(username__in=[username(r) for r in ROLES]).count() != len(ROLES):
        raise SystemExit("incomplete: the benchmark users are missing (the build did not finish)")
    stamp = {
        "agreements": Agreement.objects.count() - 1,
        "history_rows": sum(model.history.count() for model in audited_models()),
        "vendor": connection.vendor,
    }
    if seconds is not None:
        stamp["generation_seconds"] = round(seconds, 1)
    return stamp


def build(agreements: int, seed: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from ledger.portfolio import generate_portfolio

    call_command("migrate", verbosity=0)
    call_command("load_agreement", "data/kmc_lucent.yaml", stdout=io.StringIO())
    started = time.perf_counter()
    if agreements:
        generate_portfolio(agreements=agreements, seed=seed, progress=_progress)
    seconds = time.perf_counter() - started
    _users()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # both planners choose indexes from statistics
    return _stamp(seconds)


def _progress(report) -> None:
    if len(report.contract_numbers) % 100 == 0:
        print(f"  {report.summary()}", file=sys.stderr, flush=True)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    command, agreements, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if command == "build":
        result = build(agreements, seed)
    elif command == "migrate":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        result = _stamp()
    elif command == "stamp":
        result = _stamp()
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
