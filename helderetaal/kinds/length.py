"""Kind ``length``: sentences or paragraphs that are too long.

Options: ``unit`` (``sentence`` or ``paragraph``), ``max_words`` (more words than this is a
finding), ``strong_words`` (above this the finding gets ``strong_severity``) and, for
paragraphs, ``max_sentences``.

What is counted is what a reader sees as a sentence or a paragraph (:mod:`.lines`): a title,
list line or address line without a full stop is not part of the sentence after it, and in a
text with one paragraph per line (copied from a web page) every line is a paragraph. Web and
e-mail addresses are not counted as words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..finding import Match, Severity
from ..memo import settings_key
from ..structure import PROSE_KINDS
from ..lines import is_unwrapped, paragraph_spans, sentence_parts, word_count
from .base import RuleKind
from .options import Options, option

if TYPE_CHECKING:
    from ..document import Document
    from ..structure import Block, Sentence


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
    known_problems = ("Een zin loopt tot de punt. Een opsomming zonder punten op één regel, of een tekst zonder "
                      "leestekens, telt daarom als één lange zin. In een tekst die met de hand is afgebroken, "
                      "kan een korte regel midden in een zin die zin te vroeg laten eindigen.")

    def check(self, document: Document, options: LengthOptions) -> Iterable[Match]:
        by_block: dict[int, list[Sentence]] = {}
        for sentence in self.sentences(document) if options.unit == "sentence" else document.sentences:
            by_block.setdefault(sentence.block, []).append(sentence)
        unwrapped = is_unwrapped(document)
        results = document.block_results
        settings = settings_key(self, options, unwrapped)
        count = self._sentences if options.unit == "sentence" else self._paragraphs
        keys = document.block_keys() if results is not None else []
        for block in document.blocks:
            sentences = by_block.get(block.index)
            if not sentences or (options.unit == "paragraph" and block.kind not in PROSE_KINDS):
                continue

            def compute() -> tuple[tuple[int, int, str | None, dict[str, int]], ...]:
                return tuple(count(document, block, sentences, options))

            # What a block gives depends on the block, the letter's line style and the options
            # alone: in the editor a keystroke changes one block; the others are not counted again.
            found = compute() if results is None else results.get(
                (settings, keys[block.index]), block.end - block.start, compute)
            for start, end, severity, data in found:
                yield Match(block.start + start, block.start + end, severity=severity, data=dict(data))

    def _sentences(self, document: Document, block: Block, sentences: list[Sentence],
                   options: LengthOptions) -> Iterator[tuple[int, int, str | None, dict[str, int]]]:
        max_words, strong = options.max_words, options.strong_words
        for sentence in sentences:
            for start, end in sentence_parts(document, sentence):
                count = word_count(document, sentence, start, end)
                if count > max_words:
                    severity = options.strong_severity if strong and count > strong else None
                    yield start - block.start, end - block.start, severity, {"count": count, "limit": max_words}

    def _paragraphs(self, document: Document, block: Block, sentences: list[Sentence],
                    options: LengthOptions) -> Iterator[tuple[int, int, str | None, dict[str, int]]]:
        max_words, strong, max_sentences = options.max_words, options.strong_words, options.max_sentences
        parts = [(sentence, start, end) for sentence in sentences for start, end in sentence_parts(document, sentence)]
        for start, end in paragraph_spans(document, block):
            inside = [(sentence, s, e) for sentence, s, e in parts if start <= s < end]
            if not inside:
                continue
            count = sum(word_count(document, sentence, s, e) for sentence, s, e in inside)
            too_many = max_sentences and len(inside) > max_sentences
            if count > max_words or too_many:
                severity = options.strong_severity if strong and count > strong else None
                first = inside[0]
                yield (first[1] - block.start, first[2] - block.start, severity,
                       {"count": count, "limit": max_words, "sentences": len(inside)})
