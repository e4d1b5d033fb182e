"""Shared checks for zipped office documents (.docx, .odt) before any XML is parsed.

A document that is not a zip, is encrypted, or would unpack to an absurd size (a zip bomb)
becomes an :class:`InputError` with one clear Dutch line; nothing is decompressed first.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from .base import InputError, SourceLocation, SourceText

#: The most the XML parts of a document may unpack to. Real letters unpack to well under 5 MB.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
#: A member that compresses better than this is not text a person wrote.
MAX_RATIO = 200

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def open_package(data: bytes, path: str, kind: str, required: str) -> zipfile.ZipFile:
    """Open ``data`` as a zip package that must contain ``required`` (e.g. ``word/document.xml``)."""
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTION_INFO in data:
            raise InputError(path, f"dit {kind} is beveiligd met een wachtwoord; sla het op zonder wachtwoord")
        raise InputError(path, f"dit is een oud Office-bestand (bijvoorbeeld .doc), geen {kind}; "
                               "sla het op als .docx of .odt")
    if not data.startswith(b"PK"):
        raise InputError(path, f"dit is geen geldig {kind} (het bestand is geen zip-pakket)")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise InputError(path, f"dit {kind} is beschadigd (het zip-pakket is niet te lezen)") from None
    total = 0
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels")):
            total += info.file_size  # the parts that are parsed; pictures are never unpacked
        if info.flag_bits & 0x1:
            raise InputError(path, f"dit {kind} is beveiligd met een wachtwoord; sla het op zonder wachtwoord")
        if info.file_size > 1024 * 1024 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise InputError(path, f"dit {kind} pakt uit tot een verdacht grote hoeveelheid gegevens; "
                                   "het is niet gecontroleerd")
    if total > MAX_UNPACKED_BYTES:
        raise InputError(path, f"dit {kind} pakt uit tot {total // (1024 * 1024)} MB (de grens is "
                               f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB); het is niet gecontroleerd")
    if required not in package.namelist():
        raise InputError(path, f"dit is geen geldig {kind} ({required} ontbreekt)")
    _unpack_in_pieces(package, infos, path, kind)
    return package


def _unpack_in_pieces(package: zipfile.ZipFile, infos: list[zipfile.ZipInfo], path: str, kind: str) -> None:
    """Unpack every member in small pieces before a parser reads it whole.

    zipfile stops a member at the size its header states and then fails the checksum, but a
    whole read first inflates everything the member holds: a zip bomb whose header understates
    the size would fill memory there. In pieces, it stops at the stated size.
    """
    for info in infos:
        if info.is_dir():
            continue
        try:
            with package.open(info) as member:
                while member.read(1 << 16):
                    pass
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, ValueError, EOFError, OSError):
            raise InputError(path, f"dit {kind} is beschadigd (het zip-pakket is niet te lezen)") from None


def short_reason(error: Exception) -> str:
    """A parser's complaint on one short line, for the end of a Dutch error message."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 100 else text[:97] + "..."


def one_line(text: str) -> str:
    """A paragraph's text on one line: breaks and other vertical space become spaces."""
    return "".join(" " if char in "\r\n\x0b\x0c\x85\u2028\u2029" else char for char in text)


class LineBuilder:
    """Collects one line per paragraph and the label of where each came from."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.locations: list[SourceLocation] = []
        self._offset = 0

    def add(self, text: str, label: str) -> None:
        text = one_line(text).rstrip()
        if not text.strip():
            return
        self.locations.append(SourceLocation(self._offset, label))
        self.lines.append(text)
        self._offset += len(text) + 1

    def source(self, fmt: str, path: str) -> SourceText:
        from .text import parse_text

        text = "\n".join(self.lines) + ("\n" if self.lines else "")
        source = parse_text(text, path, fmt=fmt)
        source.line_is_paragraph = True
        source.locations = list(self.locations)
        return source
