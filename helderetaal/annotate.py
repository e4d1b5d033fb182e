"""Findings as comments in the writer's own document (``helderetaal annotate``).

A Word letter comes back with every finding as a Word comment anchored on exactly its words;
an .odt letter with ``office:annotation`` elements; a .txt or .md letter becomes a new .docx.
Findings about the whole letter (missing elements, timing, readability) and the suggested
"In het kort" go as comments on the first paragraph.

How offsets find their words: the Word and ODT readers give one line of extracted text per
non-empty paragraph (see :mod:`helderetaal.readers.docx`). This module walks the document in
the reader's order, builds a map from each character of a line to the run (or text node) it
came from, and splits runs at the finding's boundaries, each part keeping the run's
formatting. Before anything is changed the rebuilt lines are compared with the reader's text:
if they differ (a construct this walk does not know), comments fall back to the first
paragraph with the quoted words, so no comment ever lands on the wrong words.

Nothing here knows about rules: it renders a :class:`~helderetaal.engine.Report` and, for the
"waarom", the explanation each rule carries.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .engine import Report
from .finding import Finding
from .readers.base import SourceText
from .readers.docx import headers_footers, list_marker
from .readers.odt import TABLE_NS, TEXT_NS, inline_pieces, page_stories
from .readers.package import one_line

AUTHOR = "helderetaal"
INITIALS = "HT"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP = {f"{_W}txbxContent", f"{_W}delText", f"{_W}instrText", f"{_W}del", f"{_W}moveFrom",
         f"{_W}footnoteReference", f"{_W}endnoteReference", f"{_W}commentReference", f"{_W}rPr", f"{_W}pPr",
         f"{_W}sdtPr", f"{_W}sdtEndPr"}
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_ONE_CHAR = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}br": " ", f"{_W}cr": " ", f"{_W}noBreakHyphen": "-",
             f"{_W}sym": " "}


class AnnotateError(Exception):
    """A letter that cannot be annotated; the message is for the writer, in Dutch."""


@dataclass(frozen=True)
class Note:
    """One comment to place: ``start``/``end`` are offsets into the checked text, or None for
    a comment on the first paragraph."""

    start: int | None
    end: int | None
    text: str


def comment_text(finding: Finding, why: str | None) -> str:
    """The comment for one finding: the message, the suggestions and a short "waarom"."""
    parts = [finding.message]
    if finding.suggestions:
        parts.append("Voorstel: " + " / ".join(f"'{s}'" for s in finding.suggestions))
    if why:
        parts.append("Waarom: " + why)
    return "\n".join(parts)


def notes_for(report: Report, why: Callable[[str], str | None]) -> list[Note]:
    """The comments for ``report``: letter-level ones first, then one per finding in order.

    A finding placed on the report's anchor (the engine's place for findings about the whole
    letter) is letter-level and goes on the first paragraph.
    """
    notes: list[Note] = []
    anchor = tuple(report.anchor)
    for finding in report.findings:
        if (finding.start, finding.end) == anchor:
            notes.append(Note(None, None, comment_text(finding, why(finding.rule))))
    if report.summary:
        notes.append(Note(None, None, "Voorstel voor 'In het kort':\n" + report.summary))
    for finding in report.findings:
        if (finding.start, finding.end) != anchor and finding.end > finding.start:
            notes.append(Note(finding.start, finding.end, comment_text(finding, why(finding.rule))))
    return notes


def annotate_bytes(data: bytes, source: SourceText, report: Report,
                   why: Callable[[str], str | None] = lambda _rule: None) -> tuple[bytes, str]:
    """Return the annotated document and its suffix (``.docx`` or ``.odt``).

    ``data`` is the file as read, ``source`` what the reader made of it and ``report`` its check.
    """
    notes = notes_for(report, why)
    if source.format == "docx":
        return _annotate_docx(data, source, notes), ".docx"
    if source.format == "odt":
        return _annotate_odt(data, source, notes), ".odt"
    return _text_to_docx(source, notes), ".docx"


def explanations(rules: Any) -> Callable[[str], str | None]:
    """The "waarom" of each rule in a :class:`~helderetaal.ruleset.RuleSet`, looked up by id."""

    def why(rule_id: str) -> str | None:
        rule = rules.get(rule_id) if rules is not None else None
        if rule is None:
            return None
        text = rule.spec.explanation.waarom
        return str(text).strip() or None

    return why


# -- lines of the source and where each note sits ---------------------------------------------


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


def _place(note: Note, starts: Sequence[int], lines: Sequence[str]) -> tuple[int, int, int, int] | None:
    """(first line, column, last line, column end) of a note, or None for the first paragraph."""
    if note.start is None or note.end is None:
        return None
    import bisect

    first = bisect.bisect_right(starts, note.start) - 1
    last = bisect.bisect_right(starts, max(note.start, note.end - 1)) - 1
    if first < 0 or first >= len(lines) or last >= len(lines):
        return None
    start_col = note.start - starts[first]
    end_col = min(note.end - starts[last], len(lines[last]))
    if end_col <= 0 and last > first:
        last -= 1
        end_col = len(lines[last])
    return first, start_col, last, end_col


def _quoted(note: Note, text: str) -> str:
    if note.start is None or note.end is None:
        return note.text
    words = one_line(text[note.start:note.end]).strip()
    if len(words) > 80:
        words = words[:77] + "..."
    return f"Bij '{words}': {note.text}"


# -- Word --------------------------------------------------------------------------------------


@dataclass
class _Paragraph:
    element: Any
    in_body: bool


def _word_paragraphs(document: Any) -> list[_Paragraph]:
    """Paragraph elements in the Word reader's order: headers, body, footers."""
    result: list[_Paragraph] = []
    headers, footers = headers_footers(document)

    def story(container: Any, in_body: bool) -> None:
        for child in container.iterchildren():
            tag = child.tag
            if tag == f"{_W}p":
                result.append(_Paragraph(child, in_body))
            elif tag == f"{_W}tbl":
                for row in child.iterchildren(f"{_W}tr"):
                    for cell in row.iterchildren():
                        if cell.tag == f"{_W}sdt":
                            cell = cell.find(f"{_W}sdtContent/{_W}tc")
                            if cell is None:
                                continue
                        elif cell.tag != f"{_W}tc":
                            continue
                        story(cell, in_body)
            elif tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    story(content, in_body)
            elif tag in (f"{_W}customXml", f"{_W}ins", f"{_W}moveTo"):
                story(child, in_body)

    for element in headers:
        story(element, False)
    story(document.element.body, True)
    for element in footers:
        story(element, False)
    return result


