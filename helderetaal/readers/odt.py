"""OpenDocument letters (.odt, LibreOffice): headers, body and footers, one line per paragraph.

Works like the Word reader: offsets refer to the extracted text and every line has a label
("alinea 3", "tabel 1, rij 2, kolom 1", "koptekst", "voettekst").
"""

from __future__ import annotations

import io
from typing import Any

from .base import InputError, SourceText
from .package import LineBuilder, open_package, short_reason

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

_PARAGRAPHS = {(TEXT_NS, "p"), (TEXT_NS, "h")}
#: Inline elements whose text is not part of the sentence (notes, comments, frames, changes).
_SKIP_INLINE = {(TEXT_NS, "note"), (_OFFICE, "annotation"), (_OFFICE, "annotation-end"), (TEXT_NS, "tracked-changes"),
                ("urn:oasis:names:tc:opendocument:xmlns:drawing:1.0", "frame"), (TEXT_NS, "bookmark-ref"),
                (TEXT_NS, "sequence-decls"), (TEXT_NS, "variable-decls"), (TEXT_NS, "user-field-decls")}


def read_odt(data: bytes, path: str) -> SourceText:
    """Parse an .odt file into a :class:`SourceText`."""
    package = open_package(data, path, "ODT-document", "content.xml")
    try:
        manifest = package.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in package.namelist() else b""
    except Exception:
        manifest = b""
    if b"encryption-data" in manifest:
        raise InputError(path, "dit ODT-document is beveiligd met een wachtwoord; sla het op zonder wachtwoord")
    try:
        from odf.opendocument import load

        document = load(io.BytesIO(data))
    except Exception as error:  # odfpy raises many types for a broken package
        raise InputError(path, f"dit ODT-document is beschadigd en niet te lezen ({short_reason(error)})") from None
    try:
        return _extract(document, path)
    except Exception as error:
        raise InputError(path, f"dit ODT-document is niet te lezen ({short_reason(error)})") from None


def _extract(document: Any, path: str) -> SourceText:
    builder = LineBuilder()
    headers, footers = page_stories(document)
    for header in headers:
        _story(header, builder, "koptekst", None, False)
    _story(document.text, builder, None, {"alinea": 0, "tabel": 0}, False)
    for footer in footers:
        _story(footer, builder, "voettekst", None, False)
    return builder.source("odt", path)


def _story(container: Any, builder: LineBuilder, fixed: str | None, counters: dict[str, int] | None,
           in_list: bool) -> None:
    for child in container.childNodes:
        name = getattr(child, "qname", None)
        if name is None:
            continue
        if name in _PARAGRAPHS:
            text = _inline_text(child)
            if fixed is None and counters is not None and text.strip():
                counters["alinea"] += 1
            label = fixed or f"alinea {counters['alinea'] if counters else 0}"
            builder.add(("- " if in_list else "") + text if text.strip() else text, label)
            # Only the first paragraph of a list item carries the bullet.
            in_list = False
        elif name == (TABLE_NS, "table"):
            if counters is not None and fixed is None:
                counters["tabel"] += 1
                _table(child, builder, f"tabel {counters['tabel']}", False)
            else:
                _table(child, builder, fixed or "tabel", True)
        elif name == (TEXT_NS, "list"):
            _story(child, builder, fixed, counters, False)
        elif name in ((TEXT_NS, "list-item"), (TEXT_NS, "list-header")):
            _story(child, builder, fixed, counters, name[1] == "list-item")
        elif name in ((TEXT_NS, "section"), (TEXT_NS, "soft-page-break"), (TABLE_NS, "table-header-rows"),
                      (TABLE_NS, "table-rows"), (TEXT_NS, "index-body")):
            _story(child, builder, fixed, counters, in_list)


def _table(table: Any, builder: LineBuilder, label: str, fixed: bool) -> None:
    rows: list[Any] = []

    def collect(node: Any) -> None:
        for child in node.childNodes:
            name = getattr(child, "qname", None)
            if name == (TABLE_NS, "table-row"):
                rows.append(child)
            elif name in ((TABLE_NS, "table-header-rows"), (TABLE_NS, "table-rows"), (TABLE_NS, "table-row-group")):
                collect(child)

    collect(table)
    for row_number, row in enumerate(rows, 1):
        column = 0
        for cell in row.childNodes:
            name = getattr(cell, "qname", None)
            if name not in ((TABLE_NS, "table-cell"), (TABLE_NS, "covered-table-cell")):
                continue
            column += 1
            cell_label = label if fixed else f"{label}, rij {row_number}, kolom {column}"
            _story(cell, builder, cell_label, None, False)


def _inline_text(element: Any) -> str:
    return "".join(text for _, text, _ in inline_pieces(element))


def inline_pieces(paragraph: Any) -> list[tuple[int, str, Any]]:
    """(offset, text, node) for each text node or one-character element of a paragraph, in reading
    order; notes, comments and frames are left out. Shared with :mod:`helderetaal.annotate`, which
    places its comments at these offsets."""
    pieces: list[tuple[int, str, Any]] = []
    offset = 0

    def walk(node: Any) -> None:
        nonlocal offset
        for child in node.childNodes:
            if child.nodeType == child.TEXT_NODE:
                pieces.append((offset, child.data, child))
                offset += len(child.data)
                continue
            name = getattr(child, "qname", None)
            if name is None or name in _SKIP_INLINE:
                continue
            if name == (TEXT_NS, "s"):
                count = child.getAttrNS(TEXT_NS, "c")
                text = " " * (int(count) if count and str(count).isdigit() else 1)
                pieces.append((offset, text, child))
                offset += len(text)
            elif name in ((TEXT_NS, "tab"), (TEXT_NS, "line-break")):
                pieces.append((offset, "\t" if name[1] == "tab" else " ", child))
                offset += 1
            else:
                walk(child)

    walk(paragraph)
    return pieces


def page_stories(document: Any) -> tuple[list[Any], list[Any]]:
    """The page styles' header and footer elements (first, left and default pages).

    Shared with :mod:`helderetaal.annotate`, which must walk them in the order read here."""
    headers: list[Any] = []
    footers: list[Any] = []
    if document.masterstyles is not None:
        for page in document.masterstyles.childNodes:
            for child in page.childNodes:
                name = getattr(child, "qname", None)
                if name and name[0] == _STYLE and name[1] in ("header", "header-first", "header-left"):
                    headers.append(child)
                elif name and name[0] == _STYLE and name[1] in ("footer", "footer-first", "footer-left"):
                    footers.append(child)
    return headers, footers
