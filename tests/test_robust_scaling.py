"""Pathological text is checked in linear time. Each test runs a size that took many seconds
(or minutes) before and must now take a small part of that; the size -> time table for every
family is printed by ``benchmarks/pathological.py``, not asserted here. The fuzz test at the end
mixes such runs into ordinary letters and checks the invariants of every report."""

from __future__ import annotations

import random
import subprocess
import sys
import time

import pytest

import helderetaal
from helderetaal.document import Document
from helderetaal.nlp import MAX_PUNCTUATION_RUN, break_punctuation_runs
from helderetaal.readers import SourceLocation, parse_html, parse_markdown, parse_text
from helderetaal.structure import Block, split_sentences

LETTER = (
    "Geachte bewoner,\n\n"
    "Vanaf maandag 3 maart 2025 vervangen wij de riolering in de Lindelaan. Daardoor is de straat "
    "drie weken afgesloten voor auto's. U kunt uw huis altijd te voet bereiken.\n\n"
    "Waarom doen we dit? De oude buizen zijn lek en te klein voor zware regenbuien.\n\n"
    "Heeft u vragen? Bel dan Sanne de Wit via 06-12345678 of mail naar riolering@voorbeeldstad.nl.\n\n"
    "Met vriendelijke groet,\n\nSanne de Wit\nProjectleider\n"
)


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def assert_sound(text: str, report: helderetaal.Report) -> None:
    assert not report.errors, report.errors
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text


# -- 7. the tokenizer ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("run", ["!" * 16_000, "–" * 16_000, ("?!.,;:" * 3_400)[:20_000], "…" * 16_000],
                         ids=["bang", "dash", "mix", "ellipsis"])
def test_long_punctuation_runs_are_tokenized_in_linear_time(run):
    # Before: 40 s ('!'), 51 s ('–'), more than 200 s (the mix).
    text = LETTER.replace("Waarom doen", run + " Waarom doen")
    report, seconds = timed(helderetaal.check, text)
    assert seconds < 10, seconds
    assert_sound(text, report)


def test_breaking_runs_keeps_every_offset():
    for run in ("!" * 31, "!" * 32, "!" * 33, "?!" * 50, "–" * 1000, "a" + "." * 70 + "b"):
        broken = break_punctuation_runs(run)
        assert len(broken) == len(run)
        assert max((len(piece) for piece in broken.split()), default=0) <= MAX_PUNCTUATION_RUN + 1
        assert all(b == r or b == " " for b, r in zip(broken, run))
    assert break_punctuation_runs(LETTER) == LETTER  # an ordinary letter is left as it is
    source = parse_text(LETTER.replace("lek", "lek" + "!" * 5000))
    document = Document(source)
    assert len(document.analysed) == len(document.text)
    assert all(document.text[t.idx:t.idx + len(t.text)] == t.text for t in document.spacy if not t.is_space)


# -- 8. the checker's own regular expressions ------------------------------------------------------------------

def test_sentence_split_of_a_long_run_of_dots():
    text = "Dit " + "." * 32_000 + "x wordt later verder uitgelegd. Daarna volgt meer."
    spans, seconds = timed(split_sentences, text, Block(0, "paragraph", 0, len(text)))  # before: about 40 s
    assert seconds < 2, seconds
    assert spans[-1] == (text.index("Daarna"), len(text))


@pytest.mark.parametrize("text", [
    "Hallo\n" + " " * 32_000 + "\nDag\n",            # a table separator regex: 10 s
    "**a " * 8_000,                                  # unclosed strong emphasis: 14 s at 64k
    "[a" * 16_000,                                   # link text that never closes
    "[a](" * 8_000,                                  # link target that never closes
    "![a](" * 6_400,
    "<http://a" * 3_600,
    "<!--" * 8_000,
], ids=["spaces", "strong", "link-text", "link-target", "image", "autolink", "comment"])
def test_markdown_markup_that_never_closes(text):
    source, seconds = timed(parse_markdown, text)
    assert seconds < 2, seconds
    assert len(source.analysed) == len(text)


@pytest.mark.parametrize("text", ["<p>x</p>" + "<a b" * 8_000, "<!x" * 10_000, "<p>" + '<a b="' * 5_000],
                         ids=["attributes", "declaration", "quote"])
