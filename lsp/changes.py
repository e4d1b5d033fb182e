"""A ``didChange`` read straight from its JSON, as pygls' converter would read it.

Every keystroke is a ``didChange``. Through pygls it is structured by cattrs into a
``DidChangeTextDocumentNotification`` and run as a handler with its own id, context and future:
about 0.4 ms of the server's part of a keystroke (tests/test_lsp_changes.py compares the two
readings). :func:`plain_did_change` reads only the shape editors send (plain JSON types, no
extra keys); anything else is None, and then goes the pygls way, with its conversions and errors.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types

#: The keys of a change with a range, and of one with the whole text.
_PARTIAL_KEYS = ({"range", "text"}, {"range", "rangeLength", "text"})
_WHOLE_KEYS = {"text"}


def _int(value: Any) -> bool:
    return type(value) is int  # a bool or a float is converted by cattrs: left to pygls


def _position(raw: Any) -> types.Position | None:
    if type(raw) is not dict or raw.keys() != {"line", "character"}:
        return None
    line, character = raw["line"], raw["character"]
    if not (_int(line) and _int(character)):
        return None
    return types.Position(line=line, character=character)


def _change(raw: Any) -> types.TextDocumentContentChangeEvent | None:
    if type(raw) is not dict or type(raw.get("text")) is not str:
        return None
    keys = raw.keys()
    if keys == _WHOLE_KEYS:
        return types.TextDocumentContentChangeWholeDocument(text=raw["text"])
    if keys not in _PARTIAL_KEYS:
        return None
    span = raw["range"]
    if type(span) is not dict or span.keys() != {"start", "end"}:
        return None
    start, end = _position(span["start"]), _position(span["end"])
    length = raw.get("rangeLength")
    if start is None or end is None or (length is not None and not _int(length)):
        return None
    return types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=raw["text"],
                                                  range_length=length)


def plain_did_change(params: Any) -> types.DidChangeTextDocumentParams | None:
    """``params`` of a ``didChange`` as pygls would structure them; None for any other shape
    (or values the protocol's validators refuse), which pygls then reads itself."""
    if type(params) is not dict or params.keys() != {"textDocument", "contentChanges"}:
        return None
    identifier, raw_changes = params["textDocument"], params["contentChanges"]
    if type(identifier) is not dict or identifier.keys() != {"uri", "version"} or type(raw_changes) is not list:
        return None
    uri, version = identifier["uri"], identifier["version"]
    if type(uri) is not str or not _int(version):
        return None
    try:
        changes = [_change(raw) for raw in raw_changes]
        if any(change is None for change in changes):
            return None
        return types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(version=version, uri=uri),
            content_changes=tuple(change for change in changes if change is not None))
    except ValueError:  # a validator: out of range
        return None
