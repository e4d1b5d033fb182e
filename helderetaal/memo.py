"""Per-document memos: values worked out once per document and shared by the rules.

The :class:`~helderetaal.document.Document` is built once and then only read. A rule kind
that wants to remember something about one document (the plain tokens of a sentence, say)
declares a :class:`DocumentMemo` once, at module level, and keeps its values there. The memo
holds them for as long as the document lives, so nothing is written onto the shared document
and nothing outlives it. State that does not depend on a document (compiled patterns, indexes)
belongs on the rule kind itself.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
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

    Bounded: at most ``max_entries`` values, and keys of at most ``max_chars`` characters of
    block text together; the least recently used go first.
    """

    def __init__(self, max_entries: int = 8192, max_chars: int = 2_000_000) -> None:
        self.max_entries = max_entries
        self.max_chars = max_chars
        self._values: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key: Hashable, size: int, compute: Callable[[], V]) -> V:
        """The value for ``key``, computed by ``compute`` the first time; ``size`` is the length of
        the block text in the key (what the bound counts)."""
        with self._lock:
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)
                return cast(V, found[1])
        value = compute()
        with self._lock:
            if key not in self._values:
                self._values[key] = (size, value)
                self._chars += size
                while self._values and (len(self._values) > self.max_entries or self._chars > self.max_chars):
                    _, (dropped, _value) = self._values.popitem(last=False)
                    self._chars -= dropped
        return value

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._values.clear()
            self._chars = 0
