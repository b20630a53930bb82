"""What needs a user's attention: lists each app contributes, for the home page and the reminders.

An app contributes by naming a module in its AppConfig's `attention` (`attention = "releases.attention"`),
as apps name their data-file sections: the platform imports it by name, so it depends on no app. The
module provides

    def attention_lists(user, *, on: date, limit: int, agreement=None) -> list[AttentionList]

(`agreement`, when given, is the one agreement the user asked about: every list is then that agreement's
alone, which keeps the home page's cost the same in a portfolio of one agreement or of a thousand; without
it, each list covers every agreement by its own rule), and may provide
`attention_kinds(user) -> dict[str, str]` (kind → title, for the reminder preferences; a kind it does not
name is still reminded of, it just cannot be switched off by name).

Each provider decides its own rules by calling its app's (the Term, slip flags, drafts' status, the
audit log), scopes its lists to what `user` may see, counts in the database and reads at most `limit`
items: the home page costs the same with one release as with thousands.
"""

from dataclasses import dataclass
from datetime import date
from importlib import import_module
from types import ModuleType
from typing import Any, Protocol

from django.apps import apps

# Without an agreement asked, a list that is computed agreement by agreement covers at most this many;
# past that it asks to choose one (the home page stays bounded in a portfolio of a thousand). Reminders
# are read from the same lists.
AGREEMENTS_AT_ONCE = 25


@dataclass(frozen=True)
class AttentionItem:
    key: str  # stable identity, e.g. "release-overdue:123:ga": reminders are sent once per key
    title: str  # plain language, no internal codes
    url: str
    detail: str = ""
    due: date | None = None  # the date it falls due (countdowns, "N days ahead" preferences)


@dataclass(frozen=True)
class AttentionList:
    kind: str  # stable, e.g. "term_end", "releases_overdue", "drafts_awaiting", "seats_expiring", "credits_due"
    title: str
    items: tuple[AttentionItem, ...]  # at most `limit` items, soonest first
    total: int  # counted in the database
    more_url: str = ""
    note: str = ""  # what the list was computed for, when that is not plain (e.g. "as of the Term's last day")
    # False: not computed for this question (e.g. seats are per agreement and several have them); the note
    # says what to ask instead, and `total` counts nothing.
    counted: bool = True

    @property
    def more(self) -> int:
        """How many items the list counts beyond those it shows."""
        return max(0, self.total - len(self.items))


def choose_an_agreement(*, kind: str, title: str, more_url: str, covered: int, covering: str) -> AttentionList:
    """A list not computed: `covered` agreements ("... agreements `covering`") are more than
    `AGREEMENTS_AT_ONCE`, so the user is asked to choose one."""
    return AttentionList(
        kind=kind,
        title=title,
        items=(),
        total=0,
        counted=False,
        more_url=more_url,
        note=(
            f"{covered:,} agreements {covering}: more than the {AGREEMENTS_AT_ONCE} computed at once. "
            "Choose an agreement above."
        ),
    )


class Provider(Protocol):
    def attention_lists(self, user: Any, *, on: date, limit: int, agreement: Any = None) -> list[AttentionList]: ...


def provider_modules() -> list[ModuleType]:
    """The modules installed apps name in their AppConfig's `attention`, in INSTALLED_APPS order."""
    names = (getattr(config, "attention", "") for config in apps.get_app_configs())
    return [import_module(name) for name in names if name]


def attention_lists(user: Any, *, on: date, limit: int, agreement: Any = None) -> list[AttentionList]:
    """Every list every app has for `user` on `on`, each at most `limit` items long; only `agreement`'s
    when one is given.

    An anonymous or inactive user is owed nothing.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    scope = {} if agreement is None else {"agreement": agreement}
    lists: list[AttentionList] = []
    for module in provider_modules():
        lists.extend(module.attention_lists(user, on=on, limit=limit, **scope))
    return lists


def attention_kinds(user: Any) -> dict[str, str]:
    """The kinds of list `user` may get (kind → title), from the providers that name theirs."""
    kinds: dict[str, str] = {}
    for module in provider_modules():
        named = getattr(module, "attention_kinds", None)
        if named is not None:
            kinds.update(named(user))
    return kinds


def days_until(due: date | None, on: date) -> int | None:
    """Days from `on` to `due` (negative once it has passed); None without a due date."""
    return None if due is None else (due - on).days
