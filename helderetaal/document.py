"""The document model: built once per letter, shared by every rule."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .directives import Directives, parse_directives
from .nlp import TOKENIZE_LOCK, break_punctuation_runs, pipeline
from .positions import LineIndex
from .readers.base import SourceText
from .structure import PROSE_KINDS, Block, Sentence, find_blocks, find_sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


class Document:
    """A letter ready for the rules.

    Holds the source text, the analysed text (same length, markup blanked), line index,
    blocks, sentences, the spaCy ``Doc`` (tokens with lemmas) and the inline directives.
    Metrics are computed on first use and then shared; what the letter says (profile,
    facts, elements, summary) is the :class:`~helderetaal.letter.Letter` built from it.
    """

    def __init__(self, source: SourceText, model: str = "blank") -> None:
        self.source = source
        self.text = source.text
        # Long punctuation runs are broken up (same length, same offsets): the tokenizer and the
        # sentence splitter are quadratic in them.
        self.analysed = break_punctuation_runs(source.analysed)
        self.path = source.path
        self.lines = LineIndex(source.text)
        self.blocks: list[Block] = find_blocks(self.analysed, source.line_is_paragraph)
        self.sentences: list[Sentence] = find_sentences(self.analysed, self.blocks)
        self._sentence_starts = [sentence.start for sentence in self.sentences]
        nlp = pipeline(model)
        with TOKENIZE_LOCK:
            self.spacy: Doc = nlp(self.analysed)
        # Read as one array: iterating the Doc would make a Token object per token.
        self._token_starts: list[int] = self.spacy.to_array("IDX").tolist() if len(self.spacy) else []
        self._tokens_of: dict[tuple[int, int], list[Token]] = {}
        self._words_of: dict[tuple[int, int], list[Token]] = {}
        self._lowers_of: dict[tuple[int, int], frozenset[str]] = {}
        self.directives: Directives = parse_directives(source.comments, self.lines)

    # -- tokens -------------------------------------------------------------------------
    def token_index(self, offset: int) -> int:
        """Index of the first token that starts at or after ``offset``."""
        return bisect.bisect_left(self._token_starts, offset)

    def tokens_between(self, start: int, end: int) -> Span:
        """The spaCy span of the tokens that start inside [start, end)."""
        return self.spacy[self.token_index(start) : self.token_index(end)]

    def sentence_span(self, sentence: Sentence) -> Span:
        """The spaCy span of a sentence."""
        return self.tokens_between(sentence.start, sentence.end)

    def sentence_tokens(self, sentence: Sentence) -> list[Token]:
        """The tokens of a sentence without whitespace tokens, built once and shared by the
        rules (spaCy makes a new Token object on every access). Treat it as read-only."""
        key = (sentence.start, sentence.end)
        tokens = self._tokens_of.get(key)
        if tokens is None:
            tokens = [token for token in self.sentence_span(sentence) if not token.is_space]
            self._tokens_of[key] = tokens
        return tokens

    def sentence_lowers(self, sentence: Sentence) -> frozenset[str]:
        """The lower-case forms of a sentence's tokens (no whitespace tokens), found once."""
        key = (sentence.start, sentence.end)
        lowers = self._lowers_of.get(key)
        if lowers is None:
            lowers = self._lowers_of[key] = frozenset(token.lower_ for token in self.sentence_tokens(sentence))
        return lowers

    def words(self, sentence: Sentence | None = None) -> list[Token]:
        """Word tokens (no punctuation, no whitespace) of a sentence, or of the prose."""
        if sentence is None:
            return [token for s in self.prose_sentences() for token in self._words(s)]
        return list(self._words(sentence))

    def _words(self, sentence: Sentence) -> list[Token]:
        key = (sentence.start, sentence.end)
        words = self._words_of.get(key)
        if words is None:
            words = [token for token in self.sentence_tokens(sentence) if is_word(token)]
            self._words_of[key] = words
        return words

    # -- structure ----------------------------------------------------------------------
    def prose_sentences(self) -> Iterator[Sentence]:
        """Sentences of paragraphs and list items: the running text of the letter."""
        return (sentence for sentence in self.sentences if sentence.kind in PROSE_KINDS)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that holds ``offset``, if any."""
        index = bisect.bisect_right(self._sentence_starts, offset) - 1
        if index >= 0 and self.sentences[index].start <= offset < self.sentences[index].end:
            return self.sentences[index]
        return None

    def anchor(self) -> tuple[int, int]:
        """Where a finding about the whole letter goes: the salutation, else the first line
        of the message, else the first line."""
        for kinds in (("salutation",), ("paragraph", "heading", "list_item"), tuple(b.kind for b in self.blocks)):
            for block in self.blocks:
                if block.kind in kinds:
                    line = self.lines.line_of(block.start)
                    return block.start, min(block.end, self.lines.line_end(line))
        return 0, 0

    # -- shared analyses ----------------------------------------------------------------
    @cached_property
    def metrics(self) -> dict[str, Any]:
        """Readability metrics of the prose (see :mod:`helderetaal.metrics`)."""
        from .metrics import compute_metrics

        return compute_metrics(self)


def is_word(token: Token) -> bool:
    """A token that counts as a word: it holds a letter or a digit."""
    return not token.is_space and not token.is_punct and any(char.isalnum() for char in token.text)

