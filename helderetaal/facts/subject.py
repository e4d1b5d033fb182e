"""The letter's subject (Onderwerp/Betreft line, else a title) and its first paragraph."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..structure import PROSE_KINDS
from .lexicon import lexicon

if TYPE_CHECKING:
    from ..document import Document
    from ..structure import Block

_SUBJECT = re.compile(r"^[ \t>*_#-]*(?:onderwerp|betreft)\s*:[ \t]*(?P<value>[^\r\n]+)", re.IGNORECASE | re.MULTILINE)


# "Onderwerp | Nieuwe stoep" or "Onderwerp<tab>Nieuwe stoep": a letterhead table row on one line.
_CELLS = re.compile(r"^[ \t>*_#-]*(?P<label>[^\t|:]{2,30}?)[ \t]*(?:\t|\||[ ]{2,})[ \t|]*(?P<value>\S[^\r\n]*)$")


def field_label(text: str) -> str | None:
    """The letterhead group (``subject``, ``date``, ``other``) when ``text`` is only a field
    label such as "Onderwerp" or "Ons kenmerk:" (a cell of a letterhead table), else None."""
    words = " ".join(text.strip(" \t*_#>|-").rstrip(":").split()).lower()
    return next((group for group, labels in lexicon("letterhead").items() if words in labels), None)


def _block_text(document: Document, block: Block) -> str:
    return " ".join(document.analysed[block.start:block.end].strip("# \t").split()).strip("*_| ")


def find_subject(document: Document) -> str | None:
    """The Onderwerp/Betreft field (also as a table row or a label cell with the value in the
    next cell), else a title line (see :func:`subject_line`)."""
    match = _SUBJECT.search(document.analysed)
    if match:
        return " ".join(match.group("value").split())
    head = [b for b in document.blocks if b.kind in ("head", "heading")]
    for index, block in enumerate(head):
        text = _block_text(document, block)
        row = _CELLS.match(text)
        if row and field_label(row.group("label")) == "subject":
            return " ".join(row.group("value").strip(" |").split())
        if field_label(text) == "subject" and index + 1 < len(head) and field_label(
                _block_text(document, head[index + 1])) is None:
            return _block_text(document, head[index + 1]) or None
    return subject_line(document)


# A greeting, or an address line ("Aan de bewoners van Dorpsstraat 1 t/m 40,", "Aan alle kinderen
# uit de buurt"): one line, no sentence.
_SALUTATION_LIKE = re.compile(r"^\s*(?:(?:geachte|beste|hallo|lieve|dag)\b[^.!?]{0,60}|"
                              r"aan\s+(?:de|alle|het)\s+[^\n]{0,160}?(?<![.!?]))\s*,?\s*$", re.IGNORECASE)
# A sender's name ("Woonstichting Het Anker", "Waterschap De Drie Polders") or an address line
# ("7400 AB Deventer") in the head says who writes, not what about.
_NOT_SUBJECT = re.compile(r"^(?:gemeente|postbus|aan\s|het\s+college|afdeling|dienst|team|bewonersbericht|"
                          r"bewonersbrief|nieuwsbrief|[\d\s]+$|\d{4}\s?[a-z]{2}\b|"
                          r"[\w-]*(?:stichting|corporatie|vereniging|waterschap|hoogheemraadschap|commissie)\b)",
                          re.IGNORECASE)


def first_paragraph(document: Document) -> Block | None:
    """The first prose block after the salutation (after the head when there is none)."""
    salutation = next((b for b in document.blocks if b.kind == "salutation"), None)
    after = salutation.start if salutation else -1
    for block in document.blocks:
        if block.start > after and block.kind in PROSE_KINDS:
            if _SALUTATION_LIKE.match(document.analysed[block.start:block.end]):
                continue  # a second salutation under "Aan de bewoners van ..."
            return block
    return None


def subject_line(document: Document) -> str | None:
    """Without an Onderwerp/Betreft field: the first heading of two words or more before the
    first paragraph, or the last such line of the head (a title above the salutation)."""
    first_par = first_paragraph(document)
    limit = first_par.start if first_par else len(document.analysed)
    candidates = []
    after_label = False
    for block in document.blocks:
        if block.start >= limit:
            break
        if block.kind not in ("heading", "head"):
            continue
        text = _block_text(document, block)
        value_of_field, after_label = after_label, field_label(text) is not None
        if after_label or value_of_field:
            continue  # a letterhead cell: a label, or the value after it (a name, a number)
        row = _CELLS.match(text)
        if row and field_label(row.group("label")) is not None:
            continue
        if len(text.split()) < 2 or text.isupper() or ":" in text.split()[0] and len(text.split()) < 3:
            continue
        if _NOT_SUBJECT.match(text) or re.search(r"\d{4}", text) or _SALUTATION_LIKE.match(text):
            continue
        if re.match(r"^[\w\s-]+\s*:", text) and not re.match(r"^uitnodiging\s*:", text, re.IGNORECASE):
            continue  # a head field such as "Ons kenmerk: ..."
        candidates.append((block.kind, text))
    headings = [text for kind, text in candidates if kind == "heading"]
    if headings:
        return headings[0]
    return candidates[-1][1] if candidates else None
