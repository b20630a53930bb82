"""Prepare a fresh database for a load run: migrate, load the seed, create load-test users.

Run as `python -m bench.load.prepare` with DATABASE_URL set (dev settings; users get the
password `load-<username>`). Prints the id of the entities the admins edit.
"""

import json
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from core.roles import AUDITORS, BUYERS, CONTRACT_ADMINS

    call_command("migrate", verbosity=0)
    call_command("load_agreement", "data/kmc_lucent.yaml", stdout=open(os.devnull, "w"))  # noqa: SIM115
    roles = {"admin": CONTRACT_ADMINS, "buyer": BUYERS, "auditor": AUDITORS}
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    for role, group in roles.items():
        for index in range(count):
            username = f"load-{role}-{index}"
            user, _ = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": role == "admin"})
            user.set_password(f"load-{username}")
            user.save()
            user.groups.set([Group.objects.get(name=group)])
    from contracts.models import LegalEntity

    ids = list(LegalEntity.objects.order_by("pk").values_list("pk", flat=True))
    print(json.dumps({"entities": ids}))


if __name__ == "__main__":
    main()
