"""Loading an agreement data file: validate everything first, then write in one transaction.

The file spans every app (the agreement, its discount schedules, its release schedules), so the
orchestration lives here, in the composing layer; each domain app contributes a *section loader*:
a module with `read(root: Node) -> plan` (pure, records problems on the node), `load(plan, context)`
(writes) and `owned(agreement)` (the querysets of the records its sections describe, parents first).
`load_agreement_file` runs every `read`, refuses keys no reader asked for, stops with every problem
if there is any, then runs every `load` inside one transaction, in the order of `section_modules()`
(later sections refer to records the earlier ones wrote).

Apps above this layer (drafts) cannot be imported here; an app contributes sections by naming its
module in its AppConfig's `data_file_sections` (the same four functions, plus `export(agreement)`):
they load after the domain apps' sections and are written after them.

Rows are matched by their stable keys (see data/README.md, "Keys"), never by position. Writes go
through `LoadContext.upsert`, which saves only what differs from the database: a second run of the
same file changes nothing and writes no history. Each history row's change reason names the file and
the place in it the record came from. A record of the agreement that the file no longer lists is
reported; it is deleted (through `core.deletion`, with the reason) only when `prune` is asked for.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError, RestrictedError

from contracts import loading_sections as contracts_sections
from contracts.datafile import DataError, DataFileError, Node, read_data_file, read_data_text
from core.deletion import deleting_with_reason
from pricing import loading as pricing_sections
from releases import loading as releases_sections

# Imported, not named by string, so the dependency shows in the import graph (import-linter).
SECTION_LOADERS = (contracts_sections, pricing_sections, releases_sections)


def extra_section_modules() -> list:
    """The section modules installed apps name in their AppConfig's `data_file_sections`."""
    names = (getattr(config, "data_file_sections", "") for config in apps.get_app_configs())
    return [import_module(name) for name in names if name]


def section_modules() -> list:
    return [*SECTION_LOADERS, *extra_section_modules()]


# Sections data/README.md documents that no record keeps yet (issue 12: the exhibits with no
# structured home): accepted, not loaded, not exported.
NOT_KEPT_SECTIONS = ("other_exhibits",)

# How many field changes a report keeps for display (the counts are always complete).
MAX_LISTED_CHANGES = 500


@dataclass(frozen=True)
class Change:
    model: str
    record: str
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class Removal:
    model: str
    key: str
    record: str


@dataclass
class LoadReport:
    source: str
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    changes: list[Change] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    pruned: bool = False
    contract_number: str = ""

    @property
    def changed(self):
        return bool(self.created or self.updated or (self.pruned and self.removed))

    @property
    def removed_counts(self) -> Counter:
        return Counter(removal.model for removal in self.removed)

    @property
    def rows(self):
        """One count line per kind of record, for pages."""
        removed = self.removed_counts
        models = sorted(set(self.created) | set(self.updated) | set(self.unchanged) | set(removed))
        return [
            {
                "model": model,
                "created": self.created[model],
                "updated": self.updated[model],
                "unchanged": self.unchanged[model],
                "removed": removed[model],
            }
            for model in models
        ]

    def lines(self):
        removed = self.removed_counts
        models = sorted(set(self.created) | set(self.updated) | set(self.unchanged) | set(removed))
        verb = "removed" if self.pruned else "no longer in the file (kept; --prune removes them)"
        for model in models:
            line = f"{model}: {self.created[model]} created, {self.updated[model]} updated, "
            line += f"{self.unchanged[model]} unchanged"
            yield line + (f", {removed[model]} {verb}" if removed[model] else "")
        state = "removed" if self.pruned else "not in the file"
        for removal in self.removed:
            yield f"  {state}: {removal.model} {removal.key} ({removal.record})"


class LoadContext:
    """What section loaders share while writing: the user, the source, the records by key."""

    def __init__(self, source, user=None, reason=""):
        self.source = source
        self.user = user
        self.why = reason
        self.report = LoadReport(source)
        self.agreement = None
        self.entities = {}
        self.amendments = {}
        self.written: dict[type, set[int]] = {}

    def reason(self, path):
        where = f"{self.source}: {path}" if path else self.source
        return f"{self.why} ({where})" if self.why else f"load_agreement {where}"

    def upsert(self, model, lookup, values, path):
        """Create or update one record; save (and write history) only if something differs."""
        obj = model.objects.filter(**lookup).first()
        return self.save_values(model(**lookup) if obj is None else obj, values, path)

    def save_values(self, obj, values, path):
        """`upsert` for a record found otherwise (or a new, unsaved one): by position, for rows with no key."""
        model = type(obj)
        label = model._meta.verbose_name_plural
        created = obj._state.adding
        changed = created
        for name, value in values.items():
            old = _current(obj, name)
            if old != _comparable(value):
                if not created and len(self.report.changes) < MAX_LISTED_CHANGES:
                    self.report.changes.append(Change(label, str(obj), name, _shown(obj, name), value))
                setattr(obj, name, value)
                changed = True
        if not changed:
            self.report.unchanged[label] += 1
            self.written.setdefault(model, set()).add(obj.pk)
            return obj
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise DataFileError(self.source, _validation_errors(path, exc)) from exc
        obj._change_reason = self.reason(path)
        obj._history_user = self.user
        obj.save()
        (self.report.created if created else self.report.updated)[label] += 1
        self.written.setdefault(model, set()).add(obj.pk)
        return obj


