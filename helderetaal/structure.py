"""Letter structure: blocks (head lines, salutation, headings, paragraphs, list items, sign-off)
and sentences, found once on the analysed text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import regex  # possessive quantifiers (linear time) exist in re only from Python 3.11

from .dutch import MONTH_ALTERNATION

#: Every kind of block, in the order they usually come in a letter. The groups below are the
#: one definition of which blocks are prose and which the message: other modules use them.
BLOCK_KINDS = ("head", "salutation", "heading", "paragraph", "list_item", "signoff")
#: Blocks whose sentences are running prose (length and style rules look only at these).
PROSE_KINDS = frozenset({"paragraph", "list_item"})
#: Blocks that belong to the message itself (word rules look at these).
BODY_KINDS = frozenset({"paragraph", "list_item", "heading"})


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-level unit of the letter; ``start``/``end`` are offsets into the text."""

    index: int
    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or, outside prose, one line such as a head field); offsets into the text."""

    index: int
    start: int
    end: int
    block: int
    kind: str


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_HEAD_FIELD = re.compile(
    r"^\s*(datum|onderwerp|ons kenmerk|uw kenmerk|kenmerk|ref(?:erentie)?\.?|betreft|bijlagen?|bijlage\(n\)|"
    r"behandeld door|contactpersoon|doorkiesnummer|telefoon(?:nummer)?|tel\.?|e-?mail|verzonden|verzenddatum|"
    r"zaaknummer|dossiernummer|aan|van|afdeling|inlichtingen bij)\s*:",
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(
    rf"^\s*[A-Z][\w'’ .-]{{1,40}},\s+(\w+dag\s+)?\d{{1,2}}\s+({MONTH_ALTERNATION})\s+\d{{4}}\s*$",
    re.IGNORECASE,
)
_SALUTATION = re.compile(
    r"^\s*(geachte|beste|hallo|hoi|dag|lieve|aan de bewoners?|aan alle|aan de buurtbewoners?|aan de eigenaars?)\b",
    re.IGNORECASE,
)
_POSTSCRIPT = re.compile(r"^\s*(p\.\s?s\.?|ps\b|n\.\s?b\.?)", re.IGNORECASE)
_SIGNOFF = re.compile(
    r"^\s*(met\s+(vriendelijke|hartelijke|hoogachtende|een\s+vriendelijke)\s+groet(en)?|vriendelijke\s+groet(en)?|"
    r"hartelijke\s+groet(en)?|hoogachtend|groet(en|jes)?)\b",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_LIST_ITEM = re.compile(r"^\s*([-*•+–]|\d{1,2}[.)]|[a-z][.)])\s+\S")
_WORD = re.compile(r"[\w'’-]+")

# Abbreviations after which a sentence never ends (a name or number always follows).
_NEVER_FINAL = frozenset(
    """dhr. mevr. mw. mr. dr. drs. ir. ing. prof. st. tel. telnr. nr. no. ca. bijv. bv. vb. o.a. i.v.m. t.a.v.
    m.b.t. n.a.v. i.p.v. m.u.v. o.b.v. p.a. p/a t.o.v. i.o.v. z.g.a. ref. kenm. mob. fax. afd. str. blz. pag.
    p. vs. zgn. ong. resp. incl. excl. max. min. art. lid. jan. feb. mrt. apr. jun. jul. aug. sep. sept. okt.
    nov. dec. ma. di. wo. do. vr. za. zo. gem. burg. weth. evt. i.s.m. ir. mgr. dhr./mevr.""".split()
)
# Abbreviations that may end a sentence: a boundary only when a capital follows.
_MAY_BE_FINAL = frozenset("enz. etc. e.d. e.a. a.s. jl. z.s.m. d.w.z. e.v. a.u.b. s.v.p. t.z.t. m.v.g.".split())
_INITIALS = re.compile(r"^([A-Z]\.)+$")
_DOTTED = re.compile(r"^(\w\.){2,}$")
# Starts only where a run of marks starts: tried from inside a long run of dots it was quadratic.
_BOUNDARY = regex.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s|$)")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its break."""
    spans: list[tuple[int, int]] = []
    for match in _LINE.finditer(text):
        if match.start() == len(text) and spans:
            break
        line = match.group()
        content_end = match.start() + len(line.rstrip("\r\n"))
        spans.append((match.start(), content_end))
        if match.end() == len(text):
            break
    return spans


