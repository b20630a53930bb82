"""The platform's one model: an anchor for the permissions that belong to no domain model."""

from django.db import models


class Ledgerline(models.Model):
    """Carries the platform-wide permissions `core.view_history` and `core.price_quote`.

    A permission needs a content type, and a content type needs a model: before this model the two
    permissions hung on a made-up content type (`core.ledgerline`) that `remove_stale_contenttypes`
    would have deleted, and with it every role's grant of them. This model has that very content
    type, so existing databases keep their permission rows. It is unmanaged and has no table:
    nothing is ever stored in it.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_history", "Can view change history and audit log"),
            ("price_quote", "Can price quotes"),
        ]
        verbose_name = "Ledgerline"
        verbose_name_plural = "Ledgerline"

    def __str__(self) -> str:
        return "Ledgerline"
