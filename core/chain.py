"""The history hash chain: every history row, in the order written, sealed by a hash of everything before it.

Each history row (every audited model's, users' and groups' included) gets one `HistoryLink`:

- ``row_hash`` = SHA-256 of the row's canonical serialization (`row_payload`): its table, every
  column of the row, and, for users and groups, the many-to-many rows recorded with it;
- ``chain_hash`` = SHA-256 of ``"seq|table|history_id|row_hash|prev_hash|created|live"`` (``late``
  instead of ``live`` for a row linked after it was written), where ``prev_hash`` is the previous
  link's ``chain_hash`` (64 zeros before the first).

One chain runs across all history tables, so a row deleted, inserted or moved anywhere breaks it
from that point (`core.tamper` checks it). The link is written by the `post_create_historical_record`
signal in the transaction that wrote the row, under a lock on the chain head: PostgreSQL takes a
transaction-level advisory lock (a `SELECT ... FOR UPDATE` of the last link would let two writers
read the same head, and `LOCK TABLE` needs the UPDATE privilege revoked from the app's role); SQLite
writers are serialized by the database's write lock (`IMMEDIATE` transactions). Either way the
position is the primary key, so two links can never claim the same place.

History written in bulk (`bulk_create_with_history`, `bulk_history_create`) sends no signal:
whoever writes it calls `link_unchained()` in the same transaction; `migrate` calls it too.

Canonical values (`canonical_value`): None → null, booleans and integers as JSON, Decimal as a
string with exactly the field's decimal places ("27.00"), datetimes in UTC ISO 8601 with
microseconds ("2026-11-26T10:00:00.000000+00:00"), dates and times in ISO 8601, UUIDs as strings,
bytes as hex, JSON fields as JSON; objects with sorted keys, no spaces, UTF-8.
"""

import hashlib
import heapq
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from itertools import islice
from typing import Any
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DecimalField, Exists, Field, Model, OuterRef
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from core.history import audited_models, history_model, m2m_history_models
from core.models import HistoryLink

GENESIS = "0" * 64
BATCH = 1000
# Any constant shared by every writer will do: it names the lock on the chain head.
_ADVISORY_KEY = int.from_bytes(hashlib.sha256(b"ledgerline.history_chain").digest()[:8], "big", signed=True)
_HEAD_SALT = "ledgerline.history-chain-head"
_HEAD_SQL = f'SELECT "seq", "chain_hash" FROM "{HistoryLink._meta.db_table}" ORDER BY "seq" DESC LIMIT 1'  # noqa: S608
_INSERT_SQL = (
    f'INSERT INTO "{HistoryLink._meta.db_table}" '  # noqa: S608 - the table name is the model's
    '("seq", "history_table", "history_id", "row_hash", "prev_hash", "chain_hash", "created", "late") '
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
)


@cache
def history_models() -> dict[str, type[Model]]:
    """Every history table that the chain covers, by table name (many-to-many history rows are
    covered through the row they belong to). The registry is complete once the apps are loaded."""
    models = (history_model(model) for model in audited_models())
    return {model._meta.db_table: model for model in models}


# --- canonical serialization --------------------------------------------------------------------


def canonical_value(field: "Field[Any, Any]", value: object) -> object:
    """A value as it is hashed: the same for the same data on SQLite and PostgreSQL."""
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, Decimal):
        if isinstance(field, DecimalField) and field.decimal_places is not None:
            value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
        return format(value, "f")
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value // timedelta(microseconds=1)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict | list):
        return value
    raise TypeError(f"No canonical form for {type(value).__name__} in {field}")


def _columns(model: type[Model]) -> "list[Field[Any, Any]]":
    return list(model._meta.concrete_fields)


def _serialize(fields: "list[Field[Any, Any]]", values: Iterable[object]) -> dict[str, object]:
    return {field.column: canonical_value(field, value) for field, value in zip(fields, values, strict=True)}


def row_payload(table: str, row: dict[str, object], m2m: dict[str, list[dict[str, object]]] | None) -> bytes:
    """The bytes a row's hash is taken of (see the module docstring)."""
    document: dict[str, object] = {"table": table, "row": row}
    if m2m is not None:
        document["m2m"] = m2m
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class RowDigest:
    row_hash: str
    history_date: datetime


@cache
def _one_row_query(model: type[Model], connection: BaseDatabaseWrapper) -> tuple[str, SQLCompiler, Any]:
    """The SQL and the result converters that read one history row by id, built once per connection.

    Linking reads back every history row as it is written; building that query with the ORM each time
    cost more than the three statements of a link together.
    """
    query = model._base_manager.filter(pk=0).values_list(*[f.attname for f in _columns(model)]).query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    assert list(params) == [0], params
    return sql, compiler, compiler.get_converters([expression for expression, _, _ in compiler.select])


