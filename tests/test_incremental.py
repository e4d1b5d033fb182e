"""The language server's worker checks a letter again after every keystroke, reusing what it
worked out for the blocks that did not change (see :class:`helderetaal.nlp.PieceTokens`). These
tests hold it to the one promise that matters: after any sequence of edits, the result is the one
a fresh, full check of the same text gives, in every field.

``HELDERETAAL_EDIT_ROUNDS`` sets how many random edits each letter gets (default 30); a longer run
(``HELDERETAAL_EDIT_ROUNDS=400``) is the soak test.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from helderetaal.config import load_configs
from helderetaal.document import Document
from helderetaal.engine import Report, check_document
from helderetaal.lsp.worker import CheckJob, ConfigCache, run_check
from helderetaal.nlp import PieceTokens, pipeline
from helderetaal.readers import parse_markdown, parse_text, read_file

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("HELDERETAAL_EDIT_ROUNDS", "30"))

#: Letters of every shape the tests know: plain text and Markdown, CRLF, head fields, meetings,
#: decisions, participation, accents.
LETTERS = [
    "examples/werkzaamheden-riolering.txt",
    "examples/uitnodiging-bewonersavond.md",
    "examples/besluit-parkeervergunning.txt",
    "examples/goed-voorbeeld.md",
    "tests/letters/01_riolering.txt",
    "tests/letters/08_bijeenkomst_zonder_plaats.txt",
    "tests/letters/10_crlf_uitnodiging.txt",
    "tests/letters/12_participatie.md",
]

#: What a writer types or pastes: words the rules flag (once per letter, defer_to between term
#: rules), dates and times (facts, timing, the passport), channels and people (contact elements),
#: block structure (salutation, sign-off, head fields, list items) and inline directives.
SNIPPETS = [
    "werkzaamheden", " middels ", " i.v.m. ", " a.s. ", " in het najaar ", " plaatsvinden ", "asfaltwerkzaamheden",
    " op maandag 3 juni 2025", " van 7.00 tot 16.00 uur", " in week 23", " vanaf 1 september",
    " Bel Jan de Vries via 06-12345678.", " Mail naar info@voorbeeldstad.nl.", " Kijk op www.voorbeeldstad.nl.",
    "Geachte bewoner,\n\n", "\n\nMet vriendelijke groet,\n\nAnna Smit\nUitvoerder\n", "Onderwerp: riolering\n",
    "Datum: 12 mei 2025\n", "\n- Zet uw auto elders neer.\n- Haal uw fiets binnen.\n",
    "\n\nWanneer: dinsdag 10 juni 2025, 19.30 uur\nWaar: buurthuis De Linde\n\n",
    " Wij vragen u om voor 1 juli te reageren.", " Dit is nodig omdat de buizen oud zijn.",
    " Er is een informatieavond in de loop van het jaar.", " U hoeft niets te doen.",
    "\n\n# helderetaal-disable-line ambtelijk\n", "<!-- helderetaal-disable vaag -->",
    "<!-- helderetaal-profile uitnodiging -->", "<!-- helderetaal-disable-next-line -->\n",
    "\n\n", "\n", ". ", ", ", "?", "!",
]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text)]


def _edit(rng: random.Random, text: str, history: list[str], pool: list[str]) -> str:
    """One random edit of ``text``, as a writer makes them."""
    at = rng.randint(0, len(text))
    choice = rng.random()
    if choice < 0.25:  # typing
        return text[:at] + rng.choice("abcdefghijklmnopqrstuvwxyz  eeaann.,") + text[at:]
    if choice < 0.40:  # backspace, or a selection deleted
        return text[:at] + text[at + rng.choice((1, 1, 2, 5, 20)):]
    if choice < 0.60:
        return text[:at] + rng.choice(SNIPPETS) + text[at:]
    paragraphs = _paragraphs(text)
    if choice < 0.68 and "\n\n" in text:  # two blocks joined
        gaps = [match.start() for match in re.finditer(r"\n\n", text)]
        gap = rng.choice(gaps)
        return text[:gap] + " " + text[gap + 2:]
    if choice < 0.76 and len(paragraphs) > 2:  # a paragraph moved
        start, end = rng.choice(paragraphs)
        piece, rest = text[start:end], text[:start] + text[end:]
        target = rng.choice([s for s, _ in _paragraphs(rest)] or [0])
        return rest[:target] + piece + "\n\n" + rest[target:]
    if choice < 0.82 and paragraphs:  # a paragraph pasted twice, or one from another letter
        start, end = rng.choice(paragraphs)
        piece = text[start:end] if rng.random() < 0.5 else rng.choice(pool)
        return text[:at] + "\n\n" + piece + "\n\n" + text[at:]
    if choice < 0.88 and len(paragraphs) > 3:  # a paragraph deleted
        start, end = rng.choice(paragraphs)
        return text[:start] + text[end:]
    if choice < 0.94 and history:  # undo: back to an earlier version
        return rng.choice(history[-5:])
    return text[:at] + text[at:].replace("\n", "\r\n", 1)  # a line ending from another editor


def _fields(report: Report) -> dict[str, object]:
    """Every field of a report, the passport as JSON."""
    return {
        "findings": report.findings, "dict": report.to_dict(), "profile": report.profile, "errors": report.errors,
        "anchor": report.anchor, "metrics": dict(report.metrics),
        "passport": report.passport.to_dict() if report.passport else None,
    }


def _source(text: str, fmt: str):
    return parse_markdown(text, "brief.md") if fmt == "md" else parse_text(text, "brief.txt")


def test_pieces_tokenize_as_the_whole_text():
    """Tokens made block by block (and reused) are the tokens of the whole text, byte for byte,
    on every letter of the test corpora, twice (the second time from the cache)."""
    pieces = PieceTokens()
    files = [path for pattern in ("examples/*", "tests/letters/*.txt", "tests/letters/*.md", "tests/corpus/*/*")
             for path in sorted(ROOT.glob(pattern)) if path.suffix in (".txt", ".md")]
    assert len(files) > 20
    for round_ in range(2):
        for path in files:
            source = read_file(path)
            whole = Document(source).spacy.to_bytes()
            assert Document(source, pieces=pieces).spacy.to_bytes() == whole, (path, round_)
    assert len(pieces) > 0


def test_pieces_stay_within_their_bounds():
    pieces = PieceTokens(max_pieces=5, max_chars=200)
    text = "\n\n".join(f"Alinea {number} van de brief, met wat woorden erin." for number in range(40))
    document = Document(parse_text(text), pieces=pieces)
    assert document.spacy.to_bytes() == Document(parse_text(text)).spacy.to_bytes()
    assert len(pieces) <= 5


def test_pieces_refuse_a_pipeline_that_reads_context():
    class Trained:  # what a trained model is to PieceTokens: not the blank pipeline
        pipe_names = ["tok2vec", "tagger", "lemmatizer"]

    with pytest.raises(ValueError):
        PieceTokens().doc(Trained(), "tekst", [])  # type: ignore[arg-type]
    assert pipeline("blank") is pipeline("blank")


#: Editor settings that change what the letter-level steps do: a term rule others defer to is
#: switched off (``defer_to`` must then silence nothing), every occurrence is reported, a
#: severity changes, words are allowed, the profile is set.
OVERRIDES: dict[str, object] = {
    "profile": "uitnodiging", "allow": ["riolering", "werkzaamheden"],
    "rules": {"vaag": "off", "ambtelijk": {"every_occurrence": True}, "zinslengte": "warning"},
}


@pytest.mark.parametrize(("name", "overrides"), [(name, {}) for name in LETTERS]
                         + [(name, OVERRIDES) for name in LETTERS[::3]])
def test_random_edits_give_the_full_check(name: str, overrides: dict[str, object]):
    """A long random sequence of edits (typing, deleting, pasting flagged words, dates, contacts,
    directives, joining, moving, deleting and repeating blocks, undo, CRLF): after every edit the
    worker's report, made with the caches it keeps, equals a fresh full check in every field, and
    so does what the worker sends the editor; with the defaults and with editor settings."""
    path = ROOT / name
    fmt = "md" if path.suffix == ".md" else "txt"
    text = path.read_text(encoding="utf-8")
    pool = [text_[s:e] for other in LETTERS for text_ in [(ROOT / other).read_text(encoding="utf-8")]
            for s, e in _paragraphs(text_)]
    config = load_configs(())
    if overrides:
        config = config.with_overrides(overrides)
    ruleset = config.ruleset()
    pieces = PieceTokens()
    configs = ConfigCache()
    rng = random.Random(f"{name}-{ROUNDS}-{bool(overrides)}")
    history: list[str] = []
    for version in range(ROUNDS + 1):
        if version:
            history.append(text)
            text = _edit(rng, text, history, pool)
        incremental = _outcome(lambda: _fields(check_document(Document(_source(text, fmt), pieces=pieces), config,
                                                              ruleset)))
        full = _outcome(lambda: _fields(check_document(Document(_source(text, fmt)), config, ruleset)))
        assert incremental == full, (name, version, text)
        job = CheckJob(uri=f"file:///{path.name}", version=version, text=text, fmt=fmt, path=None, config_files=(),
                       overrides=overrides, config_key=(0, (), ()))
        assert run_check(job, configs, pieces) == run_check(job, configs), (name, version, text)


def _outcome(check: Callable[[], dict[str, object]]) -> object:
    """What a check gives: its fields, or the error it raises (a bug in a rule is no reason for
    the two ways of checking to differ; the worker turns it into one diagnostic either way)."""
    try:
        return check()
    except Exception as error:  # compared, not hidden: both ways must fail alike
        return f"{type(error).__name__}: {error}"
