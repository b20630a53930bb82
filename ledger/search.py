"""What the search box finds and how its answer is grouped.

One query, every kind of record a user may see: entities (any name they go by), products (any name,
order code, component), discount lines (when the words name a condition: "5ESS large growth"), Exhibit B
releases, provisions (the full text of their current version), amendments and agreements. How a text
matches is decided once, in `core.search` (vendor mechanics) and the QuerySet methods that name each
model's searchable columns (`matching`); the discount lookup and the release board filter by the same
methods.

Each group is counted and capped in the database: a kind costs a count and a page (plus at most one
prefetch), whether there is one agreement or a thousand. A kind the user's role may not view is left out.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, Model, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from contracts.models import Agreement, LegalEntity, ProvisionVersion
from contracts.names import normalize_name
from contracts.querysets import amendments_matching, provision_versions_matching
from core.search import PHRASE, SCORE, closest_first, compact_key, name_terms, word_terms
from pricing.models import DiscountLine, Product
from pricing.querysets import LineQuery
from releases.models import Release

GROUP_LIMIT = 5
PAGE_SIZE = 20
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
    more_url: str = ""
    elsewhere_url: str = ""
    elsewhere_label: str = ""


@dataclass(frozen=True)
class SearchKind:
    """A kind of record the box finds: who may see it, how it is found and ordered, how a hit reads."""

    key: str
    title: str
    permission: str
    find: Callable[[str], QuerySet[Any]]
    hit: Callable[[Any, str], Hit]
    elsewhere: Callable[[str], tuple[str, str]] | None = None

    def results(self, text: str) -> QuerySet[Any]:
        return self.find(text)


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


def _entities(text: str) -> QuerySet[Any]:
    found = LegalEntity.objects.all().matching(text)
    closest = closest_first(found, "normalized_name", normalize_name(text))
    return _by_score(found, *closest, "name").prefetch_related("other_names")


def _entity_hit(entity: Any, text: str) -> Hit:
    detail = ", ".join(part for part in (entity.get_legal_form_display(), entity.jurisdiction) if part)
    return Hit(
        entity.name, entity.get_absolute_url(), detail, _matched_name(entity.other_names.all(), text, entity.name)
    )


def _products(text: str) -> QuerySet[Any]:
    found = Product.objects.all().matching(text)
    ordered = _by_score(found, *closest_first(found, "normalized_name", normalize_name(text)), "name", "schedule_id")
    return ordered.select_related("schedule__agreement").prefetch_related("other_names")


def _product_hit(product: Any, text: str) -> Hit:
    schedule = product.schedule
    detail = f"{schedule.agreement.contract_number} {schedule.section} {schedule.title}"
    return Hit(
        product.name, product.get_absolute_url(), detail, _matched_name(product.other_names.all(), text, product.name)
    )


def _lines(text: str) -> QuerySet[Any]:
    if not LineQuery.read(text).conditions:
        return DiscountLine.objects.none()  # products answer a text that names no condition
    found = DiscountLine.objects.matching(text).select_related(
        "product", "table__schedule__agreement", "table__amendment"
    )
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


def _releases(text: str) -> QuerySet[Any]:
    found = Release.objects.all().matching(text).with_schedule()
    return _by_score(
        found, "group__product_line__schedule_id", "group__product_line__position", "group__position", "position"
    )


def _release_hit(release: Any, text: str) -> Hit:
    group = release.group
    agreement = group.product_line.schedule.amendment.agreement
    where = " · ".join(part for part in (group.product_line.name, group.name) if part)
    return Hit(release.name_as_written, release.get_absolute_url(), f"{agreement.contract_number} Exhibit B: {where}")


def _provisions(text: str) -> QuerySet[Any]:
    found = provision_versions_matching(text)
    ordered = _by_score(found, "provision__agreement_id", "provision__part", "provision__section", ranked=False)
    return ordered.select_related("provision__agreement", "amendment")


def _provision_hit(version: ProvisionVersion, text: str) -> Hit:
    provision = version.provision
    url = f"{provision.agreement.get_absolute_url()}#provision-{provision.pk}"
    detail = f"{provision.agreement.contract_number}, {version.get_action_display().lower()} by {version.amendment}"
    return Hit(str(provision), url, detail, excerpt=_excerpt(version.text, text))


def _amendments(text: str) -> QuerySet[Any]:
    return _by_score(amendments_matching(text), "agreement_id", "number", ranked=False).select_related("agreement")


def _amendment_hit(amendment: Any, text: str) -> Hit:
    detail = f"{amendment.agreement.contract_number}, effective {amendment.effective_date:%Y-%m-%d}"
    return Hit(str(amendment), amendment.get_absolute_url(), detail)


def _agreements(text: str) -> QuerySet[Any]:
    return _by_score(Agreement.objects.all().matching(text), "effective_date", "contract_number").select_related(
        "seller"
    )


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


def _more_url(text: str, kind: SearchKind) -> str:
    return f"{reverse('ledger:search')}?{urlencode({'q': text, 'kind': kind.key})}"


def _group(kind: SearchKind, text: str, rows: Sequence[Model], total: int) -> ResultGroup:
    elsewhere_url, elsewhere_label = kind.elsewhere(text) if kind.elsewhere else ("", "")
    return ResultGroup(
        kind=kind.key,
        title=kind.title,
        hits=tuple(kind.hit(row, text) for row in rows),
        total=total,
        more_url=_more_url(text, kind) if total > len(rows) else "",
        elsewhere_url=elsewhere_url,
        elsewhere_label=elsewhere_label,
    )


def search(user: Any, text: str, *, limit: int = GROUP_LIMIT) -> list[ResultGroup]:
    """Every kind `user` may see, each with its first `limit` hits and its total; kinds with no hit left out."""
    groups = []
    for kind in visible_kinds(user):
        found = kind.results(text)
        total = found.count()
        if total:
            groups.append(_group(kind, text, list(found[:limit]), total))
    return groups


def search_kind(user: Any, text: str, key: str, page_number: Any = 1) -> tuple[ResultGroup, Page[Any]] | None:
    """One kind's hits, `PAGE_SIZE` a page; None when the user may not see that kind."""
    kind = next((kind for kind in visible_kinds(user) if kind.key == key), None)
    if kind is None:
        return None
    page = Paginator(kind.results(text), PAGE_SIZE).get_page(page_number)
    group = _group(kind, text, list(page.object_list), page.paginator.count)
    return replace(group, more_url=""), page
