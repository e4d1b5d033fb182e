"""Values worked out from a piece of text and kept by that text, across documents.

In the editor a keystroke changes one paragraph of the letter; every other paragraph is as it was.
A step whose result depends on nothing but a paragraph's text (and settings that are part of the
key) keeps that result in a :class:`TextMemo`, so the next check reads only the changed paragraph.
Unlike :mod:`helderetaal.memo`, which holds values for one document while it lives, these values
outlive the document; they are bounded instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

#: Most paragraphs remembered per memo, and most characters they may hold; then the memory
#: starts again (a server that checks a long document for hours would otherwise keep every
#: version of every paragraph it saw).
MAX_PARAGRAPHS = 4096
MAX_CHARACTERS = 4_000_000


V = TypeVar("V")


class TextMemo(Generic[V]):
    """Values worked out from a piece of text, kept by that text (or by a key that holds it),
    within :data:`MAX_PARAGRAPHS` pieces and :data:`MAX_CHARACTERS` characters."""

    def __init__(self, compute: Callable[[str], V] | None = None) -> None:
        self.compute = compute
        self._values: dict[Hashable, V] = {}
        self._characters = 0
        self._lock = threading.Lock()

    def __call__(self, piece: str) -> V:
        """``compute(piece)``, remembered by ``piece``."""
        try:
            return self._values[piece]
        except KeyError:
            pass
        assert self.compute is not None
        return self._keep(piece, len(piece), self.compute(piece))

    def get(self, key: Hashable, size: int, compute: Callable[[], V]) -> V:
        """The value kept by ``key`` (a key holding a text of ``size`` characters), else ``compute()``."""
        try:
            return self._values[key]
        except KeyError:
            return self._keep(key, size, compute())

    def _keep(self, key: Hashable, size: int, value: V) -> V:
        with self._lock:
            if len(self._values) >= MAX_PARAGRAPHS or self._characters + size > MAX_CHARACTERS:
                self._values.clear()
                self._characters = 0
            self._values[key] = value
            self._characters += size
        return value


