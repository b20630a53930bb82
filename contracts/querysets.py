"""Many-row questions about the contracts models."""

from django.db import models
from django.db.models import Q

from contracts.names import normalize_name


class EntityQuerySet(models.QuerySet):
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
        return self.filter(
            Q(normalized_name__contains=key) | Q(other_names__normalized_name__contains=key)
        ).distinct()


class CustomerMembershipQuerySet(models.QuerySet):
    def with_sources(self):
        return self.select_related("entity", "entity__parent", "added_by", "evidenced_by", "agreement")


class TermVersionQuerySet(models.QuerySet):
    def agreed_by(self, as_agreed):
        """Versions set by amendments effective on or before `as_agreed` (None: all of them)."""
        if as_agreed is None:
            return self
        return self.filter(amendment__effective_date__lte=as_agreed)


class ProvisionVersionQuerySet(models.QuerySet):
    def agreed_by(self, as_agreed):
        if as_agreed is None:
            return self
        return self.filter(amendment__effective_date__lte=as_agreed)

    def started_on(self, on):
        """Versions valid on `on` by their own dates (supersession is decided separately)."""
        return self.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
