from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from releases.datewindows import DateWindow, Precision, full_year, parse_window

NOW = date(1999, 11, 15)
SEED = Path(__file__).resolve().parents[2] / "data" / "kmc_lucent.yaml"


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("4/99", date(1999, 4, 1), date(1999, 4, 30), Precision.MONTH),
        ("06/01", date(2001, 6, 1), date(2001, 6, 30), Precision.MONTH),
        ("2/00", date(2000, 2, 1), date(2000, 2, 29), Precision.MONTH),  # 2000 is a leap year
        ("9/98", date(1998, 9, 1), date(1998, 9, 30), Precision.MONTH),
        ("12/99", date(1999, 12, 1), date(1999, 12, 31), Precision.MONTH),
        ("9/15/00", date(2000, 9, 15), date(2000, 9, 15), Precision.DAY),
        ("11/15/99", date(1999, 11, 15), date(1999, 11, 15), Precision.DAY),
        ("2000-02-29", date(2000, 2, 29), date(2000, 2, 29), Precision.DAY),
        ("4Q99", date(1999, 10, 1), date(1999, 12, 31), Precision.QUARTER),
        ("1q00", date(2000, 1, 1), date(2000, 3, 31), Precision.QUARTER),
        ("1Q00", date(2000, 1, 1), date(2000, 3, 31), Precision.QUARTER),
        ("2Q00", date(2000, 4, 1), date(2000, 6, 30), Precision.QUARTER),
        ("3Q00", date(2000, 7, 1), date(2000, 9, 30), Precision.QUARTER),
        ("2H01", date(2001, 7, 1), date(2001, 12, 31), Precision.HALF),
        ("1H02", date(2002, 1, 1), date(2002, 6, 30), Precision.HALF),
        ("2001", date(2001, 1, 1), date(2001, 12, 31), Precision.YEAR),
        ("2002", date(2002, 1, 1), date(2002, 12, 31), Precision.YEAR),
        ("Now", NOW, NOW, Precision.NOW),
        (" now ", NOW, NOW, Precision.NOW),
    ],
)
def test_date_forms_mean_windows(text, start, end, precision):
    window = parse_window(text, schedule_date=NOW)
    assert (window.start, window.end, window.precision) == (start, end, precision)
    assert window.deadline == end
    assert window.as_written == text.strip()


@pytest.mark.parametrize("text", ["Under Review", "under review", "", "   ", None])
def test_no_date_texts_promise_nothing(text):
    assert parse_window(text, schedule_date=NOW) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("13/99", "month 13"),
        ("0/99", "month 0"),
        ("2/30/99", "no day 30"),
        ("2/29/99", "no day 29"),  # 1999 is not a leap year
        ("5Q99", "quarter 5"),
        ("0Q99", "quarter 0"),
        ("3H01", "half 3"),
        ("abc", "not a date form"),
        ("4/99/", "not a date form"),
        ("Q4 99", "not a date form"),
        ("1850", "before 1900"),
        ("0000-01-01", "before 1900"),
        ("\uff14/99", "not a date form"),  # a full-width digit
    ],
)
def test_bad_dates_name_the_problem(text, problem):
    with pytest.raises(ValueError, match=problem):
        parse_window(text, schedule_date=NOW)


def test_now_needs_the_schedule_date():
    with pytest.raises(ValueError, match="schedule's date"):
        parse_window("Now", schedule_date=None)


@pytest.mark.parametrize(("two", "four"), [("98", 1998), ("99", 1999), ("00", 2000), ("30", 2030), ("31", 1931)])
def test_two_digit_years_pivot_at_30(two, four):
    assert full_year(two) == four


def _exhibit_b_texts():
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    texts = set()
    for line in data["release_schedule"]["product_lines"]:
        for group in line["groups"]:
            for row in group["releases"]:
                texts |= {row[k] for k in ("ci_fsa_as_written", "ga_as_written", "single_value_as_written") if row[k]}
    return sorted(texts)


@pytest.mark.parametrize("text", _exhibit_b_texts())
def test_every_date_printed_in_exhibit_b_parses(text):
    window = parse_window(text, schedule_date=NOW)
    if text == "Under Review":
        assert window is None
    else:
        assert window.start <= window.end
        assert date(1998, 1, 1) <= window.start <= date(2002, 12, 31)


_years = st.integers(min_value=1931, max_value=2030)
_texts = st.one_of(
    st.builds(lambda m, y: f"{m}/{y % 100:02d}", st.integers(1, 12), _years),
    st.builds(lambda m, d, y: f"{m}/{d}/{y % 100:02d}", st.integers(1, 12), st.integers(1, 28), _years),
    st.builds(lambda q, y, c: f"{q}{c}{y % 100:02d}", st.integers(1, 4), _years, st.sampled_from("Qq")),
    st.builds(lambda h, y: f"{h}H{y % 100:02d}", st.integers(1, 2), _years),
    st.builds(str, _years),
    st.just("Now"),
)


@given(_texts)
def test_windows_are_ordered_and_round_trip(text):
    window = parse_window(text, schedule_date=NOW)
    assert isinstance(window, DateWindow)
    assert window.start <= window.end
    assert parse_window(window.as_written, schedule_date=NOW) == window


@given(st.text(max_size=12))
def test_any_text_is_a_window_nothing_or_a_value_error(text):
    try:
        window = parse_window(text, schedule_date=NOW)
    except ValueError as exc:
        assert str(exc)
    else:
        assert window is None or window.start <= window.end
