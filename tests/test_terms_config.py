"""Word lists under a writer's config: strict entries, switched-off rules, allowed words."""

from __future__ import annotations

import helderetaal
from helderetaal.config import Config, RuleSettings

LETTER = "Geachte bewoner,\n\nDe werkzaamheden in de Tulpstraat duren drie weken.\n"


def _words(text: str, config: Config | None = None) -> list[tuple[str, str]]:
    report = helderetaal.check(text, config=config or Config())
    return [(f.rule, f.text) for f in report.findings if f.category in ("jargon", "vague", "abbreviation")]


def test_a_word_most_readers_know_is_flagged_only_by_a_strict_check():
    assert ("ambtelijk", "werkzaamheden") not in _words(LETTER)
    strict = Config(rules={"ambtelijk": RuleSettings(options={"strict": True})})
    assert ("ambtelijk", "werkzaamheden") in _words(LETTER, strict)


def test_a_strict_word_is_no_compound_part_either():
    text = "Geachte bewoner,\n\nDe schilderwerkzaamheden in de Tulpstraat duren drie weken.\n"
    assert not [pair for pair in _words(text) if pair[0] == "ambtelijk"]
    strict = Config(rules={"ambtelijk": RuleSettings(options={"strict": True})})
    assert ("ambtelijk", "schilderwerkzaamheden") in _words(text, strict)


def test_a_switched_off_rule_silences_no_other():
    text = "Geachte bewoner,\n\nIndien nodig sluiten wij de weg af.\n"
    assert ("vaag", "Indien nodig") in _words(text)
    assert ("ambtelijk", "Indien") not in _words(text)  # one phrase, one finding
    without_vague = Config(rules={"vaag": RuleSettings(enabled=False)})
    assert ("ambtelijk", "Indien") in _words(text, without_vague)


def test_a_rule_defers_only_to_what_the_other_rule_flags_under_this_config():
    # With 'skip_near_concrete', 'vaag' leaves 'Indien nodig' alone in a sentence with a date:
    # then the stiff 'Indien' is reported, as the config sets 'vaag', not as its rule file does.
    text = "Geachte bewoner,\n\nIndien nodig sluiten wij op 3 juni de weg af.\n"
    assert ("ambtelijk", "Indien") not in _words(text)
    vague_elsewhere = Config(rules={"vaag": RuleSettings(options={"skip_near_concrete": True})})
    found = _words(text, vague_elsewhere)
    assert ("ambtelijk", "Indien") in found and ("vaag", "Indien nodig") not in found


def test_an_allowed_word_is_allowed_in_its_inflected_forms():
    text = "Geachte bewoner,\n\nWij vernieuwen de trottoirs en de rijbanen in de Tulpstraat.\n"
    assert {("vakwoord", "trottoirs"), ("vakwoord", "rijbanen")} <= set(_words(text))
    allowed = Config(allow=frozenset({"trottoir", "rijbaan"}))
    found = _words(text, allowed)
    assert ("vakwoord", "trottoirs") not in found and ("vakwoord", "rijbanen") not in found


def test_an_allowed_word_is_allowed_inside_the_compounds_it_names():
    text = "Geachte bewoner,\n\nDe omgevingsvergunningaanvraag ligt klaar.\n"
    assert ("vakterm", "omgevingsvergunningaanvraag") in _words(text)
    assert not _words(text, Config(allow=frozenset({"omgevingsvergunning"})))


FRAMED = ("Gemeente Middelstad\nBetreft: nieuwe stoep\nRef.: S. Bakker\n\nGeachte bewoner,\n\n"
          "Op 3 juni leggen wij een nieuwe stoep in de Tulpstraat.\n\nHoogachtend,\n\nSanne Bakker\ntel. 06-12345678\n\n"
          "P.S. Binnenkort krijgt u een kaart met de route.\n")


def test_the_letter_head_and_sign_off_are_checked_for_abbreviations_and_stiff_formulas():
    found = _words(FRAMED)
    assert {("ambtelijk", "Betreft"), ("afkortingen", "Ref."), ("ambtelijk", "Hoogachtend"),
            ("afkortingen", "tel.")} <= set(found)


def test_a_postscript_after_the_signature_is_checked_like_the_body():
    assert ("vaag", "Binnenkort") in _words(FRAMED)


