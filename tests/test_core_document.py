"""The document model: structure, sentences, offsets, directives."""

from __future__ import annotations

import pytest

from helderetaal.document import Document
from helderetaal.positions import LineIndex
from helderetaal.readers import parse_markdown, parse_text

LETTER = """Gemeente Den Haag
Postbus 12600

Datum : 6 mei 2024
Ons kenmerk : DSO/2024.123
Onderwerp : Werkzaamheden Dorpsstraat

Geachte bewoner,

De gemeente vervangt i.v.m. de leeftijd de riolering. Dhr. J. de Vries is de
omgevingsmanager. Bel hem op tel. 070-3537233. Het werk duurt van 3 t/m 28 juni.
Dat is o.a. nodig omdat de buizen oud zijn.

Wat merkt u ervan?
- De straat is dicht.
- U parkeert op de Middelweg
  of op het plein.

Informatieavond
Op maandag 3 juni om 19.30 uur. Iedereen is welkom!

Met vriendelijke groet,

Jan de Vries
Omgevingsmanager
"""


def _doc(text: str, markdown: bool = False) -> Document:
    return Document(parse_markdown(text) if markdown else parse_text(text))


def _kinds(document: Document) -> list[tuple[str, str]]:
    return [(block.kind, document.text[block.start:block.end]) for block in document.blocks]


def test_letter_structure():
    kinds = _kinds(_doc(LETTER))
    assert kinds[:6] == [
        ("head", "Gemeente Den Haag"),
        ("head", "Postbus 12600"),
        ("head", "Datum : 6 mei 2024"),
        ("head", "Ons kenmerk : DSO/2024.123"),
        ("head", "Onderwerp : Werkzaamheden Dorpsstraat"),
        ("salutation", "Geachte bewoner,"),
    ]
    assert ("heading", "Wat merkt u ervan?") in kinds
    assert ("list_item", "De straat is dicht.") in kinds
    assert ("list_item", "U parkeert op de Middelweg\n  of op het plein.") in kinds
    assert ("heading", "Informatieavond") in kinds
    assert kinds[-3:] == [("signoff", "Met vriendelijke groet,"), ("signoff", "Jan de Vries"),
                          ("signoff", "Omgevingsmanager")]


def test_sentences_do_not_split_after_dutch_abbreviations():
    document = _doc(LETTER)
    sentences = [document.text[s.start:s.end] for s in document.prose_sentences()]
    assert "De gemeente vervangt i.v.m. de leeftijd de riolering." in sentences
    assert "Dhr. J. de Vries is de\nomgevingsmanager." in sentences
    assert "Bel hem op tel. 070-3537233." in sentences
    assert "Het werk duurt van 3 t/m 28 juni." in sentences
    assert "Dat is o.a. nodig omdat de buizen oud zijn." in sentences


def test_sentences_do_not_cross_blank_lines_or_headings():
    document = _doc("Eerste alinea zonder punt\n\nTweede alinea. Nog een zin\n\n# Kop\nTekst na de kop.\n", markdown=True)
    sentences = [document.text[s.start:s.end] for s in document.sentences]
    assert sentences == ["Eerste alinea zonder punt", "Tweede alinea.", "Nog een zin", "Kop", "Tekst na de kop."]


def test_abbreviation_at_sentence_end_splits_before_a_capital():
    document = _doc("Neem pen, papier enz. Daarna begint het.\n")
    sentences = [document.text[s.start:s.end] for s in document.sentences]
    assert sentences == ["Neem pen, papier enz.", "Daarna begint het."]


def test_markdown_code_front_matter_and_links_are_not_prose():
    text = "---\ntitle: Brief middels\n---\n\nLees [de website](https://example.org/middels).\n\n```\nmiddels\n```\n"
    document = _doc(text, markdown=True)
    assert "middels" not in document.analysed
    assert len(document.analysed) == len(document.text)
    assert "de website" in document.analysed


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_index_counts_every_line_break(newline):
    text = newline.join(["één", "twee 😀 drie", "vier"])
    lines = LineIndex(text)
    offset = text.index("drie")
    assert lines.position(offset) == (2, 8)
    assert lines.position(len(text)) == (3, 5)
    assert lines.offset(2, 8) == offset


def test_blanked_text_keeps_every_offset():
    text = "Geachte heer,\r\n\r\n<!-- helderetaal-disable-file -->\r\nDit is **vet** en `code`. 😀 Klaar.\r\n"
    source = parse_markdown(text)
    assert len(source.analysed) == len(text)
    assert [i for i, c in enumerate(text) if c in "\r\n"] == [i for i, c in enumerate(source.analysed) if c in "\r\n"]


def test_directives():
    text = ("Eerste regel.\n<!-- helderetaal-disable-next-line ambtelijk -->\nTweede regel.\n"
            "<!-- helderetaal-disable vaag -->\nDerde.\nVierde.\n<!-- helderetaal-enable vaag -->\nVijfde.\n"
            "<!-- helderetaal-profile: uitnodiging -->\n")
    directives = _doc(text).directives
    assert directives.suppressed("ambtelijk", 3)
    assert not directives.suppressed("ambtelijk", 1)
    assert directives.suppressed("vaag", 5) and directives.suppressed("vaag", 6)
    assert not directives.suppressed("vaag", 8)
    assert directives.profile == "uitnodiging"


def test_hash_directive_in_plain_text():
    document = _doc("# helderetaal-disable-file ambtelijk\nWij informeren u middels deze brief.\n")
    assert document.directives.suppressed("ambtelijk", 2)
    assert "helderetaal" not in document.analysed


def test_anchor_prefers_the_salutation():
    document = _doc(LETTER)
    start, end = document.anchor()
    assert document.text[start:end] == "Geachte bewoner,"
    bare = _doc("Werk in uw straat\n\nVanaf maandag werken wij in uw straat.\n")
    start, end = bare.anchor()
    assert bare.text[start:end] == "Werk in uw straat"


def test_a_title_in_quotes_is_a_heading():
    kinds = _kinds(_doc("‘Bomen snoeien 2026’\nIn maart snoeien we de bomen in uw straat.\n"))
    assert kinds[0] == ("heading", "‘Bomen snoeien 2026’")
