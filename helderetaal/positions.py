"""Offsets to lines and columns, counted the way editors count them.

The one line index of the package: lines end at CRLF, CR or LF (as the LSP specification
says). The language server builds its UTF-16 positions on :class:`LineIndex`.
"""

from __future__ import annotations

import bisect
import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps character offsets to 1-based (line, column) and back.

    A line ends at CRLF, CR or LF. Columns count code points, 1-based. An offset that falls
    inside a CRLF pair counts as the end of its line.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        ends = []
        for match in _LINE_BREAK.finditer(text):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(text))
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
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self.line_starts[line]
        end = self.line_end(line)
        return line + 1, min(offset, end) - start + 1

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
