"""Letter structure: blocks (head lines, salutation, headings, paragraphs, list items, sign-off)
and sentences, found once on the analysed text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dutch import MONTH_ALTERNATION

#: Every kind of block, in the order they usually come in a letter. The groups below are the
#: one definition of which blocks are prose and which the message: other modules use them.
BLOCK_KINDS = ("head", "salutation", "heading", "paragraph", "list_item", "signoff")
#: Blocks whose sentences are running prose (length and style rules look only at these).
PROSE_KINDS = frozenset({"paragraph", "list_item"})
#: Blocks that belong to the message itself (word rules look at these).
BODY_KINDS = frozenset({"paragraph", "list_item", "heading"})


@dataclass(frozen=True)
class Block:
    """A paragraph-level unit of the letter; ``start``/``end`` are offsets into the text."""

    index: int
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
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
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)")


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


def _is_heading_candidate(line: str) -> bool:
    stripped = line.strip()
    if not stripped or _words(stripped) > 10 or _LIST_ITEM.match(line):
        return False
    if stripped[-1] in ".,;:" or not (stripped[0].isupper() or stripped[0].isdigit()):
        return False
    # "Tweede alinea. Nog een zin" holds a sentence end: it is prose, not a heading.
    return not re.search(r"[.!?]\s+\S", stripped)


def find_blocks(analysed: str, line_is_paragraph: bool = False) -> list[Block]:
    """Split the analysed text into classified blocks."""
    spans = _lines(analysed)
    contents = [analysed[s:e] for s, e in spans]
    blank = [not c.strip() for c in contents]

    salutation = next((i for i, c in enumerate(contents) if _SALUTATION.match(c) and _words(c) <= 12), None)
    start_search = salutation + 1 if salutation is not None else 0
    signoff = next(
        (i for i in range(start_search, len(contents)) if _SIGNOFF.match(contents[i]) and _words(contents[i]) <= 8),
        None,
    )

    kinds: list[str | None] = [None] * len(spans)
    for i, content in enumerate(contents):
        if blank[i]:
            continue
        if salutation is not None and i < salutation:
            # Above the salutation sit sender, address and head fields; a long line is an
            # announcement paragraph.
            kinds[i] = None if _words(content) >= 14 else "head"
        if i == salutation:
            kinds[i] = "salutation"
    # Head fields and a place/date line at the top also count as head without a salutation.
    first_body = salutation if salutation is not None else len(contents)
    for i in range(first_body):
        if not blank[i] and (_HEAD_FIELD.match(contents[i]) or _PLACE_DATE.match(contents[i])):
            kinds[i] = "head"
    if signoff is not None:
        kinds[signoff] = "signoff"
        for i in range(signoff + 1, len(contents)):
            if blank[i]:
                continue
            if _words(contents[i]) > 10:
                break
            kinds[i] = "signoff"

    blocks: list[Block] = []

    def add(kind: str, first: int, last: int) -> None:
        start = spans[first][0] + (len(contents[first]) - len(contents[first].lstrip()))
        end = spans[last][1] - (len(contents[last]) - len(contents[last].rstrip()))
        if end > start:
            blocks.append(Block(len(blocks), kind, start, end))

    i = 0
    while i < len(spans):
        content = contents[i]
        if blank[i]:
            i += 1
            continue
        fixed = kinds[i]
        if fixed is not None and fixed != "paragraph":
            add(fixed, i, i)
            i += 1
            continue
        if _MD_HEADING.match(content):
            add("heading", i, i)
            if blocks and blocks[-1].kind == "heading":
                heading = blocks[-1]
                start = heading.start
                while start < heading.end and analysed[start] in "# \t":
                    start += 1
                if start < heading.end:
                    blocks[-1] = Block(heading.index, heading.kind, start, heading.end)
                else:
                    blocks.pop()
            i += 1
            continue
        if _LIST_ITEM.match(content):
            last = i
            if not line_is_paragraph:
                while last + 1 < len(spans) and not blank[last + 1] and kinds[last + 1] is None \
                        and contents[last + 1][:1] in (" ", "\t") and not _LIST_ITEM.match(contents[last + 1]):
                    last += 1
            add("list_item", i, last)
            marker = _LIST_ITEM.match(content)
            if blocks and blocks[-1].kind == "list_item" and marker:
                # The bullet or number is not part of the item's sentence.
                item = blocks[-1]
                start = spans[i][0] + marker.end(1)
                while start < item.end and analysed[start].isspace():
                    start += 1
                if start < item.end:
                    blocks[-1] = Block(item.index, item.kind, start, item.end)
                else:
                    blocks.pop()
            i = last + 1
            continue
        next_is_text = i + 1 < len(spans) and not blank[i + 1] and kinds[i + 1] is None and not line_is_paragraph
        standalone = (i + 1 >= len(spans) or blank[i + 1] or line_is_paragraph) and (i == 0 or blank[i - 1] or line_is_paragraph)
        if _is_heading_candidate(content) and (
            (next_is_text and contents[i + 1].lstrip()[:1].isupper() and not _LIST_ITEM.match(contents[i + 1]))
            or (next_is_text and _LIST_ITEM.match(contents[i + 1]) and content.rstrip().endswith("?"))
            or (standalone and _words(content) <= 8 and content.strip()[-1] not in "!")
        ):
            add("heading", i, i)
            i += 1
            continue
        last = i
        if not line_is_paragraph:
            while (
                last + 1 < len(spans)
                and not blank[last + 1]
                and kinds[last + 1] is None
                and not _MD_HEADING.match(contents[last + 1])
                and not _LIST_ITEM.match(contents[last + 1])
            ):
                last += 1
        add("paragraph", i, last)
        i = last + 1
    return blocks


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
    result = []
    for s, e in spans:
        while s < e and analysed[s].isspace():
            s += 1
        while e > s and analysed[e - 1].isspace():
            e -= 1
        if e > s:
            result.append((s, e))
    return result


def find_sentences(analysed: str, blocks: list[Block]) -> list[Sentence]:
    """All sentences of the letter in order; a non-prose block is one unit."""
    sentences: list[Sentence] = []
    for block in blocks:
        parts = split_sentences(analysed, block) if block.kind in PROSE_KINDS else [(block.start, block.end)]
        for start, end in parts:
            sentences.append(Sentence(len(sentences), start, end, block.index, block.kind))
    return sentences