def _words(line: str) -> int:
    return len(_WORD.findall(line))


_OPENING_QUOTES = "'\"‘“„«"


def _is_heading_candidate(line: str) -> bool:
    stripped = line.strip()
    if not stripped or _words(stripped) > 10 or _LIST_ITEM.match(line):
        return False
    # A title in quotes ("‘Baggeren 2022’") starts with its first letter, not the quote mark.
    initial = stripped.lstrip(_OPENING_QUOTES)[:1]
    if stripped[-1] in ".,;:" or not (initial.isupper() or initial.isdigit()):
        return False
    # "Tweede alinea. Nog een zin" holds a sentence end: it is prose, not a heading.
    return not re.search(r"[.!?]\s+\S", stripped)


def find_blocks(analysed: str, line_is_paragraph: bool = False) -> list[Block]:
    """Split the analysed text into classified blocks."""
    return _BlockFinder(analysed, line_is_paragraph).blocks()


class _BlockFinder:
    """One pass over the lines of a letter: the letter's frame first (head, salutation,
    sign-off), then the message's headings, list items and paragraphs."""

    def __init__(self, analysed: str, line_is_paragraph: bool) -> None:
        self.analysed = analysed
        #: Each line is a paragraph of its own (Word, ODT): no joining of lines.
        self.line_is_paragraph = line_is_paragraph
        self.spans = _lines(analysed)
        self.contents = [analysed[s:e] for s, e in self.spans]
        self.blank = [not c.strip() for c in self.contents]
        self.kinds = self._frame_kinds()
        self.found: list[Block] = []

    def _frame_kinds(self) -> list[str | None]:
        """Head, salutation and sign-off lines (None: the message decides)."""
        contents, blank = self.contents, self.blank
        salutation = next((i for i, c in enumerate(contents) if _SALUTATION.match(c) and _words(c) <= 12), None)
        kinds: list[str | None] = [None] * len(contents)
        if salutation is not None:
            kinds[salutation] = "salutation"
            for i in range(salutation):
                # Above the salutation sit sender, address and head fields; a long line is an
                # announcement paragraph.
                if not blank[i] and _words(contents[i]) < 14:
                    kinds[i] = "head"
        # Head fields and a place/date line at the top also count as head without a salutation.
        first_body = salutation if salutation is not None else len(contents)
        for i in range(first_body):
            if not blank[i] and (_HEAD_FIELD.match(contents[i]) or _PLACE_DATE.match(contents[i])):
                kinds[i] = "head"
        start_search = salutation + 1 if salutation is not None else 0
        signoff = next((i for i in range(start_search, len(contents))
                        if _SIGNOFF.match(contents[i]) and _words(contents[i]) <= 8), None)
        if signoff is not None:
            kinds[signoff] = "signoff"
            for i in range(signoff + 1, len(contents)):
                if blank[i]:
                    continue
                # A postscript after the signature is part of the message, checked like the body.
                if _words(contents[i]) > 10 or _POSTSCRIPT.match(contents[i]):
                    break
                kinds[i] = "signoff"
        return kinds

    def blocks(self) -> list[Block]:
        """The blocks, in text order."""
        i = 0
        while i < len(self.spans):
            if self.blank[i]:
                i += 1
                continue
            fixed = self.kinds[i]
            if fixed is not None and fixed != "paragraph":
                self._add(fixed, i, i)
                i += 1
            elif _MD_HEADING.match(self.contents[i]):
                self._markdown_heading(i)
                i += 1
            elif _LIST_ITEM.match(self.contents[i]):
                i = self._list_item(i) + 1
            elif self._is_heading(i):
                self._add("heading", i, i)
                i += 1
            else:
                last = self._paragraph_end(i)
                self._add("paragraph", i, last)
                i = last + 1
        return self.found

    def _add(self, kind: str, first: int, last: int, start: int | None = None) -> None:
        """A block from line ``first`` to ``last`` without surrounding blanks (from ``start`` if given)."""
        contents, spans = self.contents, self.spans
        if start is None:
            start = spans[first][0] + (len(contents[first]) - len(contents[first].lstrip()))
        end = spans[last][1] - (len(contents[last]) - len(contents[last].rstrip()))
        if end > start:
            self.found.append(Block(len(self.found), kind, start, end))

    def _markdown_heading(self, i: int) -> None:
        """A ``#`` heading: the marks are not part of its text."""
        start = self.spans[i][0] + (len(self.contents[i]) - len(self.contents[i].lstrip()))
        end = self.spans[i][1] - (len(self.contents[i]) - len(self.contents[i].rstrip()))
        while start < end and self.analysed[start] in "# \t":
            start += 1
        self._add("heading", i, i, start)

    def _list_item(self, i: int) -> int:
        """A list item with its indented continuation lines; returns its last line."""
        last = i
        if not self.line_is_paragraph:
            while last + 1 < len(self.spans) and self._joins(last + 1) \
                    and self.contents[last + 1][:1] in (" ", "\t") and not _LIST_ITEM.match(self.contents[last + 1]):
                last += 1
        marker = _LIST_ITEM.match(self.contents[i])
        assert marker is not None
        # The bullet or number is not part of the item's sentence.
        start = self.spans[i][0] + marker.end(1)
        while start < len(self.analysed) and self.analysed[start].isspace():
            start += 1
        self._add("list_item", i, last, start)
        return last

    def _joins(self, line: int) -> bool:
        """A line that may continue the block above it: text, not part of the letter's frame."""
        return not self.blank[line] and self.kinds[line] is None

    def _is_heading(self, i: int) -> bool:
        """A short line that introduces the text below it, or stands alone."""
        contents = self.contents
        content = contents[i]
        if not _is_heading_candidate(content):
            return False
        following = i + 1 < len(self.spans)
        next_is_text = following and self._joins(i + 1) and not self.line_is_paragraph
        standalone = (not following or self.blank[i + 1] or self.line_is_paragraph) and (
            i == 0 or self.blank[i - 1] or self.line_is_paragraph)
        if next_is_text:
            below = contents[i + 1]
            if _LIST_ITEM.match(below):
                return content.rstrip().endswith("?")
            return below.lstrip()[:1].isupper()
        return standalone and _words(content) <= 8 and content.strip()[-1] not in "!"

    def _paragraph_end(self, i: int) -> int:
        """The last line of the paragraph that starts at line ``i``."""
        last = i
        if not self.line_is_paragraph:
            while last + 1 < len(self.spans) and self._joins(last + 1) \
                    and not _MD_HEADING.match(self.contents[last + 1]) and not _LIST_ITEM.match(self.contents[last + 1]):
                last += 1
        return last


