"""Plain-text letters."""

from __future__ import annotations

from collections.abc import Iterator

from ..directives import HASH_DIRECTIVE, is_directive
from .base import Comment, SourceText, blank


def parse_text(text: str, path: str | None = None, fmt: str = "txt") -> SourceText:
    """Build a :class:`SourceText` from decoded plain text."""
    chars = list(text)
    comments: list[Comment] = []
    # A whole line `# helderetaal-disable ...` in a .txt file is a directive, not prose.
    for match in HASH_DIRECTIVE.finditer(text):
        comments.append(Comment(match.start(), match.end(), match.group(1).strip()))
        blank(chars, match.start(), match.end())
    for start, end, body in html_comments(text):
        if is_directive(body):
            comments.append(Comment(start, end, body.strip()))
            blank(chars, start, end)
    _blank_controls(chars)
    comments.sort(key=lambda comment: comment.start)
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


def _blank_controls(chars: list[str]) -> None:
    # A byte-order mark or stray control character is not prose; tabs and breaks are kept.
    for index, char in enumerate(chars):
        code = ord(char)
        # Lone surrogates (from bad decoding) cannot be encoded and would break the tokenizer.
        if char in "\ufeff\u200b" or (code < 32 and char not in "\t\r\n") or code == 127 or 0xD800 <= code <= 0xDFFF:
            chars[index] = " "
