"""Dates as Exhibit B writes them, understood as windows of days.

The release schedule promises dates at different precisions: "9/15/00" is a day, "4/99" and "06/01"
a month, "4Q99" / "1q00" a quarter, "2H01" a half year, "2001" a year, and "Now" means available on
the schedule's own date (the effective date of the amendment it is attached to). "Under Review" and
a blank cell promise nothing: they parse to `None`, never to a guessed date.

A window runs from its first to its last day, both included. What the Seller committed to is the
*end* of the window: "4/99" is met by a release on 1999-04-30, missed by one on 1999-05-01.

Two-digit years pivot at 30: 00-30 are 2000-2030, 31-99 are 1931-1999. The schedule (1999) only
writes 98 to 02; the pivot leaves room for forecasts recorded later without misreading them.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

PIVOT = 30
NO_DATE_TEXTS = frozenset({"", "under review"})


class Precision(Enum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    NOW = "now"


@dataclass(frozen=True)
class DateWindow:
    """The days a date as written can mean, with the text it came from."""

    start: date
    end: date
    precision: Precision
    as_written: str

    @property
    def deadline(self) -> date:
        """The last day the text allows: the committed date."""
        return self.end

    @property
    def is_single_day(self) -> bool:
        return self.start == self.end

    def describe(self) -> str:
        if self.is_single_day:
            return f"{self.start:%Y-%m-%d}"
        return f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}"

    def __str__(self):
        return f"{self.as_written} ({self.precision.value}: {self.describe()})"


_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", re.ASCII)
_MONTH = re.compile(r"(\d{1,2})/(\d{2}|\d{4})", re.ASCII)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_QUARTER = re.compile(r"(\d)Q(\d{2}|\d{4})", re.IGNORECASE | re.ASCII)
_HALF = re.compile(r"(\d)H(\d{2}|\d{4})", re.IGNORECASE | re.ASCII)
_YEAR = re.compile(r"(\d{4})", re.ASCII)


def full_year(text: str) -> int:
    """A year as written: four digits as is, two digits by the pivot documented above."""
    value = int(text)
    if len(text) == 4:
        if value < 1900:
            raise ValueError(f"year {text} is before 1900")
        return value
    return 2000 + value if value <= PIVOT else 1900 + value


def _month(text: str, as_written: str) -> int:
    month = int(text)
    if not 1 <= month <= 12:
        raise ValueError(f"{as_written!r}: month {month} is not between 1 and 12")
    return month


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_window(text: str | None, *, schedule_date: date | None) -> DateWindow | None:
    """The window `text` means, or None for "Under Review" and blanks.

    `schedule_date` is the date "Now" refers to (the schedule's date); it may be None only when the
    caller knows the text is not "Now". Raises ValueError naming what is wrong with the text.
    """
    as_written = (text or "").strip()
    if as_written.casefold() in NO_DATE_TEXTS:
        return None
    if as_written.casefold() == "now":
        if schedule_date is None:
            raise ValueError("'Now' needs the schedule's date to mean anything")
        return DateWindow(schedule_date, schedule_date, Precision.NOW, as_written)
    if match := _DAY.fullmatch(as_written) or _ISO_DAY.fullmatch(as_written):
        if match.re is _ISO_DAY:
            year, month, day = full_year(match[1]), _month(match[2], as_written), int(match[3])
        else:
            month, day, year = _month(match[1], as_written), int(match[2]), full_year(match[3])
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise ValueError(f"{as_written!r}: {calendar.month_name[month]} {year} has no day {day}")
        day_date = date(year, month, day)
        return DateWindow(day_date, day_date, Precision.DAY, as_written)
    if match := _MONTH.fullmatch(as_written):
        month, year = _month(match[1], as_written), full_year(match[2])
        return DateWindow(date(year, month, 1), _month_end(year, month), Precision.MONTH, as_written)
    if match := _QUARTER.fullmatch(as_written):
        quarter, year = int(match[1]), full_year(match[2])
        if not 1 <= quarter <= 4:
            raise ValueError(f"{as_written!r}: quarter {quarter} does not exist (1 to 4)")
        first = 3 * quarter - 2
        return DateWindow(date(year, first, 1), _month_end(year, first + 2), Precision.QUARTER, as_written)
    if match := _HALF.fullmatch(as_written):
        half, year = int(match[1]), full_year(match[2])
        if not 1 <= half <= 2:
            raise ValueError(f"{as_written!r}: half {half} does not exist (1 or 2)")
        first = 6 * half - 5
        return DateWindow(date(year, first, 1), _month_end(year, first + 5), Precision.HALF, as_written)
    if match := _YEAR.fullmatch(as_written):
        year = full_year(match[1])
        return DateWindow(date(year, 1, 1), date(year, 12, 31), Precision.YEAR, as_written)
    raise ValueError(
        f"{as_written!r} is not a date form of the schedule (e.g. 9/15/00, 4/99, 4Q99, 2H01, 2001, Now, Under Review)"
    )


def check_date_text(text: str | None) -> None:
    """Raise ValueError if `text` is not a schedule date form (the schedule's date is not needed)."""
    parse_window(text, schedule_date=date(2000, 1, 1))
