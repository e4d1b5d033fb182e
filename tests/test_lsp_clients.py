"""`helderetaal lsp` with the capabilities of real clients: position encodings, pull diagnostics,
the settings race, robustness, large documents and TCP."""

from __future__ import annotations

import ast
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient, client_capabilities

sys.path.insert(0, str(Path(__file__).parent / "lsp"))
from lsp_testkit import as_tuple, config, position, published, server_command, span, wait_for  # noqa: E402

import helderetaal  # noqa: E402

TEXT = ("Geachte bewoner,\r\n\r\n"
        "Wij 😀 hebben het plan geëvalueerd en informeren u middels deze brief.\r\n"
        "Café 🎉 blijft open; wij melden dat door middel van een bord.")


def expected(text: str, encoding: str):
    return sorted((f.rule, (position(text, f.start, encoding), position(text, f.end, encoding)))
                  for f in helderetaal.check(text).findings)


# -- position encodings, push (Emacs: utf-32) and pull (Neovim 0.11: utf-8) ------------------------
@pytest_lsp.fixture(config=config(), params=["visual-studio-code", "emacs", "neovim@v0.11.0"])
async def any_client(lsp_client: LanguageClient, request):
    lsp_client.client_name = request.param  # type: ignore[attr-defined]
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(request.param), initialization_options={"helderetaal": {"debounce": 0}}))
    yield
    await lsp_client.shutdown_session()


async def test_positions_in_the_negotiated_encoding(any_client: LanguageClient, tmp_path):
    result_encoding = {"visual-studio-code": "utf-16", "emacs": "utf-32", "neovim@v0.11.0": "utf-8"}
    encoding = result_encoding[any_client.client_name]  # type: ignore[attr-defined]
    uri = from_fs_path(str(tmp_path / "brief.txt"))
    any_client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=TEXT)))
    if any_client.capabilities.text_document.diagnostic is not None:
        report = await asyncio.wait_for(any_client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri))), 60)
        diagnostics = report.items
    else:
        diagnostics = await published(any_client, uri, 1)
    got = sorted((d.code, as_tuple(d.range)) for d in diagnostics)
    assert got == expected(TEXT, encoding)
    assert span(TEXT, "door middel van", encoding=encoding) in [r for code, r in got if code == "ambtelijk"]


# -- pull diagnostics (Neovim 0.10 pulls) -------------------------------------------------------------
@pytest_lsp.fixture(config=config())
async def pull_client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("neovim@v0.10.0"), initialization_options={"helderetaal": {"debounce": 0}}))
    yield
    await lsp_client.shutdown_session()


async def test_pull_diagnostics_full_then_unchanged_and_nothing_pushed(pull_client: LanguageClient, tmp_path):
    uri = from_fs_path(str(tmp_path / "brief.md"))
    text = "Geachte bewoner,\n\nWij informeren u middels deze brief.\n"
    pull_client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))

    async def pull(previous=None):
        return await asyncio.wait_for(pull_client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=previous)), 60)

    first = await pull()
    assert first.kind == "full" and first.result_id
    assert span(text, "middels") in [as_tuple(d.range) for d in first.items if d.code == "ambtelijk"]
    second = await pull(first.result_id)
    assert second.kind == "unchanged" and second.result_id == first.result_id
    new_text = text.replace("middels", "met")
    pull_client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=new_text)]))
    third = await pull(first.result_id)
    assert third.kind == "full" and third.result_id != first.result_id
    assert not [d for d in third.items if d.code == "ambtelijk"]
    await asyncio.sleep(0.3)
    assert pull_client.published == []  # type: ignore[attr-defined]  # one model: no duplicates


# -- settings race: didOpen right after initialized, settings only pulled ---------------------------
@pytest_lsp.fixture(config=config())
async def pulled_settings_client(lsp_client: LanguageClient):
    lsp_client.set_configuration({"debounce": 0, "rules": {"ambtelijk": "error"}}, section="helderetaal")
    await lsp_client.initialize_session(types.InitializeParams(capabilities=client_capabilities("visual-studio-code")))
    yield
    await lsp_client.shutdown_session()


