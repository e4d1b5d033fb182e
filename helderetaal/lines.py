"""Line breaks that end a line on purpose, for what counts sentences and paragraphs (the length
and opening rules, the readability metrics).

The sentence splitter ends a sentence at a full stop. A title without one, a list of times or
an address after "per brief aan:" then runs on into the next sentence, and a text copied from
a web page, with one paragraph per line and no blank lines, is one long paragraph. The length
rules count the parts a reader sees instead:

- a text whose lines are longer than any wrap width (:data:`UNWRAPPED_LINE`) was written one
  line per paragraph: each of its line breaks ends a paragraph and a sentence;
- in a wrapped text, a line that ends with a colon, or that stops well short of the block's
  longest line, ends there on purpose (a title, a list line, an address line).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from .memo import DocumentMemo
from .structure import strip_span

if TYPE_CHECKING:
    from .document import Document
    from .structure import Block, Sentence

#: A line longer than this was not wrapped by hand or by a mail program (they wrap at 72-80).
UNWRAPPED_LINE = 120
#: In a wrapped block, a line shorter than this share of its longest line ends on purpose.
SHORT_LINE_SHARE = 0.6
#: A wrapped block's longest line must be at least this long before a line counts as short.
MIN_WRAP_WIDTH = 40

_WIDTH: DocumentMemo[int, int] = DocumentMemo("longest line per block")


def is_unwrapped(document: Document) -> bool:
    """Whether the text has at least two lines longer than :data:`UNWRAPPED_LINE`: one paragraph per line."""
    return document.widest_lines[1] > UNWRAPPED_LINE


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the non-blank lines of ``text[start:end]``, without surrounding spaces."""
    spans: list[tuple[int, int]] = []
    position = start
    while position < end:
        stop = text.find("\n", position, end)
        stop = end if stop < 0 else stop
        line_start, line_end = strip_span(text, position, stop)
        if line_end > line_start:
            spans.append((line_start, line_end))
        position = stop + 1
    return spans


def _block_width(document: Document, sentence: Sentence) -> int:
    memo = _WIDTH.of(document)
    width = memo.get(sentence.block)
    if width is None:
        block = document.blocks[sentence.block]
        width = memo[sentence.block] = max(
            (e - s for s, e in _line_spans(document.analysed, block.start, block.end)), default=0)
    return width


def paragraph_spans(document: Document, block: Block) -> list[tuple[int, int]]:
    """The paragraphs a reader sees in ``block``: the block, or each line of it in an unwrapped text."""
    if not is_unwrapped(document):
        return [(block.start, block.end)]
    return _line_spans(document.analysed, block.start, block.end)


def sentence_parts(document: Document, sentence: Sentence) -> list[tuple[int, int]]:
    """``sentence`` cut where a line ends on purpose (see the module docstring); one part when none does."""
    lines = _line_spans(document.analysed, sentence.start, sentence.end)
    if len(lines) <= 1:
        return [(sentence.start, sentence.end)]
    unwrapped = is_unwrapped(document)
    width = _block_width(document, sentence)
    parts: list[tuple[int, int]] = []
    part_start = lines[0][0]
    for (start, end), _next in zip(lines, lines[1:]):
        line = document.analysed[start:end]
        short = width >= MIN_WRAP_WIDTH and end - start < SHORT_LINE_SHARE * width
        if unwrapped or line.endswith(":") or short:
            parts.append((part_start, end))
            part_start = _next[0]
    parts.append((part_start, lines[-1][1]))
    return parts


def word_count(document: Document, sentence: Sentence, start: int, end: int) -> int:
    """How many words of ``sentence`` start between ``start`` and ``end``; a web or e-mail address
    is no word to read (see :meth:`~helderetaal.document.Document.read_word_starts`)."""
    starts = document.read_word_starts(sentence)
    return bisect.bisect_left(starts, end) - bisect.bisect_left(starts, start)
