"""Helpers for the language-server tests: a recording client, waiting, and applying edits.

Positions are converted here independently of the server's own code, so the tests check it.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

TIMEOUT = 60.0
_BREAK = re.compile(r"\r\n|\r|\n")


def server_command() -> list[str]:
    """`helderetaal lsp` through the installed entry point (next to this Python)."""
    script = Path(sys.executable).with_name("helderetaal")
    return [str(script), "lsp"] if script.exists() else [sys.executable, "-m", "helderetaal.cli", "lsp"]


def make_client() -> LanguageClient:
    """pytest-lsp's client, also recording every publishDiagnostics with its version."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = []  # type: ignore[attr-defined]

    def on_publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)  # type: ignore[attr-defined]

    client.registrations = []  # type: ignore[attr-defined]

    def on_register(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: on_publish,
                                   types.CLIENT_REGISTER_CAPABILITY: on_register})
    return client


def config(**env: str) -> ClientServerConfig:
    return ClientServerConfig(server_command=server_command(), client_factory=make_client,
                              server_env={**os.environ, **env} if env else None)


async def wait_for(predicate, timeout: float = TIMEOUT, what: str = "condition"):
    """Poll ``predicate`` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def published(client: LanguageClient, uri: str, version: int | None, timeout: float = TIMEOUT):
    """The diagnostics published for ``uri`` at ``version``."""
    def find():
        for params in reversed(client.published):  # type: ignore[attr-defined]
            if params.uri == uri and params.version == version:
                return params
        return None

    return (await wait_for(find, timeout, f"diagnostics for {uri} v{version}")).diagnostics


def units(text: str, encoding: str = "utf-16") -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def position(text: str, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
    """(line, character) of a code-point offset, lines ending at CRLF, CR or LF."""
    before = text[:offset]
    breaks = list(_BREAK.finditer(before))
    line = len(breaks)
    start = breaks[-1].end() if breaks else 0
    if before.endswith("\r") and text[offset : offset + 1] == "\n":
        line, start = line - 1, (breaks[-2].end() if len(breaks) > 1 else 0)
        before = before[:-1]
    return line, units(before[start:], encoding)


def span(text: str, needle: str, nth: int = 0, encoding: str = "utf-16") -> tuple[tuple[int, int], tuple[int, int]]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return position(text, start, encoding), position(text, start + len(needle), encoding)


def as_tuple(rng: types.Range) -> tuple[tuple[int, int], tuple[int, int]]:
    return (rng.start.line, rng.start.character), (rng.end.line, rng.end.character)


def offset(text: str, pos: types.Position, encoding: str = "utf-16") -> int:
    starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    if pos.line >= len(starts):
        return len(text)
    index, count = starts[pos.line], 0
    while index < len(text) and text[index] not in "\r\n" and count < pos.character:
        count += units(text[index], encoding)
        index += 1
    return index


def apply_edits(text: str, edits: list[types.TextEdit], encoding: str = "utf-16") -> str:
    spans = sorted(((offset(text, e.range.start, encoding), offset(text, e.range.end, encoding), e.new_text)
                    for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def edits_for(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    found = list((edit.changes or {}).get(uri, []))
    for change in edit.document_changes or []:
        if isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri:
            found.extend(change.edits)
    return found
