"""Character offsets to LSP positions and back, in the negotiated position encoding.

helderetaal's findings carry code-point offsets into the text. LSP positions are (line,
character) where ``character`` counts code units of the negotiated encoding: UTF-16 by default
(an emoji counts 2), UTF-8 (bytes) or UTF-32 (code points). Lines end at ``\\r\\n``, ``\\r`` or
``\\n`` as the LSP specification says. pygls' own helper is not used for this: at the end of a
text without a final newline it answers one line too far.
"""

from __future__ import annotations

from bisect import bisect_right

from lsprotocol import types

from helderetaal.positions import LineIndex

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"


def encoding_name(encoding: object) -> str:
    """``utf-8``, ``utf-16`` or ``utf-32`` for a negotiated encoding (UTF-16 when unknown)."""
    name = str(getattr(encoding, "value", encoding) or UTF16).lower()
    return name if name in (UTF8, UTF16, UTF32) else UTF16


def _units_utf16(text: str) -> int:
    # A character beyond the BMP is a surrogate pair; a lone surrogate (JSON allows one) is one unit.
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def _units_utf8(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _units_utf32(text: str) -> int:
    return len(text)


_COUNTERS = {UTF16: _units_utf16, UTF8: _units_utf8, UTF32: _units_utf32}


def _char_units(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == UTF32:
        return 1
    if encoding == UTF8:
        return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    return 2 if code > 0xFFFF else 1


class PositionMap:
    """Converts between code-point offsets into ``text`` and LSP positions."""

    def __init__(self, text: str, encoding: str | types.PositionEncodingKind | None = UTF16) -> None:
        self.text = text
        self.encoding = encoding_name(encoding)
        self._units = _COUNTERS[self.encoding]
        #: The package's line index (lines end at CRLF, CR or LF); this class adds the code units.
        self.lines = LineIndex(text)
        self.line_starts = self.lines.line_starts
        self.line_ends = self.lines.line_ends
        #: Code units are code points: in UTF-32, and in any encoding for an ASCII text.
        self._points = self.encoding == UTF32 or text.isascii()

    def line_of(self, offset: int) -> int:
        """0-based line holding ``offset``."""
        return self.lines.line_of(offset)

    def coords(self, offset: int) -> tuple[int, int]:
        """(line, character) of a code-point ``offset`` (clamped into the text), as plain numbers:
        cheaper than a :class:`types.Position` where only a comparison is needed.

        An offset inside a CRLF pair counts as the end of its line.
        """
        # Called for every place of every diagnostic on each keystroke: kept to plain operations.
        if offset < 0:
            offset = 0
        line = bisect_right(self.line_starts, offset) - 1
        start = self.line_starts[line]
        end = self.line_ends[line]
        if offset > end:
            offset = end
        return line, offset - start if self._points else self._units(self.text[start:offset])

    def position(self, offset: int) -> types.Position:
        """The LSP position of a code-point ``offset`` (see :meth:`coords`)."""
        line, character = self.coords(offset)
        return types.Position(line=line, character=character)

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: types.Position) -> int:
        """The code-point offset of an LSP position; clamps to the line's end, as the
        specification asks for a character beyond the line."""
        if position.line < 0:
            return 0
        if position.line >= len(self.line_starts):
            return len(self.text)
        start, end = self.line_starts[position.line], self.line_ends[position.line]
        wanted = max(position.character, 0)
        units = 0
        index = start
        while index < end and units < wanted:
            units += _char_units(self.text[index], self.encoding)
            index += 1
        return index

    def line_end(self, line: int) -> int:
        """Offset just before the line break of 0-based ``line``."""
        return self.lines.line_end(line)

    def newline(self) -> str:
        """The text's line break (``\\n`` for a one-line text): what an edit should use."""
        return self.lines.newline()
