"""What the search box finds and how its answer is grouped.

One query, every kind of record a user may see: entities (any name they go by), products (any name,
order code, component), discount lines (when the words name a condition: "5ESS large growth"), Exhibit B
releases, provisions (the full text of their current version), amendments and agreements. How a text
matches is decided once, in `core.search` (vendor mechanics) and the QuerySet methods that name each
model's searchable columns (`matching`); the discount lookup and the release board filter by the same
methods.

Each group is counted and capped in the database: a kind costs a count and a page (plus at most one
prefetch), whether there is one agreement or a thousand. A kind the user's role may not view is left out.
The user may narrow every kind to one agreement (its records; its seller and Customers for entities).

**Across a portfolio, a kind is searched among the first rows found, and counted up to `COUNT_LIMIT`.**
A common word ("5ESS") names the same few products, releases and provisions in every agreement: 3,000
products across a thousand agreements. Counting them all and ranking them all (score, whole query in
the own name, closeness by trigram similarity or length) read every match, and made the page three
times slower at a thousand agreements than at one. Now each index gives a kind at most `WINDOW` rows
per word and name, plus the rows whose names hold the whole query (`core.search.within_first`), and
the rows found are scored and ranked among themselves. So:

- **the count** is exact up to `COUNT_LIMIT` and "more than `COUNT_LIMIT`" beyond (`core.counting.Counted`,
  as the audit log and the discount lookup say it): at or under the limit no index was cut short,
  so every matching row was ranked;
- **the first hits** are the best of the rows found: the most words matched; then a name holding the
  whole query, the record's own name before another of its names; then the closest name. The rows
  holding the whole query are always among those found, and a name that is the query exactly first of
  all, so one of them comes first whenever one exists. A query of several words scores each row found
  by every word it holds (of one word, by the rows found). Past the limit, the rows found are the
  first each index gives (the oldest records first on SQLite, in the table's order on PostgreSQL):
  among the same names in a thousand agreements, which copy comes first says nothing, and the page asks
  the user to choose an agreement or add a word;
- **the "more" page** lists the best `COUNT_LIMIT` at most, paged by the count already made: no page
  is empty, and every row it lists is one the count counted.

Considered: walking an index in ranking order and stopping when the group is full (an index per kind,
per closeness measure and per database: a pg_trgm GiST index orders by similarity, SQLite has none
for length; and the ranking's first keys, words matched and whole query, are no column to index); an
estimate of the count from the tables' statistics (says nothing about a query, differs by database).
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import F, Model, Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from contracts.models import Agreement, Amendment, CustomerMembership, LegalEntity, ProvisionVersion
from contracts.names import normalize_name
from contracts.querysets import amendments_matching, current_provision_versions, provision_versions_matching
from core.counting import Counted, count_up_to
from core.search import PHRASE, SCORE, closest_first, compact_key, name_terms, within_first, word_terms
from pricing.models import DiscountLine, Product
from pricing.querysets import LineQuery
from releases.models import Release

GROUP_LIMIT = 5
PAGE_SIZE = 20
# Each kind is counted up to this many; beyond, "more than" this many (`core.counting.Counted`).
COUNT_LIMIT = 100
# How many ids each index gives a kind's search (`core.search.within_first`): one more than is counted,
# so a count at or under `COUNT_LIMIT` is of every row found.
WINDOW = COUNT_LIMIT + 1
MAX_QUERY_LENGTH = 200
SNIPPET_CHARACTERS = 160


@dataclass(frozen=True)
class Hit:
    """One record found: what to call it, where it lives, and why it matched."""

    title: str
    url: str
    detail: str = ""
    matched: str = ""
    excerpt: str = ""


@dataclass(frozen=True)
class ResultGroup:
    kind: str
    title: str
    hits: tuple[Hit, ...]
    total: int
    # False: more than `total` (`COUNT_LIMIT`) match.
    exact: bool = True
    more_url: str = ""
    elsewhere_url: str = ""
    elsewhere_label: str = ""


@dataclass(frozen=True)
class SearchKind:
    """A kind of record the box finds: who may see it, how it is found and ordered, how a hit reads."""

    key: str
    title: str
    permission: str
    find: Callable[[str, Agreement | None], QuerySet[Any]]
    hit: Callable[[Any, str], Hit]
    elsewhere: Callable[[str], tuple[str, str]] | None = None

    def results(self, text: str, agreement: Agreement | None = None) -> QuerySet[Any]:
        """The rows matching `text`, best first; only `agreement`'s, given."""
        return self.find(text, agreement)


def _searched(queryset: QuerySet[Any], agreement: Agreement | None, path: str) -> Any:  # its own QuerySet class
    """`queryset` (only the rows `path` ties to `agreement`, given) to be searched within `WINDOW`."""
    if agreement is not None:
        queryset = queryset.filter(**{path: agreement.pk})
    return within_first(queryset, WINDOW)


