"""PDF letters (.pdf): the text layer of each page, read with pypdf.

Many published letters exist only as PDF. A PDF holds positioned lines, not paragraphs, so the
page is read in pypdf's layout mode (which keeps vertical gaps as blank lines and columns as
runs of spaces) and lines are joined into paragraphs the way a reader sees them:

- a blank line ends a paragraph;
- a line that stops well before the right edge of the page's text ends its paragraph (a wrapped
  line fills the width), so an address block or a list stays one line per item;
- a line with a wide gap (a letterhead table: ``Datum      4 juni 2024``) is a paragraph of its
  own, its columns separated by a tab, as the Word reader writes table cells.

As for Word letters, the extracted text has one line per paragraph (``line_is_paragraph``);
offsets and line/column refer to that text, and each line carries the label "pagina N".
A header or footer that comes back on every page (letterhead, "Pagina 2 van 3") is kept once.
A PDF without a text layer (a scan), an encrypted or a broken PDF is a clear error for that file.
"""

from __future__ import annotations

import io
import re
from typing import Any

from .base import InputError, SourceText
from .package import LineBuilder, short_reason

#: More pages than any letter has; a longer PDF (a report, a zoning plan) is refused before reading.
MAX_PAGES = 200
#: A line whose right end lies before this share of the widest line on its page ends a paragraph.
_SHORT_LINE = 0.75
_COLUMN_GAP = re.compile(r"(?<=\S) {3,}(?=\S)")
_DIGITS = re.compile(r"\d+")
#: "gas- en waterleiding", "voor- of achterkant": the hyphen stands for a left-out word part.
_ELISION = re.compile(r"(en|of|tot|en/of)\b")
#: A repeated header or footer is short; a repeated paragraph of body text is kept.
_MAX_REPEATED = 120


def read_pdf(data: bytes, path: str) -> SourceText:
    """Parse a .pdf file into a :class:`SourceText` (one line per paragraph, places "pagina N")."""
    if b"%PDF-" not in data[:1024]:
        raise InputError(path, "dit is geen geldig PDF-bestand (het begint niet met %PDF)")
    pages = _open(data, path)
    paragraphs: list[list[str]] = []
    for number, page in enumerate(pages, 1):
        try:
            text = page.extract_text(extraction_mode="layout", layout_mode_space_vertically=True)
        except Exception:  # layout mode trips over some fonts; plain mode still gives the lines
            try:
                text = page.extract_text()
            except Exception as error:  # pypdf raises many types for a broken page
                raise InputError(path, f"pagina {number} van dit PDF-bestand is niet te lezen "
                                       f"({short_reason(error)})") from None
        paragraphs.append(page_paragraphs(text or ""))
    if not any(paragraphs):
        raise InputError(path, "in dit PDF-bestand staat geen tekst, alleen afbeeldingen (bijvoorbeeld een scan); "
                               "maak er eerst tekst van met tekstherkenning (OCR) of gebruik het originele "
                               "Word-bestand")
    builder = LineBuilder()
    for number, page_text in enumerate(_without_repeats(paragraphs), 1):
        for paragraph in page_text:
            builder.add(paragraph, f"pagina {number}")
    return builder.source("pdf", path)


def _open(data: bytes, path: str) -> list[Any]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, FileNotDecryptedError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise InputError(path, "PDF-bestanden lezen kan niet: het pakket pypdf ontbreekt (pip install pypdf)") \
            from None
    locked = "dit PDF-bestand is beveiligd met een wachtwoord; sla het op zonder beveiliging"
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            # Only an empty user password opens it without asking; anything else needs the writer.
            raise InputError(path, locked)
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise InputError(path, f"dit PDF-bestand heeft {count} pagina's (de grens is {MAX_PAGES}); "
                                   "het is geen brief en is niet gecontroleerd")
        if not count:
            raise InputError(path, "dit PDF-bestand heeft geen pagina's")
        return list(reader.pages)
    except InputError:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise InputError(path, locked) from None
    except Exception as error:  # pypdf raises many types for a broken file
        raise InputError(path, f"dit PDF-bestand is beschadigd en niet te lezen ({short_reason(error)})") from None


def page_paragraphs(text: str) -> list[str]:
    """The paragraphs of one page as pypdf's layout mode gives it (see the module's docstring)."""
    lines = [line.rstrip() for line in text.splitlines()]
    width = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(_join(current))
            current.clear()

    for line in lines:
        stripped = line.strip()
        if not stripped:
            flush()
        elif _COLUMN_GAP.search(stripped):
            flush()
            paragraphs.append(_COLUMN_GAP.sub("\t", stripped))
        else:
            current.append(" ".join(stripped.split()))
            if len(line) < _SHORT_LINE * width:
                flush()
    flush()
    return paragraphs


def _join(lines: list[str]) -> str:
    """One paragraph from its wrapped lines: a soft hyphen at a line's end goes, a hard one stays."""
    text = lines[0]
    for line in lines[1:]:
        if text.endswith("\u00ad"):
            text = text[:-1] + line
        elif text.endswith("-") and len(text) > 1 and text[-2].isalnum() and not _ELISION.match(line):
            text += line  # "e-" + "mailadres", "06-" + "12345678"; but "gas- en waterleiding"
        else:
            text += " " + line
    return text


def _without_repeats(pages: list[list[str]]) -> list[list[str]]:
    """Drop a short paragraph that every page repeats (numbers aside), after its first page."""
    if len(pages) < 2:
        return pages

    def key(paragraph: str) -> str:
        return _DIGITS.sub("#", paragraph)

    per_page = [{key(p) for p in page if len(p) <= _MAX_REPEATED} for page in pages]
    repeated = set.intersection(*per_page)
    if not repeated:
        return pages
    return [pages[0]] + [[p for p in page if key(p) not in repeated] for page in pages[1:]]
