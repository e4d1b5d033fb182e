"""Letter structure: blocks (head lines, salutation, headings, paragraphs, list items, sign-off)
and sentences, found once on the analysed text."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import regex  # possessive quantifiers (linear time) exist in re only from Python 3.11

from .dutch import MONTH_ALTERNATION

if TYPE_CHECKING:
    from .memo import BlockResults

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


#: What the letter's frame (head, salutation, sign-off) reads of a line, a bit each (see
#: :data:`_LINE_TESTS`); a blank line has :data:`_BLANK` and no other bit.
_BLANK = 1
_SALUTATION_LINE = 2
_SHORT = 4
_HEAD_LINE = 8
_SIGNOFF_LINE = 16
_ENDS_SIGNOFF = 32

#: The test of each bit but :data:`_BLANK`, on a line that is not blank.
_LINE_TESTS: dict[int, Callable[[str], bool]] = {
    _SALUTATION_LINE: lambda line: bool(_SALUTATION.match(line)) and _words(line) <= 12,
    # Above the salutation sit sender, address and head fields; a long line is an announcement paragraph.
    _SHORT: lambda line: _words(line) < 14,
    _HEAD_LINE: lambda line: bool(_HEAD_FIELD.match(line) or _PLACE_DATE.match(line)),
    _SIGNOFF_LINE: lambda line: bool(_SIGNOFF.match(line)) and _words(line) <= 8,
    # A postscript after the signature is part of the message, checked like the body.
    _ENDS_SIGNOFF: lambda line: _words(line) > 10 or bool(_POSTSCRIPT.match(line)),
}


def _line_features(line: str) -> int:
    """Every bit of :data:`_LINE_TESTS` that a line that is not blank has."""
    features = 0
    for bit, test in _LINE_TESTS.items():
        if test(line):
            features |= bit
    return features


class _FrameLines:
    """The lines of a letter as :func:`frame_kinds` reads them: which of the bits of
    :data:`_LINE_TESTS` a line has. These read the text itself, each bit when it is first asked
    for (the frame asks few of them of most lines); :class:`_KeptLines` reads what was kept."""

    def __init__(self, contents: list[str], blank: list[bool]) -> None:
        self.contents = contents
        self.blank = blank

    def __len__(self) -> int:
        return len(self.contents)

    def has(self, line: int, bit: int) -> bool:
        """Whether ``line`` has ``bit``."""
        if self.blank[line]:
            return bit == _BLANK
        return bit != _BLANK and _LINE_TESTS[bit](self.contents[line])

    def first(self, bit: int, start: int, stop: int) -> int | None:
        """The first line in [start, stop) that has ``bit``."""
        return next((line for line in range(start, stop) if self.has(line, bit)), None)


def frame_kinds(lines: _FrameLines) -> dict[int, str]:
    """The head, salutation and sign-off lines, by line index; the other lines are left to the
    message. Reads nothing but the lines' bits, so a letter cut into runs of text lines (see
    :func:`find_structure`) gives the same frame as the whole text read line by line."""
    kinds: dict[int, str] = {}
    count = len(lines)
    salutation = lines.first(_SALUTATION_LINE, 0, count)
    if salutation is not None:
        kinds[salutation] = "salutation"
        for line in range(salutation):
            if lines.has(line, _SHORT):
                kinds[line] = "head"
    # Head fields and a place/date line at the top also count as head without a salutation.
    first_body = salutation if salutation is not None else count
    field = lines.first(_HEAD_LINE, 0, first_body)
    while field is not None:
        kinds[field] = "head"
        field = lines.first(_HEAD_LINE, field + 1, first_body)
    signoff = lines.first(_SIGNOFF_LINE, salutation + 1 if salutation is not None else 0, count)
    if signoff is not None:
        kinds[signoff] = "signoff"
        for line in range(signoff + 1, count):
            if lines.has(line, _BLANK):
                continue
            if lines.has(line, _ENDS_SIGNOFF):
                break
            kinds[line] = "signoff"
    return kinds


def find_blocks(analysed: str, line_is_paragraph: bool = False) -> list[Block]:
    """Split the analysed text into classified blocks."""
    return _BlockFinder(analysed, line_is_paragraph).blocks()


class _BlockFinder:
    """One pass over the lines of a letter: the letter's frame first (head, salutation,
    sign-off), then the message's headings, list items and paragraphs."""

    def __init__(self, analysed: str, line_is_paragraph: bool, kinds: tuple[str | None, ...] | None = None) -> None:
        self.analysed = analysed
        #: Each line is a paragraph of its own (Word, ODT): no joining of lines.
        self.line_is_paragraph = line_is_paragraph
        self.spans = _lines(analysed)
        self.contents = [analysed[s:e] for s, e in self.spans]
        self.blank = [not c.strip() for c in self.contents]
        #: The frame's kind of every line: found here, or given for a run of lines cut from a letter.
        self.kinds: list[str | None] | tuple[str | None, ...] = self._frame_kinds() if kinds is None else kinds
        self.found: list[Block] = []

    def _frame_kinds(self) -> list[str | None]:
        """Head, salutation and sign-off lines (None: the message decides)."""
        kinds: list[str | None] = [None] * len(self.contents)
        for line, kind in frame_kinds(_FrameLines(self.contents, self.blank)).items():
            kinds[line] = kind
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


