"""Kind ``regex``: a plain regular expression, for a municipality's own rules.

``pattern`` is matched (case-insensitive unless ``ignore_case: false``) inside each block of
the rule's scope. The ``regex`` module runs it with a time limit, so a pattern that backtracks
catastrophically cannot hang a check; such a pattern is refused when the rules load.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from ..finding import Match
from .base import SCOPES, RuleKind, RuleSpec, expect_type
from .options import Options, option

if TYPE_CHECKING:
    from ..document import Document

#: Seconds one pattern may spend on one block before the rule fails for that letter.
TIMEOUT = 1.0
_PROBES = ("a" * 40 + "!", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "De weg " * 20 + "!", "1" * 40 + "x")


class RegexTimeout(RuntimeError):
    """The pattern took longer than :data:`TIMEOUT` on a text."""


@dataclass(frozen=True)
class RegexOptions(Options):
    """Options of the ``regex`` kind."""

    ignore_case: bool = option(True, "Hoofdletters en kleine letters tellen als gelijk.", rule_file_only=True)


class RegexKind(RuleKind[RegexOptions]):
    """A user's regular expression."""

    name = "regex"
    keys = {"pattern": True, "suggestions": False}
    options_type = RegexOptions

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        pattern = expect_type(spec, spec.data, "pattern", str, "a regular expression text")
        flags = regex.V0 | (regex.IGNORECASE if self.options.ignore_case else 0)
        try:
            self.regex = regex.compile(pattern, flags)
        except regex.error as error:
            raise spec.error(f"'pattern' is not a valid regular expression: {error}", key="pattern") from None
        if self.regex.match(""):
            raise spec.error("'pattern' matches empty text; it would flag every position", key="pattern")
        for probe in _PROBES:
            try:
                list(self.regex.finditer(probe, timeout=0.2))
            except TimeoutError:
                raise spec.error(
                    "'pattern' backtracks catastrophically (try it without nested repeats such as (a+)+)",
                    key="pattern",
                ) from None
        suggestions = spec.data.get("suggestions") or []
        if not isinstance(suggestions, list) or not all(isinstance(s, str) for s in suggestions):
            raise spec.error("'suggestions' must be a list of texts", key="suggestions")
        self.suggestions = tuple(suggestions)

    def check(self, document: Document, options: RegexOptions) -> Iterable[Match]:
        kinds = SCOPES[self.spec.scope]
        for block in document.blocks:
            if block.kind not in kinds:
                continue
            try:
                found = list(self.regex.finditer(document.analysed, block.start, block.end, timeout=TIMEOUT))
            except TimeoutError:
                raise RegexTimeout(
                    f"de reguliere expressie van regel '{self.spec.id}' duurde langer dan {TIMEOUT:g} s"
                ) from None
            for match in found:
                if match.end() > match.start():
                    yield Match(match.start(), match.end(), suggestions=self.suggestions)
