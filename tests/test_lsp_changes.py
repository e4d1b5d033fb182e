"""The didChange read from its JSON (lsp/changes.py) is what pygls' converter makes of it, or
left to pygls."""

from __future__ import annotations

import copy

import pytest
from lsprotocol import types
from pygls.protocol import default_converter

from helderetaal.lsp.changes import plain_did_change


def _span(line: object = 0, character: object = 1) -> dict[str, object]:
    return {"start": {"line": 0, "character": 0}, "end": {"line": line, "character": character}}


def _params(changes: list[object], version: object = 2, uri: object = "file:///brief.txt") -> dict[str, object]:
    return {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}


def _pygls(params: dict[str, object]) -> types.DidChangeTextDocumentParams:
    message = {"jsonrpc": "2.0", "method": types.TEXT_DOCUMENT_DID_CHANGE, "params": params}
    return default_converter().structure(message, types.DidChangeTextDocumentNotification).params


@pytest.mark.parametrize("params", [
    _params([{"range": _span(), "text": "x"}]),
    _params([{"range": _span(3, 7), "rangeLength": 4, "text": "é\n"}, {"text": "hele brief"}]),
    _params([{"text": ""}]),
    _params([]),
    _params([{"range": _span(), "text": "x"}], version=-1),
])
def test_plain_shapes_read_as_pygls_reads_them(params: dict[str, object]) -> None:
    kept = copy.deepcopy(params)
    assert plain_did_change(params) == _pygls(params)
    assert params == kept


@pytest.mark.parametrize("params", [
    _params([{"range": _span(), "text": "x"}], version="2"),  # cattrs converts: pygls decides
    _params([{"range": _span(), "text": "x"}], version=True),
    _params([{"range": _span(), "text": "x"}], version=None),
    _params([{"range": _span(), "text": "x"}], uri=5),
    _params([{"range": _span("0"), "text": "x"}]),
    _params([{"range": _span(-1), "text": "x"}]),
    _params([{"range": _span(2**40), "text": "x"}]),
    _params([{"range": None, "text": "x"}]),
    _params([{"range": _span(), "text": 5}]),
    _params([{"range": _span(), "text": "x", "extra": 1}]),
    _params([{"range": _span(), "rangeLength": 1.0, "text": "x"}]),
    _params([["not", "a", "change"]]),
    {"textDocument": {"uri": "file:///brief.txt", "version": 2}},
    {**_params([]), "extra": 1},
    None,
    [],
])
def test_other_shapes_are_left_to_pygls(params: object) -> None:
    assert plain_did_change(params) is None
