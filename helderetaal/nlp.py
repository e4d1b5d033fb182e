"""The one spaCy pipeline of the process, built lazily on first use.

The default is a blank Dutch pipeline with spaCy's lookup lemmatizer (from
``spacy-lookups-data``): no model download. A trained ``nl_core_news_*`` model is used only
when the config asks for it (``model: nl_core_news_sm`` or ``model: auto``) and it is installed.
"""

from __future__ import annotations

import gc
import re
import sys
import threading
import types
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from .cache import collector_paused

if TYPE_CHECKING:  # spaCy is heavy: import it only when a text is first checked.
    from spacy.language import Language
    from spacy.tokens import Doc

_LOCK = threading.Lock()
_IMPORT_LOCK = threading.Lock()
_PIPELINES: dict[str, Language] = {}
_TRAINED = ("nl_core_news_lg", "nl_core_news_md", "nl_core_news_sm")


#: spaCy's tokenizer keeps caches that are not meant for concurrent writers.
TOKENIZE_LOCK = threading.Lock()


#: Longest run of punctuation and symbols that reaches the tokenizer in one piece.
MAX_PUNCTUATION_RUN = 32
_PUNCTUATION_RUN = re.compile(rf"[^\w\s]{{{MAX_PUNCTUATION_RUN + 1},}}")


def break_punctuation_runs(text: str) -> str:
    """``text`` with a space after every :data:`MAX_PUNCTUATION_RUN` characters of a longer run
    of punctuation or symbols; the length stays the same, so every offset stays true.

    spaCy's tokenizer strips prefixes and suffixes one character at a time, each time searching
    the rest of the piece: a piece of 16,000 ``!`` took 40 s. Short pieces keep it linear, and
    no letter needs a run of more than 32 punctuation marks to be read.
    """
    if not _PUNCTUATION_RUN.search(text):
        return text

    def broken(match: re.Match[str]) -> str:
        run = match.group()
        step = MAX_PUNCTUATION_RUN
        return "".join(run[i:i + step - 1] + (" " if i + step - 1 < len(run) else run[i + step - 1:i + step])
                       for i in range(0, len(run), step))

    return _PUNCTUATION_RUN.sub(broken, text)


class ModelError(Exception):
    """The configured spaCy model is not installed."""


def pipeline(model: str = "blank") -> Language:
    """Return the shared pipeline for ``model`` ("blank", "auto" or a model name)."""
    existing = _PIPELINES.get(model)
    if existing is not None:
        return existing
    with _LOCK:
        existing = _PIPELINES.get(model)
        if existing is None:
            with collector_paused():
                existing = _build(model)
                # What exists now (spaCy, the pipeline, what was loaded before) lives as long as the process.
                # Frozen, the collector never walks it again: with the collector merely paused, its
                # next two collections still walked those ~100,000 containers, 75 ms of a cold check
                # (and every later full collection in a long-running server would walk them too).
                # The cost: the few thousand cyclic leftovers of spaCy's import are never freed.
                gc.freeze()
            _PIPELINES[model] = existing
        return existing


def context_free(nlp: Language) -> bool:
    """Whether every token ``nlp`` makes depends only on the whitespace-delimited piece of text it
    comes from: true of the blank pipeline (spaCy's tokenizer never looks across whitespace, and
    the lookup lemmatizer reads each token by itself), not of a trained model (its tagger reads the
    tokens around each one). Such a pipeline may tokenize a text in pieces (see :class:`PieceTokens`)."""
    return any(nlp is blank for blank in _CONTEXT_FREE)


#: The blank pipelines built so far (they live as long as the process).
_CONTEXT_FREE: list[Language] = []


def _build(model: str) -> Language:
    spacy = import_spacy()

    if model == "auto":
        import importlib.util

        for name in _TRAINED:
            if importlib.util.find_spec(name) is not None:
                return _load_trained(name)
        model = "blank"
    if model == "blank":
        _register_lazy_tokenizer(spacy)
        nlp: Language = spacy.blank("nl", config={"nlp": {"tokenizer": {"@tokenizers": _LAZY_TOKENIZER}}})
        lemmatizer: Any = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})  # typed as a plain callable
        # What nlp.initialize() would do for this pipeline, without its cost: spaCy's Table
        # hashes all ~1M keys of the Dutch lookup table (about a second); a plain dict, read
        # from the user cache, gives the same lemmas.
        from spacy.lookups import Lookups

        lookups = Lookups()
        lookups.set_table("lemma_lookup", _LemmaTable(_lemma_lookup()))
        lemmatizer.initialize(lookups=lookups)
        # The same component (name, config, tables), with a faster __call__ for lookup mode.
        setattr(lemmatizer, "__class__", _lookup_lemmatizer_class(type(lemmatizer)))  # noqa: B010
        # Only the tokenizer and lookups run: long texts cost no parser memory.
        nlp.max_length = 100_000_000
        _CONTEXT_FREE.append(nlp)
        return nlp
    return _load_trained(model)


