"""A term is reported once per letter, at its first place the writer has not silenced."""

from __future__ import annotations

import helderetaal

FIRST = "Het werk geeft eventueel geluid."
SECOND = "De stoep is eventueel ook dicht."


def _vague(text: str) -> list[helderetaal.Finding]:
    return [f for f in helderetaal.check(text).findings if f.rule == "vaag" and f.text.lower() == "eventueel"]


def test_the_first_occurrence_carries_the_note():
    text = f"Geachte bewoner,\n\n{FIRST}\n\n{SECOND}\n"
    found = _vague(text)
    assert [f.start for f in found] == [text.index("eventueel")]


def test_a_silenced_first_occurrence_hands_the_note_to_the_next():
    text = f"Geachte bewoner,\n\n{FIRST} <!-- helderetaal-disable-line vaag -->\n\n{SECOND}\n"
    found = _vague(text)
    assert [f.start for f in found] == [text.rindex("eventueel")]


def _stiff(text: str, word: str) -> list[helderetaal.Finding]:
    return [f for f in helderetaal.check(text).findings if f.text.lower() == word]


def test_a_heading_use_hands_the_note_to_the_first_use_in_running_text():
    # A heading has no room to explain or rephrase a word: the writer does that in the text below.
    text = "Beste bewoner,\n\nHerinrichting van het plein\n\nDe herinrichting begint in mei.\n"
    found = _stiff(text, "herinrichting")
    assert [f.start for f in found] == [text.index("De herinrichting") + 3]
    assert [place.start for place in found[0].related] == [text.index("Herinrichting")]


def test_a_term_used_only_in_a_heading_is_noted_there():
    text = "Beste bewoner,\n\nHerinrichting van het plein\n\nHet plein krijgt nieuwe bankjes in mei.\n"
    found = _stiff(text, "herinrichting")
    assert [f.start for f in found] == [text.index("Herinrichting")]
    assert found[0].related == ()
