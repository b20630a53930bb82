"""Build or check one benchmark database; run by `bench.scale.databases` in a process of its own.

    python -m bench.scale.prepare build <agreements> <seed>    migrate, seed, portfolio, users, ANALYZE
    python -m bench.scale.prepare migrate <agreements> <seed>  bring a kept database up to date
    python -m bench.scale.prepare add-rows <agreements> <seed> add the app rows a kept database lacks
                                                               (purchases, obligations: `ledger.portfolio.hooks`)
    python -m bench.scale.prepare stamp <agreements> <seed>    what it holds; fails when its build never finished

Every agreement, the seed's included, gets the apps' generated rows (its purchases, and obligations where
its data file gives none), so the questions about the seed agreement have purchases to answer from at
both sizes, the same ones.

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
    from ledger.portfolio.hooks import pending

    stamp = {
        "agreements": Agreement.objects.count() - 1,
        "history_rows": sum(model.history.count() for model in audited_models()),
        "vendor": connection.vendor,
        # Agreements still lacking each app's generated rows: a database built before an app had its
        # portfolio hook gets them added (`add-rows`), not rebuilt.
        "pending": pending(Agreement.objects.all()),
    }
    if seconds is not None:
        stamp["generation_seconds"] = round(seconds, 1)
    return stamp


def build(agreements: int, seed: int) -> dict:
    from django.core.management import call_command

    from ledger.portfolio import generate_portfolio

    call_command("migrate", verbosity=0)
    call_command("load_agreement", "data/kmc_lucent.yaml", stdout=io.StringIO())
    started = time.perf_counter()
    if agreements:
        generate_portfolio(agreements=agreements, seed=seed, progress=_progress)
    _add_rows(seed)
    seconds = time.perf_counter() - started
    _users()
    _analyze()
    return _stamp(seconds)


def _add_rows(seed: int) -> None:
    """The apps' generated rows for every agreement that lacks them (the seed's at least)."""
    from contracts.models import Agreement
    from ledger.portfolio.hooks import add_app_rows

    add_app_rows(Agreement.objects.all(), seed=seed, progress=_rows_progress)


def _rows_progress(rows, history) -> None:
    print(f"  {sum(rows.values()):,} app rows, {sum(history.values()):,} history rows", file=sys.stderr, flush=True)


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # both planners choose indexes from statistics


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
    elif command == "add-rows":
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)  # a kept database may predate the apps' tables
        # ... and the seed's data file sections loaded into them (obligations): a no-op when up to date.
        call_command("load_agreement", "data/kmc_lucent.yaml", stdout=io.StringIO())
        _add_rows(seed)
        _analyze()
        result = _stamp(time.perf_counter() - started)
    elif command == "stamp":
        result = _stamp()
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