def widest_lines(text: str) -> tuple[int, int]:
    """The lengths of the two longest lines of ``text`` (as ``str.splitlines`` cuts it), without
    their surrounding white space (0 for a line that is not there): what tells a text written one
    line per paragraph (:func:`helderetaal.lines.is_unwrapped`)."""
    first = second = 0
    for length in map(len, map(str.strip, text.splitlines())):
        if length > second:
            first, second = (length, first) if length > first else (first, length)
    return first, second


def block_key(text: str, kind: str, start: int, end: int) -> tuple[str, str, str]:
    """What the tokens, sentences and matches of the block ``text[start:end]`` of ``kind`` depend
    on: its kind, its text and what precedes it on its line from the line break before (for the
    tokenizer, which reads the whole whitespace-delimited piece, and for a pattern's ``\\b`` or ``^``
    at the block's start). From the line break itself: "" at the start of the text differs from ""
    after a break."""
    line = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start))
    return kind, text[max(line, 0):start], text[start:end]


#: A run of lines that hold text, from the start of its first line to the end of its last one's
#: text: what blank lines (or the text's start or end) bound. ``\s`` is what ``str.strip`` strips,
#: as for the blank lines of :class:`_BlockFinder`. The lookbehind tries a run only where a line
#: starts, so a long line of spaces is read once, not once per space.
_TEXT_LINES = re.compile(r"(?<![^\r\n])[^\S\r\n]*\S[^\r\n]*(?:(?:\r\n|\r|\n)[^\S\r\n]*\S[^\r\n]*)*")

#: First part of the keys of :class:`_Run` in a :class:`~helderetaal.memo.BlockResults`.
_RUN_KEY = "structure: run of text lines"


