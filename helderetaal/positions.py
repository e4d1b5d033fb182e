"""Offsets to lines and columns, counted the way editors count them.

The one line index of the package: lines end at CRLF, CR or LF (as the LSP specification
says). The language server builds its UTF-16 positions on :class:`LineIndex`.
"""

from __future__ import annotations

import bisect
import itertools
import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

#: The text of the line index made last, with its line starts and ends (lists nobody changes): the
#: language server's worker makes one for the document and one for the editor's positions of the
#: same text, on every keystroke.
_LAST: tuple[str, list[int], list[int]] | None = None


def _line_bounds(text: str) -> tuple[list[int], list[int]]:
    """The start of every line of ``text`` and where its line break starts (the text's end for the last)."""
    global _LAST
    last = _LAST
    if last is not None and (last[0] is text or last[0] == text):
        return last[1], last[2]
    starts, ends = _split_lines(text)
    _LAST = (text, starts, ends)
    return starts, ends


def _split_lines(text: str) -> tuple[list[int], list[int]]:
    breaks = "\r" in text, "\n" in text
    # A text with one kind of line break throughout is split by it, without a match object per line.
    newline = {(False, True): "\n", (True, False): "\r", (False, False): "\n"}.get(breaks)
    if newline is None and text.count("\r\n") == text.count("\r") == text.count("\n"):
        newline = "\r\n"
    if newline is None:
        starts = [0]
        ends = []
        for match in _LINE_BREAK.finditer(text):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(text))
        return starts, ends
    width = len(newline)
    starts = [0, *itertools.accumulate(map((width).__add__, map(len, text.split(newline)[:-1])))]
    ends = [start - width for start in starts[1:]]
    ends.append(len(text))
    return starts, ends


class LineIndex:
    """Maps character offsets to 1-based (line, column) and back.

    A line ends at CRLF, CR or LF. Columns count code points, 1-based. An offset that falls
    inside a CRLF pair counts as the end of its line.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._length = len(text)
        starts, ends = _line_bounds(text)
        #: Offset of the first character of each 0-based line.
        self.line_starts: list[int] = starts
        #: Offset of each line's line break (the end of the text for the last line).
        self.line_ends: list[int] = ends

    def __len__(self) -> int:
        return len(self.line_starts)

    def line_of(self, offset: int) -> int:
        """0-based line index that holds ``offset``."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``."""
        # Asked for every finding's start and end: written out, without the calls of line_of and line_end.
        if offset < 0:
            offset = 0
        elif offset > self._length:
            offset = self._length
        line = bisect.bisect_right(self.line_starts, offset) - 1
        end = self.line_ends[line]
        return line + 1, (offset if offset < end else end) - self.line_starts[line] + 1

    def line_end(self, line: int) -> int:
        """Offset just before the line break of 0-based ``line`` (clamped into the text)."""
        return self.line_ends[max(0, min(line, len(self.line_ends) - 1))]

    def newline(self) -> str:
        """The first line break of the text (``\\n`` for a text of one line): what an edit should use."""
        first = _LINE_BREAK.search(self.text)
        return first.group() if first else "\n"

    def line_span(self, line: int) -> tuple[int, int]:
        """(start, end) offsets of 0-based ``line`` without its line break."""
        return self.line_starts[line], self.line_end(line)

    def offset(self, line: int, column: int) -> int:
        """Offset of 1-based (line, column); clamps to the line's end."""
        index = max(0, min(line - 1, len(self.line_starts) - 1))
        start, end = self.line_span(index)
        return min(start + max(column - 1, 0), end)