def _current(obj, name):
    field = obj._meta.get_field(name)
    return getattr(obj, field.attname) if field.is_relation else getattr(obj, name)


def _shown(obj, name):
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, name, None) if getattr(obj, field.attname) is not None else None
    return getattr(obj, name)


def _comparable(value):
    return value.pk if hasattr(value, "_meta") else value


def _validation_errors(path, exc):
    if hasattr(exc, "error_dict"):
        return [
            DataError(f"{path}.{name}" if name != "__all__" else path, " ".join(messages))
            for name, messages in exc.message_dict.items()
        ]
    return [DataError(path, " ".join(exc.messages))]


def validate(root: Node, source: str) -> list:
    """Every section's plan; raises `DataFileError` with every problem of the file, placed."""
    for section in NOT_KEPT_SECTIONS:
        root.accept(section)
    plans = [module.read(root) for module in section_modules()]
    root.refuse_unknown_keys()
    if root.errors:
        raise DataFileError(source, root.errors)
    return plans


class _Rollback(Exception):
    """Raised inside the transaction of a dry run so that nothing it wrote stays."""


def load_agreement_file(path, *, user=None, prune=False, reason="", dry_run=False) -> LoadReport:
    """Validate the whole file, then load it all-or-nothing. Raises `DataFileError`."""
    path = Path(path)
    return load_agreement_root(read_data_file(path), path.name, user=user, prune=prune, reason=reason, dry_run=dry_run)


def load_agreement_text(text, source, *, user=None, prune=False, reason="", dry_run=False) -> LoadReport:
    """`load_agreement_file` for a file's text (an upload)."""
    root = read_data_text(text, source)
    return load_agreement_root(root, source, user=user, prune=prune, reason=reason, dry_run=dry_run)


def load_agreement_root(root, source, *, user=None, prune=False, reason="", dry_run=False) -> LoadReport:
    """Load a parsed file. `dry_run` runs every write in a transaction rolled back: the report says
    what loading would create, change and remove, and nothing stays written."""
    plans = validate(root, source)
    context = LoadContext(source, user=user, reason=reason)
    try:
        with transaction.atomic():
            for module, plan in zip(section_modules(), plans, strict=True):
                module.load(plan, context)
            _removed(context, prune=prune)
            if context.agreement is not None:
                context.report.contract_number = context.agreement.contract_number
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return context.report


def _removed(context, *, prune):
    """Report (and with `prune`, delete) the agreement's records the file no longer lists."""
    stale: list[tuple[type[Model], Model]] = []
    for module in section_modules():
        for queryset in module.owned(context.agreement):
            written = context.written.get(queryset.model, set())
            stale.extend((queryset.model, obj) for obj in queryset.exclude(pk__in=written).order_by("pk") if obj.pk)
    context.report.removed = [Removal(str(model._meta.verbose_name), _key_of(obj), str(obj)) for model, obj in stale]
    context.report.pruned = prune
    if not prune or not stale:
        return
    with deleting_with_reason(context.reason("removed from the file (--prune)")):
        # Children before parents: `owned` lists parents first.
        for model, obj in reversed(stale):
            try:
                obj._history_user = context.user  # type: ignore[attr-defined]  # read by simple-history
                obj.delete()
            except (ProtectedError, RestrictedError) as exc:
                found: Iterable[Model] = (
                    getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or ()
                )
                blockers = ", ".join(sorted({f"{o._meta.verbose_name} {o}" for o in found}))
                message = (
                    f"cannot remove {model._meta.verbose_name} {_key_of(obj)} ({obj}): "
                    f"recorded data depends on it ({blockers[:500]}); deal with that first"
                )
                raise DataFileError(context.source, [DataError("", message)]) from exc


def _key_of(obj):
    for name in ("key", "slug", "contract_number", "number", "section", "name"):
        value = getattr(obj, name, None)
        if value not in (None, ""):
            return str(value)
    return f"id {obj.pk}"
