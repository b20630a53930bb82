"""What a draft would change, asked of the real answers before and with the draft (`execution.rehearse`).

The preview lists:
- **discounts**: for every product, component and condition the draft touches, the line in force on
  each date where the draft could change it (its start, the day before, the day after its end), before
  and with the draft, as agreed now: old → new percent and the clause that gives it;
- **eligibility**: whether each entity the draft adds or removes is a Customer on those dates;
- **releases**: the flags of each release the draft adds or revises, as of the amendment's date;
- **warnings**: an effective date after the Term's end, a line that can never apply, dates earlier than
  the effective date (retroactive: executing asks to confirm them), an added line overlapping a line
  of another amendment, a product name close to an existing one (a probable typo);
- **the agreement before and with the draft** on its effective date (the compare page's differences).

"Before" is read from the live records, "with" inside the rehearsal, by the same functions the
discount lookup, the quote (`pricing.in_force`), the agreement page and the release board use.
"""

import difflib
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.template.loader import render_to_string

from contracts.models import Agreement, Amendment, CustomerMembership
from contracts.names import normalize_name
from contracts.snapshot import agreement_snapshot, customer_standing, term_standing
from core.pointintime.dates import AsOf
from core.pointintime.standing import Standing
from drafts.execution import DraftPartError, rehearse, retroactive_dates
from drafts.models import AmendmentDraft, CustomerChange, DiscountChange, ReleaseChange
from ledger.compare import changes_between
from pricing.amending import product_named
from pricing.models import DiscountLine, DiscountSchedule, Product, ProductName
from releases.board import release_status
from releases.models import Release

DAY = timedelta(days=1)
# How alike two normalized product names must be to call one a probable typo of the other.
TYPO_SIMILARITY = 0.8


@dataclass(frozen=True)
class Warning:
    kind: str  # "term", "never", "retroactive", "overlap", "typo"
    message: str
    part: str = ""

    @property
    def needs_confirmation(self) -> bool:
        return self.kind == "retroactive"


@dataclass(frozen=True)
class Change:
    subject: str
    on: date
    before: str
    after: str


@dataclass
class Preview:
    discounts: list[Change] = field(default_factory=list)
    eligibility: list[Change] = field(default_factory=list)
    releases: list[Change] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    diff_html: str = ""
    error: DraftPartError | None = None

    @property
    def has_retroactive_dates(self) -> bool:
        return any(w.needs_confirmation for w in self.warnings)

    @property
    def is_empty(self) -> bool:
        return not (self.discounts or self.eligibility or self.releases)


# Discounts.


@dataclass(frozen=True)
class _LineKey:
    section: str
    product: str  # normalized name
    component: str
    condition: str
    label: str

    def describe(self) -> str:
        extra = ", ".join(filter(None, [self.component.replace("_", " "), self.condition.replace("_", " ")]))
        return f"{self.section} {self.label}" + (f" ({extra})" if extra else "")


def _discount_key(change: DiscountChange) -> _LineKey | None:
    line = change.line
    if line is not None:
        replacing = change.action == DiscountChange.Action.REPLACE
        name = change.product_name if replacing and change.product_name else line.product.name
        component = (change.component or line.component) if replacing else line.component
        condition = (change.condition or line.condition) if replacing else line.condition
        return _LineKey(line.table.schedule.section, normalize_name(name), component, condition, name)
    section = change.schedule.section if change.schedule else change.new_schedule_section.strip()
    if not section or not normalize_name(change.product_name):
        return None
    return _LineKey(
        section, normalize_name(change.product_name), change.component, change.condition, change.product_name
    )


def _dates(change: DiscountChange, effective: date) -> set[date]:
    start = change.valid_from or effective
    dates = {start - DAY, start}
    if change.valid_to:
        dates.add(change.valid_to + DAY)
    return dates


def _line_in_force(agreement: Agreement, key: _LineKey, on: date) -> str:
    line = (
        DiscountLine.objects.in_force(on)
        .filter(
            table__schedule__agreement=agreement,
            table__schedule__section=key.section,
            product__normalized_name=key.product,
            component=key.component,
            condition=key.condition,
        )
        .select_related("table__amendment")
        .order_by("-table__valid_from", "-table__amendment__effective_date", "-table__amendment__number")
        .first()
    )
    if line is None:
        return "no line in force"
    where = f" §{line.table.amendment_section}" if line.table.amendment_section else ""
    return f"{line.percent_label} — Amendment {line.table.amendment.number}{where}"


