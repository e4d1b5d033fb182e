"""Word letters (.docx): the text of headers, body (paragraphs and tables, in order) and footers.

The extracted text has one line per paragraph (``line_is_paragraph``); offsets and line/column
refer to that text, and each line carries a label ("alinea 12", "tabel 1, rij 2, kolom 3",
"koptekst", "voettekst") so the writer can find a finding in Word. List paragraphs get a
"- " in front, as a plain-text letter would write them.
"""

from __future__ import annotations

from typing import Any

from .base import InputError, SourceText
from .package import LineBuilder, open_package, short_reason

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP = {f"{_W}txbxContent", f"{_W}delText", f"{_W}instrText", f"{_W}del", f"{_W}moveFrom",
         f"{_W}footnoteReference", f"{_W}endnoteReference", f"{_W}commentReference", f"{_W}rPr", f"{_W}pPr",
         f"{_W}sdtPr", f"{_W}sdtEndPr"}
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def read_docx(data: bytes, path: str) -> SourceText:
    """Parse a .docx file into a :class:`SourceText`."""
    open_package(data, path, "Word-document", "word/document.xml")
    try:
        import io

        import docx

        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many types for a broken package
        raise InputError(path, f"dit Word-document is beschadigd en niet te lezen ({short_reason(error)})") from None
    try:
        return _extract(document, path)
    except Exception as error:
        raise InputError(path, f"dit Word-document is niet te lezen ({short_reason(error)})") from None


def _extract(document: Any, path: str) -> SourceText:
    builder = LineBuilder()
    headers, footers = headers_footers(document)
    for element in headers:
        _story(element, builder, "koptekst", None)
    counters = {"alinea": 0, "tabel": 0}
    _story(document.element.body, builder, None, counters)
    for element in footers:
        _story(element, builder, "voettekst", None)
    return builder.source("docx", path)


def headers_footers(document: Any) -> tuple[list[Any], list[Any]]:
    """The distinct header and footer parts of all sections (first page, even and default).

    Shared with :mod:`helderetaal.annotate`, which must walk the parts in the order read here."""
    headers: list[Any] = []
    footers: list[Any] = []
    seen: set[int] = set()
    for section in document.sections:
        for attr, target in (("first_page_header", headers), ("header", headers), ("even_page_header", headers),
                             ("first_page_footer", footers), ("footer", footers), ("even_page_footer", footers)):
            part = getattr(section, attr)
            if part.is_linked_to_previous:
                continue
            element = part._element  # the w:hdr / w:ftr element
            if id(element) in seen:
                continue
            seen.add(id(element))
            target.append(element)
    return headers, footers


def _story(container: Any, builder: LineBuilder, fixed: str | None, counters: dict[str, int] | None) -> None:
    """Walk paragraphs and tables of a body, header, footer or content control, in order."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            text = _paragraph_text(child)
            if fixed is None and counters is not None and text.strip():
                counters["alinea"] += 1
            label = fixed or f"alinea {counters['alinea'] if counters else 0}"
            builder.add(list_marker(child) + text if text.strip() else text, label)
        elif tag == f"{_W}tbl":
            if counters is not None and fixed is None:
                counters["tabel"] += 1
                table_label = f"tabel {counters['tabel']}"
            else:
                table_label = fixed or "tabel"
            _table(child, builder, table_label, fixed is not None)
        elif tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _story(content, builder, fixed, counters)
        elif tag in (f"{_W}customXml", f"{_W}ins", f"{_W}moveTo"):
            _story(child, builder, fixed, counters)


def _table(table: Any, builder: LineBuilder, label: str, fixed: bool) -> None:
    for row_number, row in enumerate(table.iterchildren(f"{_W}tr"), 1):
        cells = [child for child in row.iterchildren() if child.tag in (f"{_W}tc", f"{_W}sdt")]
        for column, cell in enumerate(cells, 1):
            if cell.tag == f"{_W}sdt":
                cell = cell.find(f"{_W}sdtContent/{_W}tc")
                if cell is None:
                    continue
            cell_label = label if fixed else f"{label}, rij {row_number}, kolom {column}"
            _story(cell, builder, cell_label, None)


def list_marker(paragraph: Any) -> str:
    """"- " for a numbered or list-style paragraph (the reader writes it before the text), else ""."""
    properties = paragraph.find(f"{_W}pPr")
    if properties is None:
        return ""
    numbering = properties.find(f"{_W}numPr")
    if numbering is not None:
        num_id = numbering.find(f"{_W}numId")
        if num_id is None or num_id.get(f"{_W}val") != "0":
            return "- "
    style = properties.find(f"{_W}pStyle")
    if style is not None and (style.get(f"{_W}val") or "").lower().startswith(("list", "lijst")):
        return "- "
    return ""


def _paragraph_text(paragraph: Any) -> str:
    """The visible text of a paragraph, tracked insertions included and deletions left out."""
    parts: list[str] = []

    def walk(element: Any) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP or tag == _MC_FALLBACK:
                continue
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab" or tag == f"{_W}ptab":
                parts.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append(" ")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{_W}sym":
                parts.append(" ")
            else:
                walk(child)

    walk(paragraph)
    return "".join(parts)