@dataclass
class _Piece:
    """A stretch of a paragraph's text: ``child`` of run ``run`` (a w:t or a one-char element)."""

    start: int
    text: str
    run: Any
    child: Any


def _pieces(paragraph: Any) -> list[_Piece]:
    """The paragraph's text as the Word reader builds it, piece by piece, with the run of each."""
    pieces: list[_Piece] = []
    offset = 0

    def walk(element: Any, run: Any) -> None:
        nonlocal offset
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP or tag == _MC_FALLBACK:
                continue
            owner = child if tag == f"{_W}r" else run
            if tag == f"{_W}t":
                text = child.text or ""
                pieces.append(_Piece(offset, text, run, child))
                offset += len(text)
            elif tag in _ONE_CHAR:
                pieces.append(_Piece(offset, _ONE_CHAR[tag], run, child))
                offset += 1
            else:
                walk(child, owner)

    walk(paragraph, None)
    return pieces


def _split_run(run: Any, child: Any, at: int) -> Any:
    """Split ``run`` before character ``at`` of ``child``; return the run that starts there.

    Both parts keep the run's properties (w:rPr), so formatting stays as it was.
    """
    children = list(run)
    if child not in children:
        return run  # text nested deeper in the run: the comment takes the whole run
    index = children.index(child)
    if child.tag == f"{_W}t" and 0 < at < len(child.text or ""):
        second = copy.deepcopy(run)
        second_children = list(second)
        text = child.text or ""
        child.text = text[:at]
        child.set(_XML_SPACE, "preserve")
        second_children[index].text = text[at:]
        second_children[index].set(_XML_SPACE, "preserve")
        for extra in children[index + 1:]:
            run.remove(extra)
        for extra in second_children[:index]:
            if extra.tag != f"{_W}rPr":
                second.remove(extra)
        run.addnext(second)
        return second
    # Split before ``child`` (at == 0) or just after it (at == its length).
    cut = index if at == 0 else index + 1
    content_before = [c for c in children[:cut] if c.tag != f"{_W}rPr"]
    if not content_before:
        return run
    if cut >= len(children):
        return None
    second = copy.deepcopy(run)
    second_children = list(second)
    for extra in children[cut:]:
        run.remove(extra)
    for extra in second_children[:cut]:
        if extra.tag != f"{_W}rPr":
            second.remove(extra)
    run.addnext(second)
    return second