async def test_first_check_uses_pulled_settings(pulled_settings_client: LanguageClient, tmp_path):
    client = pulled_settings_client
    uri = from_fs_path(str(tmp_path / "brief.txt"))
    text = "Geachte bewoner,\n\nWij informeren u middels deze brief.\n"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
    diagnostics = await published(client, uri, 1)
    ambtelijk = [d for d in diagnostics if d.code == "ambtelijk"]
    assert ambtelijk and all(d.severity == types.DiagnosticSeverity.Error for d in ambtelijk)
    assert len(client.published) == 1  # type: ignore[attr-defined]
    assert any(r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
               for r in client.registrations)  # type: ignore[attr-defined]

    # VS Code style: a change notification without settings makes the server pull again.
    client.set_configuration({"debounce": 0, "rules": {"ambtelijk": "off"}}, section="helderetaal")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_for(lambda: len(client.published) > 1, what="re-check")  # type: ignore[attr-defined]
    assert not [d for d in client.diagnostics[uri] if d.code == "ambtelijk"]


# -- Neovim 0.7: no workspace/configuration, settings pushed; allow-list through a command ----------
@pytest_lsp.fixture(config=config())
async def old_nvim(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=client_capabilities("neovim@v0.7.0")))
    yield
    await lsp_client.shutdown_session()


async def test_pushed_settings_and_allow_command_without_file_creation(old_nvim: LanguageClient, tmp_path):
    old_nvim.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"helderetaal": {"debounce": 0, "rules": {"ambtelijk": "hint"}}}))
    letter = tmp_path / "brief.txt"
    uri = from_fs_path(str(letter))
    text = "Geachte bewoner,\n\nWij informeren u middels deze brief.\n"
    old_nvim.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="text", version=1, text=text)))
    diagnostics = await published(old_nvim, uri, 1)
    ambtelijk = [d for d in diagnostics if d.code == "ambtelijk"]
    assert ambtelijk and all(d.severity == types.DiagnosticSeverity.Hint for d in ambtelijk)

    actions = await asyncio.wait_for(old_nvim.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=ambtelijk[0].range,
        context=types.CodeActionContext(diagnostics=[]))), 30)
    allow = next(a for a in actions if a.title.startswith("Zet 'middels' op de lijst"))
    # The action carries a command instead of an edit. lsprotocol's client-side hook decodes any
    # CodeAction that has a "command" as a Command, putting the nested object in its `command`.
    assert getattr(allow, "edit", None) is None
    nested = allow.command if isinstance(allow, types.CodeAction) else allow.command
    if isinstance(nested, str):
        nested = ast.literal_eval(nested)
        name, arguments = nested["command"], nested["arguments"]
    else:
        name, arguments = nested.command, nested.arguments
    assert name == "helderetaal.allowWord"
    count = len(old_nvim.published)  # type: ignore[attr-defined]
    await asyncio.wait_for(old_nvim.workspace_execute_command_async(types.ExecuteCommandParams(
        command=name, arguments=arguments)), 30)
    assert (tmp_path / ".helderetaal.yaml").read_text(encoding="utf-8") == 'allow:\n  - "middels"\n'
    await wait_for(lambda: len(old_nvim.published) > count, what="re-check")  # type: ignore[attr-defined]
    assert not [d for d in old_nvim.diagnostics[uri] if d.code == "ambtelijk"]