_LAZY_TOKENIZER = "helderetaal.LazyExceptionsTokenizer.v1"


def _register_lazy_tokenizer(spacy: Any) -> None:
    """Register (once) a tokenizer factory that builds spaCy's own tokenizer for the language,
    with the same rules, but adds its tokenizer exceptions only when a text could use them.

    Loading Dutch's 4,670 exceptions up front (a lexeme and a prefix/suffix/infix search each)
    takes about a quarter of a second, as long as all rule files together; a letter uses a few.
    """
    if _LAZY_TOKENIZER in spacy.registry.tokenizers:
        return
    from importlib import import_module

    from spacy import util

    Tokenizer: Any = import_module("spacy.tokenizer").Tokenizer  # a Cython module without stubs

    class LazyExceptionsTokenizer(Tokenizer):  # type: ignore[misc]  # spaCy is untyped here
        """spaCy's ``Tokenizer``, whose exceptions are added the first time a text holds them.

        Why the result is the same as with every exception loaded: an exception ``S`` acts on a
        text ``T`` either as a span of ``T`` (looked up by its hash) or through the special-case
        phrase matcher, whose match is a run of tokens whose texts join to ``S`` (maybe minus
        spaces). Either way ``S`` without whitespace is a substring of ``T`` without whitespace;
        every such exception is added before ``T`` is tokenized (adding one empties the
        tokenizer's cache, so no piece tokenized before is reused). tests/test_nlp_tokenizer.py
        compares this tokenizer with spaCy's on texts made of the exceptions themselves.
        """

        def __call__(self, text: str) -> Any:
            self.add_exceptions_for(text)
            return super().__call__(text)

        def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
            for text in texts:
                yield self(text)

        def add_exceptions_for(self, text: str) -> None:
            """Add every not yet added exception whose text (without whitespace) occurs in
            ``text`` (without whitespace)."""
            pending = self.pending
            if not pending:
                return
            needed = pending.needed("".join(text.split()))
            if needed:
                with self.adding:
                    for key in needed:
                        substrings = pending.take(key)
                        if substrings is not None:
                            self.add_special_case(key, substrings)

    def factory() -> Any:
        def build(nlp: Any) -> Any:
            defaults = nlp.Defaults
            tokenizer = LazyExceptionsTokenizer(
                nlp.vocab,
                rules=None,
                prefix_search=util.compile_prefix_regex(defaults.prefixes).search if defaults.prefixes else None,
                suffix_search=util.compile_suffix_regex(defaults.suffixes).search if defaults.suffixes else None,
                infix_finditer=util.compile_infix_regex(defaults.infixes).finditer if defaults.infixes else None,
                token_match=defaults.token_match,
                url_match=defaults.url_match,
            )
            tokenizer.pending = _PendingExceptions(defaults.tokenizer_exceptions)
            tokenizer.adding = threading.Lock()
            for key in tokenizer.pending.always:
                tokenizer.add_special_case(key, tokenizer.pending.take(key))
            return tokenizer

        return build

    spacy.registry.tokenizers.register(_LAZY_TOKENIZER, func=factory)


