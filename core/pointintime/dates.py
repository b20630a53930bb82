"""The dates a point-in-time answer is computed for."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol


class Agreed(Protocol):
    """Anything agreed on a date: an amendment (its `effective_date`)."""

    @property
    def effective_date(self) -> date: ...


@dataclass(frozen=True)
class AsOf:
    """`on` (valid time), `as_agreed` (contract time; None = every amendment on record) and, when the
    answer is rebuilt from history, `recorded_at` (system time)."""

    on: date
    as_agreed: date | None = None
    recorded_at: datetime | None = None

    def counts(self, amendment: Agreed) -> bool:
        """Whether `amendment` had been agreed by `as_agreed` (always, when no such date was asked for)."""
        return self.as_agreed is None or amendment.effective_date <= self.as_agreed