class _Placed:
    """What a run gives at one place in the letter (after the same line break, under the same
    frame): its blocks and sentences relative to the run's start, with their :func:`block_key`;
    and the Block and Sentence objects made of them, which the next version of the letter reuses
    where the run keeps its offset and the blocks and sentences before it keep their count (the
    runs above the paragraph being edited)."""

    __slots__ = ("blocks", "keys", "_made", "_before", "_check")

    def __init__(self, run: _Run, prefix: str, kinds: tuple[str | None, ...], line_is_paragraph: bool) -> None:
        text = run.text
        keyed = prefix + text
        #: Per block: its kind, start and end in the run, and its sentences' (start, end) in the run.
        self.blocks: list[tuple[str, int, int, tuple[tuple[int, int], ...]]] = []
        self.keys: list[tuple[str, str, str]] = []
        for block in _BlockFinder(text, line_is_paragraph, kinds).blocks():
            spans = split_sentences(text, block) if block.kind in PROSE_KINDS else [(block.start, block.end)]
            self.blocks.append((block.kind, block.start, block.end, tuple(spans)))
            self.keys.append(block_key(keyed, block.kind, block.start + len(prefix), block.end + len(prefix)))
        #: What :meth:`made` made in the check numbered :attr:`_check`, and in the one before.
        self._made: dict[tuple[int, int, int], tuple[list[Block], list[Sentence]]] = {}
        self._before: dict[tuple[int, int, int], tuple[list[Block], list[Sentence]]] = {}
        self._check = -1

    def made(self, check: int, start: int, first_block: int, first_sentence: int) -> tuple[list[Block], list[Sentence]]:
        """The blocks and sentences with the run at ``start``, its first block the letter's
        ``first_block``-th and its first sentence the ``first_sentence``-th, in the ``check``-th
        :func:`find_structure`. Those of the check before are reused: the same paragraph may stand
        in many places of a letter."""
        if self._check != check:
            self._before = self._made if self._check == check - 1 else {}
            self._made = {}
            self._check = check
        place = (start, first_block, first_sentence)
        made = self._before.get(place)
        if made is None:
            blocks: list[Block] = []
            sentences: list[Sentence] = []
            for number, (kind, block_start, block_end, spans) in enumerate(self.blocks, first_block):
                blocks.append(Block(number, kind, start + block_start, start + block_end))
                for sentence_start, sentence_end in spans:
                    sentences.append(Sentence(first_sentence + len(sentences), start + sentence_start,
                                              start + sentence_end, number, kind))
            made = (blocks, sentences)
        self._made[place] = made
        return made


class _Run:
    """A run of text lines (:data:`_TEXT_LINES`) as kept across versions of a letter: its text with
    long punctuation runs broken (:func:`~helderetaal.nlp.break_punctuation_runs`: such a run never
    holds white space, so it lies inside one line of one run), the :func:`_line_features` of its
    lines, and what it gives at each place in the letter it was asked for (:class:`_Placed`).

    Blocks never span a blank line, and inside a run :class:`_BlockFinder` reads nothing but the
    run's lines, their frame kinds (from :func:`frame_kinds`, over the whole letter) and whether
    each line is a paragraph; a block's key reads back to the line break before the run."""

    __slots__ = ("text", "broken", "features", "mask", "widest", "_placed")

    def __init__(self, text: str) -> None:
        from .nlp import break_punctuation_runs  # not at the top: the small commands read this module

        self.text = break_punctuation_runs(text)
        #: Whether :attr:`text` differs from the text the run was found in.
        self.broken = self.text != text
        self.features = tuple(_line_features(self.text[start:end]) for start, end in _lines(self.text))
        #: Every bit that one of the lines has.
        self.mask = 0
        for features in self.features:
            self.mask |= features
        # Lines outside the runs are blank, and str.splitlines cuts wherever a run ends.
        self.widest = widest_lines(self.text)
        self._placed: dict[tuple[str, tuple[str | None, ...] | None, bool], _Placed] = {}

    def placed(self, prefix: str, kinds: tuple[str | None, ...] | None, line_is_paragraph: bool) -> _Placed:
        """What the run gives after ``prefix`` (the line break before it, "" at the start of the
        text) under the frame ``kinds`` of its lines (None: none of the frame)."""
        variant = (prefix, kinds, line_is_paragraph)
        placed = self._placed.get(variant)
        if placed is None:
            if len(self._placed) >= 8:  # a run that moved in and out of the letter's head many times
                self._placed.clear()
            placed = self._placed[variant] = _Placed(
                self, prefix, (None,) * len(self.features) if kinds is None else kinds, line_is_paragraph)
        return placed