REPEATED = ("Geachte bewoner,\n\nHet werk geeft eventueel geluid.\n\nDe stoep is eventueel ook dicht.\n\n"
            "Wij ruimen eventueel ook de tuin op.\n")


def test_the_json_finding_lists_the_other_places_of_a_once_per_letter_term():
    (finding,) = [f.to_dict() for f in helderetaal.check(REPEATED).findings if f.rule == "vaag"]
    second = REPEATED.index("eventueel", REPEATED.index("eventueel") + 1)
    assert finding["related"][0] == {"start": second, "end": second + len("eventueel"), "line": 5, "column": 13,
                                     "end_line": 5, "end_column": 22, "text": "eventueel"}
    assert len(finding["related"]) == 2 and "3 keer" in finding["message"]


def test_a_compound_is_not_cut_inside_a_prefix():
    # "wegafzetting" is "weg" + "afzetting", "bewonersoverleggen" is "bewoners" + "overleggen":
    # neither is about the listed "zetting" or "verleggen".
    text = "Geachte bewoner,\n\nNa de bewonersoverleggen komt er een wegafzetting.\n"
    messages = [f.message for f in helderetaal.check(text).findings]
    assert not [m for m in messages if "'verleggen'" in m or "'zetting'" in m]


def test_a_term_explained_at_its_first_use_is_not_flagged_later():
    text = ("Geachte bewoner,\n\nU kunt een zienswijze (uw reactie op het plan) indienen.\n\n"
            "Stuur uw zienswijze voor 1 juni.\n")
    assert not [pair for pair in _words(text) if pair[0] == "vakterm"]


def test_an_unexplained_term_is_flagged_once_with_its_other_places():
    text = "Geachte bewoner,\n\nU kunt een zienswijze indienen.\n\nStuur uw zienswijze voor 1 juni.\n"
    (finding,) = [f for f in helderetaal.check(text).findings if f.rule == "vakterm"]
    assert "2 keer" in finding.message and [place.text for place in finding.related] == ["zienswijze"]


def test_a_sentence_that_means_something_else_does_not_explain_the_term():
    # "Dit betekent dat ..." before the term explains the situation, not the word.
    text = "Geachte bewoner,\n\nDit betekent dat de zienswijze later komt.\n"
    assert ("vakterm", "zienswijze") in _words(text)


def test_the_other_places_are_capped_but_the_count_is_not():
    from helderetaal.kinds.terms import MAX_RELATED

    text = "Geachte bewoner,\n\n" + "Het werk geeft eventueel geluid.\n\n" * (MAX_RELATED + 10)
    (finding,) = [f for f in helderetaal.check(text).findings if f.rule == "vaag"]
    assert len(finding.related) == MAX_RELATED and f"{MAX_RELATED + 10} keer" in finding.message


def test_fix_changes_a_once_per_letter_word_at_every_place(tmp_path):
    import subprocess
    import sys

    letter = tmp_path / "brief.txt"
    letter.write_text("Geachte bewoner,\n\nWij zijn reeds begonnen.\n\nHet werk is reeds half klaar.\n", encoding="utf-8")
    (finding,) = [f for f in helderetaal.check(letter.read_text(encoding="utf-8")).findings if f.rule == "ambtelijk"]
    assert [place.text for place in finding.related] == ["reeds"]
    result = subprocess.run([sys.executable, "-m", "helderetaal.cli", "fix", str(letter)], capture_output=True,
                            text=True, encoding="utf-8", check=False)
    assert result.returncode == 0, result.stderr
    assert letter.read_text(encoding="utf-8") == "Geachte bewoner,\n\nWij zijn al begonnen.\n\nHet werk is al half klaar.\n"


def test_the_year_after_a_vague_month_is_part_of_that_one_note() -> None:
    for text, month in (("Wij werken tot eind oktober van dit jaar in uw straat.", "eind oktober"),
                        ("Eind maart volgend jaar beginnen wij.", "Eind maart")):
        found = [(f.rule, f.text) for f in helderetaal.check(f"Beste bewoner,\n\n{text}\n", path="brief.txt").findings
                 if f.category in ("vague", "timing")]
        assert found == [("vaag", month)]
    # Without a month the year is the vague moment itself.
    assert [f.text for f in helderetaal.check("Beste bewoner,\n\nDit jaar is het werk klaar.\n").findings
            if f.rule == "vaag"] == ["Dit jaar"]
