"""Tamper evidence: verify the history hash chain (`core.chain`) and the live tables against it.

What `verify_history` and the integrity page report, each as a `Problem`:

- **broken link**: a link missing, moved or edited (its position, its predecessor's hash, or its
  own hash does not add up): rows deleted, reordered, or the chain rewritten;
- **row changed**: a history row differs from what was linked (rewritten, e.g. by `REPLACE INTO`);
- **row missing**: a linked history row is gone (deleted with the guards dropped);
- **not in the chain**: a history row without a link (inserted behind the application's back, or
  written in bulk by code that did not call `core.chain.link_unchained`);
- **backdated**: a row linked as it was written but dated before (more than `HISTORY_CHAIN_MAX_LAG`,
  default an hour), or a link made before the one ahead of it (more than `HISTORY_CHAIN_CLOCK_SKEW`,
  default five minutes): a forged insert given an old date, even with a link appended for it. Rows
  linked late (bulk-written or imported history, which may carry any earlier date) are counted in
  the report instead (`late_links`): a forger could pass as one of them, which only an exported
  head rules out for everything before it;
- **live row differs / no history / deleted without history**: a live record that is not what its
  latest history row says (raw writes to the live tables);
- **head mismatch**: the chain no longer contains an exported head (`--expect-head`).

Someone who owns the database can recompute the whole chain; an exported head (signed with
SECRET_KEY, or its plain hash kept by a notary) is what they cannot match. Everything streams in
batches: memory stays flat whatever the number of rows.
"""

from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import groupby, islice
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Exists, Model, OuterRef

from core.chain import BATCH, GENESIS, ChainHead, canonical_value, chain_head, history_models, link_hash, row_digests
from core.history import audited_models, history_model, m2m_history_models
from core.models import HistoryLink, HistoryVerification

BROKEN_LINK = "broken link"
ROW_CHANGED = "row changed"
ROW_MISSING = "row missing"
UNLINKED = "not in the chain"
BACKDATED = "backdated"
LIVE_DIFFERS = "live row differs"
LIVE_UNRECORDED = "live row without history"
LIVE_DELETED = "deleted without history"
HEAD_MISMATCH = "head mismatch"


@dataclass(frozen=True)
class Problem:
    kind: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.detail}"


@dataclass
class Report:
    links: int = 0
    late_links: int = 0  # rows linked after they were written (`core.chain.link_unchained`): a note
    live_rows: int = 0
    head: ChainHead | None = None
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    limit: int = 200

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, kind: str, where: str, detail: str) -> None:
        self.problem_count += 1
        if len(self.problems) < self.limit:
            self.problems.append(Problem(kind, where, detail))

    @property
    def first_broken_link(self) -> Problem | None:
        return next((p for p in self.problems if p.kind == BROKEN_LINK), None)


def _setting(name: str, default: timedelta) -> timedelta:
    value = getattr(settings, name, default)
    return value if isinstance(value, timedelta) else default


def verify_history(
    *, expect_head: dict[str, Any] | None = None, live: bool = True, limit: int = 200, using: str = DEFAULT_DB_ALIAS
) -> Report:
    """Check the chain, the history rows and (with `live`) the live rows; one consistent snapshot on
    PostgreSQL when not called inside a transaction."""
    report = Report(limit=limit)
    connection = connections[using]
    # SQLite: no transaction, which would take the write lock (IMMEDIATE) for the whole run.
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic(using=using) if snapshot else nullcontext():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        report.head = chain_head(using)
        _check_chain(report, using)
        _check_unlinked(report, using)
        if live:
            for model in audited_models():
                _check_live(report, model, using)
        if expect_head is not None:
            _check_expected_head(report, expect_head, using)
    return report


def record_verification(report: Report, checked_by: str, using: str = DEFAULT_DB_ALIAS) -> HistoryVerification:
    """Keep what a run found (the integrity page shows the latest)."""
    return HistoryVerification.objects.using(using).create(
        checked_by=checked_by[:150],
        intact=report.ok,
        links=report.links,
        late_links=report.late_links,
        live_rows=report.live_rows,
        head_seq=report.head.seq if report.head else None,
        head_hash=report.head.chain_hash if report.head else "",
        problem_count=report.problem_count,
        problems=[[p.kind, p.where, p.detail] for p in report.problems],
    )


