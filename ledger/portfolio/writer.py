"""Writing plans: one bulk insert per model and batch, then the history of each record's creation and edits.

Records are inserted in their final state. Their history is then written as django-simple-history writes
it (`bulk_history_create`, the function behind `bulk_create_with_history` / `bulk_update_with_history`):
first a "created" row with the values each record was created with, then one "changed" row per edit,
with its reason and date. The result is what saving through the admin, edit after edit, would have left
in the tables, written in a few statements per model instead of one per change. (STYLE rule 7 forbids a
plain `bulk_create` on audited models because it would leave no history; here every insert gets its
history rows.)
"""

from collections import Counter, defaultdict

from django.db.models import Model

from core.chain import link_unchained
from ledger.portfolio.plan import STEPS, Edit, Plan


def write_plans(plans: list[Plan], *, user=None) -> tuple[Counter, Counter]:
    """Insert every record of `plans` and its history. Returns (rows, history rows) by model label."""
    batches = [[obj for plan in plans for obj in plan.rows[step]] for step in STEPS]
    return write_rows(batches, [edit for plan in plans for edit in plan.edits], user=user)


def write_rows(batches: list[list[Model]], edits: list[Edit], *, user=None) -> tuple[Counter, Counter]:
    """Insert `batches` (each of one model, parents first) in their final state, then the history of their
    creation and of `edits`. Returns (rows, history rows) by model label."""
    rows: Counter = Counter()
    history: Counter = Counter()
    for objs in batches:
        if objs:
            type(objs[0])._default_manager.bulk_create(objs)
            rows[objs[0]._meta.label] += len(objs)
    # Back to the values each record was created with: undo the edits, newest first.
    for edit in reversed(edits):
        for name, value in edit.before.items():
            setattr(edit.obj, name, value)
    for objs in batches:
        if objs:
            _history(objs, user=user, update=False)
            history[objs[0]._meta.label] += len(objs)
    for round_of_edits in _rounds(edits):
        for edit in round_of_edits:
            for name, value in edit.after.items():
                setattr(edit.obj, name, value)
            edit.obj._history_date = edit.when  # type: ignore[attr-defined]
            edit.obj._change_reason = edit.reason  # type: ignore[attr-defined]
        by_model: dict[type[Model], list[Model]] = defaultdict(list)
        for edit in round_of_edits:
            by_model[type(edit.obj)].append(edit.obj)
        for objs in by_model.values():
            _history(objs, user=user, update=True)
            history[objs[0]._meta.label] += len(objs)
    return rows, history


def _history(objs: list[Model], *, user, update: bool) -> None:
    type(objs[0]).history.bulk_history_create(objs, update=update, default_user=user)  # type: ignore[attr-defined]


def _rounds(edits: list[Edit]) -> list[list[Edit]]:
    """Round n holds every record's n-th edit, so each record's edits are written in their order."""
    seen: Counter = Counter()
    rounds: list[list[Edit]] = []
    for edit in edits:
        number = seen[id(edit.obj)]
        seen[id(edit.obj)] += 1
        if number == len(rounds):
            rounds.append([])
        rounds[number].append(edit)
    return rounds


def link_history_chain() -> None:
    """The one place the generated history rows join the tamper-evident chain over history rows.

    Bulk-written history rows bypass the signal that links a row as it is saved (`core.chain`), so they
    are linked here, once, after the last batch, in the transaction that wrote them.
    """
    link_unchained()