def _chunk_before(text: str, end: int, floor: int) -> str:
    start = end
    while start > floor and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _next_char(text: str, index: int, limit: int) -> str:
    while index < limit and text[index].isspace():
        index += 1
    return text[index] if index < limit else ""


def split_sentences(analysed: str, block: Block) -> list[tuple[int, int]]:
    """Sentence spans inside one prose block, not splitting after Dutch abbreviations."""
    spans: list[tuple[int, int]] = []
    start = block.start
    for match in _BOUNDARY.finditer(analysed, block.start, block.end):
        end = match.end()
        following = _next_char(analysed, end, block.end)
        if not following:
            continue
        if following.islower():
            continue
        chunk = _chunk_before(analysed, end, block.start).lower()
        chunk = chunk.lstrip("([\"'“‘")
        if match.group().startswith("."):
            original_chunk = _chunk_before(analysed, end, block.start).lstrip("([\"'“‘")
            if chunk in _NEVER_FINAL or _INITIALS.match(original_chunk):
                continue
            if (chunk in _MAY_BE_FINAL or _DOTTED.match(chunk)) and not following.isupper():
                continue
        spans.append((start, end))
        start = end
    spans.append((start, block.end))
    trimmed = (strip_span(analysed, s, e) for s, e in spans)
    return [(s, e) for s, e in trimmed if e > s]


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` moved inwards past white space at both ends (equal when all of it is space)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_sentences(analysed: str, blocks: list[Block],
                   split: Callable[[str, Block], list[tuple[int, int]]] = split_sentences) -> list[Sentence]:
    """All sentences of the letter in order; a non-prose block is one unit, a prose block is cut
    by ``split`` (:func:`split_sentences`, or a cache of its results)."""
    sentences: list[Sentence] = []
    for block in blocks:
        parts = split(analysed, block) if block.kind in PROSE_KINDS else [(block.start, block.end)]
        for start, end in parts:
            sentences.append(Sentence(len(sentences), start, end, block.index, block.kind))
    return sentences
