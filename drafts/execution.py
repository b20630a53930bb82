"""Drafts become part of the agreement here, all at once, or not at all.

- `apply_draft` writes every part of a draft through the apps' own amending services
  (`contracts.amending`, `pricing.amending`, `releases.amending`): one history row per record,
  each carrying the reason. A part that cannot be written raises `DraftPartError` naming the part
  and the field, and the caller's transaction leaves nothing written.
- `rehearse` applies a draft inside a transaction that is always rolled back, so the preview asks
  the apps' real answers (the same engines the buyer's lookup and quote use) about the agreement
  with the draft executed, without anything being kept.
- `execute` is the only way a draft counts: the rules for it (the signed document, the signature
  date, a reason, four eyes, retroactive dates confirmed) are checked here, then the draft is applied
  and marked executed in one transaction.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from contracts import amending as contract_changes
from contracts.documents import store_document
from contracts.models import Amendment, Document
from core.editing import clean_reason, save_edit, version_of
from drafts.models import AmendmentDraft, CustomerChange, DiscountChange, ProvisionChange, ReleaseChange
from pricing import amending as discount_changes
from releases import amending as release_changes

T = TypeVar("T")

PREVIEW_REASON = "Preview of a draft (rolled back)"


@dataclass
class DraftPartError(Exception):
    """A part of the draft that cannot become part of the agreement, with the problem per field."""

    part: Any
    messages: dict[str, list[str]]

    def __str__(self) -> str:
        problems = "; ".join(f"{field}: {' '.join(texts)}" for field, texts in self.messages.items())
        return f"{self.part._meta.verbose_name.capitalize()} “{self.part}”: {problems}"


def _as_part_error(part: Any, error: ValidationError) -> DraftPartError:
    if hasattr(error, "error_dict"):
        return DraftPartError(part, {k if k != "__all__" else "change": v for k, v in error.message_dict.items()})
    return DraftPartError(part, {"change": error.messages})


def _each(parts, apply: Callable[[Any], object]) -> None:
    for part in parts:
        try:
            apply(part)
        except ValidationError as error:
            raise _as_part_error(part, error) from error


def _amendment_for(draft: AmendmentDraft, reason: str, source: str) -> Amendment:
    agreement = draft.agreement
    if agreement is None:
        if draft.new_seller is None:
            raise DraftPartError(draft, {"new_seller": ["Name the seller of the new agreement."]})
        try:
            agreement = contract_changes.create_agreement(
                title=draft.new_title,
                contract_number=draft.new_contract_number,
                effective_date=draft.effective_date,
                seller=draft.new_seller,
                requires_second_approval=draft.new_requires_second_approval,
                reason=reason,
            )
        except ValidationError as error:
            raise _as_part_error(draft, error) from error
    try:
        return contract_changes.create_amendment(
            agreement,
            number=draft.number,
            effective_date=draft.effective_date,
            title=draft.title,
            note=draft.note,
            source=source,
            reason=reason,
        )
    except ValidationError as error:
        raise _as_part_error(draft, error) from error


def apply_draft(draft: AmendmentDraft, *, reason: str, source: str = "") -> Amendment:
    """Write every part of `draft` into the agreement; call inside a transaction (see module docstring)."""
    amendment = _amendment_for(draft, reason, source)
    apply_parts(draft, amendment, reason=reason, signed=None)
    return amendment


def apply_parts(draft: AmendmentDraft, amendment: Amendment, *, reason: str, signed: Document | None) -> None:
    """Write the draft's parts under `amendment`; a part's place cites the `signed` document (if any)."""
    expiry = draft.term_expiry_date
    if expiry is not None:
        try:
            contract_changes.set_term(amendment, expiry_date=expiry, section=draft.term_section, reason=reason)
        except ValidationError as error:
            raise _as_part_error(draft, error) from error
    _each(draft.customer_changes.select_related("entity"), lambda c: _apply_customer(amendment, c, reason))
    _each(draft.provision_changes.select_related("provision"), lambda p: _apply_provision(amendment, p, reason, signed))
    _apply_discounts(
        amendment, list(draft.discount_changes.select_related("schedule", "line__product")), reason, signed
    )
    _each(
        draft.warranty_changes.select_related("schedule"),
        lambda w: discount_changes.add_warranty(
            amendment,
            w.schedule,
            applies_to_as_written=w.applies_to_as_written,
            component=w.component,
            months=w.months,
            days=w.days,
            text=w.text,
            amendment_section=w.amendment_section,
            note=w.note,
            reason=reason,
        ),
    )
    _each(draft.release_changes.select_related("release"), lambda r: _apply_release(amendment, r, reason))
    for position, signature in enumerate(draft.signatures.select_related("entity"), start=1):
        try:
            contract_changes.add_signature(
                amendment,
                position=position,
                entity=signature.entity,
                signatory=signature.signatory,
                title=signature.title,
                signed_on=signature.date,
                note=signature.note,
                reason=reason,
            )
        except ValidationError as error:
            raise _as_part_error(signature, error) from error


def _apply_customer(amendment: Amendment, change: CustomerChange, reason: str) -> None:
    if change.action == CustomerChange.Action.ADD:
        contract_changes.add_customer(
            amendment,
            change.entity,
            valid_from=change.on,
            defined_term=change.defined_term,
            section=change.amendment_section,
            note=change.note,
            reason=reason,
        )
    else:
        contract_changes.remove_customer(amendment, change.entity, until=change.on, reason=reason)


def _cite(change: ProvisionChange | DiscountChange, signed: Document | None) -> dict[str, Any]:
    """The citation a part states: its place in the signed document (none in a preview, which has none)."""
    if signed is None or not change.cited_place.strip():
        return {}
    return {"cited_document": signed, "cited_place": change.cited_place.strip()}


def _apply_provision(amendment: Amendment, change: ProvisionChange, reason: str, signed: Document | None) -> None:
    provision = change.provision
    contract_changes.change_provision(
        amendment,
        action=change.action,
        provision=provision,
        part=provision.part if provision else change.part,
        section=provision.section if provision else change.section,
        title=provision.title if provision else change.title,
        text=change.text,
        valid_from=change.valid_from,
        amendment_section=change.amendment_section,
        note=change.note,
        reason=reason,
        **_cite(change, signed),
    )


def line_spec(
    change: DiscountChange, amendment: Amendment, signed: Document | None = None
) -> discount_changes.LineSpec:
    """The line a discount change states (a replacement keeps the replaced line's product unless renamed)."""
    valid_from = change.valid_from or amendment.effective_date
    if change.action == DiscountChange.Action.END:
        if change.line is None:
            raise ValidationError({"line": "Pick the line this amendment ends."})
        return discount_changes.ended_line(
            change.line,
            amendment=amendment,
            valid_from=valid_from,
            amendment_section=change.amendment_section,
            note=change.note,
            **_cite(change, signed),
        )
    replaced = change.line if change.action == DiscountChange.Action.REPLACE else None
    return discount_changes.LineSpec(
        product_name=change.product_name or (replaced.product_as_written if replaced else ""),
        component=change.component if (change.component or not replaced) else replaced.component,
        condition=change.condition if (change.condition or not replaced) else replaced.condition,
        percent=change.percent,
        no_number_reason=change.no_number_reason,
        valid_from=valid_from,
        valid_to=change.valid_to,
        footnotes=change.footnotes,
        amendment_section=change.amendment_section,
        note=change.note,
        **_cite(change, signed),
    )


def _apply_discounts(amendment: Amendment, changes: list[DiscountChange], reason: str, signed: Document | None) -> None:
    by_schedule: dict[Any, list[tuple[DiscountChange, discount_changes.LineSpec]]] = defaultdict(list)
    for change in changes:
        try:
            schedule = change.line.table.schedule if change.line is not None else change.schedule
            if schedule is None:
                schedule = discount_changes.schedule_for(
                    amendment.agreement,
                    section=change.new_schedule_section.strip(),
                    title=change.new_schedule_title,
                    reason=reason,
                )
            by_schedule[schedule].append((change, line_spec(change, amendment, signed)))
        except ValidationError as error:
            raise _as_part_error(change, error) from error
    for schedule, entries in by_schedule.items():
        try:
            discount_changes.add_schedule_lines(amendment, schedule, [spec for _, spec in entries], reason=reason)
        except discount_changes.LineRefused as refused:
            raise _as_part_error(entries[refused.index][0], refused.error) from refused


def _apply_release(amendment: Amendment, change: ReleaseChange, reason: str) -> None:
    if change.action == ReleaseChange.Action.ADD:
        release_changes.add_release(
            amendment,
            product_line_name=change.product_line_name,
            name_as_written=change.name_as_written,
            ci_fsa_as_written=change.ci_fsa_as_written,
            ga_as_written=change.ga_as_written,
            note=change.note,
            reason=reason,
        )
    elif change.release is None:
        raise ValidationError({"release": "Pick the release whose dates this amendment revises."})
    else:
        release_changes.revise_release(
            amendment,
            change.release,
            ci_fsa_as_written=change.ci_fsa_as_written,
            ga_as_written=change.ga_as_written,
            reason=reason,
        )


class _RolledBack(Exception):
    pass


def rehearse(draft: AmendmentDraft, inspect: Callable[[Amendment], T]) -> T:
    """`inspect(amendment)` with the draft applied, inside a transaction that is then rolled back.

    Raises `DraftPartError` when a part cannot be applied (nothing is kept either way).
    """
    outcome: list[T] = []
    try:
        with transaction.atomic():
            amendment = apply_draft(draft, reason=PREVIEW_REASON)
            outcome.append(inspect(amendment))
            raise _RolledBack
    except _RolledBack:
        pass
    return outcome[0]


# Executing and approving.


class ExecutionRefused(Exception):
    """A rule of executing is not met; `errors` maps form fields to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors.values()))


def needs_second_approval(draft: AmendmentDraft) -> bool:
    if draft.agreement is None:
        return draft.new_requires_second_approval
    return draft.agreement.requires_second_approval


def approve(draft: AmendmentDraft, *, user: Any, reason: str) -> AmendmentDraft:
    """Four eyes: another contract admin than the author approves the draft as it stands."""
    reason = clean_reason(reason)
    with transaction.atomic():
        locked = AmendmentDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.status != AmendmentDraft.Status.DRAFT:
            raise ExecutionRefused(
                {"__all__": f"This draft is {locked.get_status_display().lower()}: nothing to approve."}
            )
        if locked.author_id == user.pk:
            raise ExecutionRefused({"__all__": "The author of a draft cannot approve it: ask another contract admin."})
        locked.status = AmendmentDraft.Status.APPROVED
        locked.approved_by = user
        locked.approved_at = timezone.now()
        return save_edit(locked, reason=reason, base_version=version_of(locked))


def reopen_after_edit(draft: AmendmentDraft) -> None:
    """An approved draft that is edited needs approving again: the approval was of what it said then."""
    if draft.status == AmendmentDraft.Status.APPROVED:
        draft.status = AmendmentDraft.Status.DRAFT
        draft.approved_by = None
        draft.approved_at = None


def retroactive_dates(draft: AmendmentDraft) -> list[tuple[Any, str, date]]:
    """(part, what, date) for each date of the draft earlier than its effective date: executing asks to
    confirm them, the preview lists them."""
    effective = draft.effective_date
    found: list[tuple[Any, str, date]] = []
    for change in draft.discount_changes.all():
        if change.valid_from and change.valid_from < effective:
            found.append((change, "Valid from", change.valid_from))
    for customer in draft.customer_changes.select_related("entity"):
        if customer.action == CustomerChange.Action.ADD and customer.on and customer.on < effective:
            found.append((customer, "A Customer from", customer.on))
    for provision in draft.provision_changes.all():
        if provision.valid_from and provision.valid_from < effective:
            found.append((provision, "Valid from", provision.valid_from))
    return found


def execute(
    draft: AmendmentDraft,
    *,
    user: Any,
    reason: str,
    signed_document: Any,
    signed_on: date,
    retroactive_confirmed: bool,
) -> Amendment:
    """Make the draft part of the agreement: one transaction, one history row per record, with the reason."""
    reason = clean_reason(reason)
    with transaction.atomic():
        locked = AmendmentDraft.objects.select_for_update(of=("self",)).select_related("agreement").get(pk=draft.pk)
        errors = {}
        # Read under the lock: the dates confirmed are the dates executed.
        has_retroactive_dates = bool(retroactive_dates(locked))
        if not locked.is_open:
            errors["__all__"] = f"This draft is {locked.get_status_display().lower()}: it cannot be executed."
        elif needs_second_approval(locked) and locked.status != AmendmentDraft.Status.APPROVED:
            errors["__all__"] = (
                "This agreement needs a second contract admin: the draft must be approved by someone other "
                "than its author before it is executed."
            )
        if has_retroactive_dates and not retroactive_confirmed:
            errors["confirm_retroactive"] = "Confirm the retroactive dates listed in the preview."
        if signed_on > timezone.localdate():
            errors["signed_on"] = "The signature date cannot be in the future."
        if errors:
            raise ExecutionRefused(errors)
        reason = contract_changes.execution_reason(locked.number, reason)
        amendment = _amendment_for(locked, reason, getattr(signed_document, "name", ""))
        # Stored before the parts are written, so that their places can cite it.
        signed = store_document(
            agreement=amendment.agreement,
            amendment=amendment,
            title=f"Amendment {amendment.number}, signed {signed_on:%Y-%m-%d}",
            uploaded_file=signed_document,
            user=user,
            reason=reason,
        )
        try:
            apply_parts(locked, amendment, reason=reason, signed=signed)
        except BaseException:
            signed.file.delete(save=False)  # the transaction forgets the record; storage keeps files
            raise
        locked.status = AmendmentDraft.Status.EXECUTED
        locked.executed_amendment = amendment
        locked.retroactive_confirmed = has_retroactive_dates
        if locked.agreement is None:
            locked.agreement = amendment.agreement
        save_edit(locked, reason=reason, base_version=version_of(locked))
    return amendment