def test_html_tags_that_never_close(text):
    source, seconds = timed(parse_html, text)  # "<a b" x 8,000: 8 s before
    assert seconds < 2, seconds
    assert len(source.analysed) == len(text)


def test_html_tags_still_parse_as_before():
    source = parse_html('<p class="a">Wij <a href=\'x\' title="a>b">bellen</a> u.</p>')
    assert " ".join(source.analysed.split()) == "Wij bellen u."


def test_a_very_long_word_like_token():
    text = LETTER.replace("De oude", "Het wordt " + "ge" * 8_000 + ". De oude")
    report, seconds = timed(helderetaal.check, text)
    assert seconds < 10, seconds
    assert_sound(text, report)


def test_a_word_as_long_as_a_book_is_no_compound_search_in_quadratic_time():
    # Before: every cut of the word was tried as a compound, slicing the word each time (64,000
    # letters took 2.2 s, 200,000 about 20 s); only cuts that leave a listed part's length remain.
    text = LETTER.replace("De oude", "Het wordt " + "ge" * 100_000 + "x. De oude")
    report, seconds = timed(helderetaal.check, text)
    assert seconds < 6, seconds
    assert_sound(text, report)


# -- 9. many paragraphs, many findings -------------------------------------------------------------------------

def test_sixteen_thousand_short_paragraphs():
    text = "Geachte bewoner,\n\n" + "Ja.\n\n" * 16_000
    report, seconds = timed(helderetaal.check, text)  # before: 24.6 s, most of it in the paragraph length rule
    assert seconds < 20, seconds
    assert_sound(text, report)


# Checks one text in a fresh process after loading the pipeline and the rules; prints how many bytes
# the peak RSS grew by. ru_maxrss is the process's own high-water mark, so the figure is the check's.
_MEMORY_CHILD = r"""
import resource, sys
import helderetaal
helderetaal.check("Geachte bewoner,\n\nWij informeren u middels deze brief. Ja.\n")
text = sys.stdin.read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report = helderetaal.check(text)
assert not report.errors, report.errors
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)
"""

_PROSE = ("Vanaf maandag 3 maart 2025 vervangen wij de riolering in de Lindelaan. Daardoor is de straat "
          "drie weken afgesloten voor auto's. U kunt uw huis altijd te voet bereiken.\n\n")


