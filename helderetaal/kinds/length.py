"""Kind ``length``: sentences or paragraphs that are too long.

Options: ``unit`` (``sentence`` or ``paragraph``), ``max_words`` (more words than this is a
finding), ``strong_words`` (above this the finding gets ``strong_severity``) and, for
paragraphs, ``max_sentences``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..finding import Match, Severity
from ..structure import PROSE_KINDS
from .base import RuleKind
from .options import Options, option

if TYPE_CHECKING:
    from ..document import Document
    from ..structure import Sentence


@dataclass(frozen=True)
class LengthOptions(Options):
    """Options of the ``length`` kind."""

    unit: Literal["sentence", "paragraph"] = option(
        "sentence", "Wat er geteld wordt: de woorden per zin (sentence) of per alinea (paragraph).")
    max_words: int = option(20, "Meer woorden dan dit is een melding.", minimum=1)
    strong_words: int = option(30, "Boven dit aantal woorden krijgt de melding het niveau strong_severity "
                                   "(0: nooit).", minimum=0)
    strong_severity: Severity = option("warning", "Het niveau van een melding boven strong_words.")
    max_sentences: int = option(0, "Alleen bij alinea's: meer zinnen dan dit is ook een melding (0: geen grens).",
                                minimum=0)


class LengthKind(RuleKind[LengthOptions]):
    """Count words per sentence or per paragraph."""

    name = "length"
    options_type = LengthOptions
    known_problems = ("Een zin loopt tot de punt. Een opsomming zonder punten of een tekst zonder leestekens "
                      "telt daarom als één lange zin.")

    def check(self, document: Document, options: LengthOptions) -> Iterable[Match]:
        max_words = options.max_words
        strong = options.strong_words
        if options.unit == "sentence":
            for sentence in self.sentences(document):
                count = len(document.words(sentence))
                if count > max_words:
                    severity = options.strong_severity if strong and count > strong else None
                    yield Match(sentence.start, sentence.end, severity=severity,
                                data={"count": count, "limit": max_words})
            return
        max_sentences = options.max_sentences
        by_block: dict[int, list[Sentence]] = {}
        for sentence in document.sentences:  # one pass: a search per block was quadratic
            by_block.setdefault(sentence.block, []).append(sentence)
        for block in document.blocks:
            if block.kind not in PROSE_KINDS:
                continue
            sentences = by_block.get(block.index, [])
            if not sentences:
                continue
            count = sum(len(document.words(s)) for s in sentences)
            too_many = max_sentences and len(sentences) > max_sentences
            if count > max_words or too_many:
                severity = options.strong_severity if strong and count > strong else None
                first = sentences[0]
                yield Match(first.start, first.end, severity=severity,
                            data={"count": count, "limit": max_words, "sentences": len(sentences)})