# --- the chain --------------------------------------------------------------------------------------


def _batches(iterator: Iterator[Any], size: int = BATCH) -> Iterator[list[Any]]:
    while batch := list(islice(iterator, size)):
        yield batch


def _check_chain(report: Report, using: str) -> None:
    models = history_models()
    max_lag = _setting("HISTORY_CHAIN_MAX_LAG", timedelta(hours=1))
    skew = _setting("HISTORY_CHAIN_CLOCK_SKEW", timedelta(minutes=5))
    expected_seq, prev_hash, prev_created = 1, GENESIS, None
    links = HistoryLink.objects.using(using).order_by("seq").iterator(chunk_size=BATCH)
    for batch in _batches(links):
        digests = {}
        for table, group in groupby(
            sorted(batch, key=lambda link: link.history_table), lambda link: link.history_table
        ):
            if table in models:
                ids = [link.history_id for link in group]
                digests.update({(table, k): v for k, v in row_digests(models[table], ids, using).items()})
        for link in batch:
            where = f"link #{link.seq} ({link.history_table} row {link.history_id})"
            if link.seq != expected_seq:
                report.add(BROKEN_LINK, where, f"expected link #{expected_seq} here: links missing or reordered")
            if link.prev_hash != prev_hash:
                report.add(BROKEN_LINK, where, "does not continue the link before it (previous hash differs)")
            recomputed = link_hash(
                link.seq,
                link.history_table,
                link.history_id,
                link.row_hash,
                link.prev_hash,
                link.created,
                late=link.late,
            )
            if recomputed != link.chain_hash:
                report.add(BROKEN_LINK, where, "the link itself was edited (its hash does not match its contents)")
            digest = digests.get((link.history_table, link.history_id))
            if digest is None:
                report.add(ROW_MISSING, where, "the history row is gone")
            elif digest.row_hash != link.row_hash:
                report.add(ROW_CHANGED, where, "the history row differs from what was linked")
            elif link.late:
                report.late_links += 1  # bulk-written or imported: may be dated any time before
            elif digest.history_date < link.created - max_lag:
                report.add(BACKDATED, where, f"dated {_when(digest.history_date)}, linked {_when(link.created)}")
            if prev_created is not None and link.created < prev_created - skew:
                report.add(BACKDATED, where, f"linked {_when(link.created)}, before the link ahead of it")
            expected_seq, prev_hash, prev_created = link.seq + 1, link.chain_hash, link.created
            report.links += 1


def _when(moment: datetime) -> str:
    return str(canonical_value(HistoryLink._meta.get_field("created"), moment))


def _check_unlinked(report: Report, using: str) -> None:
    for table, model in history_models().items():
        linked = HistoryLink.objects.using(using).filter(history_table=table, history_id=OuterRef("pk"))
        unlinked = model._base_manager.using(using).filter(~Exists(linked)).order_by("pk")
        for history_id, history_date in unlinked.values_list("pk", "history_date").iterator(chunk_size=BATCH):
            report.add(UNLINKED, f"{table} row {history_id}", f"dated {_when(history_date)}, has no link")


def _check_expected_head(report: Report, expected: dict[str, Any], using: str) -> None:
    from core.chain import signature_matches

    where = f"exported head #{expected.get('seq')}"
    if "signature" in expected and not signature_matches(expected):
        report.add(HEAD_MISMATCH, where, "the signature does not match: not exported here, or edited since")
    try:
        link = HistoryLink.objects.using(using).filter(seq=int(expected["seq"])).first()
    except (KeyError, TypeError, ValueError):
        report.add(HEAD_MISMATCH, where, "not a head document (seq and chain_hash expected)")
        return
    if link is None:
        report.add(HEAD_MISMATCH, where, "the chain no longer reaches this position")
    elif link.chain_hash != expected.get("chain_hash"):
        report.add(HEAD_MISMATCH, where, "the chain up to this position was rewritten (its hash differs)")


