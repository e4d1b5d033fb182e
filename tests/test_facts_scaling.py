"""Reading dates stays linear in long runs of blanks after a date word.

Growth is compared, not absolute time: the same text at 1x and 8x its size. Linear reading
grows about 8x, quadratic reading 64x; the bound (24x) leaves room for a noisy machine.
"""

from __future__ import annotations

import time

import pytest

import helderetaal
from helderetaal.facts import dates as dt

SMALL, LARGE = 3_000, 24_000
HEAD = "Geachte bewoner,\n\nWij leggen een nieuwe stoep aan in uw straat en "


def _seconds(function, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - began)
    return max(best, 1e-4)  # below a tenth of a millisecond the clock is noise


def _growth(function, make) -> float:
    return _seconds(function, make(LARGE)) / _seconds(function, make(SMALL))


@pytest.mark.parametrize("lead", ["maandag", "maandag ,", "ma", "week", "van", "in de week van", "12", "3 tot"])
@pytest.mark.parametrize("blank", [" ", "\t", " \n"])
def test_dates_are_read_in_linear_time_after_a_date_word(lead, blank):
    def make(size: int) -> str:
        return lead + blank * (size // len(blank)) + "x."

    assert _growth(lambda text: dt.find_dates(text, None), make) < 24


def test_a_whole_letter_with_a_weekday_and_many_blanks_is_checked_in_linear_time():
    def make(size: int) -> str:
        return HEAD + "maandag" + " " * size + "x.\n"

    assert _growth(helderetaal.check, make) < 24


def test_weekday_and_date_still_read_with_comma_or_line_break():
    for text in ("maandag 3 juni 2024", "maandag, 3 juni 2024", "maandag ,3 juni 2024", "Maandag\n3 juni 2024",
                 "ma. 3 juni 2024"):
        mention = dt.find_dates(text, None)[0]
        assert (mention.weekday, mention.first.isoformat(), mention.start) == ("maandag", "2024-06-03", 0), text
