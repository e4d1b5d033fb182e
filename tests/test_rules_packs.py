"""Behaviour of the Dutch rule packs that the per-rule examples do not show on their own:
names, one finding per phrase, concrete dates, first use, configuration of thresholds."""

from __future__ import annotations

import json

from click.testing import CliRunner

import helderetaal
from helderetaal.cli import main
from helderetaal.config import Config, RuleSettings


def _found(text: str, config: Config | None = None) -> list[tuple[str, str]]:
    report = helderetaal.check(text, config=config)
    return [(f.rule, f.text) for f in report.findings if f.category != "structure" and f.category != "timing"]


def _rules(text: str, config: Config | None = None) -> set[str]:
    return {rule for rule, _ in _found(text, config)}


def test_names_of_people_and_streets_are_not_jargon():
    text = "Beste bewoner,\n\nMevrouw Van der Plaats woont aan de Reedsweg. Wij vinden Indien een mooie naam.\n"
    assert not _found(text)


def test_capital_at_the_start_of_a_sentence_or_list_item_is_still_a_word():
    found = _found("Beste bewoner,\n\nReeds in mei zijn wij begonnen.\n\n- Tevens vervangen wij de goot.\n")
    assert ("ambtelijk", "Reeds") in found
    assert ("ambtelijk", "Tevens") in found


def test_one_phrase_gives_one_finding_across_packs():
    found = _found("Beste bewoner,\n\nWij repareren de lamp zo spoedig mogelijk.\n")
    assert found == [("vaag", "zo spoedig mogelijk")]


def test_split_construction_keeps_its_finding_when_its_gap_holds_a_vague_word():
    found = _found("Beste bewoner,\n\nDe werkzaamheden vangen medio juni aan.\n")
    assert ("ambtelijk", "vangen medio juni aan") in found
    assert ("vaag", "medio") in found


def test_vague_word_next_to_a_concrete_date_is_fine():
    assert "vaag" not in _rules("Beste bewoner,\n\nBinnenkort, op maandag 1 juni, beginnen wij.\n")
    assert "vaag" in _rules("Beste bewoner,\n\nBinnenkort beginnen wij.\n")
    # "medio juni" is not a concrete date: the vague duration next to it still counts.
    assert ("vaag", "enkele weken") in _found("Beste bewoner,\n\nWij beginnen medio juni en werken enkele weken.\n")


def test_gap_does_not_cross_a_comma():
    assert "ambtelijk" not in _rules("Beste bewoner,\n\nWij vangen de kat, en de hond loopt aan.\n")


def test_technical_term_is_flagged_once_and_not_when_explained():
    text = "Beste bewoner,\n\nU kunt een zienswijze indienen. Een zienswijze sturen kan tot 1 juni.\n"
    assert [t for r, t in _found(text) if r == "vakterm"] == ["zienswijze indienen"]
    explained = "Beste bewoner,\n\nU kunt een zienswijze indienen. Dat betekent dat u laat weten wat u vindt.\n"
    assert "vakterm" not in _rules(explained)


def test_capital_abbreviation_is_fine_once_written_out():
    assert "afkortingen-hoofdletters" in _rules("Beste bewoner,\n\nDit staat in de APV.\n")
    written_out = "Beste bewoner,\n\nDit staat in de Algemene Plaatselijke Verordening (APV). De APV geldt overal.\n"
    assert "afkortingen-hoofdletters" not in _rules(written_out)
    assert "afkortingen-hoofdletters" not in _rules("Beste bewoner,\n\nWij gaan woz en apv spelen.\n")


def test_abbreviation_only_first_use():
    found = _found("Beste bewoner,\n\nDe weg is i.v.m. het werk dicht. De stoep is i.v.m. het werk dicht.\n")
    assert [t for r, t in found if r == "afkortingen"] == ["i.v.m."]


def test_passive_does_not_flag_perfect_tense_or_states():
    for sentence in ("Het werk is begonnen.", "Mevrouw Jansen is verhuisd.", "De weg is gesloten.",
                     "De bewoners zijn gekomen.", "Het werk is door de regen gestopt.",
                     "De bomen worden door de aannemer gekapt."):  # names who acts: no hidden actor
        assert "lijdende-vorm" not in _rules(f"Beste bewoner,\n\n{sentence}\n"), sentence
    passives = "De bomen worden gekapt. Daarna wordt de stoep vernieuwd. Ook wordt het riool vervangen."
    assert "lijdende-vorm" in _rules(f"Beste bewoner,\n\n{passives}\n")


def test_sentence_length_thresholds_come_from_the_config():
    sentence = "Wij leggen in de hele Middelweg een nieuw riool en daarna ook een nieuwe stoep met nieuwe bomen erlangs."
    text = f"Beste bewoner,\n\n{sentence}\n"
    assert "zinslengte" not in _rules(text)
    config = Config(rules={"zinslengte": RuleSettings(options={"max_words": 10, "strong_words": 15})})
    report = helderetaal.check(text, config=config)
    [finding] = [f for f in report.findings if f.rule == "zinslengte"]
    assert finding.severity == "warning"
    assert "19 woorden" in finding.message


def test_mixed_u_and_je_flags_the_minority():
    text = "Beste bewoner,\n\nWij sturen u deze brief. U woont in de Middelweg. Bel ons als je vragen hebt.\n"
    assert [t for r, t in _found(text) if r == "u-je"] == ["je"]
    time_only = "Beste Sam,\n\nJe kunt ons bellen van 9.00 u tot 17.00 u. Jij bent welkom.\n"
    assert "u-je" not in _rules(time_only)


def test_uncommon_words_message_lists_them():
    text = ("Beste bewoner,\n\n" + "Wij plaatsen infiltratiekratten en een wadi bij de bronbemaling en de damwand. " * 3
            + "De nulmeting en de vooropname doen wij eerst, daarna de drainage en de kolken.\n")
    report = helderetaal.check(text)
    [finding] = [f for f in report.findings if f.rule == "ongewone-woorden"]
    assert "bronbemaling" in finding.message
    assert "%" in finding.message


def test_cli_reports_pack_findings_as_json(tmp_path):
    letter = tmp_path / "brief.txt"
    letter.write_text("Beste bewoner,\n\nWij informeren u middels deze brief.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(letter)])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.output)["files"][0]["findings"]
    [finding] = [f for f in findings if f["rule"] == "ambtelijk"]
    assert finding["text"] == "middels"
    assert finding["suggestions"] == ["met", "via"]
    assert (finding["line"], finding["column"]) == (3, 18)


def test_bv_after_a_company_name_is_the_company_form_not_bijvoorbeeld():
    text = "Beste bewoner,\n\nDe aannemer, Van Dijk Infra B.V., doet het werk. Denk aan b.v. een nieuwe stoep.\n"
    found = [f for f in helderetaal.check(text).findings if f.rule == "afkortingen"]
    messages = {f.text: f.message for f in found}
    assert "besloten vennootschap" in messages["B.V."] and "bijvoorbeeld" not in messages["B.V."]
    assert "bijvoorbeeld" in messages["b.v."]