# --- live rows against their latest history row -------------------------------------------------------


def _latest_per_object(history: type[Model], key: str, names: list[str], using: str) -> Iterator[tuple[Any, ...]]:
    """(object id, history_id, history_type, *names) of each object's latest history row, by object id."""
    rows = (
        history._base_manager.using(using)
        .order_by(key, "-pk")
        .values_list(key, "pk", "history_type", *names)
        .iterator(chunk_size=BATCH)
    )
    for _, versions in groupby(rows, key=lambda row: row[0]):
        yield next(versions)


def _check_live(report: Report, model: type[Model], using: str) -> None:
    history = history_model(model)
    tracked = [f for f in history.tracked_fields if f.concrete and not f.primary_key]  # type: ignore[attr-defined]
    names = [f.attname for f in tracked]
    label = model._meta.label_lower
    live = model._base_manager.using(using).order_by("pk").values_list("pk", *names).iterator(chunk_size=BATCH)
    assert model._meta.pk is not None
    latest = _latest_per_object(history, model._meta.pk.attname, names, using)
    matched: list[tuple[Any, Any]] = []  # (object id, latest history id) pairs whose relations to compare
    row, version = next(live, None), next(latest, None)
    while row is not None or version is not None:
        if version is None or (row is not None and row[0] < version[0]):
            assert row is not None
            report.add(LIVE_UNRECORDED, f"{label} #{row[0]}", "a live row with no history (inserted behind the app)")
            report.live_rows += 1
            row = next(live, None)
        elif row is None or version[0] < row[0]:
            if version[2] != "-":
                report.add(LIVE_DELETED, f"{label} #{version[0]}", "gone, but its history says it exists")
            version = next(latest, None)
        else:
            report.live_rows += 1
            if version[2] == "-":
                report.add(LIVE_DIFFERS, f"{label} #{row[0]}", "exists, but its history says it was deleted")
            else:
                differences = [
                    f"{f.name}: {canonical_value(f, new)!r} (history {canonical_value(f, old)!r})"
                    for f, old, new in zip(tracked, version[3:], row[1:], strict=True)
                    if canonical_value(f, old) != canonical_value(f, new)
                ]
                if differences:
                    report.add(LIVE_DIFFERS, f"{label} #{row[0]}", "; ".join(differences))
                matched.append((row[0], version[1]))
                if len(matched) >= BATCH:
                    _check_relations(report, model, matched, using)
                    matched = []
            row, version = next(live, None), next(latest, None)
    _check_relations(report, model, matched, using)


def _check_relations(report: Report, model: type[Model], matched: list[tuple[Any, Any]], using: str) -> None:
    """Many-to-many relations recorded with the history (a user's groups) against the live ones."""
    from simple_history.utils import get_m2m_field_name, get_m2m_reverse_field_name

    relations = m2m_history_models(history_model(model))
    if not relations or not matched:
        return
    object_ids = [object_id for object_id, _ in matched]
    history_of = dict(matched)
    for m2m_field, m2m_model in relations:
        own, other = f"{get_m2m_field_name(m2m_field)}_id", f"{get_m2m_reverse_field_name(m2m_field)}_id"
        through: Any = m2m_field.remote_field.through
        now: dict[Any, set[Any]] = {object_id: set() for object_id in object_ids}
        for object_id, other_id in (
            through._base_manager.using(using).filter(**{f"{own}__in": object_ids}).values_list(own, other)
        ):
            now[object_id].add(other_id)
        recorded: dict[Any, set[Any]] = {history_id: set() for history_id in history_of.values()}
        for history_id, other_id in (
            m2m_model._base_manager.using(using).filter(history_id__in=list(recorded)).values_list("history_id", other)
        ):
            recorded[history_id].add(other_id)
        for object_id in object_ids:
            added, removed = (
                now[object_id] - recorded[history_of[object_id]],
                recorded[history_of[object_id]] - now[object_id],
            )
            if added or removed:
                report.add(
                    LIVE_DIFFERS,
                    f"{model._meta.label_lower} #{object_id}",
                    f"{m2m_field.name}: {sorted(added)} added, {sorted(removed)} removed without history",
                )
