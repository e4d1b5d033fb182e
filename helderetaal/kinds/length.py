"""Kind ``length``: sentences or paragraphs that are too long.

Options: ``unit`` (``sentence`` or ``paragraph``), ``max_words`` (more words than this is a
finding), ``strong_words`` (above this the finding gets ``strong_severity``) and, for
paragraphs, ``max_sentences``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..finding import SEVERITIES, Match
from .base import RuleKind, RuleSpec

if TYPE_CHECKING:
    from ..document import Document


class LengthKind(RuleKind):
    """Count words per sentence or per paragraph."""

    name = "length"
    defaults = {"unit": "sentence", "max_words": 20, "strong_words": 30, "strong_severity": "warning",
                "max_sentences": 0}

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        if spec.options.get("unit") not in ("sentence", "paragraph"):
            raise spec.error("option 'unit' must be 'sentence' or 'paragraph'", key="options")
        if spec.options.get("strong_severity") not in SEVERITIES:
            raise spec.error("option 'strong_severity' must be a severity", key="options")

    def check(self, document: Document, options: Mapping[str, Any]) -> Iterable[Match]:
        max_words = int(options["max_words"])
        strong = int(options["strong_words"] or 0)
        if options["unit"] == "sentence":
            for sentence in self.sentences(document):
                count = len(document.words(sentence))
                if count > max_words:
                    severity = options["strong_severity"] if strong and count > strong else None
                    yield Match(sentence.start, sentence.end, severity=severity,
                                data={"count": count, "limit": max_words})
            return
        max_sentences = int(options.get("max_sentences") or 0)
        kinds = {"paragraph", "list_item"}
        for block in document.blocks:
            if block.kind not in kinds:
                continue
            sentences = [s for s in document.sentences if s.block == block.index]
            count = sum(len(document.words(s)) for s in sentences)
            too_many = max_sentences and len(sentences) > max_sentences
            if count > max_words or too_many:
                severity = options["strong_severity"] if strong and count > strong else None
                first = sentences[0]
                yield Match(first.start, first.end, severity=severity,
                            data={"count": count, "limit": max_words, "sentences": len(sentences)})
