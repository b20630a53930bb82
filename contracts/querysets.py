"""Many-row questions about the contracts models.

Names are found through indexes: an exact name by the `normalized_name` b-tree index, a part of a name
by the trigram index of `core.search` (added in `contracts/migrations/0004_…`). An entity's own names
and its other names (`EntityName`) are two tables; each is asked on its own index and the entity ids
are combined, never `OR`ed across a join (which reads both tables whole, and repeats an entity once per
matching other name).
"""

from typing import TYPE_CHECKING

from django.apps import apps
from django.db import models
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, Least, Length, RowNumber

from contracts.names import normalize_name
from core.search import (
    Source,
    compact_contains,
    contains,
    matching_names,
    name_conditions,
    name_terms,
    scored,
    strong_terms,
    word_conditions,
    word_terms,
)

if TYPE_CHECKING:
    from contracts.models import Agreement, CustomerMembership, LegalEntity  # noqa: F401 (named in the QuerySet["…"] bases)

# A name that does not contain the text at all ranks after every name that does.
NOT_CLOSE = 1_000_000


def _other_names():
    return apps.get_model("contracts", "EntityName")._default_manager.all()


def _closeness(field: str, key: str):
    """How close the name in `field` is to `key`: equal (0), starting with it, containing it; shorter is closer."""
    return Case(
        When(**{field: key}, then=Value(0)),
        When(**{f"{field}__startswith": key}, then=Value(1_000) + Length(field)),
        When(**{f"{field}__contains": key}, then=Value(2_000) + Length(field)),
        default=Value(NOT_CLOSE),
        output_field=IntegerField(),
    )


class EntityQuerySet(models.QuerySet["LegalEntity"]):
    def named(self, name):
        """Entities whose name, former name, defined term or variant equals `name` (normalized)."""
        key = normalize_name(name)
        if not key:
            return self.none()
        own = self.model._default_manager.order_by().filter(normalized_name=key)
        other = _other_names().order_by().filter(normalized_name=key)
        return self._any_of(own, other)

    def search(self, text):
        """Entities any of whose names contains `text` (normalized), through the substring index."""
        key = normalize_name(text)
        if not key:
            return self.none()
        own = contains(self.model._default_manager.order_by(), key)
        other = contains(_other_names().order_by(), key)
        return self._any_of(own, other)

    def matching(self, text):
        """Entities any of whose names (own, former, defined term, variant) contain words of `text`,
        compact and in any order, annotated with how many words matched (`core.search.scored`)."""
        sources = [
            Source(self.model._default_manager.all(), "normalized_name"),
            Source(_other_names(), "normalized_name", id_field="entity_id"),
        ]
        return matching_names(self, normalize_name(text), sources)

    def _any_of(self, own, other):
        """The entities among `own` or named by one of the `other` names: one id list from two indexed reads."""
        return self.filter(pk__in=own.values("pk").union(other.values("entity_id")))

    def closest_first(self, text):
        """Ordered by their closest name to `text` (equal, then starting with it, then shortest), then by name.

        The closeness is computed for the rows already selected (`named` or `search`), in the database,
        so a page of the answer is the right page.
        """
        key = normalize_name(text)
        other = (
            _other_names()
            .filter(entity=OuterRef("pk"), normalized_name__contains=key)
            .annotate(closeness=_closeness("normalized_name", key))
            .order_by("closeness")
            .values("closeness")[:1]
        )
        closeness = Least(
            _closeness("normalized_name", key), Coalesce(Subquery(other, output_field=IntegerField()), NOT_CLOSE)
        )
        return self.annotate(closeness=closeness).order_by("closeness", "name", "pk")

    def customers_of(self, agreement):
        """Entities ever added as Customers under `agreement` (whatever the date)."""
        memberships = apps.get_model("contracts", "CustomerMembership")._default_manager.filter(agreement=agreement)
        return self.filter(pk__in=memberships.values("entity_id"))

    def members_of_first(self, agreement):
        """Prefix the ordering with "a Customer under `agreement`" first (the agreement the user asked about)."""
        memberships = apps.get_model("contracts", "CustomerMembership")._default_manager.filter(
            agreement=agreement, entity=OuterRef("pk")
        )
        ordering = list(self.query.order_by or self.model._meta.ordering or [])
        return self.annotate(in_agreement=Exists(memberships)).order_by(F("in_agreement").desc(), *ordering)


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def sole(self):
        """The only agreement on record, or None when there are none or several: then the user must pick one."""
        found = list(self.order_by()[:2])
        return found[0] if len(found) == 1 else None

    def search(self, text):
        """Agreements whose contract number starts with `text`, or whose title contains it (any case)."""
        text = text.strip()
        if not text:
            return self.none()
        return self.filter(Q(contract_number__istartswith=text) | Q(title__icontains=text))

    def matching(self, text):
        """Agreements whose title or contract number contains words of `text` (compact, any order), scored."""
        everything = self.model._default_manager.all()
        sources = [Source(everything, "contract_number"), Source(everything, "title")]
        return matching_names(self, normalize_name(text), sources)


