"""Readers turn a file into a :class:`SourceText`. One module per format, registered by suffix."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..oserrors import reason as os_reason
from .base import Comment, InputError, SourceLocation, SourceText, blank
from .docx import read_docx
from .html import parse_html
from .markdown import parse_markdown
from .odt import read_odt
from .pdf import read_pdf
from .text import parse_text

#: Files larger than this are refused with a clear error instead of hanging a CI job or an editor.
#: The one size limit of a letter's text: the CLI, the library and the language server use it.
MAX_FILE_BYTES = 5 * 1024 * 1024
#: Word, ODT and PDF files carry logos and photos; their text is limited after unpacking instead.
MAX_PACKAGE_BYTES = 100 * 1024 * 1024
_PACKAGES = (".docx", ".odt", ".pdf")


def size_limit(suffix: str) -> int:
    """The most bytes a file ending in ``suffix`` may have (Word and ODT packages may be larger)."""
    return MAX_PACKAGE_BYTES if suffix.lower() in _PACKAGES else MAX_FILE_BYTES


Reader = Callable[[bytes, str], SourceText]


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode the bytes of a text file; returns (text, encoding).

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such. Text that is not valid
    UTF-8 but is valid Windows-1252 (common on municipal PCs) is read as Windows-1252. Anything
    else is refused rather than silently garbled.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise InputError(path, f"ongeldige UTF-16-tekst (byte {error.start})") from None
    if b"\x00" in data[:8192]:
        raise InputError(path, "dit is geen tekstbestand (het bevat binaire gegevens)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise InputError(
            path,
            "de tekst is geen UTF-8 en ook geen Windows-1252; sla het bestand op als UTF-8",
            line=line,
        ) from None
    _refuse_unlikely_cp1252(text, path)
    return text, "cp1252"


# Windows-1252 characters that never stand between two letters of a Dutch word: there they mean
# the file is in another encoding (Mac Roman gives 'Ž' for 'é', DOS code page 437 gives '‚').
_UNLIKELY_CP1252 = set("ŽžŸƒˆ‰ŠšŒœ‹›†‡‚„¤¦¨¯¸¹³²¼½¾×÷")


def _refuse_unlikely_cp1252(text: str, path: str) -> None:
    for index in range(1, len(text) - 1):
        if text[index] in _UNLIKELY_CP1252 and text[index - 1].isalpha() and text[index + 1].isalpha():
            line = text.count("\n", 0, index) + 1
            raise InputError(
                path,
                f"de tekst is geen UTF-8 en lijkt ook geen Windows-1252 (vreemd teken '{text[index]}' midden in "
                f"een woord); sla het bestand op als UTF-8",
                line=line,
            )
    controls = [char for char in text if ord(char) < 32 and char not in "\t\r\n\f"]
    if controls:
        raise InputError(path, "de tekst is geen UTF-8 en bevat stuurtekens; sla het bestand op als UTF-8")


def _decoded(parse: Callable[[str, str], SourceText]) -> Callable[[bytes, str], SourceText]:
    """A reader for a text format: the bytes decoded (see :func:`decode_text`), then parsed."""

    def read(data: bytes, path: str) -> SourceText:
        text, encoding = decode_text(data, path)
        source = parse(text, path)
        source.encoding = encoding
        return source

    return read


_read_txt = _decoded(parse_text)
_read_md = _decoded(parse_markdown)
_read_html = _decoded(parse_html)


def _read_doc(data: bytes, path: str) -> SourceText:
    """An old Word file (.doc, Word 97-2003, or RTF saved as .doc) cannot be read; say how to convert it.

    A .docx that was only renamed to .doc is read as what it is.
    """
    if data.startswith(b"PK"):
        return read_docx(data, path)
    raise InputError(path, doc_message(path))


def doc_message(path: str) -> str:
    """What a writer with a .doc letter does, in one Dutch line."""
    name = Path(path).name if path else "brief.doc"
    quoted = f'"{name}"' if " " in name else name
    return ("dit is een oud Word-bestand (.doc); dat kan helderetaal niet lezen. Open het in Word en kies "
            "Bestand > Opslaan als > Word-document (.docx), of zet het om met LibreOffice: "
            f"soffice --headless --convert-to docx {quoted}")


READERS: dict[str, Reader] = {
    ".txt": _read_txt,
    ".text": _read_txt,
    ".md": _read_md,
    ".markdown": _read_md,
    ".html": _read_html,
    ".htm": _read_html,
    ".docx": read_docx,
    ".odt": read_odt,
    ".pdf": read_pdf,
    ".doc": _read_doc,
}


def register_reader(suffix: str, reader: Reader) -> None:
    """Register a reader for files ending in ``suffix`` (e.g. ``".docx"``)."""
    READERS[suffix.lower()] = reader


def supported_suffixes() -> tuple[str, ...]:
    """Suffixes that a folder walk picks up."""
    return tuple(sorted(READERS))


def read_bytes(data: bytes, path: str, suffix: str | None = None) -> SourceText:
    """Parse ``data`` with the reader for ``suffix`` (default: the suffix of ``path``)."""
    suffix = (suffix or Path(path).suffix).lower()
    reader = READERS.get(suffix, _read_txt)
    limit = size_limit(suffix)
    if len(data) > limit:
        raise InputError(path, f"het bestand is te groot ({len(data) // 1024} kB; de grens is {limit // 1024} kB)")
    source = reader(data, path)
    refuse_long_text(source.text, path)
    return source


def refuse_long_text(text: str, path: str | None) -> None:
    """Raise :class:`InputError` when ``text`` is longer than :data:`MAX_FILE_BYTES` characters.

    Every way in (a file, the library's ``check(text)``, an editor's document) uses this one limit.
    """
    if len(text) > MAX_FILE_BYTES:
        raise InputError(path, f"de tekst is te lang ({len(text) // 1024} k tekens; de grens is "
                               f"{MAX_FILE_BYTES // 1024} k)")


def read_file(path: str | Path) -> SourceText:
    """Read and parse one file; raises :class:`InputError` with a Dutch message on bad input.

    Only a regular file is read, and at most the size limit plus one byte of it: a device
    (``/dev/zero``), a pipe or a socket is refused without reading, so it can neither fill
    memory nor hang the check.
    """
    name = str(path)
    limit = size_limit(Path(path).suffix)
    try:
        # O_NONBLOCK: opening a pipe without a writer must not wait for one.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise InputError(name, "dit is een map, geen bestand") from None
    except FileNotFoundError:
        raise InputError(name, "bestand niet gevonden") from None
    except PermissionError:
        raise InputError(name, "geen toestemming om dit bestand te lezen") from None
    except OSError as error:
        raise InputError(name, f"kan het bestand niet lezen ({os_reason(error)})") from None
    try:
        with os.fdopen(descriptor, "rb", buffering=0) as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise InputError(name, "dit is een map, geen bestand")
            if not stat.S_ISREG(info.st_mode):
                raise InputError(name, "dit is geen gewoon bestand (maar bijvoorbeeld een apparaat, een pipe of een "
                                       "socket); het is niet gelezen")
            if info.st_size > limit:
                raise InputError(name, f"het bestand is te groot ({info.st_size // 1024} kB; de grens is "
                                       f"{limit // 1024} kB)")
            data = _read_at_most(handle, limit + 1)
    except InputError:
        raise
    except OSError as error:
        raise InputError(name, f"kan het bestand niet lezen ({os_reason(error)})") from None
    if len(data) > limit:  # it grew after fstat, or fstat does not know its size
        raise InputError(name, f"het bestand is te groot (meer dan {limit // 1024} kB)")
    return read_bytes(data, name)


def _read_at_most(handle: Any, size: int) -> bytes:
    chunks = []
    left = size
    while left > 0:
        chunk = handle.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


__all__ = [
    "Comment",
    "InputError",
    "MAX_FILE_BYTES",
    "READERS",
    "SourceLocation",
    "SourceText",
    "blank",
    "decode_text",
    "parse_html",
    "parse_markdown",
    "parse_text",
    "read_bytes",
    "read_file",
    "refuse_long_text",
    "size_limit",
    "register_reader",
    "supported_suffixes",
]
