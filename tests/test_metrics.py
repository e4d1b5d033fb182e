"""Readability metrics: syllables, Flesch-Douma, Brouwer, uncommon words, B1 indication."""

from __future__ import annotations

import pytest

import helderetaal
from helderetaal.metrics import UNCOMMON_ZIPF, b1_indication, syllables, zipf


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("idee", 2), ("april", 2), ("de", 1), ("weg", 1), ("straat", 1), ("nieuw", 1), ("uur", 1),
        ("bomen", 2), ("riool", 2), ("auto", 2), ("maandag", 2), ("gemeente", 3), ("museum", 3),
        ("januari", 4), ("werkzaamheden", 4), ("geïnformeerd", 4), ("beëindigen", 4), ("ruïne", 3),
        ("coördinatie", 5), ("Middelweg", 3),
    ],
)
def test_syllables(word, count):
    assert syllables(word) == count


def _metrics(body: str):
    return helderetaal.check(f"Beste bewoner,\n\n{body}\n").metrics


def test_flesch_douma_and_brouwer_by_hand():
    # 9 words, 2 sentences, 11 syllables (leg-gen, ri-ool: 2; the rest 1).
    # Flesch-Douma = 206.835 - 0.93 * 4.5 - 77 * 11/9 = 108.539
    # Brouwer     = 195 - 2 * 4.5 - 66.67 * 11/9     = 104.514
    metrics = _metrics("De weg gaat dicht. Wij leggen een nieuw riool.")
    assert metrics["words"] == 9
    assert metrics["sentences"] == 2
    assert metrics["avg_sentence_length"] == 4.5
    assert metrics["flesch_douma"] == pytest.approx(108.5, abs=0.05)
    assert metrics["brouwer_leesindex"] == pytest.approx(104.5, abs=0.05)


def test_abbreviations_do_not_split_sentences_in_the_metrics():
    metrics = _metrics("De weg is i.v.m. het werk dicht. Bel dhr. Jansen.")
    assert metrics["sentences"] == 2


def test_a_title_or_list_line_without_a_full_stop_is_a_sentence_of_its_own():
    # No blank lines: the splitter joins the title and the lines of times to the sentence above.
    body = ("De avond begint met koffie in de grote zaal van het buurthuis aan de Dorpsweg.\nProgramma\n"
            "19.30 uur welkom\n19.45 uur de plannen\n20.30 uur vragen")
    metrics = _metrics(body)
    assert metrics["sentences"] == 5 and metrics["words"] == 26


def test_long_words_share():
    # "werkzaamheden" (4 syllables) is the only word with more than 3 syllables: 1 of 4.
    metrics = _metrics("De werkzaamheden duren lang.")
    assert metrics["long_words_share"] == 0.25


def test_compound_is_scored_by_its_head():
    assert zipf("afsluiting") >= UNCOMMON_ZIPF
    assert zipf("wegafsluiting") >= UNCOMMON_ZIPF
    assert zipf("gemeentehuis") >= UNCOMMON_ZIPF
    assert zipf("bronbemaling") < UNCOMMON_ZIPF


def test_uncommon_words_are_listed_without_names_or_numbers():
    metrics = _metrics("Wij gebruiken bronbemaling bij de Middelweg. Mevrouw Xyzzyqq belt u op 14 070.")
    assert "bronbemaling" in metrics["uncommon_words"]
    assert "wegafsluiting" not in metrics["uncommon_words"]
    assert not any(word in metrics["uncommon_words"] for word in ("middelweg", "xyzzyqq", "14", "070"))
    assert metrics["uncommon_words_share"] > 0


def test_b1_indication_is_cautious():
    assert b1_indication(12.0, 70.0, 0.02) == "waarschijnlijk B1 of eenvoudiger"
    assert b1_indication(18.0, 70.0, 0.02) == "mogelijk boven B1"
    assert b1_indication(25.0, 40.0, 0.10) == "waarschijnlijk boven B1"
    assert b1_indication(0.0, 0.0, 0.0) == "onbekend"
    assert "B1" in _metrics("De weg gaat dicht. Wij leggen een nieuw riool.")["b1_indicatie"]


def test_empty_letter_has_no_scores():
    metrics = helderetaal.check("Datum: 1 juni 2026\n").metrics
    assert metrics["words"] == 0
    assert metrics["flesch_douma"] is None


def test_metric_rules_fire_on_thresholds():
    stiff = (
        "In verband met de noodzakelijke vervangingswerkzaamheden aan de gemeentelijke riolering is de "
        "bereikbaarheid van de woningen gedurende de uitvoeringsperiode beperkt. " * 4
    )
    report = helderetaal.check(f"Beste bewoner,\n\n{stiff}\n")
    assert "leesbaarheid" in {finding.rule for finding in report.findings}
    easy = "De weg gaat dicht. Wij leggen een nieuw riool. U kunt wel lopen. " * 8
    report = helderetaal.check(f"Beste bewoner,\n\n{easy}\n")
    assert "leesbaarheid" not in {finding.rule for finding in report.findings}