def _discount_answers(agreement: Agreement | None, keys: dict[_LineKey, set[date]]) -> dict[tuple[_LineKey, date], str]:
    if agreement is None:
        return {(key, on): "no line in force" for key, dates in keys.items() for on in dates}
    return {(key, on): _line_in_force(agreement, key, on) for key, dates in keys.items() for on in dates}


# Customers.


def _customer_answer(agreement: Agreement | None, entity_id: int, on: date) -> str:
    if agreement is None:
        return "not a Customer"
    membership = (
        CustomerMembership.objects.filter(agreement=agreement, entity_id=entity_id)
        .select_related("agreement", "added_by", "evidenced_by")
        .first()
    )
    if membership is None:
        return "not a Customer"
    standing = customer_standing(membership, AsOf(on=on))
    return {Standing.YES: "a Customer", Standing.NO: "not a Customer", Standing.UNKNOWN: "unknown"}[standing.standing]


def _customer_dates(change: CustomerChange, effective: date) -> set[date]:
    on = change.on or (effective if change.action == CustomerChange.Action.ADD else effective - DAY)
    return {on, on - DAY, on + DAY}


# Releases.


def _release_answer(release: Release | None, as_of: date) -> str:
    if release is None:
        return "not in the schedule"
    status = release_status(release, as_of=as_of)
    flags = {flag.value for milestone in (status.ci_fsa, status.ga) for flag in milestone.flags}
    dates = f"CI/FSA {release.ci_fsa_as_written or '—'}, GA {release.ga_as_written or '—'}"
    return f"{dates}: {', '.join(sorted(flags)) or 'no flags'}"


def _new_release(amendment: Amendment, change: ReleaseChange) -> Release | None:
    return (
        Release.objects.filter(
            group__product_line__schedule__amendment=amendment,
            group__product_line__name=change.product_line_name.strip(),
            name_as_written=change.name_as_written.strip(),
        )
        .select_related("group__product_line__schedule__amendment")
        .first()
    )


# Warnings that need no rehearsal.


def _retroactive(draft: AmendmentDraft) -> list[Warning]:
    effective = draft.effective_date
    return [
        Warning("retroactive", f"{what} {start:%Y-%m-%d}, before the effective date {effective:%Y-%m-%d}.", str(part))
        for part, what, start in retroactive_dates(draft)
    ]


def _term_warning(draft: AmendmentDraft) -> list[Warning]:
    if draft.agreement is None:
        return []
    term = term_standing(draft.agreement, AsOf(on=draft.effective_date))
    if term.expiry_date is None or draft.effective_date <= term.expiry_date:
        return []
    if draft.term_expiry_date and draft.term_expiry_date >= draft.effective_date:
        return [
            Warning(
                "term",
                f"The Term ended on {term.expiry_date:%Y-%m-%d}, before this amendment takes effect; the draft "
                f"extends it to {draft.term_expiry_date:%Y-%m-%d}.",
            )
        ]
    return [
        Warning(
            "term",
            f"The Term ended on {term.expiry_date:%Y-%m-%d}, before this amendment takes effect "
            f"({draft.effective_date:%Y-%m-%d}): nothing it adds can apply unless it extends the Term.",
        )
    ]


def _overlaps(draft: AmendmentDraft) -> list[Warning]:
    found = []
    for change in draft.discount_changes.filter(action=DiscountChange.Action.ADD).select_related("schedule"):
        if change.schedule is None:
            continue
        product = product_named(change.schedule, change.product_name)
        if product is None:
            continue
        start = change.valid_from or draft.effective_date
        clash = (
            DiscountLine.objects.filter(product=product, component=change.component, condition=change.condition)
            .overlapping(start, change.valid_to)
            .select_related("table__amendment")
            .first()
        )
        if clash is not None:
            found.append(
                Warning(
                    "overlap",
                    f"Overlaps “{clash}” of Amendment {clash.table.amendment.number} (valid from "
                    f"{clash.valid_from:%Y-%m-%d}): from {start:%Y-%m-%d} the later-agreed line prevails. If the "
                    "amendment replaces that line, choose “Replace a line”.",
                    str(change),
                )
            )
    return found


