"""The typed Letter: profile first, frozen, built once by the engine and read by the rules."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from helderetaal.config import Config
from helderetaal.document import Document
from helderetaal.engine import check_document, understand
from helderetaal.letter import ELEMENTS, Letter, build_letter, letter_of
from helderetaal.readers import parse_text

INVITATION = """Datum: 2 april 2024

Geachte bewoner,

Wij nodigen u uit voor een informatieavond op dinsdag 16 april 2024 van 19.30 tot 21.00 uur
in het buurthuis De Linde. Meld u aan vóór 10 april 2024.
Heeft u vragen? Mail naar info@voorbeeld.nl.
"""


def _document(text: str) -> Document:
    return Document(parse_text(text))


def test_profile_comes_first_directive_then_config_then_detection():
    document = _document(INVITATION)
    assert build_letter(document).profile == "uitnodiging"
    assert build_letter(document).profile_source == "detected"
    configured = build_letter(document, "besluit")
    assert (configured.profile, configured.profile_source, configured.detected_profile) == (
        "besluit", "config", "uitnodiging")
    assert configured.required == ("reason", "action", "contact")
    directed = build_letter(_document("<!-- helderetaal-profile: algemeen -->\n" + INVITATION), "besluit")
    assert (directed.profile, directed.profile_source) == ("algemeen", "directive")


def test_letter_is_frozen_and_typed():
    letter = build_letter(_document(INVITATION))
    with pytest.raises(dataclasses.FrozenInstanceError):
        letter.profile = "besluit"  # type: ignore[misc]
    with pytest.raises(TypeError):
        letter.elements["timing"] = None  # type: ignore[index]
    meeting = letter.meetings[0]
    assert meeting.date == date(2024, 4, 16) and meeting.time_from == "19:30" and meeting.missing() == ()
    assert [spec.key for spec in ELEMENTS] == list(letter.elements)
    assert letter.present("meeting") and letter.requires("meeting")


def test_engine_builds_the_letter_once_and_the_rules_read_it():
    config = Config(profile="besluit")
    document = _document(INVITATION)
    report = check_document(document, config, config.ruleset())
    letter = letter_of(document)
    assert isinstance(letter, Letter) and letter.profile == report.profile == "besluit"
    assert not hasattr(document, "profile") and not hasattr(document, "required_elements")
    # The rules of the besluit profile ran: a decision needs a reason, this letter gives none.
    assert "element-reden" in {f.rule for f in report.findings}
    again = understand(document, Config())
    assert letter_of(document) is again and again.profile == "uitnodiging"


@pytest.mark.parametrize("address_line", [
    "Aan de bewoners van de Lindelaan 2 t/m 48 en de Berkenlaan 1 t/m 31,",
    "Aan alle kinderen uit de buurt van het Kastanjeplein",
])
def test_an_address_line_under_the_title_is_no_first_paragraph(address_line):
    text = f"Nieuwe speeltoestellen\n\n{address_line}\n\nOp 2 juni 2025 plaatsen wij nieuwe speeltoestellen.\n"
    letter = build_letter(_document(text))
    assert letter.first_paragraph is not None
    assert text[letter.first_paragraph.start:letter.first_paragraph.end].startswith("Op 2 juni 2025")
