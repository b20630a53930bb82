"""The date a question is answered for when the user gives none.

Today, unless the agreement's Term ended before today: then the Term's last day. Answering "as of
today" about a contract that ended years ago reports every open commitment as overdue by thousands of
days, which says nothing; the Term's last day is the last day the commitments applied. The page says
which date it chose and why, and any other date can still be asked for.

Core knows no agreement: the caller passes the Term's expiry (`releases.board.default_as_of` asks
`contracts.snapshot.term_standing`).
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone


@dataclass(frozen=True)
class DefaultDate:
    """The date chosen, the day it was chosen on, and the Term's end when that decided it."""

    on: date
    today: date
    term_ended_on: date | None = None

    @property
    def after_term(self) -> bool:
        return self.term_ended_on is not None

    def note(self, what: str = "the board") -> str:
        """What the page says about the choice; empty when the date is simply today."""
        if self.term_ended_on is None:
            return ""
        return f"The Term ended on {self.term_ended_on:%Y-%m-%d}; showing {what} as of that day."


def default_on(*, term_expiry: date | None, today: date | None = None) -> DefaultDate:
    """Today, or the Term's last day when the Term (expiring on `term_expiry`; None: unknown) has ended."""
    today = today or timezone.localdate()
    if term_expiry is not None and term_expiry < today:
        return DefaultDate(on=term_expiry, today=today, term_ended_on=term_expiry)
    return DefaultDate(on=today, today=today)