def _boundary_run(paragraph: Any, offset: int) -> Any:
    """Split so that a run starts at ``offset`` of the paragraph; return that run (or None at
    the paragraph's end)."""
    for piece in _pieces(paragraph):
        if piece.run is None:
            continue
        if piece.start <= offset < piece.start + len(piece.text):
            return _split_run(piece.run, piece.child, offset - piece.start)
    return None


def _run_ending_at(paragraph: Any, offset: int) -> Any:
    """Split so that a run ends at ``offset``; return that run."""
    _boundary_run(paragraph, offset)
    last = None
    for piece in _pieces(paragraph):
        if piece.run is not None and piece.start < offset:
            last = piece.run
    return last


def _annotate_docx(data: bytes, source: SourceText, notes: Sequence[Note]) -> bytes:
    """Word: map the notes to runs, split the runs, then add one comment per note."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise AnnotateError(f"dit Word-document is niet te openen ({error})") from None
    paragraphs = _word_paragraphs(document)
    rows = _word_rows(paragraphs, source)
    first = _first_word_paragraph(paragraphs)
    anchors = _split_at_notes(rows, notes, source) if rows is not None else [(note, None, None) for note in notes]
    _add_word_comments(document, anchors, first, source)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraph_text(paragraph: Any) -> str:
    return "".join(piece.text for piece in _pieces(paragraph))


def _word_rows(paragraphs: Sequence[_Paragraph], source: SourceText) -> list[tuple[_Paragraph, int]] | None:
    """Each line's paragraph and the length of its list marker; None when the rebuilt lines
    differ from the reader's text (then no offset may be trusted)."""
    rows = [(p, len(list_marker(p.element))) for p in paragraphs if _paragraph_text(p.element).strip()]
    rebuilt = [one_line(list_marker(p.element) + _paragraph_text(p.element)).rstrip() for p, _ in rows]
    return rows if rebuilt == _source_lines(source) else None


def _source_lines(source: SourceText) -> list[str]:
    lines = source.text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _first_word_paragraph(paragraphs: Sequence[_Paragraph]) -> _Paragraph:
    body = [p for p in paragraphs if p.in_body]
    first = next((p for p in body if _paragraph_text(p.element).strip()), body[0] if body else None)
    if first is None:
        raise AnnotateError("dit Word-document heeft geen alinea om een opmerking bij te zetten")
    return first


def _split_at_notes(rows: Sequence[tuple[_Paragraph, int]], notes: Sequence[Note],
                    source: SourceText) -> list[tuple[Note, Any, Any]]:
    """Split runs so that every note starts and ends on a run boundary.

    Returns (note, (paragraph, start), (paragraph, end)) with offsets into the paragraphs' text,
    or (note, None, None) for a note that goes on the first paragraph. All splits happen before
    any comment is added; a comment's markers add no text, so offsets stay true.
    """
    starts = _line_starts(source.text)
    lines = _source_lines(source)
    anchors: list[tuple[Note, Any, Any]] = []
    for note in notes:
        where = _place(note, starts, lines)
        # Word keeps comments in the body only: a header's or footer's finding goes on top.
        if where is None or not (rows[where[0]][0].in_body and rows[where[2]][0].in_body):
            anchors.append((note, None, None))
            continue
        line, column, last_line, end_column = where
        first_para, marker_length = rows[line]
        last_para, last_marker = rows[last_line]
        begin = max(0, column - marker_length)
        finish = max(begin + 1 if line == last_line else 1, end_column - last_marker)
        if _boundary_run(first_para.element, begin) is None or _run_ending_at(last_para.element, finish) is None:
            anchors.append((note, None, None))
            continue
        anchors.append((note, (first_para.element, begin), (last_para.element, finish)))
    return anchors


def _add_word_comments(document: Any, anchors: Sequence[tuple[Note, Any, Any]], first: _Paragraph,
                       source: SourceText) -> None:
    from docx.text.run import Run

    first_runs: list[Any] = []
    for note, start, end in anchors:
        runs: list[Any] = [_run_at(*start), _run_before(*end)] if start is not None and end is not None else [None]
        text = note.text
        if None in runs:
            first_runs = first_runs or _whole_paragraph_runs(first.element)
            runs = first_runs
            text = note.text if note.start is None else _quoted(note, source.text)
        document.add_comment([Run(r, document) for r in runs], text=text, author=AUTHOR, initials=INITIALS)