def _read_rows(model: type[Model], history_ids: list[int], using: str) -> Iterable[tuple[Any, ...]]:
    """(history_id, *every column) of these history rows, values as the ORM converts them."""
    fields = [f.attname for f in _columns(model)]
    pk = model._meta.pk
    assert pk is not None
    pk_index = fields.index(pk.attname)
    if len(history_ids) == 1:
        sql, compiler, converters = _one_row_query(model, connections[using])
        with connections[using].cursor() as cursor:
            cursor.execute(sql, history_ids)
            rows: Iterable[Any] = cursor.fetchall()
        if converters:
            rows = compiler.apply_converters(rows, converters)
    else:
        rows = model._base_manager.using(using).filter(pk__in=history_ids).values_list(*fields)
    return [(row[pk_index], *row) for row in rows]


def row_digests(model: type[Model], history_ids: list[int], using: str = DEFAULT_DB_ALIAS) -> dict[int, RowDigest]:
    """The hash of each of these history rows as the database holds them now (missing rows are absent)."""
    fields = _columns(model)
    rows = {values[0]: values[1:] for values in _read_rows(model, history_ids, using)}
    m2m: dict[int, dict[str, list[dict[str, object]]]] | None = None
    relations = m2m_history_models(model)
    if relations:
        m2m = {history_id: {} for history_id in rows}
        for _field, m2m_model in relations:
            m2m_fields = _columns(m2m_model)
            table = m2m_model._meta.db_table
            for history_id in rows:
                m2m[history_id][table] = []
            for values in (
                m2m_model._base_manager.using(using)
                .filter(history_id__in=list(rows))
                .order_by("pk")
                .values_list("history_id", *[f.attname for f in m2m_fields])
            ):
                m2m[values[0]][table].append(_serialize(m2m_fields, values[1:]))
    table = model._meta.db_table
    date_index = [f.attname for f in fields].index("history_date")
    digests = {}
    for history_id, values in rows.items():
        payload = row_payload(table, _serialize(fields, values), m2m[history_id] if m2m is not None else None)
        digests[history_id] = RowDigest(hashlib.sha256(payload).hexdigest(), values[date_index])
    return digests


def link_hash(
    seq: int, table: str, history_id: int, row_hash: str, prev_hash: str, created: datetime, *, late: bool
) -> str:
    created_text = canonical_value(HistoryLink._meta.get_field("created"), created)
    text = f"{seq}|{table}|{history_id}|{row_hash}|{prev_hash}|{created_text}|{'late' if late else 'live'}"
    return hashlib.sha256(text.encode()).hexdigest()


# --- writing --------------------------------------------------------------------------------------


def _lock_chain(using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_KEY])


def _head(using: str) -> tuple[int, str]:
    # Asked on every history write: plain SQL on the primary key's index, without building a query.
    with connections[using].cursor() as cursor:
        cursor.execute(_HEAD_SQL)
        last = cursor.fetchone()
    return (int(last[0]), str(last[1])) if last else (0, GENESIS)


# Read with the head in one statement: a data migration changes rows through migration-state models,
# which write no history, so the last migration applied is part of the data's version too.
_VERSION_SQL = (
    f'SELECT (SELECT "chain_hash" FROM "{HistoryLink._meta.db_table}" ORDER BY "seq" DESC LIMIT 1), '  # noqa: S608
    '(SELECT MAX("id") FROM "django_migrations")'
)


# The same two values as items of another statement's select list, so a statement that reads a row
# every request reads anyway (the session, `core.sessions`) reads the version in the same round trip.
VERSION_COLUMNS = _VERSION_SQL.removeprefix("SELECT ")


