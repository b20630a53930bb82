"""The home page: where each role starts, with what needs their attention (`core.attention`)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.views.generic import TemplateView

from core.attention import AttentionItem, AttentionList, attention_lists, days_until
from core.autocomplete import AutocompleteField
from core.pointintime.inputs import PagePointInTimeForm

# Each list on the home page shows at most this many items; its count and "all" link give the rest.
HOME_LIMIT = 8


class HomeOnForm(PagePointInTimeForm):
    """The date the lists are computed for (empty: today), and the one agreement they are about (empty: all)."""

    axes = ("on",)

    agreement = AutocompleteField(
        "agreement",
        required=False,
        label="Agreement",
        help_text="Its contract number or title. Empty: every agreement.",
    )

    def agreement_asked(self) -> Any:
        return self.cleaned_data.get("agreement") if self.is_bound and self.is_valid() else None


@dataclass(frozen=True)
class HomeRow:
    """An item with its countdown from the date the lists were computed for."""

    item: AttentionItem
    days: int | None

    @property
    def countdown(self) -> str:
        if self.days is None:
            return ""
        if self.days == 0:
            return "today"
        if self.days > 0:
            return f"in {self.days:,} day{'s' if self.days != 1 else ''}"
        return f"{-self.days:,} day{'s' if self.days != -1 else ''} ago"

    @property
    def urgency(self) -> str:
        """A class for the countdown; the words say the same, colour is never the only signal."""
        if self.days is None:
            return ""
        return "past" if self.days < 0 else ("soon" if self.days <= 30 else "later")


@dataclass(frozen=True)
class HomeList:
    attention: AttentionList
    rows: tuple[HomeRow, ...]

    @property
    def has_due(self) -> bool:
        return any(row.days is not None for row in self.rows)


def home_lists(user: Any, *, on: date, limit: int = HOME_LIMIT, agreement: Any = None) -> list[HomeList]:
    return [
        HomeList(found, tuple(HomeRow(item, days_until(item.due, on)) for item in found.items))
        for found in attention_lists(user, on=on, limit=limit, agreement=agreement)
    ]


class HomeView(TemplateView):
    """Landing page: what needs the user's attention on a date (today by default), then where to go.

    Anonymous users never get here: `core.middleware.LoginRequiredMiddleware` sends them to log in.
    """

    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = HomeOnForm(self.request.GET)
        as_of = form.as_of()
        agreement = form.agreement_asked() if as_of else None
        lists = home_lists(self.request.user, on=as_of.on, agreement=agreement) if as_of else []
        return super().get_context_data(
            form=form, on=as_of.on if as_of else None, agreement=agreement, lists=lists, **kwargs
        )
