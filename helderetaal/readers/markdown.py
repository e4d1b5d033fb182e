"""Markdown letters: prose is checked, markup and code are not."""

from __future__ import annotations

import re

import regex  # possessive quantifiers (linear time) exist in re only from Python 3.11

from ..directives import is_directive
from .base import Comment, SourceText, blank
from .text import _blank_controls, html_comments

#: YAML (``---``) or TOML (``+++``) front matter at the very top, after an optional BOM, up to and
#: with the line break after its closing fence. Lines may end in CRLF, LF or CR. The one
#: definition: the language server's edits place a directive after the same match.
FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*(?:\r\n|\r|\n).*?(?:^|(?<=\r))\1[ \t]*(?:\r\n|\r|\n|\Z)",
    re.DOTALL | re.MULTILINE)
_FENCE_OPEN = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_INLINE_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
# Inline patterns never scan past the next opener of their own kind ('[', '(', '<') and emphasis
# spans at most 1,000 characters: an unclosed opener repeated over a long line (``[a[a[a``, ``**a **a``)
# made each of them scan to the end of the text from every opener, which was quadratic.
_IMAGE = re.compile(r"!\[[^\[\]\r\n]*\]\([^()\r\n]*\)")
_LINK = re.compile(r"\[([^\[\]\r\n]+)\]\(([^()\r\n]*)\)")
_REF_LINK_DEF = re.compile(r"^[ \t]{0,3}\[[^\]\r\n]+\]:[^\r\n]*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^<>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,1000}?)(?<=\S)\1", re.DOTALL)
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)([^*_\r\n]+?)(?<=\S)\1(?![\w*])")
_SETEXT_OR_RULE = re.compile(r"^[ \t]{0,3}(?:=+|-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE)
_BLOCKQUOTE = re.compile(r"^[ \t]{0,3}(>[ \t]?)+", re.MULTILINE)
# Possessive: a line of 16,000 spaces backtracked quadratically.
_TABLE_SEPARATOR = regex.compile(r"^[ \t]*+\|?[ \t]*+:?-{3,}+:?[ \t]*+(?:\|[ \t]*+:?-{3,}+:?[ \t]*+)*+\|?[ \t]*+$",
                                 regex.MULTILINE)
_ESCAPE = re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!|])")


def parse_markdown(text: str, path: str | None = None) -> SourceText:
    """Build a :class:`SourceText` from decoded Markdown."""
    chars = list(text)
    comments: list[Comment] = []

    front = FRONT_MATTER.match(text)
    if front:
        blank(chars, front.start(), front.end())
    _blank_fenced_code(text, chars)
    for start, end, body in html_comments(text):
        if _untouched(chars, start):
            if is_directive(body):
                comments.append(Comment(start, end, body.strip()))
            blank(chars, start, end)

    current = "".join(chars)
    for match in _INLINE_CODE.finditer(current):
        blank(chars, match.start(), match.end())
    current = "".join(chars)
    for pattern in (_IMAGE, _REF_LINK_DEF, _TABLE_SEPARATOR, _SETEXT_OR_RULE):
        for piece in pattern.finditer(current):
            blank(chars, piece.start(), piece.end())
    current = "".join(chars)
    for match in _LINK.finditer(current):
        blank(chars, match.start(), match.start(1))
        blank(chars, match.end(1), match.end())
    for match in _AUTOLINK.finditer(current):
        blank(chars, match.start(), match.start(1))
        blank(chars, match.end(1), match.end())
    current = "".join(chars)
    for match in _HTML_TAG.finditer(current):
        blank(chars, match.start(), match.end())
    for pattern in (_STRONG, _EMPHASIS):
        current = "".join(chars)
        for match in pattern.finditer(current):
            width = len(match.group(1))
            blank(chars, match.start(), match.start() + width)
            blank(chars, match.end() - width, match.end())
    current = "".join(chars)
    for match in _BLOCKQUOTE.finditer(current):
        blank(chars, match.start(), match.end())
    for match in _ESCAPE.finditer(current):
        blank(chars, match.start(), match.end())
    for index, char in enumerate(chars):
        if char == "|":
            chars[index] = " "
    _blank_controls(chars)
    return SourceText(text=text, analysed="".join(chars), format="md", path=path, comments=comments)


def _untouched(chars: list[str], index: int) -> bool:
    return index < len(chars) and chars[index] != " "


def _blank_fenced_code(text: str, chars: list[str]) -> None:
    offset = 0
    fence: str | None = None
    block_start = 0
    for line in text.splitlines(keepends=True):
        match = _FENCE_OPEN.match(line)
        if fence is None and match:
            fence, block_start = match.group(1), offset
        elif fence is not None and match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                and not line.strip()[len(match.group(1)):].strip():
            blank(chars, block_start, offset + len(line))
            fence = None
        offset += len(line)
    if fence is not None:
        # An unclosed fence runs to the end of the file, as CommonMark says.
        blank(chars, block_start, len(text))
