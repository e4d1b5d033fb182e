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
from helderetaal.memo import BlockResults
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
    # Per-block rule results (helderetaal.memo.BlockResults): a term to explain in a heading and in
    # prose, its explanation in the same or the next sentence (a later use is then no finding), an
    # abbreviation and its expansion elsewhere in the letter (skip_if_expanded), a split
    # construction, a passive (pattern rule, once-per-letter summary) and its "door" clause.
    "\n\nOmgevingsvergunning\n\n", "\n\n# Kapvergunning\n\n", " een omgevingsvergunning ",
    " een kapvergunning (toestemming om een boom om te zagen) ", " Een kapvergunning is een toestemming om te kappen.",
    " Dit betekent dat u moet wachten.", " volgens de APV ", " de Algemene Plaatselijke Verordening ",
    " vindt de bijeenkomst plaats ", " wordt de weg afgesloten ", " door de aannemer ", "\n\nAPV\n\n",
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


def _pool() -> list[str]:
    """Paragraphs of all the test letters, to paste."""
    return [text[start:end] for other in LETTERS for text in [(ROOT / other).read_text(encoding="utf-8")]
            for start, end in _paragraphs(text)]


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


def test_block_results_give_the_full_check_on_every_letter():
    """Every letter of the test corpora checked with one worker cache for all of them (blocks that
    recur across letters are reused: a sign-off, a paragraph of a template), twice: the same report
    as a full check, in every field."""
    config = load_configs(())
    ruleset = config.ruleset()
    pieces, results = PieceTokens(), BlockResults()
    files = [path for pattern in ("examples/*", "tests/letters/*", "tests/corpus/*/*")
             for path in sorted(ROOT.glob(pattern)) if path.suffix in (".txt", ".md")]
    full = {path: _outcome(lambda: _fields(check_document(Document(read_file(path)), config, ruleset)))
            for path in files}
    for round_ in range(2):
        for path in files:
            incremental = _outcome(lambda: _fields(check_document(
                Document(read_file(path), pieces=pieces, results=results), config, ruleset)))
            assert incremental == full[path], (path, round_)


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
    pool = _pool()
    config = load_configs(())
    if overrides:
        config = config.with_overrides(overrides)
    ruleset = config.ruleset()
    pieces = PieceTokens()
    results = BlockResults()
    configs = ConfigCache()
    rng = random.Random(f"{name}-{ROUNDS}-{bool(overrides)}")
    history: list[str] = []
    for version in range(ROUNDS + 1):
        if version:
            history.append(text)
            text = _edit(rng, text, history, pool)
        incremental = _outcome(lambda: _fields(check_document(
            Document(_source(text, fmt), pieces=pieces, results=results), config, ruleset)))
        full = _outcome(lambda: _fields(check_document(Document(_source(text, fmt)), config, ruleset)))
        assert incremental == full, (name, version, text)
        job = CheckJob(uri=f"file:///{path.name}", version=version, text=text, fmt=fmt, path=None, config_files=(),
                       overrides=overrides, config_key=(0, (), ()))
        assert run_check(job, configs, pieces, results) == run_check(job, configs), (name, version, text)
    assert len(results) > 0


#: Settings that change what a rule finds inside a block (not only what the letter level does
#: with it): every occurrence, the strict entries, no compounds, no "door" exception for the passive,
#: no skip_if_expanded.
BLOCK_OVERRIDES: dict[str, object] = {
    "rules": {"ambtelijk": {"every_occurrence": True, "strict": True, "compounds": False},
              "vakterm": {"every_occurrence": True}, "afkortingen-hoofdletters": {"skip_if_expanded": False},
              "lijdende-vorm": {"unless_in_clause": "", "min_count": 1},
              "naamwoordstijl-het-van": {"unless_before": ""}},
}


