"""Loading an agreement data file: validate everything first, then write in one transaction.

The file spans every app (the agreement, its discount schedules, its release schedules), so the
orchestration lives here, in the composing layer; each domain app contributes a *section loader*:
a module with `read(root: Node) -> plan` (pure, records problems on the node) and
`load(plan, context)` (writes). `load_agreement_file` runs every `read`, stops with every problem
if there is any, then runs every `load` inside one transaction, in the order of `SECTION_LOADERS`
(later sections refer to records the earlier ones wrote).

Writes go through `LoadContext.upsert`, which saves only what differs from the database: a second
run of the same file changes nothing and writes no history. Each history row's change reason
names the file and the place in it the record came from.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from contracts import loading_sections as contracts_sections
from contracts.datafile import DataError, DataFileError, read_data_file
from pricing import loading as pricing_sections
from releases import loading as releases_sections

# Imported, not named by string, so the dependency shows in the import graph (import-linter).
SECTION_LOADERS = (contracts_sections, pricing_sections, releases_sections)


@dataclass
class LoadReport:
    source: str
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def changed(self):
        return bool(self.created or self.updated)

    def lines(self):
        models = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        for model in models:
            yield (
                f"{model}: {self.created[model]} created, {self.updated[model]} updated, "
                f"{self.unchanged[model]} unchanged"
            )


class LoadContext:
    """What section loaders share while writing: the user, the source, the records by key."""

    def __init__(self, source, user=None):
        self.source = source
        self.user = user
        self.report = LoadReport(source)
        self.agreement = None
        self.entities = {}
        self.amendments = {}

    def reason(self, path):
        return f"load_agreement {self.source}: {path}"

    def upsert(self, model, lookup, values, path):
        """Create or update one record; save (and write history) only if something differs."""
        label = model._meta.verbose_name_plural
        obj = model.objects.filter(**lookup).first()
        created = obj is None
        if created:
            obj = model(**lookup)
        changed = created
        for name, value in values.items():
            if _current(obj, name) != _comparable(value):
                setattr(obj, name, value)
                changed = True
        if not changed:
            self.report.unchanged[label] += 1
            return obj
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise DataFileError(self.source, _validation_errors(path, exc)) from exc
        obj._change_reason = self.reason(path)
        obj._history_user = self.user
        obj.save()
        (self.report.created if created else self.report.updated)[label] += 1
        return obj


def _current(obj, name):
    field = obj._meta.get_field(name)
    return getattr(obj, field.attname) if field.is_relation else getattr(obj, name)


def _comparable(value):
    return value.pk if hasattr(value, "_meta") else value


def _validation_errors(path, exc):
    if hasattr(exc, "error_dict"):
        return [
            DataError(f"{path}.{name}" if name != "__all__" else path, " ".join(messages))
            for name, messages in exc.message_dict.items()
        ]
    return [DataError(path, " ".join(exc.messages))]


def load_agreement_file(path, *, user=None) -> LoadReport:
    """Validate the whole file, then load it all-or-nothing. Raises `DataFileError`."""
    path = Path(path)
    root = read_data_file(path)
    modules = SECTION_LOADERS
    plans = [module.read(root) for module in modules]
    if root.errors:
        raise DataFileError(path.name, root.errors)
    context = LoadContext(path.name, user=user)
    with transaction.atomic():
        for module, plan in zip(modules, plans, strict=True):
            module.load(plan, context)
    return context.report