class _PendingExceptions:
    """The tokenizer exceptions not yet added, indexed by a piece of their text (without
    whitespace) that holds a character other than a letter or digit: the first such piece of
    three characters, or the whole text when it is shorter (``by_gram``). All but five of Dutch's
    4,670 exceptions hold one (abbreviations, elisions, emoticons); the others are in ``plain``."""

    def __init__(self, exceptions: dict[str, Any]) -> None:
        self.left = dict(exceptions)
        self.always: list[str] = []
        self.plain: list[tuple[str, str]] = []
        self.by_gram: dict[str, list[tuple[str, str]]] = {}
        for key in exceptions:
            bare = "".join(key.split())
            if not bare:
                self.always.append(key)  # whitespace (" ", "\u00a0"): no text can be ruled out
                continue
            gram = _marked_gram(bare)
            if gram is None:
                self.plain.append((key, bare))
            else:
                self.by_gram.setdefault(gram, []).append((key, bare))

    def needed(self, flat: str) -> list[str]:
        """The keys not yet added whose text (without whitespace) occurs in ``flat``.

        An exception's indexed piece occurs wherever the exception does, and it holds a mark
        (a character other than a letter or digit): so only the pieces of ``flat`` around its
        marks are looked up (a pass over every three-letter piece of the text cost a ten-page
        letter 3 ms), then each candidate longer than its piece is searched in the text. The
        pieces gathered may include a few more substrings than needed (at the text's ends):
        every one is a substring of ``flat``, so nothing is added that does not occur in it.
        """
        grams: set[str] = set()
        for mark in _MARK.finditer(flat):
            at = mark.start()
            before, far = max(at - 1, 0), max(at - 2, 0)
            grams.update((flat[at], flat[before:at + 1], flat[at:at + 2], flat[far:at + 1], flat[before:at + 2],
                          flat[at:at + 3]))
        left = self.left
        found = [key for key, bare in self.plain if key in left and bare in flat]
        by_gram = self.by_gram
        for gram in grams.intersection(by_gram) if len(grams) > len(by_gram) else [g for g in grams if g in by_gram]:
            # A text as short as its piece is the piece: it occurs, no search needed.
            found.extend(key for key, bare in by_gram[gram] if key in left and (bare == gram or bare in flat))
        return found

    def take(self, key: str) -> Any:
        """The substrings of ``key``'s exception, the first time only (None after)."""
        substrings = self.left.pop(key, None)
        if not self.left:
            self.plain.clear()
            self.by_gram.clear()
        return substrings

    def __bool__(self) -> bool:
        return bool(self.left)


#: A character other than a letter or a digit (``str.isalnum`` is what ``\w`` means, less ``_``).
_MARK = re.compile(r"[\W_]")


def _marked_gram(bare: str) -> str | None:
    """The first piece of ``bare`` of three characters (the whole of a shorter one) that holds a
    mark; None when ``bare`` has none."""
    if len(bare) < 3:
        return bare if _MARK.search(bare) else None
    return next((bare[i:i + 3] for i in range(len(bare) - 2) if _MARK.search(bare[i:i + 3])), None)


def knows_word(word: str) -> bool:
    """Whether spaCy's Dutch lemma table holds ``word`` (lower case)."""
    global _KNOWN_WORDS
    if _KNOWN_WORDS is None:
        _KNOWN_WORDS = _lemma_lookup()
    return _KNOWN_WORDS.get(word) is not None


_KNOWN_WORDS: Any = None


def _lemma_lookup() -> Any:
    """spaCy's Dutch lemma lookup table (``spacy-lookups-data``) as a mapping with ``get``:
    a table in the user cache (read word by word), else a plain dict."""
    from .cache import cached_table, package_version

    def build() -> dict[str, str]:
        from spacy.util import load_language_data, registry

        return dict(load_language_data(registry.lookups.get("nl")["lemma_lookup"]))

    return cached_table("nl-lemma-lookup", (package_version("spacy-lookups-data"), package_version("spacy")), build)


def _LemmaTable(data: Any) -> Any:  # noqa: N802 - builds an instance of a lazily made class
    from spacy.lookups import Table

    global _LEMMA_TABLE_CLASS
    if _LEMMA_TABLE_CLASS is None:

        class LemmaTable(Table):
            """A lookups ``Table`` over a dict keyed by the strings themselves.

            The lemmatizer only calls ``get(word, default)`` with strings.
            """

            def __init__(self, strings: Any) -> None:  # no hashing, no Bloom filter
                OrderedDict.__init__(self)
                self.name = "lemma_lookup"
                self.strings = strings

            def get(self, key: Any, default: Any = None) -> Any:
                return self.strings.get(key, default)

            def __getitem__(self, key: Any) -> Any:
                return self.strings[key]

            def __contains__(self, key: Any) -> bool:
                return key in self.strings

            def __len__(self) -> int:
                return len(self.strings)

        _LEMMA_TABLE_CLASS = LemmaTable
    return _LEMMA_TABLE_CLASS(data)


