"""Differences between two snapshots of one agreement, in words an auditor reads.

Works for any pair: two "on" dates, two "as agreed on" dates, or as recorded at a moment versus
now. Provisions are matched by their version's identity, so an edited text shows as a change.
"""

from dataclasses import dataclass, field

from contracts.snapshot import AgreementSnapshot
from core.diff import Change


@dataclass(frozen=True)
class SnapshotDiff:
    """The agreement's own sections that differ. Other apps' rows are added by `ledger.compare`."""

    left: AgreementSnapshot
    right: AgreementSnapshot
    agreement: list[Change] = field(default_factory=list)
    term: list[Change] = field(default_factory=list)
    customers: list[Change] = field(default_factory=list)
    provisions: list[Change] = field(default_factory=list)

    @property
    def is_empty(self):
        return not (self.agreement or self.term or self.customers or self.provisions)


def _term_text(snapshot):
    term = snapshot.term
    expiry = f"{term.expiry_date:%Y-%m-%d}" if term.expiry_date else "unknown"
    return f"expires {expiry}; date within Term: {term.in_term.value}"


def _customer_texts(snapshot):
    texts = {}
    for customer in snapshot.customers:
        since = f" since {customer.since:%Y-%m-%d}" if customer.since else ""
        texts[customer.entity.pk] = (
            customer.entity.name,
            f"{customer.entity.name}: {customer.standing.value}{since}",
        )
    return texts


def _provision_texts(snapshot):
    texts = {}
    for version in snapshot.provisions:
        label = f"{version.provision} ({version.get_action_display().lower()} by {version.amendment})"
        texts[version.pk] = (label, f"valid from {version.valid_from:%Y-%m-%d}: {version.text}")
    return texts


def _diff_maps(left, right, absent):
    changes = []
    for key in list(left) + [k for k in right if k not in left]:
        label = (left.get(key) or right.get(key))[0]
        before = left[key][1] if key in left else absent
        after = right[key][1] if key in right else absent
        if before != after:
            changes.append(Change(label, before, after))
    return changes


def compare_snapshots(left: AgreementSnapshot, right: AgreementSnapshot) -> SnapshotDiff:
    agreement_changes = []
    for attribute in ("title", "contract_number", "effective_date", "seller_division"):
        before, after = getattr(left.agreement, attribute), getattr(right.agreement, attribute)
        if before != after:
            agreement_changes.append(Change(attribute.replace("_", " "), str(before), str(after)))
    term_before, term_after = _term_text(left), _term_text(right)
    return SnapshotDiff(
        left=left,
        right=right,
        agreement=agreement_changes,
        term=[Change("Term", term_before, term_after)] if term_before != term_after else [],
        customers=_diff_maps(_customer_texts(left), _customer_texts(right), "not recorded"),
        provisions=_diff_maps(_provision_texts(left), _provision_texts(right), "not in force"),
    )
