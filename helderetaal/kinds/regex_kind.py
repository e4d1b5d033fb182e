"""Kind ``regex``: a plain regular expression, for a municipality's own rules.

``pattern`` is matched (case-insensitive unless ``ignore_case: false``) inside each block of
the rule's scope. The ``regex`` module runs it with a time limit, so a pattern that backtracks
catastrophically cannot hang a check; such a pattern is refused when the rules load.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..finding import Match
from ..safe_regex import IGNORECASE, TIMEOUT, RegexTimeout, UnsafeRegex, compile_user_regex
from .base import SCOPES, RuleKind, RuleSpec, expect_type
from .options import Options, option

if TYPE_CHECKING:
    from ..document import Document
    from ..structure import Block

__all__ = ["RegexKind", "RegexTimeout", "TIMEOUT"]


@dataclass(frozen=True)
class RegexOptions(Options):
    """Options of the ``regex`` kind."""

    ignore_case: bool = option(True, "Hoofdletters en kleine letters tellen als gelijk.", rule_file_only=True)


class RegexKind(RuleKind[RegexOptions]):
    """A user's regular expression."""

    name = "regex"
    keys = {"pattern": True, "suggestions": False}
    options_type = RegexOptions
    known_problems = ("De regel zoekt een vast patroon van letters. Hij kent geen woordsoorten en geen betekenis: "
                      "een andere schrijfwijze vindt hij niet, en een citaat van een ander telt ook mee.")

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        pattern = expect_type(spec, spec.data, "pattern", str, "een reguliere expressie (tekst)")
        flags = IGNORECASE if self.options.ignore_case else 0
        try:
            self.regex = compile_user_regex(pattern, flags, allow_empty=False)
        except UnsafeRegex as error:
            raise spec.error(f"'pattern': {error}", key="pattern") from None
        suggestions = spec.data.get("suggestions") or []
        if not isinstance(suggestions, list) or not all(isinstance(s, str) for s in suggestions):
            raise spec.error("'suggestions' moet een lijst met teksten zijn", key="suggestions")
        self.suggestions = tuple(suggestions)

    def check(self, document: Document, options: RegexOptions) -> Iterable[Match]:
        kinds = SCOPES[self.spec.scope]
        results = document.block_results
        # A lookbehind may read the text before the block: then the block's text is not all
        # that its matches depend on, and nothing is kept.
        keep = results is not None and "(?<" not in self.regex.pattern
        keys = document.block_keys() if keep else []
        for block in document.blocks:
            if block.kind not in kinds:
                continue
            if not keep:
                for start, end in self._spans(document.analysed, block.start, block.end):
                    yield Match(start, end, suggestions=self.suggestions)
                continue
            assert results is not None
            base = block.start

            def compute(block: Block = block) -> tuple[tuple[int, int], ...]:
                return tuple((start - block.start, end - block.start)
                             for start, end in self._spans(document.analysed, block.start, block.end))

            for start, end in results.get((self, keys[block.index]), block.end - base, compute):
                yield Match(base + start, base + end, suggestions=self.suggestions)

    def _spans(self, text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
        """Where the pattern matches (not empty) in ``text[start:end]``, searched in place."""
        for match in self.regex.finditer(text, start, end):
            if match.end() > match.start():
                yield match.start(), match.end()
