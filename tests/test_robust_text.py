"""Property-based tests: any text is checked without an exception, with sound offsets."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helderetaal
from helderetaal.finding import CATEGORIES, SEVERITIES

# Text that looks a bit like a letter, mixed with anything Unicode has (including lone
# surrogates, which bad decoding produces, and control characters).
WORDS = st.sampled_from([
    "Geachte bewoner,", "middels", "binnenkort", "i.v.m.", "tel.", "070-3537233", "3 t/m 28 juni", "u", "je",
    "\r\n", "\n\n", "\r", "- ", "# ", "<!-- helderetaal-disable -->", "😀", "e\u0301", "wordt afgesloten", ".",
    "Met vriendelijke groet,", "maandag 4 juni 2024", "Datum: 6 mei 2024", "**", "`", "[", "](", ")",
])
LETTERISH = st.lists(st.one_of(WORDS, st.text(max_size=20)), max_size=60).map(" ".join)
ANY_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=200),
    LETTERISH,
    st.text(alphabet=".,;:!?-()[]*#", max_size=200),
    st.builds(lambda n: "a" * n, st.integers(0, 5000)),
)


def _assert_sound(text: str, report: helderetaal.Report) -> None:
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text
        assert finding.category in CATEGORIES and finding.severity in SEVERITIES
        assert finding.line >= 1 and finding.column >= 1
    assert not report.errors, report.errors


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT, st.sampled_from(["txt", "md"]))
def test_any_text_checks_cleanly_and_deterministically(text, fmt):
    first = helderetaal.check(text, format=fmt)
    _assert_sound(text, first)
    assert helderetaal.check(text, format=fmt) == first


def test_lone_surrogates_and_controls():
    text = "Geachte bewoner,\n\nWij \ud800 informeren u middels \x00\x07 deze brief.\udfff\n"
    report = helderetaal.check(text)
    _assert_sound(text, report)
    assert any(f.text == "middels" for f in report.findings)


def test_very_long_word_and_no_spaces():
    text = "x" * 200_000
    _assert_sound(text, helderetaal.check(text))
    text = "Middels." * 20_000
    _assert_sound(text, helderetaal.check(text))