def _run_at(paragraph: Any, offset: int) -> Any:
    for piece in _pieces(paragraph):
        if piece.run is not None and piece.start == offset:
            return piece.run
        if piece.run is not None and piece.start < offset < piece.start + len(piece.text):
            return piece.run
    return None


def _run_before(paragraph: Any, offset: int) -> Any:
    last = None
    for piece in _pieces(paragraph):
        if piece.run is not None and piece.start < offset:
            last = piece.run
    return last


def _whole_paragraph_runs(paragraph: Any) -> list[Any]:
    runs = [piece.run for piece in _pieces(paragraph) if piece.run is not None]
    if runs:
        return [runs[0], runs[-1]]
    from docx.oxml.ns import qn

    run = paragraph.makeelement(qn("w:r"), {})
    paragraph.append(run)
    return [run]


# -- plain text and Markdown: a new Word document ------------------------------------------------


def _text_to_docx(source: SourceText, notes: Sequence[Note]) -> bytes:
    import docx
    from docx.text.run import Run

    document = docx.Document()
    text = source.text
    starts = _line_starts(text)
    lines = [line.rstrip("\r") for line in text.split("\n")]
    cuts: dict[int, set[int]] = {}
    placed: list[tuple[Note, tuple[int, int, int, int] | None]] = []
    for note in notes:
        where = _place(note, starts, lines)
        if where is not None:
            cuts.setdefault(where[0], set()).add(where[1])
            cuts.setdefault(where[2], set()).add(where[3])
        placed.append((note, where))
    runs_of: dict[int, list[tuple[int, Any]]] = {}
    first_paragraph: Any = None
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        paragraph = document.add_paragraph()
        if first_paragraph is None:
            first_paragraph = paragraph
        points = sorted({0, len(line)} | {c for c in cuts.get(number, set()) if 0 < c < len(line)})
        runs_of[number] = []
        for begin, finish in zip(points, points[1:]):
            runs_of[number].append((begin, paragraph.add_run(line[begin:finish])))
    if first_paragraph is None:
        first_paragraph = document.add_paragraph()
        first_paragraph.add_run("")
    for note, where in placed:
        chosen: list[Run] = []
        if where is not None and where[0] in runs_of and where[2] in runs_of:
            first_runs = [r for b, r in runs_of[where[0]] if b >= where[1]]
            last_runs = [r for b, r in runs_of[where[2]] if b < where[3]]
            if first_runs and last_runs:
                chosen = [first_runs[0], last_runs[-1]]
        text_ = note.text
        if not chosen:
            chosen = [first_paragraph.runs[0], first_paragraph.runs[-1]]
            text_ = _quoted(note, text) if note.start is not None else note.text
        document.add_comment(chosen, text=text_, author=AUTHOR, initials=INITIALS)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- OpenDocument ------------------------------------------------------------------------------

def _odt_paragraphs(document: Any) -> list[tuple[Any, bool, bool]]:
    """(paragraph, in body, carries a list bullet) in the ODT reader's order."""
    result: list[tuple[Any, bool, bool]] = []

    def story(container: Any, in_body: bool, in_list: bool) -> None:
        for child in container.childNodes:
            name = getattr(child, "qname", None)
            if name is None:
                continue
            if name in ((TEXT_NS, "p"), (TEXT_NS, "h")):
                result.append((child, in_body, in_list))
                in_list = False
            elif name == (TABLE_NS, "table"):
                table(child, in_body)
            elif name == (TEXT_NS, "list"):
                story(child, in_body, False)
            elif name in ((TEXT_NS, "list-item"), (TEXT_NS, "list-header")):
                story(child, in_body, name[1] == "list-item")
            elif name in ((TEXT_NS, "section"), (TEXT_NS, "soft-page-break"), (TABLE_NS, "table-header-rows"),
                          (TABLE_NS, "table-rows"), (TEXT_NS, "index-body")):
                story(child, in_body, in_list)

    def table(node: Any, in_body: bool) -> None:
        for child in node.childNodes:
            name = getattr(child, "qname", None)
            if name in ((TABLE_NS, "table-header-rows"), (TABLE_NS, "table-rows"), (TABLE_NS, "table-row-group")):
                table(child, in_body)
            elif name == (TABLE_NS, "table-row"):
                for cell in child.childNodes:
                    if getattr(cell, "qname", None) in ((TABLE_NS, "table-cell"), (TABLE_NS, "covered-table-cell")):
                        story(cell, in_body, False)

    headers, footers = page_stories(document)
    for header in headers:
        story(header, False, False)
    story(document.text, True, False)
    for footer in footers:
        story(footer, False, False)
    return result


