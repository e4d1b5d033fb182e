"""The fact finders that run per paragraph give what they give on the whole letter."""

from __future__ import annotations

import enum
import random
from pathlib import Path

import pytest

from helderetaal.config import load_configs
from helderetaal.document import Document
from helderetaal.engine import check_document
from helderetaal.facts import contacts, dates, profile
from helderetaal.facts.chunks import ByParagraph, paragraph_spans
from helderetaal.memo import BlockResults
from helderetaal.readers import parse_text

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
    (contacts._name_candidates, contacts._find_name_candidates_in),
    (dates._all_week_numbers, dates._find_week_numbers_in),
]


#: Paragraphs that address the reader with "u" or "je" (and one quotes a neighbour): shuffled
#: together they make letters that mix the two, in every proportion.
ADDRESSING = [
    "Heb je vragen? Bel ons gerust.",
    "U kunt uw auto op het plein zetten. Wij helpen u graag.",
    "Je buurman zegt: \"Je ziet nu al verschil.\" Wij zijn blij met uw reactie.",
    "Jij bent welkom op de avond, en je buren ook.",
    "Om 9.00 u begint het werk. U merkt er weinig van.",
    # A mistake owned or not (passport-fout-erkennen: its trigger and its required cues in other blocks).
    "In onze vorige brief stond per abuis een verkeerde datum. Onze excuses.",
    "Voor u betekent dit dat u uw auto tot 3 juni gewoon kunt parkeren.",
    "Wij laten brieven voortaan door een tweede collega lezen.",
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
    return [tuple(_as_tuples([value])[0] if hasattr(value, "__dict__") and not isinstance(value, enum.Enum) else value
                  for value in vars(item).values())
            for item in found]


@pytest.mark.parametrize("by_paragraph, whole", FINDERS, ids=[whole.__name__ for _, whole in FINDERS])
def test_per_paragraph_is_the_whole_letter(by_paragraph: ByParagraph, whole) -> None:  # type: ignore[type-arg]
    results = BlockResults()
    for text in _letters() + _shuffled_letters():
        assert _as_tuples(by_paragraph(text, results)) == _as_tuples(whole(text)) == _as_tuples(by_paragraph(text))


def test_results_are_copies_the_caller_may_change() -> None:
    text = "Bel 06-12345678.\n\nOf bel 070-1234567 op 3 juni 2026."
    results = BlockResults()
    first = contacts.find_phones(text, results)
    first[0].general = True
    first[1].start = 0
    second = contacts.find_phones(text, results)
    assert _as_tuples(second) == _as_tuples(contacts._find_phones_in(text))
    found = dates.find_simple_dates(text, results)
    found[0].parts.append(found[0])
    assert dates.find_simple_dates(text, results)[0].parts == []


def test_paragraphs_cover_the_text() -> None:
    text = "Kop\r\n\r\nEen alinea\nmet twee regels.\n  \nLaatste"
    spans = paragraph_spans(text)
    assert "".join(text[start:end] for start, end in spans) == text
    assert [text[start:end] for start, end in spans] == ["Kop\r\n", "\r\nEen alinea\nmet twee regels.\n", "  \nLaatste"]


def test_profile_scores_count_each_block() -> None:
    blocks = ("Wij vervangen het riool.", "Kom naar de inloopavond.", "Wij vervangen ook de stoep.")
    best, scores = profile.detect_profile("", "", blocks, BlockResults())
    whole = profile.detect_profile("", "", (" ".join(blocks),))[1]
    assert scores == whole and best in scores


def _report(document: Document) -> list[tuple[object, ...]]:
    report = check_document(document, CONFIG, RULESET)
    return [(f.rule, f.start, f.end, f.message) for f in report.findings] + [tuple(sorted(report.elements.items()))]


CONFIG = load_configs(())
RULESET = CONFIG.ruleset()


def test_kept_paragraphs_give_the_full_check() -> None:
    # Letters that share paragraphs in other orders and with other neighbours, checked with one
    # store of per-block results: what was kept from one letter must give the same findings and
    # elements in the next one as a check without the store.
    rng = random.Random(7)
    pool = [p for text in _letters() for p in text.split("\n\n") if p.strip()]
    letters = _shuffled_letters()[:8] + [
        "\n\n".join(["Beste bewoner,", *rng.sample(ADDRESSING, rng.randint(2, 4)), *rng.sample(pool, 2)])
        for _ in range(12)]
    results = BlockResults()
    kept = [_report(Document(parse_text(text), results=results)) for text in letters + letters[::-1]]
    full = [_report(Document(parse_text(text))) for text in letters + letters[::-1]]
    assert any(item[0] == "u-je" for report in full for item in report)
    assert any(item[0] == "passport-fout-erkennen" for report in full for item in report)
    assert kept == full


@pytest.mark.parametrize("text", ["Het werk begint op dinsdag 3\n\njuni 2026.", "Wij werken van 7.00\n\ntot 16.00 uur.",
                                  "Op 3 juni\n\n2026 begint het werk.", "Wij werken in week\n\n23.",
                                  "Bel de heer\n\nJansen."])
def test_no_fact_spans_a_blank_line_with_or_without_kept_results(text: str) -> None:
    # The editor reads paragraphs one by one; so does a check on the command line, so both agree.
    for by_paragraph, _whole in FINDERS:
        alone, kept = by_paragraph(text), by_paragraph(text, BlockResults())
        assert _as_tuples(alone) == _as_tuples(kept)
        assert all("\n\n" not in text[item.start:item.end] for item in alone if hasattr(item, "start"))


def test_people_weighed_per_letter_from_kept_paragraphs() -> None:
    # Which capitalised pairs are names depends on the rest of the letter (a contact cue, the
    # sign-off); the paragraphs' candidates are kept, the weighing is done again each time.
    for text in _letters() + _shuffled_letters():
        def context(offset: int, text: str = text) -> bool:
            return "contact" in text[max(0, offset - 60):offset].lower()
        results = BlockResults()
        assert (_as_tuples(contacts.find_people(text, context, results))
                == _as_tuples(contacts.find_people(text, context, results))
                == _as_tuples(contacts.find_people(text, context)))
    # "Wobbe" is no first name the checker knows: only the context makes "Wobbe Visser" a name.
    text = "Neem contact op met Wobbe Visser of Anna Smit.\n\nWobbe Visser en Anna Smit komen ook langs."
    names = [text[f.start:f.end] for f in contacts.find_people(text, lambda offset: offset < 40, BlockResults())]
    assert names == ["Wobbe Visser", "Anna Smit", "Anna Smit"]


def test_each_paragraph_read_once_across_letters_and_finders() -> None:
    # The editor's next version of a letter repeats all but one paragraph: a finder reads only
    # the paragraph that changed, and the store is asked once per paragraph, not once per finder.
    read: list[str] = []

    def find(piece: str) -> list[contacts.Found]:
        read.append(piece)
        at = piece.find("Bel")
        return [contacts.Found(at, at + 3, "test")] if at >= 0 else []

    finder = ByParagraph(find, contacts._shifted)
    results = BlockResults()
    first = "Beste buur,\n\nBel ons.\n\nWij werken in mei."
    second = first.replace("mei", "juni")
    assert [(f.start, f.end) for f in finder(first, results)] == [(13, 16)]
    assert [(f.start, f.end) for f in finder(second, results)] == [(13, 16)]
    assert read == ["Beste buur,\n", "\nBel ons.\n", "\nWij werken in mei.", "\nWij werken in juni."]
    lookups = results._lookups
    contacts.find_phones(second, results)
    dates.find_simple_dates(second, results)
    assert results._lookups == lookups  # the paragraphs of this text were looked up already
