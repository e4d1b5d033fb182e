"""The language server under hostile input, over stdio against `helderetaal lsp` (a real subprocess):
seeded random incremental edits (surrogate pairs split, CRLF pairs split and joined), documents
closed while being checked, requests for unknown documents, malformed JSON-RPC. The server must
stay up, keep answering, and end in the right state; its memory stays flat over 1,000 edits.

The expected text after each edit sequence is computed here, independently of the server
(tests/lsp/lsp_testkit.py), and the expected diagnostics come from the library.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient, client_capabilities

sys.path.insert(0, str(Path(__file__).parent / "lsp"))
from lsp_testkit import as_tuple, config, offset, position, published, units, wait_for  # noqa: E402

import helderetaal  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")

SEED = 20250601
SEQUENCES = 24
EDITS_PER_SEQUENCE = 30
MEMORY_EDITS = 1_000

BASE = ("Geachte bewoner,\r\n\r\n"
        "Wij 😀 informeren u middels deze brief over de riolering 👍🏽 in uw straat.\r\n"
        "Café ‘De Hoek’ 🎉 blijft open.\n"
        "Wij sturen u middels een tweede brief een uitnodiging.\r"
        "Met vriendelijke groet,\r\n")
PIECES = ["", "", "a", "middels ", " reeds", "😀", "👍🏽", "🇳🇱", "\r\n", "\r", "\n", "\r\n\r\n", "é", "e\u0301",
          "Wij informeren u middels deze brief.", "\t", "‘", "…", "𝔘", "x\r", "\ny", "\u2028", "\x0c", "\x85"]


@pytest_lsp.fixture(scope="module", config=config())
async def client(lsp_client: LanguageClient, tmp_path_factory):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=from_fs_path(str(tmp_path_factory.getbasetemp())),
        initialization_options={"helderetaal": {"debounce": 0.01}},
    ))
    yield
    await lsp_client.shutdown_session()


_numbers = iter(range(1, 100_000))


def new_uri(folder: Path) -> str:
    return from_fs_path(str(folder / f"storm{next(_numbers)}.txt"))


def expected(text: str) -> list:
    report = helderetaal.check(text, path="brief.txt")
    return sorted((f.rule, (position(text, f.start), position(text, f.end))) for f in report.findings)


def got(diagnostics) -> list:
    return sorted((d.code, as_tuple(d.range)) for d in diagnostics)


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=version, text=text)))


def close_doc(client: LanguageClient, uri: str) -> None:
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))


def change(client: LanguageClient, uri: str, version: int, edits: list) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=edits))


def line_units(text: str) -> list[int]:
    """UTF-16 length of each line (lines end at CRLF, CR or LF, as LSP counts them)."""
    import re

    return [units(line) for line in re.split(r"\r\n|\r|\n", text)]


def random_position(rng: random.Random, text: str) -> types.Position:
    lengths = line_units(text)
    line = rng.randrange(len(lengths) + (1 if rng.random() < 0.05 else 0))  # sometimes past the end
    width = lengths[line] if line < len(lengths) else 0
    return types.Position(line=line, character=rng.randint(0, width + (3 if rng.random() < 0.1 else 0)))


def splitting_position(rng: random.Random, text: str) -> types.Position | None:
    """A position between the two UTF-16 units of an astral character (emoji), if there is one."""
    astral = [index for index, char in enumerate(text) if ord(char) > 0xFFFF]
    if not astral:
        return None
    index = rng.choice(astral)
    line, character = position(text, index)
    return types.Position(line=line, character=character + 1)


def random_edit(rng: random.Random, text: str) -> tuple[types.TextDocumentContentChangePartial, str]:
    """An incremental edit and the text after it (applied here, as LSP defines it)."""
    start = splitting_position(rng, text) if rng.random() < 0.25 else None
    start = start or random_position(rng, text)
    end = splitting_position(rng, text) if rng.random() < 0.2 else None
    end = end or random_position(rng, text)
    first, last = offset(text, start), offset(text, end)
    if last < first:
        start, end, first, last = end, start, last, first
    if rng.random() < 0.5:  # mostly short edits, so the letter keeps its shape
        end, last = start, first
    new_text = rng.choice(PIECES)
    edit = types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=new_text)
    # A position inside a surrogate pair or past a line's end rounds to a character boundary inside the
    # line (the testkit's offset() does what pygls does); never between CR and LF.
    return edit, text[:first] + new_text + text[last:]


async def test_random_incremental_edits_end_in_the_right_state(client: LanguageClient, tmp_path):
    rng = random.Random(SEED)
    edits_sent = closes = requests = 0
    for sequence in range(SEQUENCES):
        uri = new_uri(tmp_path)
        text, version = BASE, 1
        open_doc(client, uri, text)
        for _ in range(EDITS_PER_SEQUENCE):
            batch = []
            for _ in range(rng.choice((1, 1, 1, 2, 3))):  # several changes in one notification apply in order
                edit, text = random_edit(rng, text)
                batch.append(edit)
            version += 1
            change(client, uri, version, batch)
            edits_sent += len(batch)
            roll = rng.random()
            if roll < 0.08:  # closed while a check is waiting or running, then opened again
                close_doc(client, uri)
                closes += 1
                await asyncio.sleep(rng.choice((0, 0.005, 0.05)))
                version += 1
                open_doc(client, uri, text, version)
            elif roll < 0.2:  # requests while the text moves under them
                requests += 1
                where = random_position(rng, text)
                await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri), position=where)), 60)
                await asyncio.wait_for(client.text_document_code_action_async(types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    range=types.Range(start=where, end=where), context=types.CodeActionContext(diagnostics=[]))), 60)
            elif roll < 0.5:
                await asyncio.sleep(rng.choice((0, 0.01, 0.03)))
        diagnostics = await published(client, uri, version, timeout=120)
        assert got(diagnostics) == expected(text), (sequence, repr(text))
        close_doc(client, uri)
    print(f"\n{SEQUENCES} sequences, {edits_sent} random edits, {closes} close/reopen, {requests} request pairs")
    assert edits_sent >= SEQUENCES * EDITS_PER_SEQUENCE


async def test_closed_while_being_checked_leaves_no_diagnostics(client: LanguageClient, tmp_path):
    paragraph = "Wij informeren u middels deze brief over het werk in uw straat. Het werk duurt drie weken.\n\n"
    text = "Geachte bewoner,\n\n" + paragraph * 400  # a check that takes a while
    uri = new_uri(tmp_path)
    open_doc(client, uri, text)
    await asyncio.sleep(0.3)  # the check is running now
    before = len(client.published)  # type: ignore[attr-defined]
    close_doc(client, uri)
    mine = lambda: [p for p in client.published[before:] if p.uri == uri]  # type: ignore[attr-defined]  # noqa: E731
    await wait_for(lambda: any(not p.diagnostics for p in mine()), what="cleared diagnostics")
    await asyncio.sleep(3)  # the check that was running has finished by now
    cleared = next(index for index, p in enumerate(mine()) if not p.diagnostics)
    late = [p for p in mine()[cleared:] if p.diagnostics]
    assert late == [], "a check of a closed document published diagnostics after the close"
    assert list(client.diagnostics[uri]) == []


async def test_unknown_documents_and_malformed_messages_keep_the_server_answering(client: LanguageClient, tmp_path):
    ghost = from_fs_path(str(tmp_path / "nooit-geopend.txt"))
    nowhere = types.TextDocumentIdentifier(uri=ghost)
    at = types.Position(line=2, character=5)
    tried = 0
    assert await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(text_document=nowhere,
                                                                                         position=at)), 30) is None
    actions = await asyncio.wait_for(client.text_document_code_action_async(types.CodeActionParams(
        text_document=nowhere, range=types.Range(start=at, end=at), context=types.CodeActionContext(diagnostics=[]))), 30)
    assert not actions
    report = await asyncio.wait_for(client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=nowhere)), 30)
    assert list(report.items) == []
    tried += 3
    # Notifications for documents that were never opened, or opened twice.
    change(client, ghost, 2, [types.TextDocumentContentChangePartial(
        range=types.Range(start=at, end=at), text="middels")])
    close_doc(client, ghost)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=nowhere))
    tried += 3

    # Raw JSON-RPC with the wrong shapes, straight to the server's stdin.
    stdin = client._server.stdin  # type: ignore[union-attr]
    uri = new_uri(tmp_path)
    messages = [
        {"jsonrpc": "2.0", "id": 7001, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": ghost}, "position": {"line": "twee", "character": None}}},
        {"jsonrpc": "2.0", "id": 7002, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": ghost}, "position": {"line": -1, "character": -5}}},
        {"jsonrpc": "2.0", "id": 7003, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": 5}}},
        {"jsonrpc": "2.0", "id": 7004, "method": "textDocument/diagnostic", "params": None},
        {"jsonrpc": "2.0", "id": 7005, "method": "textDocument/diagnostic", "params": [1, 2, 3]},
        {"jsonrpc": "2.0", "id": {"geen": "getal"}, "method": "textDocument/hover", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "text": 5}}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": "een", "text": "Hallo"}}},
        {"jsonrpc": "2.0", "method": "textDocument/didChange",
         "params": {"textDocument": {"uri": ghost, "version": 3}, "contentChanges": "alles"}},
        {"jsonrpc": "2.0", "method": "textDocument/didChange",
         "params": {"textDocument": {"uri": ghost, "version": 3},
                    "contentChanges": [{"range": {"start": {"line": 10**12, "character": 10**12},
                                                  "end": {"line": 0, "character": 0}}, "text": "x"}]}},
        {"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {}},
        {"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"settings": "kapot"}},
        {"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration",
         "params": {"settings": {"helderetaal": {"debounce": "snel", "rules": [1, 2], "profile": 7}}}},
        {"jsonrpc": "2.0", "id": 7006, "method": "workspace/executeCommand",
         "params": {"command": "helderetaal.allowWord", "arguments": [None, 5]}},
        {"jsonrpc": "2.0", "id": 7007, "method": "workspace/executeCommand",
         "params": {"command": "bestaat.niet", "arguments": []}},
        {"jsonrpc": "2.0", "id": 7008, "method": "$/cancelRequest", "params": {"id": 424242}},
        [{"jsonrpc": "2.0", "id": 7009, "method": "textDocument/hover"}],  # a batch
        {"jsonrpc": "1.0", "id": 7010},
    ]
    for payload in messages:
        body = json.dumps(payload).encode()
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    for body in (b'{"a":', b"[]", b"null", b"\xff\xfe\x00garbage", b'"tekst"', b"12"):
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    await stdin.drain()
    tried += len(messages) + 6
    # Undo the broken settings push with a good one, as an editor would.
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"helderetaal": {"debounce": 0.01}}))

    # ... the server is still up and answers correctly for a fresh letter.
    fresh = new_uri(tmp_path)
    text = "Geachte bewoner,\r\n\r\nWij 😀 informeren u middels deze brief.\r\n"
    open_doc(client, fresh, text)
    diagnostics = await published(client, fresh, 1, timeout=60)
    assert got(diagnostics) == expected(text)
    hover = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=fresh), position=types.Position(*position(text, text.index("middels") + 2)))), 30)
    assert hover is not None and "middels" in hover.contents.value
    assert client._server.returncode is None  # type: ignore[union-attr]
    print(f"\n{tried} unknown-document requests and malformed messages; server still answers")


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def rss_kb(pid: int) -> int:
    """Memory of the server with its check workers and their forkserver: the sum of their
    proportional set sizes (pages the workers share with the forkserver count once)."""
    total = 0
    for member in _descendants(pid):
        try:
            lines = Path(f"/proc/{member}/smaps_rollup").read_text().splitlines()
        except OSError:  # gone meanwhile (a killed worker) or not readable
            continue
        total += sum(int(line.split()[1]) for line in lines if line.startswith("Pss:"))
    assert total, "no memory figures in /proc"
    return total


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
async def test_memory_stays_flat_over_a_thousand_edits(client: LanguageClient, tmp_path):
    pid = client._server.pid  # type: ignore[union-attr]
    uri = new_uri(tmp_path)
    text = BASE
    open_doc(client, uri, text)
    version = 1
    rng = random.Random(SEED + 1)
    line = text.split("\r\n")[2]
    where = types.Position(line=2, character=units(line[: line.index("middels")]))

    async def edits(count: int) -> None:
        nonlocal version, text
        for number in range(count):
            version += 1
            word = rng.choice(["reeds ", "thans ", "😀 ", "\r\n", "nu "])
            change(client, uri, version, [types.TextDocumentContentChangePartial(
                range=types.Range(start=where, end=where), text=word)])
            version += 1
            end = types.Position(line=where.line + word.count("\n"),
                                 character=where.character + units(word) if "\n" not in word else 0)
            change(client, uri, version, [types.TextDocumentContentChangePartial(
                range=types.Range(start=where, end=end), text="")])
            if number % 10 == 0:
                await asyncio.sleep(0.02)  # let some of the checks run, as while typing
        await published(client, uri, version, timeout=120)

    await edits(100)  # warm-up: caches, lazily loaded data
    before = rss_kb(pid)
    await edits(MEMORY_EDITS // 2)  # each round is two edits: insert and delete
    after = rss_kb(pid)
    diagnostics = client.diagnostics[uri]
    assert got(diagnostics) == expected(BASE)  # every insert was deleted again
    growth_mb = (after - before) / 1024
    print(f"\nserver and workers (PSS) {before / 1024:.0f} MB -> {after / 1024:.0f} MB over {MEMORY_EDITS} edits "
          f"(growth {growth_mb:.1f} MB)")
    assert growth_mb < 50
    close_doc(client, uri)
