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