def data_version(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """The version of the audited data: the chain hash of the last history row linked and the last
    migration applied; None before the first link.

    Every change to audited data writes a history row and its link in the transaction that makes the
    change, so this changes with the data, visibly exactly when the data does (`core.answers` keys
    answers by it). The hash, not the position: a position taken by a write that was rolled back is
    taken again by a different one.
    """
    with connections[using].cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        head, migration = cursor.fetchone()
    return version_of(head, migration)


def version_of(head: str | None, migration: object) -> str | None:
    """`data_version` from the two values of `VERSION_COLUMNS`, read by another statement."""
    return None if head is None else f"{head}:{migration}"


# Links written through a connection (each thread's, or task's, own), committed or not: a version read
# earlier in a request is only as good as long as the request itself wrote nothing since.
_WRITTEN = "_ledgerline_links_written"


def links_written(using: str = DEFAULT_DB_ALIAS) -> int:
    return int(getattr(connections[using], _WRITTEN, 0))


def _append(rows: list[tuple[str, int]], using: str, *, late: bool) -> int:
    """Link these (table, history id) rows, in this order, after the head. Caller holds the lock."""
    if not rows:
        return 0
    setattr(connections[using], _WRITTEN, links_written(using) + 1)  # before writing: a failed write counts too
    models = history_models()
    digests: dict[tuple[str, int], RowDigest] = {}
    for table in {table for table, _ in rows}:
        ids = [history_id for t, history_id in rows if t == table]
        digests.update({(table, k): v for k, v in row_digests(models[table], ids, using).items()})
    seq, prev = _head(using)
    created = timezone.now()
    links = []
    for table, history_id in rows:
        seq += 1
        row_hash = digests[(table, history_id)].row_hash
        chain_hash = link_hash(seq, table, history_id, row_hash, prev, created, late=late)
        links.append(HistoryLink(seq, table, history_id, row_hash, prev, chain_hash, created, late))
        prev = chain_hash
    if len(links) == 1:  # every history write: plain SQL, as for the head
        link, connection = links[0], connections[using]
        with connection.cursor() as cursor:
            cursor.execute(
                _INSERT_SQL,
                [link.seq, link.history_table, link.history_id, link.row_hash, link.prev_hash, link.chain_hash,
                 connection.ops.adapt_datetimefield_value(link.created), link.late],
            )  # fmt: skip
    else:
        HistoryLink.objects.using(using).bulk_create(links)
    return len(links)


def append_link(sender: type[Model], history_instance: Model, **kwargs: object) -> None:
    """`post_create_historical_record` receiver: link the row just written, in its transaction."""
    using = history_instance._state.db or DEFAULT_DB_ALIAS
    # No savepoint: if linking fails, the history row must not be kept without its link.
    with transaction.atomic(using=using, savepoint=False):
        _lock_chain(using)
        _append([(sender._meta.db_table, history_instance.pk)], using, late=False)


def _unlinked(table: str, model: type[Model], using: str) -> Iterator[tuple[datetime, str, int]]:
    linked = HistoryLink.objects.using(using).filter(history_table=table, history_id=OuterRef("pk"))
    rows = (
        model._base_manager.using(using)
        .filter(~Exists(linked))
        .order_by("history_date", "pk")
        .values_list("history_date", "pk")
    )
    for history_date, history_id in rows.iterator(chunk_size=BATCH):
        yield history_date, table, history_id


def link_unchained(*, using: str = DEFAULT_DB_ALIAS) -> int:
    """Link every history row that has no link yet, in (history date, table, id) order; how many.

    For history written without the signal (bulk creation). Call it in the transaction that wrote
    the rows. Streams: any number of rows, in batches.
    """
    with transaction.atomic(using=using):
        _lock_chain(using)
        streams = [_unlinked(table, model, using) for table, model in history_models().items()]
        # Linking a batch never changes what the open queries have still to return: they return
        # unlinked rows in order, and only rows they already returned get linked.
        pending = ((table, history_id) for _, table, history_id in heapq.merge(*streams))
        linked = 0
        while batch := list(islice(pending, BATCH)):
            linked += _append(batch, using, late=True)
    return linked


# --- the head, exported for safekeeping ---------------------------------------------------------


@dataclass(frozen=True)
class ChainHead:
    seq: int
    chain_hash: str
    created: datetime

    def signature(self) -> str:
        """HMAC-SHA256 with the installation's SECRET_KEY: a head file nobody without it can forge."""
        return salted_hmac(_HEAD_SALT, self._message(), algorithm="sha256").hexdigest()

    def _message(self) -> str:
        return f"{self.seq}|{self.chain_hash}|{canonical_value(HistoryLink._meta.get_field('created'), self.created)}"

    def document(self) -> dict[str, object]:
        return {
            "seq": self.seq,
            "chain_hash": self.chain_hash,
            "created": canonical_value(HistoryLink._meta.get_field("created"), self.created),
            "signature": self.signature(),
        }


def chain_head(using: str = DEFAULT_DB_ALIAS) -> ChainHead | None:
    link = HistoryLink.objects.using(using).order_by("-seq").first()
    return ChainHead(link.seq, link.chain_hash, link.created) if link else None


def signature_matches(document: dict[str, Any]) -> bool:
    """True if a head document was signed by this installation (same SECRET_KEY)."""
    try:
        head = ChainHead(int(document["seq"]), str(document["chain_hash"]), datetime.fromisoformat(document["created"]))
    except (KeyError, TypeError, ValueError):
        return False
    return constant_time_compare(head.signature(), str(document.get("signature", "")))
