"""The document model: built once per letter, shared by every rule."""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .directives import Directives, parse_directives
from .memo import BlockResults
from .nlp import TOKENIZE_LOCK, PieceTokens, break_punctuation_runs, context_free, pipeline
from .positions import LineIndex
from .readers.base import SourceText
from .structure import (PROSE_KINDS, Block, Sentence, block_key, find_blocks, find_sentences, find_structure,
                        widest_lines)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


class Document:
    """A letter ready for the rules.

    Holds the source text, the analysed text (same length, markup blanked), line index,
    blocks, sentences, the spaCy ``Doc`` (tokens with lemmas) and the inline directives.
    Metrics are computed on first use and then shared; what the letter says (profile,
    facts, elements, summary) is the :class:`~helderetaal.letter.Letter` built from it.
    """

    def __init__(self, source: SourceText, model: str = "blank", pieces: PieceTokens | None = None,
                 results: BlockResults | None = None) -> None:
        """Analyse ``source`` with the pipeline of ``model``.

        ``pieces`` (the language server's worker keeps one across versions of a letter) lets a
        context-free pipeline tokenize block by block, reusing the tokens of every block whose
        text did not change; the Doc is the same as the one made of the whole text. ``results``
        (kept beside it) lets rules reuse what they found in such blocks: it becomes
        :attr:`block_results`.
        """
        self.source = source
        self.text = source.text
        self.path = source.path
        self.lines = LineIndex(source.text)
        nlp = pipeline(model)
        #: Per-block rule results to reuse (see :class:`~helderetaal.memo.BlockResults`), or None.
        #: Only with a context-free pipeline: a trained model's tokens depend on the blocks around them.
        self.block_results: BlockResults | None = results if context_free(nlp) else None
        self._block_keys: list[tuple[str, str, str]] | None = None
        # Long punctuation runs are broken up (same length, same offsets): the tokenizer and the
        # sentence splitter are quadratic in them.
        if results is not None:
            results.begin_check()
            # The structure reads no token: kept whatever the pipeline.
            found = find_structure(source.analysed, source.line_is_paragraph, results)
            self.analysed, self.blocks, self.sentences, self._block_keys = found.analysed, found.blocks, \
                found.sentences, found.keys
            self.__dict__["widest_lines"] = found.widest  # the cached property, known already
        else:
            self.analysed = break_punctuation_runs(source.analysed)
            self.blocks = find_blocks(self.analysed, source.line_is_paragraph)
            self.sentences = find_sentences(self.analysed, self.blocks)
        # A list, not an array: sentence_at bisects it hundreds of times a check (an array makes an
        # int per probe), and a text has far fewer sentences than tokens.
        self._sentence_starts = [sentence.start for sentence in self.sentences]
        if pieces is not None and context_free(nlp):
            self.spacy: Doc = pieces.doc(nlp, self.analysed, [block.start for block in self.blocks])
        else:
            with TOKENIZE_LOCK:
                self.spacy = nlp(self.analysed)
        # Read as one array: iterating the Doc would make a Token object per token. Offsets are kept
        # in machine-word arrays (8 bytes each, a Python int costs 32 plus the list's pointer): a 5 MB
        # text has a million tokens.
        self._token_starts = array("q")
        if len(self.spacy):
            self._token_starts.frombytes(self.spacy.to_array("IDX").astype("int64").tobytes())
        self.directives: Directives = parse_directives(source.comments, self.lines)
        self._strings: dict[str, list[str]] = {}
        self._columns: dict[tuple[str, ...], Any] = {}
        self._column_reads: dict[tuple[str, ...], int] = {}

    # -- tokens -------------------------------------------------------------------------
    def token_index(self, offset: int) -> int:
        """Index of the first token that starts at or after ``offset``."""
        return bisect.bisect_left(self._token_starts, offset)

    def tokens_between(self, start: int, end: int) -> Span:
        """The spaCy span of the tokens that start inside [start, end)."""
        return self.spacy[self.token_index(start) : self.token_index(end)]

    def sentence_span(self, sentence: Sentence) -> Span:
        """The spaCy span of a sentence."""
        first, last = self.token_range(sentence)
        return self.spacy[first:last]

    def token_range(self, sentence: Sentence) -> tuple[int, int]:
        """Indices [first, last) in :attr:`spacy` of the tokens that start inside the sentence."""
        index = sentence.index
        if index < len(self.sentences) and self.sentences[index] is sentence:
            first, last = self._sentence_token_ranges
            return first[index], last[index]
        return self.token_index(sentence.start), self.token_index(sentence.end)

    @cached_property
    def _sentence_token_ranges(self) -> tuple[array[int], array[int]]:
        """:meth:`token_range` of every sentence, found in one pass: two offsets a sentence."""
        import numpy

        offsets = numpy.frombuffer(self._token_starts, dtype=numpy.int64) if self._token_starts \
            else numpy.zeros(0, numpy.int64)
        count = len(self.sentences)
        starts = numpy.fromiter((s.start for s in self.sentences), numpy.int64, count)
        ends = numpy.fromiter((s.end for s in self.sentences), numpy.int64, count)
        return (array("q", numpy.searchsorted(offsets, starts).astype(numpy.int64).tobytes()),
                array("q", numpy.searchsorted(offsets, ends).astype(numpy.int64).tobytes()))

    def token_columns(self, names: tuple[str, ...], first: int, last: int) -> Any:
        """The Doc's ``names`` columns (spaCy attributes, as ``Doc.to_array``) of the tokens
        [first, last), a row a token.

        A check that reads a few stretches (a keystroke in the editor reads the block it changed)
        reads only those from spaCy; one that reads many reads the whole Doc once and slices it:
        one call into spaCy for the whole letter is cheaper than hundreds, but reading all of a
        ten-page letter for one block was most of a keystroke's work for that block."""
        whole = self._columns.get(names)
        if whole is None:
            if self._read_alone(names):
                return _span_columns(self.spacy, first, last, names)
            whole = self._columns[names] = self.spacy.to_array(list(names))
        return whole[first:last]

    def _read_alone(self, columns: tuple[str, ...]) -> bool:
        """Whether to read a stretch of ``columns`` from spaCy for that stretch alone: in the
        editor, for the first :data:`_STRETCHES_READ_ALONE` stretches a check asks for (a keystroke
        asks for the block it changed); after that, and on the command line, the whole Doc once."""
        if self.block_results is None:
            return False
        reads = self._column_reads.get(columns, 0)
        if reads >= _STRETCHES_READ_ALONE:
            return False
        self._column_reads[columns] = reads + 1
        return True

    def sentence_lowers(self, sentence: Sentence) -> frozenset[str]:
        """The lower-case forms of a sentence's tokens (no whitespace tokens)."""
        first, last = self.token_range(sentence)
        if "LOWER" not in self._strings and self._read_alone(_LOWER_COLUMNS):
            strings = self.spacy.vocab.strings
            return frozenset([strings[lower] for lower, space in
                              _span_columns(self.spacy, first, last, _LOWER_COLUMNS).tolist() if not space])
        flags = self._token_flags
        lowers = self._token_strings("LOWER")
        return frozenset([lowers[i] for i in range(first, last) if not flags[i] & _SPACE])

    def sentence_tokens_among(self, sentence: Sentence, lowers: frozenset[str]) -> list[tuple[int, int]]:
        """(index in :attr:`spacy`, index of the token before it) of each token of the sentence
        whose lower-case form is one of ``lowers``; whitespace tokens are skipped, and the first
        token has -1 before it. For a rule that looks at a few words of every sentence: no
        ``Token`` object is made for the others."""
        first, last = self.token_range(sentence)
        found: list[tuple[int, int]] = []
        previous = -1
        if "LOWER" not in self._strings and self._read_alone(_LOWER_COLUMNS):
            strings = self.spacy.vocab.strings
            rows = _span_columns(self.spacy, first, last, _LOWER_COLUMNS).tolist() if first < last else []
            for index, (lower, space) in enumerate(rows, first):
                if not space:
                    if strings[lower] in lowers:
                        found.append((index, previous))
                    previous = index
            return found
        flags = self._token_flags
        strings_of = self._token_strings("LOWER")
        for index in range(first, last):
            if not flags[index] & _SPACE:
                if strings_of[index] in lowers:
                    found.append((index, previous))
                previous = index
        return found

    def words(self, sentence: Sentence | None = None) -> list[Token]:
        """Word tokens (no punctuation, no whitespace) of a sentence, or of the prose."""
        if sentence is None:
            return [token for s in self.prose_sentences() for token in self.words(s)]
        first, last = self.token_range(sentence)
        flags = self._flags_between(first, last)
        doc = self.spacy
        return [doc[first + i] for i, flag in enumerate(flags) if flag & _WORD]

    def word_texts(self, sentence: Sentence) -> tuple[list[str], array[int]]:
        """The texts and start offsets of :meth:`words` of a sentence, read without a Token
        object per word (the readability metrics need no more)."""
        first, last = self.token_range(sentence)
        if "_word_tokens" not in self.__dict__ and self._read_alone(_WORD_COLUMNS):
            return self._words_between(first, last)
        indices, texts, starts = self._word_tokens
        low, high = bisect.bisect_left(indices, first), bisect.bisect_left(indices, last)
        return texts[low:high], starts[low:high]

    def read_word_starts(self, sentence: Sentence) -> array[int]:
        """The start offsets of the :meth:`words` of a sentence that a reader reads: a web or
        e-mail address is none. In order; read without a Token object per word."""
        first, last = self.token_range(sentence)
        if "_read_words" not in self.__dict__ and self._read_alone(_READ_COLUMNS):
            starts: array[int] = array("q")
            if first < last:
                strings = self.spacy.vocab.strings
                for orth, space, punct, start, url, email in _span_columns(self.spacy, first, last, _READ_COLUMNS).tolist():
                    if not url and not email and _flag(strings[orth], space, punct) & _WORD:
                        starts.append(start)
            return starts
        indices, starts = self._read_words
        return starts[bisect.bisect_left(indices, first):bisect.bisect_left(indices, last)]

    @cached_property
    def _read_words(self) -> tuple[array[int], array[int]]:
        """The index and start offset of every word token that is no web or e-mail address."""
        found, _texts, starts = self._word_tokens
        if not found:
            return array("q"), array("q")
        import numpy

        indices = numpy.frombuffer(found, dtype=numpy.int64)
        addresses = self.spacy.to_array(["LIKE_URL", "LIKE_EMAIL"])[indices].any(axis=1)
        return (array("q", indices[~addresses].tobytes()),
                array("q", numpy.frombuffer(starts, dtype=numpy.int64)[~addresses].tobytes()))

    def _words_between(self, first: int, last: int) -> tuple[list[str], array[int]]:
        """:meth:`word_texts` of the tokens [first, last), read from spaCy for those alone."""
        texts: list[str] = []
        starts: array[int] = array("q")
        if first >= last:
            return texts, starts
        strings = self.spacy.vocab.strings
        rows = _span_columns(self.spacy, first, last, _WORD_COLUMNS)
        for orth, space, punct, start in rows.tolist():
            text = strings[orth]
            if _flag(text, space, punct) & _WORD:
                texts.append(text)
                starts.append(start)
        return texts, starts

    @cached_property
    def _word_tokens(self) -> tuple[array[int], list[str], array[int]]:
        """The index, text and start offset of every word token, in order (found in one pass;
        indices and offsets in machine-word arrays, as the token starts)."""
        if not len(self.spacy):
            return array("q"), [], array("q")
        import numpy

        found = numpy.flatnonzero(numpy.frombuffer(self._token_flags, dtype=numpy.uint8) & _WORD).astype(numpy.int64)
        texts = self._token_strings("ORTH")
        starts = array("q", numpy.frombuffer(self._token_starts, dtype=numpy.int64)[found].tobytes())
        return array("q", found.tobytes()), [texts[i] for i in found.tolist()], starts

    def _token_strings(self, attribute: str) -> list[str]:
        """``attribute`` (``ORTH``, ``LOWER``) of every token, read from the Doc's array once
        per document (no Token object per token); equal strings are one shared object."""
        found = self._strings.get(attribute)
        if found is None:
            found = self._strings[attribute] = []
            if len(self.spacy):
                import numpy

                hashes, inverse = numpy.unique(self.spacy.to_array(attribute), return_inverse=True)
                strings = self.spacy.vocab.strings
                names = numpy.array([strings[int(value)] for value in hashes.tolist()], dtype=object)
                found.extend(names[inverse.reshape(-1)].tolist())
        return found

    def _flags_between(self, first: int, last: int) -> bytes:
        """:attr:`_token_flags` of the tokens [first, last); in the editor, while a check asks for
        few stretches, read for those alone (see :meth:`_read_alone`)."""
        if "_token_flags" in self.__dict__ or not self._read_alone(_FLAG_COLUMNS):
            return self._token_flags[first:last]
        if first >= last:
            return b""
        strings = self.spacy.vocab.strings
        return bytes(_flag(strings[orth], space, punct)
                     for orth, space, punct in _span_columns(self.spacy, first, last, _FLAG_COLUMNS).tolist())

    @cached_property
    def _token_flags(self) -> bytes:
        """One byte per token: :data:`_SPACE` for whitespace, :data:`_WORD` for a word (not
        whitespace, not punctuation, holds a letter or a digit); read from the Doc's arrays,
        without a Token object per token."""
        if not len(self.spacy):
            return b""
        import numpy

        # :func:`_flag` for every token at once.
        columns = self.spacy.to_array(list(_FLAG_COLUMNS))
        orths, inverse = numpy.unique(columns[:, 0], return_inverse=True)
        strings = self.spacy.vocab.strings
        holds = _ALNUM.search
        alnum = numpy.array([holds(strings[orth]) is not None for orth in orths.tolist()], dtype=bool)[inverse.reshape(-1)]
        space = columns[:, 1].astype(bool)
        word = alnum & ~space & ~columns[:, 2].astype(bool)
        return bytes((space * _SPACE + word * _WORD).astype(numpy.uint8).tobytes())

    # -- structure ----------------------------------------------------------------------
    def block_key(self, block: Block) -> tuple[str, str, str]:
        """What the tokens, sentences and matches inside ``block`` depend on (see
        :func:`~helderetaal.structure.block_key`). Keys of :class:`~helderetaal.memo.BlockResults`;
        made once per document (kept across versions with the structure: the same key objects)."""
        keys = self.block_keys()
        if block.index < len(keys) and self.blocks[block.index] is block:
            return keys[block.index]
        return self._make_block_key(block)

    def block_keys(self) -> list[tuple[str, str, str]]:
        """:meth:`block_key` of every block of :attr:`blocks`, by the block's index: for a rule that
        asks for each block's key on every keystroke (a list lookup instead of a method call)."""
        keys = self._block_keys
        if keys is None:
            keys = self._block_keys = [self._make_block_key(each) for each in self.blocks]
        return keys

    def _make_block_key(self, block: Block) -> tuple[str, str, str]:
        return block_key(self.analysed, block.kind, block.start, block.end)

    @cached_property
    def widest_lines(self) -> tuple[int, int]:
        """The lengths of the two longest lines (see :func:`~helderetaal.structure.widest_lines`;
        from the structure when it was kept)."""
        return widest_lines(self.analysed)

    def prose_sentences(self) -> Iterator[Sentence]:
        """Sentences of paragraphs and list items: the running text of the letter."""
        return (sentence for sentence in self.sentences if sentence.kind in PROSE_KINDS)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that holds ``offset``, if any."""
        index = bisect.bisect_right(self._sentence_starts, offset) - 1
        if index >= 0:
            sentence = self.sentences[index]
            if offset < sentence.end:
                return sentence
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


#: Bits of :attr:`Document._token_flags`. A word is a token that is neither whitespace nor
#: punctuation and holds a letter or a digit.
_SPACE = 1
_WORD = 2
#: How many stretches of tokens a check reads from spaCy one by one before it reads the whole Doc
#: (see :meth:`Document._read_alone`).
_STRETCHES_READ_ALONE = 16
#: The columns a token's :attr:`Document._token_flags` are read from.
_FLAG_COLUMNS = ("ORTH", "IS_SPACE", "IS_PUNCT")
#: The columns :meth:`Document.sentence_lowers` reads.
_LOWER_COLUMNS = ("LOWER", "IS_SPACE")
#: The columns a word is told by (see :attr:`Document._token_flags`), and its start.
_WORD_COLUMNS = ("ORTH", "IS_SPACE", "IS_PUNCT", "IDX")
#: The columns :meth:`Document.read_word_starts` reads.
_READ_COLUMNS = (*_WORD_COLUMNS, "LIKE_URL", "LIKE_EMAIL")


#: A letter or a digit: ``[^\W_]`` is exactly ``str.isalnum`` of one character (re's ``\w`` is that
#: or "_"), searched in C rather than by a generator over the characters.
_ALNUM = re.compile(r"[^\W_]")


def _flag(text: str, space: int, punct: int) -> int:
    """A token's :attr:`Document._token_flags` byte from its text and its IS_SPACE and IS_PUNCT."""
    if space:
        return _SPACE
    return _WORD if not punct and _ALNUM.search(text) is not None else 0


def _span_columns(doc: Doc, first: int, last: int, names: tuple[str, ...]) -> Any:
    """``Doc.to_array(names)`` of the tokens [first, last) alone (a Span wants attribute ids)."""
    from spacy.attrs import IDS

    span: Any = doc[first:last]  # spaCy's stubs do not list Span.to_array
    return span.to_array([IDS[name] for name in names])

