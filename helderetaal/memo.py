"""Per-document memos: values worked out once per document and shared by the rules.

The :class:`~helderetaal.document.Document` is built once and then only read. A rule kind
that wants to remember something about one document (the plain tokens of a sentence, say)
declares a :class:`DocumentMemo` once, at module level, and keeps its values there. The memo
holds them for as long as the document lives, so nothing is written onto the shared document
and nothing outlives it. State that does not depend on a document (compiled patterns, indexes)
belongs on the rule kind itself.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar, cast

K = TypeVar("K")
V = TypeVar("V")


class DocumentMemo(Generic[K, V]):
    """One declared cache of per-document values, keyed within a document by ``K``.

    ``name`` says what it holds (for debugging and :data:`DECLARED`). Safe to use from several
    threads: at worst a value is computed twice and one of them is kept.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._by_document: dict[int, dict[K, V]] = {}
        self._lock = threading.Lock()
        DECLARED.append(self)

    def of(self, document: object) -> dict[K, V]:
        """This memo's values for ``document`` (an empty mapping at first)."""
        values = self._by_document.get(id(document))
        if values is None:
            with self._lock:
                values = self._by_document.get(id(document))
                if values is None:
                    values = self._by_document[id(document)] = {}
                    # Forget the values when the document goes; its id may be reused after that.
                    weakref.finalize(document, self._by_document.pop, id(document), None)
        return values

    def get(self, document: object, key: K, compute: Callable[[], V]) -> V:
        """The value for ``key`` in ``document``, computed by ``compute`` the first time."""
        values = self.of(document)
        try:
            return values[key]
        except KeyError:
            value = values[key] = compute()
            return value

    def __len__(self) -> int:
        """How many documents this memo holds values for."""
        return len(self._by_document)

    def __repr__(self) -> str:
        return f"DocumentMemo({self.name!r}, documents={len(self)})"


#: Every memo declared so far, in the order the modules declared them.
DECLARED: list[DocumentMemo[Any, Any]] = []


class BlockResults:
    """What rules found in single blocks of a letter, kept by the block's text across versions of
    the letter, so a keystroke makes the rules look again only at the block it changed.

    The language server's worker keeps one beside its :class:`~helderetaal.nlp.PieceTokens` and
    hands both to each :class:`~helderetaal.document.Document`. A rule kind stores only what it
    found from the block alone (offsets relative to the block's start); whatever depends on the
    rest of the letter is worked out again on every check. Each key holds everything the value
    depends on: the kind object, its options, :meth:`~helderetaal.document.Document.block_key`.

    Bounded: values live in two generations. A full current generation becomes the previous one
    (the one before is dropped); a value found in the previous generation moves to the current one.
    So what the last checks used stays, at the cost of one dictionary lookup per hit (a keystroke
    makes thousands: one per rule and block). A generation is full at three times the lookups of
    the last check (:meth:`begin_check`), at least ``min_entries``: memory follows the letter being
    edited, not the number of keystrokes (each one leaves the values of an old version of a block
    behind). At most ``max_entries`` values and ``max_chars`` characters of block text are kept
    per generation; a ten-page letter's check makes about 6,400 lookups.
    """

    def __init__(self, max_entries: int = 32768, max_chars: int = 4_000_000, min_entries: int = 4096) -> None:
        self.max_entries = max_entries
        self.max_chars = max_chars
        self.min_entries = min_entries
        self._limit = max_entries
        self._lookups = 0
        self._current: dict[Hashable, Any] = {}
        self._previous: dict[Hashable, Any] = {}
        self._chars = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._current) + len(self._previous)

    def get(self, key: Hashable, size: int, compute: Callable[[], V]) -> V:
        """The value for ``key``, computed by ``compute`` the first time; ``size`` is the length of
        the block text in the key (what the bound counts). ``compute`` must not return None."""
        found = self.find(key, size)
        return cast(V, found) if found is not None else self.keep(key, size, compute())

    def begin_check(self) -> None:
        """A new check starts (a :class:`~helderetaal.document.Document` is made): the lookups of
        the one before set how many values a generation holds."""
        if self._lookups:
            self._limit = min(self.max_entries, max(self.min_entries, 3 * self._lookups))
        self._lookups = 0

    def find(self, key: Hashable, size: int) -> Any:
        """The value kept for ``key`` (a key that holds ``size`` characters), else None (then
        :meth:`keep` one)."""
        self._lookups += 1
        try:
            return self._current[key]
        except KeyError:
            pass
        value = self._previous.get(key)
        if value is not None:
            with self._lock:
                self._put(key, size, value)
        return value

    def keep(self, key: Hashable, size: int, value: V) -> V:
        """Keep ``value`` (not None) for ``key``, a key that holds ``size`` characters of block text."""
        if value is None:
            # None reads as "not kept": the value would be worked out again on every check, unseen.
            raise ValueError(f"BlockResults cannot keep None (key {key!r}); keep an empty value instead")
        with self._lock:
            self._put(key, size, value)
        return value

    def _put(self, key: Hashable, size: int, value: Any) -> None:
        if len(self._current) >= self._limit or self._chars + size > self.max_chars:
            self._previous = self._current
            self._current = {}
            self._chars = 0
        self._current[key] = value
        self._chars += size

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._current = {}
            self._previous = {}
            self._chars = 0


class HashedKey:
    """A tuple used as (part of) a dict key many times, hashed once.

    A tuple computes its hash again on every lookup, and a frozen dataclass in it (a rule's
    options) hashes field by field each time.
    """

    __slots__ = ("parts", "_hash")

    def __init__(self, *parts: Hashable) -> None:
        self.parts = parts
        self._hash = hash(parts)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, HashedKey) and self._hash == other._hash
                                 and self.parts == other.parts)

    def __repr__(self) -> str:
        return f"HashedKey{self.parts!r}"


def settings_key(*parts: Hashable) -> int:
    """A number that stands for ``parts`` (a rule kind, its options, ...) in the keys of
    :class:`BlockResults`: the same number for equal parts while it is remembered, and never a
    number that stood for other parts, in this process.

    A keystroke makes thousands of lookups with such keys (one per rule and block): an int hashes
    and compares in C, where a key object of its own is hashed by a Python method on every
    lookup, and a fresh one is compared with the kept one in Python too."""
    key = HashedKey(*parts)
    number = _SETTINGS_KEYS.get(key)
    if number is None:
        if len(_SETTINGS_KEYS) >= _MOST_SETTINGS_KEYS:
            _SETTINGS_KEYS.clear()  # a cache: parts seen again get a new number (their kept values are missed)
        number = _SETTINGS_KEYS[key] = next(_NUMBERS)
    return number


#: The numbers :func:`settings_key` handed out, by their parts (a rule's settings: few per rule).
_SETTINGS_KEYS: dict[HashedKey, int] = {}
_MOST_SETTINGS_KEYS = 4096
#: Never the same number twice (next() on a count is atomic in CPython).
_NUMBERS = itertools.count()
