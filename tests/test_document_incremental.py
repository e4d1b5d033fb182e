"""The language server's worker builds the Document of every version of a letter from what it kept
of the last ones: the structure (blocks, sentences, their keys) run by run of text lines between
blank lines (helderetaal.structure.find_structure), the tokens piece by piece (PieceTokens), the
line index of the same text once. These tests hold that Document to the one a fresh build of the
same text gives: the same analysed text, blocks, sentences, block keys, tokens and offsets, after
edits of every kind that changes the structure (blank lines that join or split paragraphs, heading
like lines, list items, the letter's head and sign-off, CRLF, accents, emoji, punctuation runs)."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from helderetaal import structure
from helderetaal.document import Document
from helderetaal.lines import UNWRAPPED_LINE
from helderetaal.memo import BlockResults
from helderetaal.nlp import PieceTokens, break_punctuation_runs
from helderetaal.positions import LineIndex
from helderetaal.readers import parse_markdown, parse_text
from helderetaal.readers.base import SourceText

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("HELDERETAAL_EDIT_ROUNDS", "30"))

#: What an edit types or pastes: line breaks of every kind, blank lines and whitespace-only lines
#: (a paragraph split or joined), lines the frame reads (salutation, head fields, a place and date,
#: sign-offs, a postscript), heading-like lines, list markers, Markdown headings, sentence ends and
#: abbreviations, accents, emoji, a punctuation run long enough to be broken, control characters.
SNIPPETS = [
    "\n", "\n\n", "\r\n", "\r\n\r\n", "\r", " \n", "\n   \n", "\t", "  ", "\u00a0", "\u2028", "\x0c",
    "Geachte bewoner,\n\n", "Beste Anna,\n", "Datum: 12 mei 2025\n", "Onderwerp: riolering\n",
    "Den Haag, maandag 3 juni 2025\n", "\n\nMet vriendelijke groet,\n\nAnna Smit\nUitvoerder\n",
    "Hoogachtend,\n", "\nP.S. Bel ons gerust.\n", "\n\nWat gaat er gebeuren?\n", "\nOmgevingsvergunning\n",
    "\n‘Bomen snoeien 2026’\n", "\n- Zet uw auto elders neer.\n", "\n1. Eerst dit.\n", "\n  vervolg van het punt\n",
    "\n# Kop\n", "## ", ". ", "? ", "! ", " i.v.m. ", " Dhr. J. de Vries ", " enz. Daarna ", "café ", "één ",
    "😀", "👍🏽 ", "!" * 40, "-" * 70, "…" * 35, "\x07", " middels ", "Wij ",
    # Lines longer than any wrap width (a text written one line per paragraph), one cut by a line
    # separator that str.splitlines sees and the structure does not.
    " Wij vervangen in de komende maanden de riolering in de hele straat, en daarna leggen wij een nieuwe stoep "
    "en nieuwe parkeervakken aan. ", "\u2028" + "lang " * 26,
]


def _letters() -> list[tuple[str, str]]:
    files = [path for pattern in ("examples/*", "tests/letters/*", "tests/corpus/*/*")
             for path in sorted(ROOT.glob(pattern)) if path.suffix in (".txt", ".md")]
    assert len(files) > 20
    return [(path.read_text(encoding="utf-8"), "md" if path.suffix == ".md" else "txt") for path in files]


def _source(text: str, fmt: str) -> SourceText:
    return parse_markdown(text, "brief.md") if fmt == "md" else parse_text(text, "brief.txt")


def _edit(rng: random.Random, text: str, history: list[str]) -> str:
    at = rng.randint(0, len(text))
    roll = rng.random()
    if roll < 0.2:
        return text[:at] + rng.choice("abcdeé .,:?") + text[at:]
    if roll < 0.35:
        return text[:at] + text[at + rng.choice((1, 1, 2, 5, 40)):]
    if roll < 0.7:
        return text[:at] + rng.choice(SNIPPETS) + text[at:]
    if roll < 0.8 and "\n\n" in text:  # two paragraphs joined, or a blank line filled with spaces
        gap = text.find("\n\n", at) if text.find("\n\n", at) >= 0 else text.find("\n\n")
        return text[:gap] + rng.choice((" ", "\n", "\n  \n", "\r\n\r\n")) + text[gap + 2:]
    if roll < 0.9:  # a paragraph split
        return text[:at] + "\n\n" + text[at:]
    if roll < 0.95 and history:  # undo
        return rng.choice(history[-5:])
    return text.replace("\n", "\r\n", 1) if rng.random() < 0.5 else text.replace("\r\n", "\n")


def _state(document: Document) -> dict[str, object]:
    """Everything the rules read of how a Document is built."""
    return {
        "analysed": document.analysed, "blocks": document.blocks, "sentences": document.sentences,
        "keys": [document.block_key(block) for block in document.blocks],
        "tokens": document.spacy.to_bytes(), "token starts": list(document._token_starts),
        "sentence starts": list(document._sentence_starts),
        "lines": (document.lines.line_starts, document.lines.line_ends),
        "widest lines": document.widest_lines,
    }


def _structure(analysed: str, line_is_paragraph: bool) -> tuple[object, ...]:
    """The structure read from the whole text at once."""
    broken = break_punctuation_runs(analysed)
    blocks = structure.find_blocks(broken, line_is_paragraph)
    return (broken, blocks, structure.find_sentences(broken, blocks),
            [structure.block_key(broken, block.kind, block.start, block.end) for block in blocks],
            structure.widest_lines(broken))


def test_every_letter_builds_the_same_document_from_what_was_kept():
    """Every letter of the test corpora, with one worker cache for all of them, twice (the second
    time almost all from the cache): the Document of a fresh build."""
    pieces, results = PieceTokens(), BlockResults()
    letters = _letters()
    for round_ in range(2):
        for text, fmt in letters:
            source = _source(text, fmt)
            assert _state(Document(source, pieces=pieces, results=results)) == _state(Document(source)), round_


@pytest.mark.parametrize("seed", range(4))
def test_random_edits_build_the_same_document(seed: int):
    """Long random edit sequences on the test letters: after each edit the Document built from what
    the last versions left equals a fresh one, in every part the rules read."""
    rng = random.Random(f"document-{seed}-{ROUNDS}")
    letters = _letters()
    text, fmt = letters[rng.randrange(len(letters))]
    pieces, results = PieceTokens(), BlockResults()
    history: list[str] = []
    for version in range(ROUNDS * 2):
        if version:
            history.append(text)
            text = _edit(rng, text, history)
        source = _source(text, fmt)
        assert _state(Document(source, pieces=pieces, results=results)) == _state(Document(source)), (version, text)


def test_runs_give_the_structure_of_the_whole_text():
    """Texts made of the snippets alone (every line the frame reads, next to each other and at the
    text's start and end), read run by run and as a whole, with and without a paragraph per line."""
    rng = random.Random(7)
    results = BlockResults()
    for _ in range(3000):
        text = "".join(rng.choice(SNIPPETS + ["Tekst", "een zin.", "Kop"]) for _ in range(rng.randint(0, 12)))
        line_is_paragraph = rng.random() < 0.2
        found = structure.find_structure(text, line_is_paragraph, results)
        assert tuple(found) == _structure(text, line_is_paragraph), repr(text)
        long_lines = sum(len(line.strip()) > UNWRAPPED_LINE for line in found.analysed.splitlines())
        assert (found.widest[1] > UNWRAPPED_LINE) == (long_lines >= 2)


@pytest.mark.parametrize(("before", "after"), [
    # A blank line that splits a paragraph, and one that joins two again.
    ("Eerste zin van de alinea\nloopt hier door.\n", "Eerste zin van de alinea\n\nloopt hier door.\n"),
    ("Een alinea.\n\nNog een alinea.\n", "Een alinea.\nNog een alinea.\n"),
    # A line that is a heading only while a blank line follows it.
    ("Omgevingsvergunning\n\nU heeft er een nodig.\n", "Omgevingsvergunning\nU heeft er een nodig.\n"),
    # The salutation moves: every line above it becomes head, the signoff search starts after it.
    ("Gemeente Utrecht\nPostbus 1\n\nWij gaan werken.\n\nMet vriendelijke groet,\n\nAnna\n",
     "Gemeente Utrecht\nPostbus 1\n\nGeachte bewoner,\n\nWij gaan werken.\n\nMet vriendelijke groet,\n\nAnna\n"),
    # A sign-off typed in the middle: what follows becomes signature until a long line.
    ("Geachte heer,\n\nWij gaan werken.\n\nKort.\n\nEen regel die lang genoeg is om de ondertekening te beëindigen, "
     "met veel woorden erin.\n", "Geachte heer,\n\nWij gaan werken.\n\nGroeten,\n\nKort.\n\nEen regel die lang genoeg is "
     "om de ondertekening te beëindigen, met veel woorden erin.\n"),
    # CRLF, a lone CR, accents and emoji before a paragraph (offsets and block keys).
    ("Geachte heer,\r\n\r\nDe weg is dicht.\r\n", "Geachte heer,\r\n\r\nDé weg 😀 is dicht.\r\n"),
    ("Regel een\rRegel twee\r\rDerde\r", "Regel een\rRegel twee\r \rDerde\r"),
    # Edits that keep the length but change how many sentences or blocks come before the next
    # paragraph (the same offsets, other numbers).
    ("Een zin. Nog een.\n\nTweede alinea. Met twee zinnen.\n", "Een zin, nog een.\n\nTweede alinea. Met twee zinnen.\n"),
    ("Omgevingsvergunning\nU heeft er een nodig.\n\nVolgende alinea.\n",
     "Omgevingsvergunning\nu heeft er een nodig.\n\nVolgende alinea.\n"),
    ("Omgevingsvergunning\nU heeft er een nodig.\n\nVolgende alinea.\n",
     "Omgevingsvergunnin.\nU heeft er een nodig.\n\nVolgende alinea.\n"),
    # A punctuation run that is broken up, then no longer long enough to be.
    ("Tekst " + "!" * 40 + " einde.\n", "Tekst " + "!" * 30 + " einde.\n"),
])
def test_an_edit_that_changes_the_structure(before: str, after: str):
    pieces, results = PieceTokens(), BlockResults()
    for text in (before, after, before, after):
        for fmt in ("txt", "md"):
            source = _source(text, fmt)
            assert _state(Document(source, pieces=pieces, results=results)) == _state(Document(source)), text


def test_a_keystroke_reads_again_only_the_run_it_changed(monkeypatch: pytest.MonkeyPatch):
    """Typing in one paragraph of a long letter makes one new run and tokenizes one new piece; the
    blocks and sentences above it are the objects of the version before."""
    made: list[str] = []

    class CountedRun(structure._Run):
        __slots__ = ()

        def __init__(self, text: str) -> None:
            made.append(text)
            super().__init__(text)

    monkeypatch.setattr(structure, "_Run", CountedRun)
    paragraphs = [f"Alinea {number}: wij werken in week {number} aan de riolering in uw straat." for number in range(60)]
    text = "Geachte bewoner,\n\n" + "\n\n".join(paragraphs) + "\n\nMet vriendelijke groet,\n\nAnna Smit\n"
    pieces, results = PieceTokens(), BlockResults()
    first = Document(parse_text(text), pieces=pieces, results=results)
    assert len(made) == 63  # salutation, paragraphs, sign-off, signature
    middle = text.index("Alinea 30") + 9
    made.clear()
    tokenized = len(pieces)
    second = Document(parse_text(text[:middle] + "x" + text[middle:]), pieces=pieces, results=results)
    assert len(made) == 1 and "Alinea 30x" in made[0]
    assert len(pieces) == tokenized + 1
    edited = next(block.index for block in second.blocks if "Alinea 30x" in second.text[block.start:block.end])
    assert all(second.blocks[i] is first.blocks[i] for i in range(edited))
    assert all(a is b for a, b in zip(first.sentences, second.sentences[:edited]))
    assert second.block_key(second.blocks[1]) is first.block_key(first.blocks[1])
    assert _state(second) == _state(Document(parse_text(text[:middle] + "x" + text[middle:])))


def test_one_line_index_per_text():
    """The worker makes a line index for the Document and one for the editor's positions of the same
    text: the second is the first's lines; another text gets its own."""
    text = "Eén\r\ntwee\r\ndrie"
    first, second = LineIndex(text), LineIndex(text)
    assert second.line_starts is first.line_starts and first.line_starts == [0, 5, 11]
    other = LineIndex(text + "\n")
    assert other.line_starts == [0, 5, 11, 16] and other.line_ends == [3, 9, 15, 16]


def test_a_paragraph_per_line_is_read_so_run_by_run():
    """Text taken from Word or ODT is one paragraph per line (no joining of lines): the runs are read that way too."""
    rng = random.Random(3)
    results = BlockResults()
    for text, _ in _letters()[:12]:
        for _ in range(3):
            source = SourceText(text=text, analysed=text, format="docx", line_is_paragraph=True)
            assert _state(Document(source, pieces=PieceTokens(), results=results)) == _state(Document(source))
            text = _edit(rng, text, [])


def _parse_text_by_characters(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """What parse_text gave before it looked for something to blank first: every character listed,
    directives and control characters blanked, joined again."""
    from helderetaal.directives import HASH_DIRECTIVE, is_directive
    from helderetaal.readers.base import blank
    from helderetaal.readers.text import _blank_controls, html_comments

    chars = list(text)
    comments = []
    for match in HASH_DIRECTIVE.finditer(text):
        comments.append((match.start(), match.end(), match.group(1).strip()))
        blank(chars, match.start(), match.end())
    for start, end, body in html_comments(text):
        if is_directive(body):
            comments.append((start, end, body.strip()))
            blank(chars, start, end)
    _blank_controls(chars)
    return "".join(chars), sorted(comments)


def test_plain_text_without_anything_to_blank_is_its_own_analysed_text():
    """A keystroke's letter is read without a list of its characters when it holds no directive and
    no control character; with them, the same analysed text and comments as character by character."""
    rng = random.Random(11)
    parts = ["Tekst ", "\n", "\r\n", "# helderetaal-disable ambtelijk\n", "<!-- helderetaal-disable vaag -->",
             "<!-- gewone opmerking -->", "<!-- open", "\ufeff", "\x07", "\u200b", "\t", "helderetaal-", "😀"]
    for _ in range(2000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 10)))
        source = parse_text(text)
        assert (source.analysed, [(c.start, c.end, c.body) for c in source.comments]) == _parse_text_by_characters(text)
    assert parse_text("Geachte bewoner,\n\nWij werken.\n").analysed == "Geachte bewoner,\n\nWij werken.\n"