_LEMMA_TABLE_CLASS: Any = None

#: Most token texts whose lemma the lookup lemmatizer remembers (as string hashes).
_LEMMA_MEMO_LIMIT = 50_000


def _lookup_lemmatizer_class(base: Any) -> Any:
    """``base`` (spaCy's Dutch lemmatizer in lookup mode) with the same lemmas, set in one
    array write per Doc instead of a ``Token`` object and a table lookup per token.

    In lookup mode a token's lemma is a function of its text alone (the lower-cased text looked up
    in ``lemma_lookup``, else that text), so it is kept by the text's hash across Docs."""
    global _LOOKUP_LEMMATIZER_CLASS
    if _LOOKUP_LEMMATIZER_CLASS is None or _LOOKUP_LEMMATIZER_CLASS.__bases__ != (base,):

        class LookupLemmatizer(base):  # type: ignore[misc]  # spaCy is untyped here
            def __call__(self, doc: Any) -> Any:
                if self.mode != "lookup":
                    return super().__call__(doc)
                if not self._validated:
                    from spacy.errors import Errors

                    self._validate_tables(Errors.E1004)
                if not len(doc):
                    return doc
                import numpy

                memo: dict[int, int] = self.__dict__.setdefault("_lemma_hashes", {})
                strings = doc.vocab.strings
                table = self.lookups.get_table("lemma_lookup", {})
                columns = doc.to_array(["ORTH", "LEMMA"])
                # Each distinct text once: a long letter repeats its words.
                orths, inverse = numpy.unique(columns[:, 0], return_inverse=True)
                hashes = []
                for orth in orths.tolist():
                    found = memo.get(orth)
                    if found is None:
                        lower = strings[orth].lower()
                        found = strings.add(table.get(lower, lower))
                        if len(memo) >= _LEMMA_MEMO_LIMIT:
                            memo.clear()
                        memo[orth] = found
                    hashes.append(found)
                lemmas = numpy.array(hashes, dtype=numpy.uint64)[inverse.reshape(-1)]
                if not self.overwrite:  # a lemma set before (none is, in this pipeline) stays
                    kept = columns[:, 1] != 0
                    lemmas[kept] = columns[kept, 1]
                doc.from_array(["LEMMA"], lemmas)
                return doc

        _LOOKUP_LEMMATIZER_CLASS = LookupLemmatizer
    return _LOOKUP_LEMMATIZER_CLASS


_LOOKUP_LEMMATIZER_CLASS: Any = None


def import_spacy() -> Any:
    """``import spacy`` without loading its command-line package.

    ``spacy/__init__`` imports ``spacy.cli`` only to offer ``spacy.info``; that pulls in typer,
    weasel, requests and more, about half of spaCy's import time. Stand-ins keep it out while
    spaCy loads and are removed again afterwards, so a later ``import spacy.cli`` (by anyone)
    loads the real package, and ``spacy.info`` still works.
    """
    loaded = sys.modules.get("spacy")
    if loaded is not None:
        return loaded
    with _IMPORT_LOCK:
        loaded = sys.modules.get("spacy")
        if loaded is not None:
            return loaded
        stand_ins: dict[str, types.ModuleType] = {}
        if "spacy.cli" not in sys.modules and "spacy.cli.info" not in sys.modules:
            cli = types.ModuleType("spacy.cli")
            info = types.ModuleType("spacy.cli.info")

            def real_info(*args: Any, **kwargs: Any) -> Any:
                from spacy.cli.info import info as real

                return real(*args, **kwargs)

            info.info = real_info  # type: ignore[attr-defined]
            cli.info = info  # type: ignore[attr-defined]
            stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
            sys.modules.update(stand_ins)
        try:
            import spacy
        finally:
            for name, module in stand_ins.items():
                if sys.modules.get(name) is module:
                    del sys.modules[name]
            package = sys.modules.get("spacy")
            if stand_ins and package is not None and getattr(package, "cli", None) is stand_ins["spacy.cli"]:
                delattr(package, "cli")
        return spacy


def _load_trained(name: str) -> Language:
    spacy = import_spacy()

    try:
        # The parser's sentence splits are not used: helderetaal splits sentences itself.
        trained: Language = spacy.load(name, exclude=["parser", "ner"])
        return trained
    except OSError as error:
        raise ModelError(f"spaCy-model '{name}' is niet geïnstalleerd") from error