def with_words(queryset, text, fields):
    """The rows of `queryset` holding every word of `text` (compact, any order: "oc12" = "OC-12") in one of
    `fields`; for suggestions, where each keystroke narrows (unlike `matching`, which scores rows holding
    any of the words). Each word is looked up in the fields' compact indexes (`core.search`); a word too
    short for the index ("line 2") is then checked on the rows the others found."""
    everything = queryset.model._default_manager.order_by()
    terms = name_terms(normalize_name(text))
    strong = strong_terms(terms)
    if not terms:
        return queryset.none()
    for term in terms:
        found = Q()
        for field in fields:
            if term in strong:
                found |= Q(pk__in=compact_contains(everything, term, field).values("pk"))
            else:
                found |= Q(pk__in=compact_contains(queryset.order_by(), term, field, scan=True).values("pk"))
        queryset = queryset.filter(found)
    return queryset


def amendments_with_words(amendments, text):
    """The `amendments` holding every word of `text` in their title or their agreement's contract number
    or title (compact, through the indexes, as `with_words`); a number among the words ("General
    Agreement 3") is the amendment's number."""
    agreements = apps.get_model("contracts", "Agreement")._default_manager.order_by()
    own = amendments.model._default_manager.order_by()
    key = normalize_name(text)
    numbers = [int(word) for word in key.split() if word.isdigit() and len(word) <= 4]
    if numbers:
        amendments = amendments.filter(number__in=numbers)
    words = " ".join(word for word in key.split() if not word.isdigit())
    for term in strong_terms(name_terms(words)):
        amendments = amendments.filter(
            Q(pk__in=compact_contains(own, term, "title").values("pk"))
            | Q(agreement__in=compact_contains(agreements, term, "contract_number").values("pk"))
            | Q(agreement__in=compact_contains(agreements, term, "title").values("pk"))
        )
    return amendments if numbers or words else amendments.none()


def amendments_matching(text, amendments=None):
    """Amendments whose title contains words of `text` (compact, any order), or whose agreement's contract
    number does, scored; a number in `text` ("Amendment 3", "LNM970313MP/3") ranks that amendment first
    but finds nothing alone. `amendments` narrows them (default: all)."""
    model = apps.get_model("contracts", "Amendment")
    agreements = apps.get_model("contracts", "Agreement")._default_manager.all()
    key = normalize_name(text)

    def condition(term):
        by_agreement = model._default_manager.order_by().filter(
            agreement__in=compact_contains(agreements.order_by(), term, "contract_number").values("pk")
        )
        by_title = compact_contains(model._default_manager.order_by(), term, "title")
        return [by_title.values("pk"), by_agreement.values("pk")]

    numbers = [int(word) for word in key.split() if word.isdigit() and len(word) <= 4]
    extra = [Q(number__in=numbers)] if numbers else []
    found = model._default_manager.all() if amendments is None else amendments
    return scored(found, [condition(term) for term in strong_terms(name_terms(key))], extra=extra)


def current_provision_versions():
    """Each provision's current text: the versions no later replacement or deletion has ended (whatever
    the date: the text as last agreed), deletions left out. The in-force rule for a date is
    `contracts.snapshot.provisions_in_force`; search reads the latest text, not a date's."""
    versions = apps.get_model("contracts", "ProvisionVersion")._default_manager
    ending = versions.filter(
        provision=OuterRef("provision"),
        action__in=["replace", "delete"],
        valid_from__gt=OuterRef("valid_from"),
    )
    return versions.exclude(action="delete").exclude(Exists(ending))


def provision_versions_matching(text, versions=None):
    """Provision versions whose text has words of `text` (stemmed, full text; the words in order rank
    higher) or whose provision's title contains them (compact), scored; `versions` narrows them
    (default: the current ones)."""
    key = normalize_name(text)
    every_version = apps.get_model("contracts", "ProvisionVersion")._default_manager.all()
    provisions = apps.get_model("contracts", "Provision")._default_manager.all()
    model = every_version.model
    conditions = [
        *word_conditions(model, word_terms(key), Source(every_version, "text")),
        *name_conditions(model, strong_terms(name_terms(key)), [Source(provisions, "title", target="provision")]),
    ]
    return scored(current_provision_versions() if versions is None else versions, conditions)


class CustomerMembershipQuerySet(models.QuerySet["CustomerMembership"]):
    def with_sources(self):
        return self.select_related("entity", "entity__parent", "added_by", "evidenced_by", "agreement")

    def first_agreements(self, limit: int):
        """Each entity's memberships under its `limit` oldest agreements, each annotated with how many the
        entity has in all (`agreements_in_all`): a page of entities stays a page, however many agreements
        one of them is a Customer under."""
        oldest_first = [F("agreement__effective_date").asc(), F("agreement__contract_number").asc()]
        return self.annotate(
            position=Window(RowNumber(), partition_by=[F("entity_id")], order_by=oldest_first),
            agreements_in_all=Window(Count("pk"), partition_by=[F("entity_id")]),
        ).filter(position__lte=limit)
