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
from collections.abc import Callable
from typing import Any, Generic, TypeVar

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
