"""Many-row questions about the contracts models."""

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from contracts.names import normalize_name

if TYPE_CHECKING:
    from contracts.models import CustomerMembership, LegalEntity  # noqa: F401 (named in the QuerySet["…"] bases)


class EntityQuerySet(models.QuerySet["LegalEntity"]):
    def named(self, name):
        """Entities whose name, former name, defined term or variant equals `name` (normalized)."""
        key = normalize_name(name)
        if not key:
            return self.none()
        return self.filter(Q(normalized_name=key) | Q(other_names__normalized_name=key)).distinct()

    def search(self, text):
        """Entities any of whose names contains `text` (normalized)."""
        key = normalize_name(text)
        if not key:
            return self.none()
        return self.filter(Q(normalized_name__contains=key) | Q(other_names__normalized_name__contains=key)).distinct()


class CustomerMembershipQuerySet(models.QuerySet["CustomerMembership"]):
    def with_sources(self):
        return self.select_related("entity", "entity__parent", "added_by", "evidenced_by", "agreement")