# -- robustness (one server for these tests) ------------------------------------------------------------------------------------
@pytest_lsp.fixture(config=config(), scope="module")
async def plain(lsp_client: LanguageClient):
    # No time limit to speak of: the one-megabyte letter takes the engine about half a minute.
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        initialization_options={"helderetaal": {"debounce": 0, "time_limit": 600_000}}))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_malformed_messages_and_failing_checks_do_not_kill_the_server(plain: LanguageClient, tmp_path):
    # Garbage, a request with wrong params and an unknown method, written straight to stdin.
    stdin = plain._server.stdin  # type: ignore[union-attr]
    for body in (b"{this is not json",
                 json.dumps({"jsonrpc": "2.0", "id": 9001, "method": "textDocument/hover",
                             "params": {"nonsense": True}}).encode(),
                 json.dumps({"jsonrpc": "2.0", "id": 9002, "method": "helderetaal/unknown"}).encode()):
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    await stdin.drain()

    # A config that asks for a spaCy model that is not installed: reported on the letter.
    project = tmp_path / "kapot"
    project.mkdir()
    (project / ".helderetaal.yaml").write_text("model: nl_core_news_bestaatniet\n", encoding="utf-8")
    uri = from_fs_path(str(project / "brief.txt"))
    plain.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1,
                                             text="Geachte bewoner,\n\nWij informeren u middels deze brief.\n")))
    diagnostics = await published(plain, uri, 1)
    assert [d.code for d in diagnostics] == ["configuratie"]  # the config names a model that is not there
    assert "nl_core_news_bestaatniet" in diagnostics[0].message

    # ... and the server still works for a healthy letter.
    good = from_fs_path(str(tmp_path / "brief.txt"))
    text = "Geachte bewoner,\n\nWij informeren u middels deze brief.\n"
    plain.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=good, language_id="plaintext", version=1, text=text)))
    diagnostics = await published(plain, good, 1)
    assert span(text, "middels") in [as_tuple(d.range) for d in diagnostics if d.code == "ambtelijk"]
    hover = await asyncio.wait_for(plain.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=good), position=types.Position(line=2, character=18))), 30)
    assert hover is not None and "middels" in hover.contents.value


@pytest.mark.asyncio(loop_scope="module")
async def test_broken_config_file_is_shown_on_the_first_line(plain: LanguageClient, tmp_path):
    (tmp_path / ".helderetaal.yaml").write_text("rules:\n  bestaat-niet: off\n", encoding="utf-8")
    uri = from_fs_path(str(tmp_path / "brief.txt"))
    plain.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text="Geachte bewoner,\n")))
    diagnostics = await published(plain, uri, 1)
    assert [d.code for d in diagnostics] == ["configuratie"]
    assert "bestaat-niet" in diagnostics[0].message
    assert as_tuple(diagnostics[0].range) == ((0, 0), (0, 16))


@pytest.mark.asyncio(loop_scope="module")
async def test_one_megabyte_document_gets_diagnostics(plain: LanguageClient, tmp_path):
    paragraph = ("Wij informeren u middels deze brief over het werk in uw straat. Het werk begint op 2 juni 2025 "
                 "en duurt drie weken. 😀 Bel bij vragen met Jan de Vries via 06-12345678.\n\n")
    # A stiff word is reported once per letter: the last line holds one of its own, far down the text.
    text = "Geachte bewoner,\n\n" + paragraph * (1_000_000 // len(paragraph) + 1) + "Wij schrijven u omtrent het werk.\n"
    assert len(text.encode("utf-8")) > 1_000_000
    uri = from_fs_path(str(tmp_path / "groot.txt"))
    plain.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
    diagnostics = await published(plain, uri, 1, timeout=400)  # the engine needs about a minute
    ranges = [as_tuple(d.range) for d in diagnostics if d.code == "ambtelijk"]
    assert span(text, "middels") in ranges
    last = text.rindex("omtrent")
    assert (position(text, last), position(text, last + 7)) in ranges


# -- TCP: binds 127.0.0.1 only ------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _message(payload: dict) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_tcp_server_answers_on_localhost(tmp_path):
    port = _free_port()
    process = subprocess.Popen([*server_command(), "--tcp", "--port", str(port)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=30)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        with connection:
            connection.sendall(_message({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                         "params": {"processId": os.getpid(), "rootUri": None, "capabilities": {}}}))
            data = b""
            while b'"id": 1' not in data and b'"id":1' not in data:
                chunk = connection.recv(65536)
                assert chunk, "connection closed"
                data += chunk
            assert b'"capabilities"' in data and b'"hoverProvider"' in data
            listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True) \
                if Path("/usr/bin/ss").exists() or Path("/bin/ss").exists() else None
            if listening is not None and listening.stdout.strip():
                local = [line.split()[3] for line in listening.stdout.splitlines()]
                assert local == [f"127.0.0.1:{port}"]
            connection.sendall(_message({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
            connection.sendall(_message({"jsonrpc": "2.0", "method": "exit"}))
    finally:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        assert process.stdout.read() == b""  # the protocol went over the socket, nothing to stdout
