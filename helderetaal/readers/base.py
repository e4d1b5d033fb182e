"""What every reader hands to the document builder."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path


class InputError(Exception):
    """A file that cannot be read as a letter. The message is for the writer, in Dutch."""

    def __init__(self, path: str | Path | None, message: str, line: int | None = None) -> None:
        self.path = str(path) if path is not None else "<tekst>"
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Comment:
    """A comment in the source (HTML comment, or a `# helderetaal-...` line in plain text)."""

    start: int
    end: int
    body: str


@dataclass(frozen=True)
class SourceLocation:
    """Where a stretch of extracted text came from in a structured document (e.g. a Word
    paragraph), so findings can name a place the writer can find."""

    start: int
    label: str


@dataclass
class SourceText:
    """A decoded file ready for analysis.

    ``text`` is the text that finding offsets refer to: the file as decoded for plain text,
    Markdown and HTML; the extracted text for Word and ODT. ``analysed`` has the same length;
    characters that are not prose (markup, code, comments, front matter) are replaced by
    spaces, keeping line breaks, so every analysed offset is also an offset into ``text``.
    """

    text: str
    analysed: str
    format: str
    path: str | None = None
    comments: list[Comment] = field(default_factory=list)
    #: Each line is its own paragraph (extracted Word/ODT text, where one line is one paragraph).
    line_is_paragraph: bool = False
    locations: list[SourceLocation] = field(default_factory=list)
    encoding: str = "utf-8"

    def __post_init__(self) -> None:
        if len(self.analysed) != len(self.text):
            raise ValueError("analysed text must keep the length of the source text")

    def location_of(self, offset: int) -> str | None:
        """The label of the structured-document part that holds ``offset``, if any."""
        if not self.locations:
            return None
        starts = self.__dict__.get("_location_starts")
        if starts is None or len(starts) != len(self.locations):
            # Found by bisection: a scan per finding was quadratic in a long table.
            starts = self.__dict__["_location_starts"] = [location.start for location in self.locations]
        index = bisect.bisect_right(starts, offset) - 1
        return self.locations[index].label if index >= 0 else None


def blank(chars: list[str], start: int, end: int) -> None:
    """Replace chars[start:end] by spaces, keeping line breaks so line numbers stay true."""
    for index in range(start, min(end, len(chars))):
        if chars[index] not in "\r\n":
            chars[index] = " "
