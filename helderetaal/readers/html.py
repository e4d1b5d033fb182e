"""HTML letters: only the text is checked; offsets point into the HTML source.

``text`` is the HTML file as decoded, so a finding's offsets slice the file. In ``analysed``
(same length) tags, comments, ``<head>``, scripts and styles become spaces, and a character
reference becomes its character followed by spaces (``&amp;`` -> ``&`` and four spaces).
Block elements (``<p>``, ``<li>``, ``<h2>``, ``<br>``, ...) put line breaks into the blanked
tag, so paragraphs, list items and headings are found as in a plain-text letter.
"""

from __future__ import annotations

import html
import re

import regex  # possessive quantifiers (linear time) exist in re only from Python 3.11

from ..directives import is_directive
from .base import Comment, SourceText, blank
from .text import _blank_controls

_COMMENT = re.compile(r"<!--(.*?)(?:-->|\Z)", re.DOTALL)
_SPECIAL = regex.compile(r"<!\[CDATA\[.*?(?:\]\]>|\Z)|<![^<>]*+>|<\?.*?(?:\?>|\Z)", regex.DOTALL)
# Possessive, and no raw '<' between attributes: a file of unclosed "<a b" was quadratic (each
# tag start scanned to the end of the file). A quoted value longer than 1,000 characters is no tag.
_TAG = regex.compile(r"""<(/?)([A-Za-z][A-Za-z0-9:-]*+)((?:[^<>"']++|"[^"]{0,1000}+"|'[^']{0,1000}+')*+)>""")
_RAW = ("script", "style", "head", "template", "noscript", "svg", "math", "object", "iframe", "textarea", "select")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

#: Tags that end a paragraph (two line breaks go into the blanked tag).
_BLOCK = {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "blockquote", "table",
          "thead", "tbody", "tfoot", "tr", "td", "th", "ul", "ol", "dl", "dt", "dd", "hr", "address", "figure",
          "figcaption", "form", "fieldset", "pre", "body", "html", "caption", "details", "summary"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def parse_html(text: str, path: str | None = None) -> SourceText:
    """Build a :class:`SourceText` from decoded HTML."""
    chars = list(text)
    comments: list[Comment] = []

    for comment in _COMMENT.finditer(text):
        if is_directive(comment.group(1)):
            comments.append(Comment(comment.start(), comment.end(), comment.group(1).strip()))
        blank(chars, comment.start(), comment.end())
    current = "".join(chars)
    for special in _SPECIAL.finditer(current):
        blank(chars, special.start(), special.end())
    current = "".join(chars)

    raw_until: tuple[str, int] | None = None
    for match in _TAG.finditer(current):
        closing, name = match.group(1) == "/", match.group(2).lower()
        if raw_until is not None:
            if closing and name == raw_until[0]:
                blank(chars, raw_until[1], match.end())
                raw_until = None
            continue
        start, end = match.start(), match.end()
        blank(chars, start, end)
        if not closing and name in _RAW and not match.group(3).rstrip().endswith("/"):
            raw_until = (name, start)
            continue
        _break_at(chars, start, end, name, closing)
    if raw_until is not None:
        blank(chars, raw_until[1], len(chars))

    current = "".join(chars)
    for entity in _ENTITY.finditer(current):
        decoded = html.unescape(entity.group())
        if decoded == entity.group() or len(decoded) != 1:
            decoded = " "
        if decoded in "\u00a0\u200b\ufeff\u00ad" or ord(decoded) < 32:
            decoded = " "
        chars[entity.start()] = decoded
        blank(chars, entity.start() + 1, entity.end())
    for index, char in enumerate(chars):
        if char in "\u00a0":
            chars[index] = " "
    _blank_controls(chars)
    comments.sort(key=lambda comment: comment.start)
    return SourceText(text=text, analysed="".join(chars), format="html", path=path, comments=comments)


def _break_at(chars: list[str], start: int, end: int, name: str, closing: bool) -> None:
    """Write line breaks (and a list or heading marker) into a blanked tag."""
    width = end - start
    if name == "br":
        chars[start] = "\n"
        return
    if name == "li" and not closing and width >= 4:
        chars[start:start + 4] = list("\n\n- ")
        return
    if name in _HEADINGS and not closing and width >= 4:
        chars[start:start + 4] = list("\n\n# ")
        return
    if (name in _BLOCK or name in _HEADINGS or name == "li") and width >= 2:
        chars[start:start + 2] = ["\n", "\n"]
