from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from core.editing import set_change_reason
from core.roles import AUDITORS, BUYERS, CONTRACT_ADMINS

DEMO_USERS = (
    # username, password, role, may use the Django admin
    ("admin", "ledgerline-admin", CONTRACT_ADMINS, True),
    ("buyer", "ledgerline-buyer", BUYERS, False),
    ("auditor", "ledgerline-auditor", AUDITORS, False),
)


class Command(BaseCommand):
    help = "Create one demo user per role (development only; the passwords are in the README)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo users have published passwords; refusing outside DEBUG mode.")
        user_model = get_user_model()
        for username, password, role, staff in DEMO_USERS:
            user, created = user_model.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
            user.is_staff = staff
            set_change_reason(user, "Demo user (create_demo_users)")
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            verb = "created" if created else "kept"
            self.stdout.write(f"{verb} {username} ({role})")