@pytest.mark.parametrize("name", LETTERS[::2])
def test_options_changing_between_versions_give_the_full_check(name: str):
    """One worker cache across changing settings (the writer changes them while typing): each
    version is checked under two configs that give some rules other options, and both results
    equal a full check. A cache keyed without the options would hand one config the other's finds."""
    path = ROOT / name
    fmt = "md" if path.suffix == ".md" else "txt"
    text = path.read_text(encoding="utf-8")
    plain = load_configs(())
    configs = [plain, plain.with_overrides(_known(BLOCK_OVERRIDES, plain))]
    rulesets = [config.ruleset() for config in configs]
    pieces, results = PieceTokens(), BlockResults()
    rng = random.Random(f"options-{name}-{ROUNDS}")
    history: list[str] = []
    for version in range(max(ROUNDS // 2, 8)):
        if version:
            history.append(text)
            text = _edit(rng, text, history, _pool())
        for config, ruleset in zip(configs, rulesets):
            incremental = _outcome(lambda: _fields(check_document(
                Document(_source(text, fmt), pieces=pieces, results=results), config, ruleset)))
            full = _outcome(lambda: _fields(check_document(Document(_source(text, fmt)), config, ruleset)))
            assert incremental == full, (name, version, text)


def _known(overrides: dict[str, object], config) -> dict[str, object]:
    """``overrides`` without the rules this project does not (or no longer) have."""
    ids = {rule.id for rule in config.ruleset()}
    rules = overrides["rules"]
    assert isinstance(rules, dict)
    return {"rules": {rule_id: value for rule_id, value in rules.items() if rule_id in ids}}


_HEAD = "Geachte bewoner,\n\n"
_DOOR = "De weg wordt door de aannemer afgesloten. Wij beginnen met het graven van de sleuf. Het werk zal plaatsvinden.\n"

_WRAPPED = "Dit is de eerste regel van een alinea die verder\ngaat op de tweede regel van dezelfde alinea.\n"
_LONG_LINE = ("Wij vervangen in de komende maanden de riolering in de hele straat, en daarna leggen wij een "
              "nieuwe stoep en nieuwe parkeervakken aan.")

#: Edits that leave a block as it was but change what it gives, because of the rest of the letter:
#: (first version, second version). Each is checked after the other with one cache.
BESIDE_THE_BLOCK = [
    # An earlier block explains the term: the unchanged later use is no occurrence any more.
    (_HEAD + "Wij vragen een omgevingsvergunning aan.\n\nDe omgevingsvergunning komt in mei.\n",
     _HEAD + "Wij vragen een omgevingsvergunning (een vergunning om te bouwen) aan.\n\n"
             "De omgevingsvergunning komt in mei.\n"),
    # Another block writes the abbreviation out (skip_if_expanded).
    (_HEAD + "Dit staat in de APV.\n\nBel ons.\n",
     _HEAD + "Dit staat in de APV.\n\nBel ons over de Algemene Plaatselijke Verordening.\n"),
    # The same line is a paragraph (a list follows at once) or a heading (a blank line between):
    # a heading's use of a term to explain waits for the explanation further on.
    (_HEAD + "Omgevingsvergunning aanvragen\n- Vul het formulier in.\n\n"
             "U heeft een omgevingsvergunning (een vergunning om te bouwen) nodig.\n",
     _HEAD + "Omgevingsvergunning aanvragen\n\n- Vul het formulier in.\n\n"
             "U heeft een omgevingsvergunning (een vergunning om te bouwen) nodig.\n"),
    # Long lines elsewhere make the letter one written a line per paragraph: each line break in the
    # unchanged block then ends a sentence for the readability metrics.
    (_HEAD + _WRAPPED, _HEAD + _LONG_LINE + "\n\n" + _LONG_LINE + "\n\n" + _WRAPPED),
    # Two letters that differ only in what comes before the same block on its line.
    (_HEAD + "Wij vragen een omgevingsvergunning aan.\n", _HEAD + "   Wij vragen een omgevingsvergunning aan.\n"),
]


@pytest.mark.parametrize(("first", "second"), BESIDE_THE_BLOCK + [(b, a) for a, b in BESIDE_THE_BLOCK])
def test_what_a_block_gives_depends_on_the_letter_around_it(first: str, second: str):
    config = load_configs(())
    ruleset = config.ruleset()
    pieces, results = PieceTokens(), BlockResults()
    fulls = []
    for text in (first, second):
        full = _fields(check_document(Document(parse_text(text)), config, ruleset))
        assert _fields(check_document(Document(parse_text(text), pieces=pieces, results=results), config,
                                      ruleset)) == full, text
        fulls.append(full)
    assert fulls[0] != fulls[1]  # else the case tests nothing


_STARTS_WITH_WIJ = """id: begint-met-wij
kind: regex
category: style
severity: info
title: Begint met wij
message: "De brief begint met 'wij'."
explanation: {wat: Een brief die met wij begint., waarom: Begin bij de lezer., voorbeeld: Wij gaan werken., beter: U krijgt een stoep.}
pattern: '^Wij\\b'
examples:
  flagged: [{text: "[[Wij]] gaan werken."}]
  clean: [{text: "U krijgt een stoep."}]
"""


def test_a_users_pattern_sees_where_the_block_starts(tmp_path: Path):
    """A municipality's own ``regex`` rule may anchor at the start of the text (``^``): the same
    block at the top of the letter and under the salutation gives different matches."""
    (tmp_path / "regels").mkdir()
    (tmp_path / "regels" / "begin.yaml").write_text(_STARTS_WITH_WIJ, encoding="utf-8")
    (tmp_path / ".helderetaal.yaml").write_text("rule_dirs: [regels]\n", encoding="utf-8")
    config = load_configs((str(tmp_path / ".helderetaal.yaml"),))
    ruleset = config.ruleset()
    pieces, results = PieceTokens(), BlockResults()
    fulls = []
    for text in ("Wij gaan werken.\n", "Beste,\n\nWij gaan werken.\n", "Wij gaan werken.\n"):
        full = _fields(check_document(Document(parse_text(text)), config, ruleset))
        assert _fields(check_document(Document(parse_text(text), pieces=pieces, results=results), config,
                                      ruleset)) == full, text
        fulls.append([finding.rule for finding in full["findings"]])
    assert "begint-met-wij" in fulls[0] and "begint-met-wij" not in fulls[1]


def test_options_that_change_what_a_block_gives():
    """The same block under options that change its own matches (the passive's "door", the
    "het ... van" rule's words before, a term rule's strict entries): one cache, both configs."""
    plain = load_configs(())
    changed = plain.with_overrides({"rules": {
        "lijdende-vorm": {"unless_in_clause": "", "min_count": 1}, "naamwoordstijl-het-van": {"unless_before": ""},
        "ambtelijk": {"strict": True, "compounds": False}}})
    pieces, results = PieceTokens(), BlockResults()
    outcomes = []
    for config in (plain, changed, plain, changed):
        ruleset = config.ruleset()
        full = _fields(check_document(Document(parse_text(_HEAD + _DOOR)), config, ruleset))
        assert _fields(check_document(Document(parse_text(_HEAD + _DOOR), pieces=pieces, results=results), config,
                                      ruleset)) == full
        outcomes.append(full)
    assert outcomes[0] != outcomes[1]


def test_block_results_stay_within_their_bounds():
    results = BlockResults(max_entries=10, max_chars=10_000)
    text = "\n\n".join(f"Wij informeren u middels deze brief, alinea {number}, over de werkzaamheden."
                       for number in range(60))
    config = load_configs(())
    ruleset = config.ruleset()
    with_cache = _fields(check_document(Document(parse_text(text), results=results), config, ruleset))
    assert with_cache == _fields(check_document(Document(parse_text(text)), config, ruleset))
    assert 0 < len(results) <= 2 * 10  # two generations
    small = BlockResults(max_entries=100, max_chars=50)
    for number in range(20):
        assert small.get(("key", number), 20, lambda: number) == number
    assert len(small) <= 4
    # The last values are still there: no new computation.
    assert small.get(("key", 19), 20, lambda: -1) == 19 and small.get(("key", 18), 20, lambda: -1) == 18


def _outcome(check: Callable[[], dict[str, object]]) -> object:
    """What a check gives: its fields, or the error it raises (a bug in a rule is no reason for
    the two ways of checking to differ; the worker turns it into one diagnostic either way)."""
    try:
        return check()
    except Exception as error:  # compared, not hidden: both ways must fail alike
        return f"{type(error).__name__}: {error}"


def test_block_results_follow_the_size_of_the_letter():
    """A generation holds three times the lookups of the last check: typing in a short letter
    leaves old versions of its blocks behind, and they go after a few checks, not after thousands."""
    results = BlockResults(max_entries=1000, min_entries=10)
    for version in range(50):
        results.begin_check()
        for block in range(5):  # five blocks, of which the first is new in every version
            assert results.get(("block", block or -version), 1, lambda: version) is not None
    assert len(results) <= 2 * 3 * 5
    assert results.get(("block", 4), 1, lambda: -1) == 0  # an unchanged block is still there


def test_block_results_refuse_none():
    """None means "not kept" to the store: keeping it would make a rule search again on every keystroke."""
    results = BlockResults()
    with pytest.raises(ValueError):
        results.get(("rule", "tekst"), 5, lambda: None)
    assert results.get(("rule", "tekst"), 5, lambda: ()) == ()