@pytest.mark.parametrize("text, limit", [
    ("Ja. " * 25_000, 450),                             # before: ~910 bytes a character, now ~280
    ("Geachte bewoner,\n\n" + _PROSE * 600, 120),     # before: ~210, now ~60
], ids=["ja-sentences", "prose"])
def test_memory_per_input_character_is_bounded(text, limit):
    # "Ja. " over 2 MB took 1.8 GB: every sentence kept its own token lists, lower-case sets and
    # term-lookup sets. Token data now lives in document-wide arrays; a sentence is two offsets.
    # The limits leave 1.6 to 2 times the measured figure; RSS does not depend on the machine's load.
    done = subprocess.run([sys.executable, "-c", _MEMORY_CHILD], input=text, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    per_character = int(done.stdout.strip().splitlines()[-1]) / len(text)
    assert per_character < limit, f"{per_character:.0f} bytes per input character (limit {limit})"


def test_location_labels_are_found_by_bisection():
    source = parse_text("x\n" * 40_000)
    source.locations = [SourceLocation(2 * line, f"alinea {line + 1}") for line in range(40_000)]
    started = time.perf_counter()
    labels = [source.location_of(offset) for offset in range(0, 80_000, 2)]
    assert time.perf_counter() - started < 2  # a scan per lookup: 800 million steps
    assert labels[0] == "alinea 1" and labels[-1] == "alinea 40000" and labels[12_345] == "alinea 12346"


def test_overlap_with_claimed_spans_is_exact_and_fast():
    from helderetaal.kinds.terms import _Spans

    rng = random.Random(7)
    spans = [(start, start + rng.randint(1, 30)) for start in (rng.randint(0, 5_000) for _ in range(300))]
    claimed = _Spans(spans)
    for _ in range(3_000):
        start = rng.randint(0, 5_100)
        end = start + rng.randint(1, 20)
        assert claimed.overlaps(start, end) == any(start < e and s < end for s, e in spans)
    many = _Spans([(i * 3, i * 3 + 2) for i in range(50_000)])
    started = time.perf_counter()
    assert sum(many.overlaps(i * 3 + 2, i * 3 + 3) for i in range(50_000)) == 0
    assert time.perf_counter() - started < 2


# -- fuzz: pathological runs inside ordinary letters -----------------------------------------------------------

RUNS = [
    lambda rng: rng.choice("!?.,;:–—…*#_-=~|/\\()[]{}<>'\"") * rng.randint(50, 3_000),
    lambda rng: "".join(rng.choice("?!.,;:") for _ in range(rng.randint(50, 3_000))),
    lambda rng: " " * rng.randint(100, 5_000),
    lambda rng: "maandag" + " " * rng.randint(10, 2_000) + "3 maart",
    lambda rng: "**a " * rng.randint(10, 500),
    lambda rng: "[a" * rng.randint(10, 1_000),
    lambda rng: "<!--" * rng.randint(10, 500),
    lambda rng: "ge" * rng.randint(10, 2_000),
    lambda rng: "Ja. " * rng.randint(10, 1_000),
    lambda rng: "\n\n".join(["Ja."] * rng.randint(10, 500)),
    lambda rng: "é" + "x" * rng.randint(100, 5_000),
    lambda rng: "😀" * rng.randint(10, 500),
    lambda rng: "\r\n" * rng.randint(10, 500),
    lambda rng: "a" * rng.randint(20, 60),
]


@pytest.mark.parametrize("seed", range(40))
def test_fuzz_letters_with_pathological_runs(seed):
    rng = random.Random(seed)
    text = LETTER
    for _ in range(rng.randint(1, 4)):
        run = rng.choice(RUNS)(rng)
        place = rng.randint(0, len(text))
        text = text[:place] + run + text[place:]
    fmt = rng.choice(["txt", "md"])
    report, seconds = timed(lambda: helderetaal.check(text, format=fmt))
    assert seconds < 10, (seed, seconds)
    assert_sound(text, report)
    assert helderetaal.check(text, format=fmt) == report  # deterministic


def test_document_wide_token_arrays_read_what_spacy_tokens_say():
    # Sentences read their tokens from arrays made once per document; they must be what the
    # Token objects say, also for a Sentence that is not the document's own object.
    from helderetaal.kinds import terms
    from helderetaal.structure import Sentence

    text = LETTER + "Kijk op https://www.example.nl/a of mail info@example.nl of www.gemeente.nl. Zie art. 3 t.a.v. de Wet, blz. 4–5: 'Nee!' zei hij.\n\n- een punt\n- nóg één\n\n" + "!" * 80
    document = Document(parse_markdown(text))
    assert document.sentences
    for own in document.sentences:
        for sentence in (own, Sentence(own.index, own.start, own.end, own.block, own.kind)):
            span = document.tokens_between(sentence.start, sentence.end)
            tokens = [token for token in span if not token.is_space]
            assert [t.i for t in document.sentence_span(sentence)] == [t.i for t in span]
            everyone = frozenset(t.lower_ for t in tokens)
            assert document.sentence_tokens_among(sentence, everyone) == \
                [(t.i, tokens[n - 1].i if n else -1) for n, t in enumerate(tokens)]
            assert [t.i for t in document.words(sentence)] == [t.i for t in tokens if not t.is_punct and any(c.isalnum() for c in t.text)]
            assert document.sentence_lowers(sentence) == frozenset(t.lower_ for t in tokens)
            assert list(document.read_word_starts(sentence)) == [t.idx for t in document.words(sentence)
                                                                  if not t.like_url and not t.like_email]
            # The term rules read tokens from the whole Doc, or (per-block caching) block by block.
            block = document.blocks[sentence.block]
            for table in (terms._document_tokens(document), terms._block_tokens(document, block)):
                first, last = table.range(sentence)
                plain = table.tokens[first:last]
                assert [(p.text, p.lower_, p.lemma_, p.idx, p.is_alpha, p.like_num) for p in plain] == \
                    [(t.text, t.lower_, t.lemma_, t.idx, t.is_alpha, t.like_num) for t in tokens]
    empty = Document(parse_text(""))
    assert empty.words() == [] and all(empty.sentence_tokens_among(s, frozenset({"u"})) == [] for s in empty.sentences)
