"""Options of the ``pattern`` kind: one note per letter (``summary_from``), no note for a letter with
only a few places (``min_count``), and exceptions by
clause (``unless_in_clause``) and by the words before (``unless_before``)."""

from __future__ import annotations

import pytest

import helderetaal
from helderetaal.config import Config, ConfigError, RuleSettings, load_config

THREE = "Geachte bewoner,\n\nDe weg wordt op 3 juni afgesloten. Daarna worden de bomen gekapt. Ook wordt de stoep vernieuwd.\n"


def _passives(text: str, **options: object) -> list[helderetaal.Finding]:
    config = Config(rules={"lijdende-vorm": RuleSettings(options=dict(options))}) if options else Config()
    return [f for f in helderetaal.check(text, config=config).findings if f.rule == "lijdende-vorm"]


def test_a_letter_with_many_passives_gets_one_note_with_the_count_and_examples():
    found = _passives(THREE)
    assert len(found) == 1
    note = found[0]
    assert (note.start, note.end) == (THREE.index("wordt op 3 juni"), THREE.index("afgesloten") + len("afgesloten"))
    assert "3 keer de lijdende vorm" in note.message
    assert "'wordt op 3 juni afgesloten', 'worden de bomen gekapt' en 'wordt de stoep vernieuwd'" in note.message


def test_summary_from_zero_gives_every_place_its_own_finding():
    found = _passives(THREE, summary_from=0)
    assert [f.text for f in found] == ["wordt op 3 juni afgesloten", "worden de bomen gekapt", "wordt de stoep vernieuwd"]
    assert all("keer" not in f.message for f in found)


def test_one_or_two_passives_in_a_letter_are_no_finding_by_default():
    one = "Geachte bewoner,\n\nDe weg wordt op 3 juni afgesloten. Wij kappen daarna de bomen.\n"
    two = "Geachte bewoner,\n\nDe weg wordt op 3 juni afgesloten. Daarna worden de bomen gekapt.\n"
    assert _passives(one) == [] and _passives(two) == []


def test_one_passive_keeps_its_own_message_with_min_count_one():
    text = "Geachte bewoner,\n\nDe weg wordt op 3 juni afgesloten. Wij kappen daarna de bomen.\n"
    found = _passives(text, min_count=1)
    assert [f.text for f in found] == ["wordt op 3 juni afgesloten"]
    assert "keer" not in found[0].message


def test_a_silenced_place_is_not_counted_and_hands_the_note_on():
    text = ("Geachte bewoner,\n\nDe weg wordt op 3 juni afgesloten. <!-- helderetaal-disable-line lijdende-vorm -->\n\n"
            "Daarna worden de bomen gekapt. Ook wordt de stoep vernieuwd. Dan wordt het riool gelegd.\n")
    found = _passives(text)
    assert len(found) == 1 and found[0].text == "worden de bomen gekapt"
    assert "3 keer" in found[0].message
    # Two places left after the silenced one: below min_count, so no note at all.
    assert _passives(text.replace(" Dan wordt het riool gelegd.", "")) == []


def test_a_door_phrase_names_the_actor_only_in_its_own_clause():
    assert not _passives("De weg wordt op 3 juni door de aannemer afgesloten.", min_count=1)
    assert [f.text for f in _passives("De weg wordt afgesloten, zodat u niet door de straat kunt rijden.",
                                      min_count=1)] == ["wordt afgesloten"]
    assert [f.text for f in _passives("De weg wordt op 3 juni door de aannemer afgesloten.", unless_in_clause="",
                                      min_count=1)] == ["wordt op 3 juni door de aannemer afgesloten"]


def test_a_rule_without_summary_message_adds_the_count_to_its_message():
    text = "Het kappen van de bomen duurt lang. Het graven van de sleuf ook. Het leggen van de buis is snel klaar."
    config = Config(rules={"naamwoordstijl-het-van": RuleSettings(options={"summary_from": 2})})
    found = [f for f in helderetaal.check(text, config=config).findings if f.rule == "naamwoordstijl-het-van"]
    assert len(found) == 1 and found[0].text == "Het kappen van"
    assert "Dit staat 3 keer in de brief" in found[0].message


def test_unless_before_skips_a_place_after_those_words():
    text = "Wij beginnen met het aanleggen van de stoep. Het kappen van de bomen duurt lang."
    found = [f.text for f in helderetaal.check(text).findings if f.rule == "naamwoordstijl-het-van"]
    assert found == ["Het kappen van"]


@pytest.mark.parametrize("option", ["unless_in_clause", "unless_before"])
def test_a_broken_regular_expression_is_a_config_error(tmp_path, option):
    path = tmp_path / ".helderetaal.yaml"
    path.write_text(f"rules:\n  lijdende-vorm:\n    {option}: '(door'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path).ruleset()
    assert f"optie '{option}'" in str(error.value)