def _by_score(queryset: QuerySet[Any], *tie_breaks: Any, ranked: bool = True) -> QuerySet[Any]:
    """Most words matched first; among those, the whole query in the record's own name, then in another
    of its names (`core.search.matching_names`)."""
    rank = [F(PHRASE).desc()] if ranked else []
    return queryset.order_by(F(SCORE).desc(), *rank, *tie_breaks, "pk")


def _matched_name(names: Iterable[Any], text: str, own: str) -> str:
    """The other name (former name, defined term, order code) the record was found by: the one holding
    the whole query when its own name does not, else one holding a word of it when its own holds none."""
    terms = name_terms(normalize_name(text))
    whole, own_key = "".join(terms), compact_key(normalize_name(own))
    others = [(name, compact_key(name.normalized_name)) for name in names]
    if whole in own_key:
        return ""
    found = next((name for name, key in others if whole in key), None)
    if found is None and not any(term in own_key for term in terms):
        found = next((name for name, key in others if any(term in key for term in terms)), None)
    return f"{found.get_kind_display()}: {found.name}" if found is not None else ""


def _excerpt(text: str, query: str) -> str:
    """About `SNIPPET_CHARACTERS` of `text` around the first word of `query` it contains."""
    lowered = text.lower()
    positions = [lowered.find(word[:5]) for word in word_terms(normalize_name(query))]
    found = [position for position in positions if position >= 0]
    start = max(0, min(found) - SNIPPET_CHARACTERS // 3) if found else 0
    snippet = " ".join(text[start : start + SNIPPET_CHARACTERS].split())
    return ("…" if start else "") + snippet + ("…" if start + SNIPPET_CHARACTERS < len(text) else "")


def _entities(text: str, agreement: Agreement | None) -> QuerySet[Any]:
    entities = LegalEntity.objects.all()
    if agreement is not None:  # its seller and its Customers
        customers = CustomerMembership.objects.filter(agreement=agreement).values("entity_id")
        entities = entities.filter(Q(pk=agreement.seller_id) | Q(pk__in=customers))
    found = cast(Any, within_first(entities, WINDOW)).matching(text)
    closest = closest_first(found, "normalized_name", normalize_name(text))
    return _by_score(found, *closest, "name").prefetch_related("other_names")


def _entity_hit(entity: Any, text: str) -> Hit:
    detail = ", ".join(part for part in (entity.get_legal_form_display(), entity.jurisdiction) if part)
    return Hit(
        entity.name, entity.get_absolute_url(), detail, _matched_name(entity.other_names.all(), text, entity.name)
    )


def _products(text: str, agreement: Agreement | None) -> QuerySet[Any]:
    found = _searched(Product.objects.all(), agreement, "schedule__agreement").matching(text)
    ordered = _by_score(found, *closest_first(found, "normalized_name", normalize_name(text)), "name", "schedule_id")
    return ordered.select_related("schedule__agreement").prefetch_related("other_names")


def _product_hit(product: Any, text: str) -> Hit:
    schedule = product.schedule
    detail = f"{schedule.agreement.contract_number} {schedule.section} {schedule.title}"
    return Hit(
        product.name, product.get_absolute_url(), detail, _matched_name(product.other_names.all(), text, product.name)
    )


def _lines(text: str, agreement: Agreement | None) -> QuerySet[Any]:
    if not LineQuery.read(text).conditions:
        return DiscountLine.objects.none()  # products answer a text that names no condition
    lines = DiscountLine.objects.all()
    if agreement is not None:
        lines = lines.filter(table__schedule__agreement=agreement)
    found = lines.matching(text).select_related("product", "table__schedule__agreement", "table__amendment")
    return found.order_by("product__name", "table__schedule__agreement__contract_number", "valid_from", "pk")


def _line_hit(line: Any, text: str) -> Hit:
    percent = f"{line.percent.normalize():f}%" if line.percent is not None else (line.percent_as_written or "no number")
    table = line.table
    schedule = f"{table.schedule.agreement.contract_number} {table.schedule.section}"
    detail = f"{schedule}, {table.amendment}, from {line.valid_from:%Y-%m-%d}"
    component = f" ({line.get_component_display()})" if line.component else ""
    return Hit(
        f"{line.product.name}{component}: {percent}",
        line.get_absolute_url(),
        detail,
        f"Condition: {line.get_condition_display()}",
    )


def _lines_elsewhere(text: str) -> tuple[str, str]:
    return f"{reverse('pricing:discount_list')}?{urlencode({'q': text})}", "Open in the discount lookup"


def _releases(text: str, agreement: Agreement | None) -> QuerySet[Any]:
    releases = _searched(Release.objects.all(), agreement, "group__product_line__schedule__amendment__agreement")
    found = releases.matching(text).with_schedule()
    return _by_score(
        found, "group__product_line__schedule_id", "group__product_line__position", "group__position", "position"
    )


def _release_hit(release: Any, text: str) -> Hit:
    group = release.group
    agreement = group.product_line.schedule.amendment.agreement
    where = " · ".join(part for part in (group.product_line.name, group.name) if part)
    return Hit(release.name_as_written, release.get_absolute_url(), f"{agreement.contract_number} Exhibit B: {where}")


def _provisions(text: str, agreement: Agreement | None) -> QuerySet[Any]:
    versions = _searched(current_provision_versions(), agreement, "provision__agreement")
    found = provision_versions_matching(text, versions)
    ordered = _by_score(found, "provision__agreement_id", "provision__part", "provision__section", ranked=False)
    return ordered.select_related("provision__agreement", "amendment")


def _provision_hit(version: ProvisionVersion, text: str) -> Hit:
    provision = version.provision
    url = f"{provision.agreement.get_absolute_url()}#provision-{provision.pk}"
    detail = f"{provision.agreement.contract_number}, {version.get_action_display().lower()} by {version.amendment}"
    return Hit(str(provision), url, detail, excerpt=_excerpt(version.text, text))


def _amendments(text: str, agreement: Agreement | None) -> QuerySet[Any]:
    found = amendments_matching(text, _searched(Amendment.objects.all(), agreement, "agreement"))
    return _by_score(found, "agreement_id", "number", ranked=False).select_related("agreement")


def _amendment_hit(amendment: Any, text: str) -> Hit:
    detail = f"{amendment.agreement.contract_number}, effective {amendment.effective_date:%Y-%m-%d}"
    return Hit(str(amendment), amendment.get_absolute_url(), detail)


def _agreements(text: str, agreement: Agreement | None) -> QuerySet[Any]:
    found = _searched(Agreement.objects.all(), agreement, "pk").matching(text)
    return _by_score(found, "effective_date", "contract_number").select_related("seller")


def _agreement_hit(agreement: Any, text: str) -> Hit:
    return Hit(
        f"{agreement.contract_number} {agreement.title}", agreement.get_absolute_url(), f"Seller: {agreement.seller}"
    )


KINDS: tuple[SearchKind, ...] = (
    SearchKind("lines", "Discount lines", "pricing.view_discountline", _lines, _line_hit, _lines_elsewhere),
    SearchKind("entities", "Entities", "contracts.view_legalentity", _entities, _entity_hit),
    SearchKind("products", "Products", "pricing.view_product", _products, _product_hit),
    SearchKind("releases", "Releases (Exhibit B)", "releases.view_release", _releases, _release_hit),
    SearchKind("provisions", "Provisions", "contracts.view_provisionversion", _provisions, _provision_hit),
    SearchKind("amendments", "Amendments", "contracts.view_amendment", _amendments, _amendment_hit),
    SearchKind("agreements", "Agreements", "contracts.view_agreement", _agreements, _agreement_hit),
)
KIND_CHOICES = [(kind.key, kind.title) for kind in KINDS]


def visible_kinds(user: Any) -> list[SearchKind]:
    return [kind for kind in KINDS if user.has_perm(kind.permission)]


def _more_url(text: str, kind: SearchKind, agreement: Agreement | None) -> str:
    query = {"q": text, "kind": kind.key} | ({"agreement": agreement.contract_number} if agreement else {})
    return f"{reverse('ledger:search')}?{urlencode(query)}"


def _group(
    kind: SearchKind, text: str, rows: Sequence[Model], counted: Counted, agreement: Agreement | None
) -> ResultGroup:
    elsewhere_url, elsewhere_label = kind.elsewhere(text) if kind.elsewhere else ("", "")
    return ResultGroup(
        kind=kind.key,
        title=kind.title,
        hits=tuple(kind.hit(row, text) for row in rows),
        total=counted.number,
        exact=counted.exact,
        more_url=_more_url(text, kind, agreement) if counted.number > len(rows) or not counted.exact else "",
        elsewhere_url=elsewhere_url,
        elsewhere_label=elsewhere_label,
    )


def search(user: Any, text: str, *, agreement: Agreement | None = None, limit: int = GROUP_LIMIT) -> list[ResultGroup]:
    """Every kind `user` may see (only `agreement`'s records, given), each with its first `limit` hits and
    its count; kinds with no hit left out."""
    groups = []
    for kind in visible_kinds(user):
        found = kind.results(text, agreement)
        # The rows' ids only: counting needs no score, and stops after `COUNT_LIMIT` + 1.
        counted = count_up_to(found, COUNT_LIMIT)
        if counted.number:
            groups.append(_group(kind, text, list(found[:limit]), counted, agreement))
    return groups


def search_kind(
    user: Any, text: str, key: str, page_number: Any = 1, *, agreement: Agreement | None = None
) -> tuple[ResultGroup, Page[Any]] | None:
    """One kind's hits, `PAGE_SIZE` a page, the best `COUNT_LIMIT` at most (more: the words or the
    agreement narrow them); None when the user may not see that kind."""
    kind = next((kind for kind in visible_kinds(user) if kind.key == key), None)
    if kind is None:
        return None
    found = kind.results(text, agreement)
    counted = count_up_to(found, COUNT_LIMIT)
    paginator = Paginator(found[: counted.number], PAGE_SIZE)
    paginator.count = counted.number  # counted already: the pages are of the rows counted
    page = paginator.get_page(page_number)
    group = _group(kind, text, list(page.object_list), counted, agreement)
    return replace(group, more_url=""), page