def _odt_insert(paragraph: Any, offset: int, element: Any) -> None:
    """Insert ``element`` at character ``offset`` of ``paragraph``, splitting a text node there."""
    from odf.element import Text

    for start, text, node in inline_pieces(paragraph):
        if start <= offset < start + len(text) or (offset == start + len(text) and node.nextSibling is None
                                                     and node.nodeType == node.TEXT_NODE):
            parent = node.parentNode
            at = offset - start
            if node.nodeType == node.TEXT_NODE and 0 < at < len(text):
                rest = Text(text[at:])
                node.data = text[:at]
                parent.insertBefore(rest, node.nextSibling) if node.nextSibling else parent.appendChild(rest)
                parent.insertBefore(element, rest)
            elif at == 0:
                parent.insertBefore(element, node)
            else:
                if node.nextSibling is not None:
                    parent.insertBefore(element, node.nextSibling)
                else:
                    parent.appendChild(element)
            return
    paragraph.appendChild(element)


def _annotate_odt(data: bytes, source: SourceText, notes: Sequence[Note]) -> bytes:
    from odf.dc import Creator, Date
    from odf.office import Annotation, AnnotationEnd
    from odf.opendocument import load
    from odf.text import P

    try:
        document = load(io.BytesIO(data))
    except Exception as error:
        raise AnnotateError(f"dit ODT-document is niet te openen ({error})") from None
    rows = []
    for paragraph, in_body, in_list in _odt_paragraphs(document):
        text = "".join(t for _, t, _ in inline_pieces(paragraph))
        if text.strip():
            rows.append((paragraph, in_body, 2 if in_list else 0, ("- " if in_list else "") + text))
    lines = source.text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    exact = [one_line(row[3]).rstrip() for row in rows] == lines
    body_rows = [row for row in rows if row[1]]
    if not body_rows:
        raise AnnotateError("dit ODT-document heeft geen alinea om een opmerking bij te zetten")
    first = body_rows[0][0]
    starts = _line_starts(source.text)
    stamp = _now()

    def annotation(text: str, name: str | None) -> Any:
        attributes = {"name": name} if name else {}
        element = Annotation(**attributes)
        element.addElement(Creator(text=AUTHOR))
        element.addElement(Date(text=stamp))
        for line in text.split("\n"):
            element.addElement(P(text=line))
        return element

    # Insert from the end of the text backwards: an insertion never moves an earlier offset.
    ordered: list[tuple[int, int, int, Note, tuple[int, int, int, int] | None]] = []
    for number, note in enumerate(notes):
        where = _place(note, starts, lines) if exact else None
        if where is not None and not (rows[where[0]][1] and rows[where[2]][1]):
            where = None
        key_line = where[0] if where else -1
        key_col = where[1] if where else 0
        ordered.append((key_line, key_col, number, note, where))
    on_top: list[Note] = []
    for _line, _col, number, note, where in ordered:
        if where is None:
            on_top.append(note)
            continue
        line, column, last_line, end_column = where
        name = f"helderetaal{number + 1}"
        start_para, _, marker, _ = rows[line]
        end_para, _, end_marker, _ = rows[last_line]
        _odt_insert(end_para, max(0, end_column - end_marker), AnnotationEnd(name=name))
        _odt_insert(start_para, max(0, column - marker), annotation(note.text, name))
    # Each goes in front of the one before, so insert them last to first to keep their order.
    for note in reversed(on_top):
        text = note.text if note.start is None else _quoted(note, source.text)
        element = annotation(text, None)
        if first.firstChild is not None:
            first.insertBefore(element, first.firstChild)
        else:
            first.appendChild(element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _now() -> str:
    import datetime

    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0, tzinfo=None).isoformat()


def annotate_file(path: str, *, config: Any = None) -> tuple[bytes, str, Report]:
    """Check the letter at ``path`` and return (annotated document, suffix, report)."""
    from pathlib import Path

    from .config import discover_config
    from .engine import check_source
    from .readers import read_bytes

    config = config if config is not None else discover_config(Path(path).parent)
    data = Path(path).read_bytes()
    source = read_bytes(data, path)
    ruleset = config.ruleset()
    report = check_source(source, config, ruleset)
    document, suffix = annotate_bytes(data, source, report, explanations(ruleset))
    return document, suffix, report


__all__ = ["AUTHOR", "AnnotateError", "Note", "annotate_bytes", "annotate_file", "comment_text", "explanations",
           "notes_for"]

