"""The one way to compile a regular expression that a user wrote (rule files, config options).

A pattern such as ``(a+)+$`` backtracks catastrophically: on a line of 45 ``a``'s Python's
``re`` runs for minutes and a CI job or an editor stalls. Every user-supplied pattern goes
through :func:`compile_user_regex`, which compiles it with the ``regex`` module, refuses a
pattern that already backtracks on a few short probe texts, and returns a :class:`SafePattern`
whose every search runs with a time limit (:data:`TIMEOUT`); past it, :class:`RegexTimeout`
says which pattern it was, and the rule fails for that letter while the other rules still run.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import regex

#: Seconds one search may take before it is stopped.
TIMEOUT = 1.0
#: Short texts on which a catastrophically backtracking pattern already takes long.
_PROBES = ("a" * 40 + "!", "a" * 43 + "b", "De weg " * 20 + "!", "1" * 40 + "x", " " * 40 + "x", "-" * 40 + "x")
_PROBE_TIMEOUT = 0.2
IGNORECASE = regex.IGNORECASE

_CACHE: dict[tuple[str, int], SafePattern] = {}
_LOCK = threading.Lock()


class RegexTimeout(RuntimeError):
    """A user's pattern took longer than :data:`TIMEOUT` on one text."""


class UnsafeRegex(ValueError):
    """A pattern that does not compile, matches empty text where that is not allowed, or backtracks
    catastrophically. The message is one line for a config error."""


class SafePattern:
    """A compiled user pattern whose searches all run with a time limit."""

    def __init__(self, compiled: Any, timeout: float = TIMEOUT) -> None:
        self._compiled = compiled
        self.pattern: str = compiled.pattern
        self.timeout = timeout

    def _stopped(self) -> RegexTimeout:
        return RegexTimeout(f"de reguliere expressie '{_short(self.pattern)}' duurde langer dan {self.timeout:g} s "
                            "en is gestopt")

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        """Like ``re.Pattern.search``."""
        try:
            return self._compiled.search(text, pos, len(text) if endpos is None else endpos, timeout=self.timeout)
        except TimeoutError:
            raise self._stopped() from None

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        """Like ``re.Pattern.match``."""
        try:
            return self._compiled.match(text, pos, len(text) if endpos is None else endpos, timeout=self.timeout)
        except TimeoutError:
            raise self._stopped() from None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Any]:
        """All matches, found before the first is returned (so the time limit covers them all)."""
        try:
            found = list(self._compiled.finditer(text, pos, len(text) if endpos is None else endpos,
                                                 timeout=self.timeout))
        except TimeoutError:
            raise self._stopped() from None
        return iter(found)

    def __repr__(self) -> str:
        return f"SafePattern({self.pattern!r})"


def compile_user_regex(pattern: str, flags: int = 0, *, allow_empty: bool = True) -> SafePattern:
    """Compile a pattern a user wrote; raises :class:`UnsafeRegex` with a one-line reason.

    ``flags`` are ``regex`` (or ``re``: the values agree) flags such as :data:`IGNORECASE`.
    Compiled patterns are cached: rules compile each of theirs once.
    """
    key = (pattern, int(flags))
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    if not isinstance(pattern, str):
        raise UnsafeRegex("een reguliere expressie moet een tekst zijn")
    try:
        compiled = regex.compile(pattern, regex.V0 | int(flags))
    except (regex.error, ValueError, OverflowError, RecursionError) as error:
        raise UnsafeRegex(f"geen geldige reguliere expressie: {error}") from None
    if not allow_empty and compiled.match(""):
        raise UnsafeRegex("past op lege tekst; dan zou elke plek een melding krijgen")
    for probe in _PROBES:
        try:
            list(compiled.finditer(probe, timeout=_PROBE_TIMEOUT))
        except TimeoutError:
            raise UnsafeRegex("loopt vast op korte teksten (catastrofale backtracking; probeer het zonder geneste herhalingen zoals (a+)+)") from None
    safe = SafePattern(compiled)
    with _LOCK:
        if len(_CACHE) > 10_000:
            _CACHE.clear()
        _CACHE[key] = safe
    return safe


def _short(pattern: str) -> str:
    return pattern if len(pattern) <= 40 else pattern[:37] + "..."