class _KeptLines(_FrameLines):
    """The lines of the runs of a letter (no blank line among them), as :func:`frame_kinds` reads
    them: from the bits each :class:`_Run` keeps, skipping a run that has none of the bit asked for."""

    def __init__(self, runs: list[_Run], firsts: list[int], features: list[int]) -> None:
        self.runs = runs
        self.firsts = firsts
        self.features = features

    def __len__(self) -> int:
        return len(self.features)

    def has(self, line: int, bit: int) -> bool:
        return bool(self.features[line] & bit)

    def first(self, bit: int, start: int, stop: int) -> int | None:
        features, firsts = self.features, self.firsts
        for index in range(max(bisect.bisect_right(firsts, start) - 1, 0), len(firsts)):
            first = firsts[index]
            if first >= stop:
                break
            if self.runs[index].mask & bit:
                for line in range(max(start, first), min(stop, first + len(self.runs[index].features))):
                    if features[line] & bit:
                        return line
        return None


#: Numbers the calls of :func:`find_structure` (see :meth:`_Placed.made`).
_CHECKS = itertools.count()


def find_structure(analysed: str, line_is_paragraph: bool, results: BlockResults) -> Structure:
    """``analysed`` with long punctuation runs broken, its :func:`find_blocks` and :func:`find_sentences`
    and each block's :func:`block_key`, made of the runs of text lines between blank lines, each kept
    in ``results`` by its text: a keystroke reads again only the run it changed (and the letter's
    frame, from what the runs keep of their lines). The same as reading the whole text
    (tests/test_document_incremental.py compares the two)."""
    check = next(_CHECKS)
    runs: list[_Run] = []
    starts: list[int] = []
    firsts: list[int] = []
    features: list[int] = []
    broken: list[tuple[int, int, str]] = []
    for match in _TEXT_LINES.finditer(analysed):
        text = match.group()
        key = (_RUN_KEY, text)
        run = results.find(key, len(text))
        if run is None:
            run = results.keep(key, len(text), _Run(text))
        if run.broken:
            broken.append((match.start(), match.end(), run.text))
        runs.append(run)
        starts.append(match.start())
        firsts.append(len(features))
        features.extend(run.features)
    if broken:
        parts: list[str] = []
        done = 0
        for start, end, text in broken:
            parts += (analysed[done:start], text)
            done = end
        analysed = "".join(parts) + analysed[done:]
    framed: dict[int, list[str | None]] = {}
    for line, kind in frame_kinds(_KeptLines(runs, firsts, features)).items():
        index = bisect.bisect_right(firsts, line) - 1
        kinds = framed.get(index)
        if kinds is None:
            kinds = framed[index] = [None] * len(runs[index].features)
        kinds[line - firsts[index]] = kind
    widest = (0, 0)
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    keys: list[tuple[str, str, str]] = []
    for index, (run, start) in enumerate(zip(runs, starts)):
        if run.widest[0] > widest[1]:
            top = sorted((*widest, *run.widest), reverse=True)
            widest = top[0], top[1]
        kinds = framed.get(index)
        placed = run.placed(analysed[start - 1] if start else "", None if kinds is None else tuple(kinds),
                            line_is_paragraph)
        made_blocks, made_sentences = placed.made(check, start, len(blocks), len(sentences))
        blocks += made_blocks
        sentences += made_sentences
        keys += placed.keys
    return Structure(analysed, blocks, sentences, keys, widest)


class Structure(NamedTuple):
    """What :func:`find_structure` finds."""

    #: The analysed text with long punctuation runs broken (:func:`~helderetaal.nlp.break_punctuation_runs`).
    analysed: str
    blocks: list[Block]
    sentences: list[Sentence]
    #: The :func:`block_key` of each block.
    keys: list[tuple[str, str, str]]
    #: The :func:`widest_lines` of the analysed text.
    widest: tuple[int, int]
