"""The fact finders that run per paragraph give what they give on the whole letter."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import helderetaal

from helderetaal import textmemo
from helderetaal.facts import contacts, dates, profile
from helderetaal.facts.chunks import ByParagraph, paragraph_spans
from helderetaal.textmemo import TextMemo

HERE = Path(__file__).parent
LETTERS = sorted([*HERE.glob("letters/*.txt"), *HERE.glob("corpus/*/*.txt"), *(HERE.parent / "examples").glob("*.*")])

#: Each finder run per paragraph, and the function it runs.
FINDERS = [
    (contacts.find_phones, contacts._find_phones_in),
    (contacts.find_emails, contacts._find_emails_in),
    (contacts.find_roles, contacts._find_roles_in),
    (contacts.find_organisations, contacts._find_organisations_in),
    (contacts.find_web_forms, contacts._find_web_forms_in),
    (contacts.find_opening_hours, contacts._find_opening_hours_in),
    (dates.find_simple_dates, dates._find_simple_dates_in),
    (dates._all_times, dates._find_times_in),
    (dates._all_months, dates._find_months_in),
    (dates._all_bare_days, dates._find_bare_days_in),
    (dates._all_vague, dates._find_vague_in),
    (contacts._all_urls, contacts._find_urls_in),
]


#: Paragraphs that address the reader with "u" or "je" (and one quotes a neighbour): shuffled
#: together they make letters that mix the two, in every proportion.
ADDRESSING = [
    "Heb je vragen? Bel ons gerust.",
    "U kunt uw auto op het plein zetten. Wij helpen u graag.",
    "Je buurman zegt: \"Je ziet nu al verschil.\" Wij zijn blij met uw reactie.",
    "Jij bent welkom op de avond, en je buren ook.",
    "Om 9.00 u begint het werk. U merkt er weinig van.",
]


def _letters() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in LETTERS]
    assert len(texts) >= 10, "the test letters moved"
    return texts


def _shuffled_letters() -> list[str]:
    """Paragraphs of the test letters in new orders, some with Windows line endings and blank
    lines of spaces: the same finders must not depend on what comes before a paragraph."""
    rng = random.Random(20261203)
    pool = [p for text in _letters() for p in text.split("\n\n") if p.strip()] + ADDRESSING
    letters = []
    for _ in range(30):
        parts = rng.sample(pool, min(len(pool), rng.randint(3, 12)))
        gap = rng.choice(["\n\n", "\n \n", "\n\t\n\n"])
        text = gap.join(parts)
        letters.append(text.replace("\n", "\r\n") if rng.random() < 0.3 else text)
    return letters


def _as_tuples(found: list[object]) -> list[tuple[object, ...]]:
    return [tuple(_as_tuples([value])[0] if hasattr(value, "__dict__") else value for value in vars(item).values())
            for item in found]


@pytest.mark.parametrize("by_paragraph, whole", FINDERS, ids=[whole.__name__ for _, whole in FINDERS])
def test_per_paragraph_is_the_whole_letter(by_paragraph: ByParagraph, whole) -> None:  # type: ignore[type-arg]
    for text in _letters() + _shuffled_letters():
        assert _as_tuples(by_paragraph(text)) == _as_tuples(whole(text))


def test_results_are_copies_the_caller_may_change() -> None:
    text = "Bel 06-12345678.\n\nOf bel 070-1234567 op 3 juni 2026."
    first = contacts.find_phones(text)
    first[0].general = True
    first[1].start = 0
    second = contacts.find_phones(text)
    assert _as_tuples(second) == _as_tuples(contacts._find_phones_in(text))
    found = dates.find_simple_dates(text)
    found[0].parts.append(found[0])
    assert dates.find_simple_dates(text)[0].parts == []


def test_paragraphs_cover_the_text() -> None:
    text = "Kop\r\n\r\nEen alinea\nmet twee regels.\n  \nLaatste"
    spans = paragraph_spans(text)
    assert "".join(text[start:end] for start, end in spans) == text
    assert [text[start:end] for start, end in spans] == ["Kop\r\n", "\r\nEen alinea\nmet twee regels.\n", "  \nLaatste"]


def test_the_memo_stays_within_its_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textmemo, "MAX_PARAGRAPHS", 3)
    memo = TextMemo(len)
    for number in range(10):
        assert memo(f"alinea {number}") == len(f"alinea {number}")
    assert len(memo._values) <= 3


def test_profile_scores_count_each_block() -> None:
    blocks = ("Wij vervangen het riool.", "Kom naar de inloopavond.", "Wij vervangen ook de stoep.")
    best, scores = profile.detect_profile("", "", blocks)
    whole = profile.detect_profile("", "", (" ".join(blocks),))[1]
    assert scores == whole and best in scores


def _report(text: str) -> list[tuple[object, ...]]:
    report = helderetaal.check(text, path="brief.txt")
    return [(f.rule, f.start, f.end, f.message) for f in report.findings] + [tuple(sorted(report.elements.items()))]


def test_remembered_paragraphs_give_the_check_without_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    # Letters that share paragraphs in other orders and with other neighbours: what a memo kept
    # from one letter must give the same findings, facts and elements in the next one.
    rng = random.Random(7)
    pool = [p for text in _letters() for p in text.split("\n\n") if p.strip()]
    letters = _shuffled_letters()[:8] + [
        "\n\n".join(["Beste bewoner,", *rng.sample(ADDRESSING, rng.randint(2, 4)), *rng.sample(pool, 2)])
        for _ in range(12)]
    remembered = [_report(text) for text in letters + letters[::-1]]
    assert any(item[0] == "u-je" for report in remembered for item in report)
    monkeypatch.setattr(textmemo, "MAX_PARAGRAPHS", 0)  # every value is computed again
    fresh = [_report(text) for text in letters + letters[::-1]]
    assert remembered == fresh
