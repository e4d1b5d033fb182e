"""Plain-text letters."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..directives import HASH_DIRECTIVE, PREFIX, is_directive
from .base import Comment, SourceText, blank


def parse_text(text: str, path: str | None = None, fmt: str = "txt") -> SourceText:
    """Build a :class:`SourceText` from decoded plain text."""
    # Most letters hold no directive and nothing else to blank: then the text is the analysed text,
    # found without a list of its characters, two joins and a pass of the directive pattern (half a
    # millisecond of every keystroke on ten pages). Every directive holds the prefix.
    if PREFIX not in text and not _CONTROLS.search(text):
        return SourceText(text=text, analysed=text, format=fmt, path=path)
    comments: list[Comment] = []
    # A whole line `# helderetaal-disable ...` in a .txt file is a directive, not prose.
    for match in HASH_DIRECTIVE.finditer(text):
        comments.append(Comment(match.start(), match.end(), match.group(1).strip()))
    for start, end, body in html_comments(text):
        if is_directive(body):
            comments.append(Comment(start, end, body.strip()))
    comments.sort(key=lambda comment: comment.start)
    chars = list(text)
    for comment in comments:
        blank(chars, comment.start, comment.end)
    _blank_controls(chars)
    return SourceText(text=text, analysed="".join(chars), format=fmt, path=path, comments=comments)


def html_comments(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, body) of each closed ``<!-- ... -->``, in one pass (a regex retried an unclosed
    ``<!--`` from every later opener, which was quadratic)."""
    position = 0
    while (start := text.find("<!--", position)) != -1:
        close = text.find("-->", start + 4)
        if close == -1:
            return
        yield start, close + 3, text[start + 4 : close]
        position = close + 3


#: What :func:`_blank_controls` blanks: a byte-order mark, a zero-width space, a control character
#: other than tab and line breaks, DEL, and lone surrogates.
_CONTROLS = re.compile("[\ufeff\u200b\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _blank_controls(chars: list[str]) -> None:
    # A byte-order mark or stray control character is not prose; tabs and breaks are kept.
    # Lone surrogates (from bad decoding) cannot be encoded and would break the tokenizer.
    # Found with one search of the joined text: a loop over every character cost a ten-page
    # letter 3 ms on every keystroke, and almost no letter holds one. ``chars`` holds one
    # character per element (every reader keeps the offsets), so the offsets are the same.
    for match in _CONTROLS.finditer("".join(chars)):
        chars[match.start()] = " "