def _typos(draft: AmendmentDraft) -> list[Warning]:
    found = []
    for change in draft.discount_changes.filter(action=DiscountChange.Action.ADD).select_related("schedule"):
        schedule: DiscountSchedule | None = change.schedule
        if schedule is None or not change.product_name.strip() or product_named(schedule, change.product_name):
            continue
        names = dict(Product.objects.filter(schedule=schedule).values_list("normalized_name", "name"))
        for normalized, product_name in ProductName.objects.filter(product__schedule=schedule).values_list(
            "normalized_name", "product__name"
        ):
            names.setdefault(normalized, product_name)
        close = difflib.get_close_matches(normalize_name(change.product_name), names, n=1, cutoff=TYPO_SIMILARITY)
        if close:
            found.append(
                Warning(
                    "typo",
                    f"“{change.product_name}” is not a product of {schedule.section}; "
                    f"did you mean “{names[close[0]]}”? Executing as written adds a new product.",
                    str(change),
                )
            )
    return found


def _never_applies(amendment: Amendment) -> list[Warning]:
    found = []
    for line in DiscountLine.objects.filter(table__amendment=amendment):
        term = term_standing(amendment.agreement, AsOf(on=line.valid_from))
        if term.expiry_date and line.valid_from > term.expiry_date:
            found.append(
                Warning(
                    "never",
                    f"“{line.product_as_written}” starts {line.valid_from:%Y-%m-%d}, after the Term ends "
                    f"({term.expiry_date:%Y-%m-%d}): it can never apply.",
                )
            )
        elif line.valid_to and line.valid_to < amendment.agreement.effective_date:
            found.append(Warning("never", f"“{line.product_as_written}” ends before the agreement takes effect."))
    return found


def preview(draft: AmendmentDraft) -> Preview:
    """The draft's effect and warnings (see the module docstring); nothing is written."""
    agreement = draft.agreement
    effective = draft.effective_date
    changes = list(draft.discount_changes.select_related("schedule", "line__product", "line__table__schedule"))
    keys: dict[_LineKey, set[date]] = {}
    for change in changes:
        key = _discount_key(change)
        if key is not None:
            keys.setdefault(key, set()).update(_dates(change, effective))
    customer_changes = list(draft.customer_changes.select_related("entity"))
    customer_dates = {c.entity_id: _customer_dates(c, effective) for c in customer_changes}
    release_changes = list(draft.release_changes.select_related("release__group__product_line__schedule__amendment"))

    result = Preview(warnings=_term_warning(draft) + _retroactive(draft) + _overlaps(draft) + _typos(draft))
    discounts_before = _discount_answers(agreement, keys)
    customers_before = {
        (entity, on): _customer_answer(agreement, entity, on)
        for entity, dates in customer_dates.items()
        for on in dates
    }
    releases_before = {c.pk: _release_answer(c.release, effective) for c in release_changes}

    def with_draft(amendment: Amendment) -> None:
        executed = amendment.agreement
        discounts_after = _discount_answers(executed, keys)
        for (key, on), before in sorted(discounts_before.items(), key=lambda item: (item[0][0].describe(), item[0][1])):
            after = discounts_after[(key, on)]
            if after != before:
                result.discounts.append(Change(key.describe(), on, before, after))
        names = {c.entity_id: str(c.entity) for c in customer_changes}
        for (entity, on), before in sorted(customers_before.items(), key=lambda item: (names[item[0][0]], item[0][1])):
            after = _customer_answer(executed, entity, on)
            if after != before:
                result.eligibility.append(Change(names[entity], on, before, after))
        for change in release_changes:
            release: Release | None
            if change.release_id:
                release = Release.objects.select_related("group__product_line__schedule__amendment").get(
                    pk=change.release_id
                )
            else:
                release = _new_release(amendment, change)
            after = _release_answer(release, effective)
            if after != releases_before[change.pk]:
                result.releases.append(Change(str(release or change), effective, releases_before[change.pk], after))
        result.warnings.extend(_never_applies(amendment))
        left = agreement_snapshot(executed, on=effective, as_agreed=amendment.day_before)
        right = agreement_snapshot(executed, on=effective, as_agreed=effective)
        result.diff_html = render_to_string(
            "ledger/_diff.html",
            {
                "diff": changes_between(executed, left, right),
                "left_label": f"Before Amendment {amendment.number}",
                "right_label": f"With Amendment {amendment.number}",
            },
        )

    try:
        rehearse(draft, with_draft)
    except DraftPartError as error:
        result.error = error
    return result
