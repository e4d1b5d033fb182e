"""The blank pipeline adds spaCy's tokenizer exceptions lazily (helderetaal.nlp): its tokens must
be exactly those of spaCy's own tokenizer with every exception loaded."""

from __future__ import annotations

import random

import pytest

from helderetaal import nlp

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def tokenizers():
    lazy = nlp._build("blank")  # a fresh pipeline: no exception added yet
    full = spacy.blank("nl")
    return lazy, full


def _tokens(doc):
    return [(token.text, token.idx, token.norm_, token.whitespace_) for token in doc]


def _exception_texts(keys, seed, count=200, parts=30):
    """Texts made of the exceptions themselves: as they are, spaced out letter by letter (the
    phrase matcher joins tokens without spaces), glued to a word, in capitals, between brackets."""
    rng = random.Random(seed)
    separators = [" ", "", "  ", "\n", ", ", "(", ").", "\r\n", " - ", "\u00a0", "\t", " \u00a0 "]
    for _ in range(count):
        pieces = []
        for _ in range(parts):
            key = rng.choice(keys)
            roll = rng.random()
            if roll < 0.2:
                key = " ".join(key)
            elif roll < 0.3:
                key = key.upper()
            elif roll < 0.4:
                key = "zo" + key
            elif roll < 0.5:
                key = key + "s"
            pieces.append(key)
            pieces.append(rng.choice(separators))
        yield "".join(pieces)


def test_lazy_exceptions_give_spacys_tokens(tokenizers):
    lazy, full = tokenizers
    keys = sorted(full.Defaults.tokenizer_exceptions)
    assert lazy.tokenizer.pending, "the lazy tokenizer starts without exceptions"
    for text in _exception_texts(keys, seed=16):
        assert _tokens(lazy(text)) == _tokens(full(text)), text


def test_ordinary_letter_text(tokenizers):
    _, full = tokenizers
    lazy = nlp._build("blank")
    text = ("Geachte heer/mevrouw,\n\nVanaf ma. 3 jan. t/m vr. 14 jan. vervangen wij o.a. de riolering "
            "i.v.m. lekkage. Bel ca. 2 wkn. vooraf: tel. 0123-456789, of mail naar info@gemeente.nl.\n"
            "Zie ook www.gemeente.nl/werk (blz. 2, art. 5 lid 1 sub a). M.vr.gr., dhr. J. de Vries")
    assert _tokens(lazy(text)) == _tokens(full(text))
    # Only the exceptions this text could use were added.
    assert len(lazy.tokenizer.rules) < len(full.Defaults.tokenizer_exceptions)


def test_the_shared_pipeline_is_lazy():
    assert type(nlp.pipeline("blank").tokenizer).__name__ == "LazyExceptionsTokenizer"


def test_the_exceptions_a_text_needs_are_exactly_those_it_holds(tokenizers):
    """The lookup by marked pieces (helderetaal.nlp._PendingExceptions.needed) finds every
    exception whose text, without whitespace, occurs in the text, and no other: on texts made of
    the exceptions, on random strings of marks and letters, and at the ends of a text."""
    _, full = tokenizers
    exceptions = full.Defaults.tokenizer_exceptions
    pending = nlp._PendingExceptions(exceptions)
    bares = {key: "".join(key.split()) for key in exceptions}
    rng = random.Random(20)
    texts = [*_exception_texts(sorted(exceptions), seed=17, count=100),
             *("".join(rng.choice("ab.'s:)(D8x-/ \n") for _ in range(rng.randint(0, 60))) for _ in range(300)),
             "", ".", "a", "'s", "xD", ":)", "a.", "x.D", "ca.", "t/m"]
    for text in texts:
        flat = "".join(text.split())
        assert sorted(pending.needed(flat)) == sorted(key for key, bare in bares.items() if bare and bare in flat), text
