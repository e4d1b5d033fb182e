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


class RawServer:
    """`helderetaal lsp` on raw pipes, for what a well-behaved client library never sends.

    A thread reads the server's stdout and parses the frames itself, so a broken reply (or none)
    shows up as a failed wait, never as a hang.
    """

    def __init__(self, *extra: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> None:
        import subprocess
        import threading

        self.process = subprocess.Popen([*server_command(), *extra], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env={**os.environ, **(env or {})}, cwd=cwd)
        self.messages: list[dict] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        self.stderr: list[bytes] = []
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read(self) -> None:
        import json

        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            assert length is not None, "a reply without Content-Length"
            body = stream.read(length)
            with self._lock:
                self.messages.append(json.loads(body))

    def _read_stderr(self) -> None:
        stream = self.process.stderr
        assert stream is not None
        for line in stream:
            self.stderr.append(line)

    def write(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, payload: object) -> None:
        import json

        body = json.dumps(payload).encode()
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, msg_id: int, method: str, params: object = None) -> None:
        self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})

    def notify(self, method: str, params: object = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, predicate, timeout: float = TIMEOUT, what: str = "a message") -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                for message in self.messages:
                    if predicate(message):
                        return message
            if self.process.poll() is not None:
                break
            time.sleep(0.01)
        raise AssertionError(f"no {what} within {timeout} s (server {'exited' if self.process.poll() is not None else 'alive'}); "
                             f"stderr: {b''.join(self.stderr[-20:]).decode(errors='replace')}")

    def reply(self, msg_id: object, timeout: float = TIMEOUT) -> dict:
        return self.wait(lambda m: m.get("id") == msg_id and "method" not in m, timeout, f"reply to {msg_id}")

    def initialize(self, root: Path | None = None, options: object = None) -> dict:
        from pygls.uris import from_fs_path

        self.request(1, "initialize", {"processId": os.getpid(), "capabilities": {},
                                       "rootUri": from_fs_path(str(root)) if root else None,
                                       "initializationOptions": options})
        result = self.reply(1)
        self.notify("initialized", {})
        return result

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