class PieceTokens:
    """The tokens of text pieces, kept by the piece's text, so a text that changed in one piece
    is tokenized again only there (the language server's worker keeps one: see
    :class:`helderetaal.document.Document`).

    Only for a :func:`context_free` pipeline: its Doc of a text cut where a run of whitespace
    that holds a line break ends is the concatenation of the Docs of the pieces, and a Doc is
    fully given by each token's text, trailing space, lemma and norm (a tokenizer exception may
    set the norm), so that is what is kept. Why such a cut is safe: the tokenizer reads the text as runs of whitespace and
    of other characters, and a run of whitespace that holds a line break becomes a token of its
    own (only a single space is attached to the token before it), so the tokens on either side
    of the cut are made without looking at each other; no tokenizer exception is longer than one
    such run. tests/test_incremental.py compares the two on every letter of the test corpora.
    Bounded: at most ``max_pieces`` pieces of ``max_chars`` characters together, the least
    recently used dropped first.
    """

    def __init__(self, max_pieces: int = 1024, max_chars: int = 1_000_000) -> None:
        self.max_pieces = max_pieces
        self.max_chars = max_chars
        self._pieces: OrderedDict[str, _Piece] = OrderedDict()
        self._chars = 0
        self._nlp: Language | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._pieces)

    def doc(self, nlp: Language, text: str, cuts: list[int]) -> Doc:
        """``nlp(text)``, made from the pieces between ``cuts`` (offsets; those where a line
        break does not end the whitespace before them are not cut at)."""
        from spacy.tokens import Doc

        if not context_free(nlp):
            raise ValueError("only a context-free pipeline can tokenize a text in pieces")
        with self._lock:
            if self._nlp is not nlp:  # the token hashes belong to one pipeline's vocabulary
                self._pieces.clear()
                self._chars = 0
                self._nlp = nlp
            pieces = [self._piece(nlp, text[start:end]) for start, end in _pieces(text, cuts)]
        if not pieces:
            return Doc(nlp.vocab, words=[], spaces=[])
        import numpy

        columns = numpy.concatenate([piece.columns for piece in pieces]) if len(pieces) > 1 else pieces[0].columns
        # Words as their hashes (the pieces' lexemes are in the vocabulary): a Doc made of strings
        # hashes every one of them again, four fifths of the Doc's cost.
        doc = Doc(nlp.vocab, words=columns[:, 0].tolist(), spaces=columns[:, 1].astype(bool).tolist())
        if len(doc):
            lemma_norm: Any = numpy.ascontiguousarray(columns[:, 2:4])  # spaCy's Ints2d
            doc.from_array(["LEMMA", "NORM"], lemma_norm)
        return doc

    def _piece(self, nlp: Language, text: str) -> _Piece:
        piece = self._pieces.get(text)
        if piece is not None:
            self._pieces.move_to_end(text)
            return piece
        with TOKENIZE_LOCK:
            doc = nlp(text)
        piece = _Piece(doc.to_array(["ORTH", "SPACY", "LEMMA", "NORM"]))
        self._pieces[text] = piece
        self._chars += len(text)
        while self._pieces and (len(self._pieces) > self.max_pieces or self._chars > self.max_chars):
            dropped, _ = self._pieces.popitem(last=False)
            self._chars -= len(dropped)
        return piece


class _Piece:
    """One piece's tokens: an array of their (orth, trailing space, lemma, norm) hashes."""

    __slots__ = ("columns",)

    def __init__(self, columns: Any) -> None:
        self.columns = columns


def _pieces(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """(start, end) of the pieces of ``text`` between the usable ``cuts``: a cut is used where a
    non-whitespace character follows a run of whitespace that holds a line break."""
    bounds = [0]
    for cut in cuts:
        if bounds[-1] < cut < len(text) and not text[cut].isspace() and text[cut - 1].isspace():
            gap = cut
            while gap > bounds[-1] and text[gap - 1].isspace():
                gap -= 1
            if "\n" in text[gap:cut] or "\r" in text[gap:cut]:
                bounds.append(cut)
    bounds.append(len(text))
    return [(start, end) for start, end in zip(bounds, bounds[1:]) if start < end]
