"""`helderetaal lsp` on raw pipes and sockets: framing errors, message order, one TCP client.

Each broken message is followed by a good request; the server must answer that one (it resynced),
answer or report the broken one, and stay alive.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pygls.uris import from_fs_path

sys.path.insert(0, str(Path(__file__).parent / "lsp"))
from lsp_testkit import RawServer, server_command  # noqa: E402

PARSE_ERROR, INVALID_REQUEST, INVALID_PARAMS, NOT_INITIALIZED, CANCELLED = -32700, -32600, -32602, -32002, -32800
LETTER = "Geachte bewoner,\n\nWij informeren u middels deze brief.\n"
#: A letter whose check takes far longer than any test waits (about ten seconds for the engine). Each
#: paragraph is a text of its own: the checks keep what a paragraph gave, so one paragraph repeated is quick.
PARAGRAPH = ("Wij informeren u middels deze brief over het werk in de Dorpsstraat {number}. Het werk begint op "
             "2 juni 2025 en duurt drie weken. Bel bij vragen met Jan de Vries via 06-12345678.\n\n")
SLOW_LETTER = "Geachte bewoner,\n\n" + "".join(PARAGRAPH.format(number=number) for number in range(8_000))


def body(payload: object) -> bytes:
    return json.dumps(payload).encode()


def hover(msg_id: int, uri: str = "file:///nergens.txt", line: int = 0, character: int = 0) -> dict:
    return {"jsonrpc": "2.0", "id": msg_id, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}}


def open_params(uri: str, text: str, version: int = 1) -> dict:
    return {"textDocument": {"uri": uri, "languageId": "plaintext", "version": version, "text": text}}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    raw = RawServer()
    raw.initialize(tmp_path_factory.getbasetemp())
    yield raw
    raw.close()


_ids = iter(range(100, 100_000))


def answered_after(server: RawServer, broken: bytes) -> tuple[list[dict], dict]:
    """Send ``broken``, then a good hover; returns the error replies with id null seen meanwhile
    and the hover's reply."""
    before = len(server.messages)
    good = next(_ids)
    server.write(broken)
    server.write(b"Content-Length: %d\r\n\r\n" % len(body(hover(good))) + body(hover(good)))
    reply = server.reply(good, timeout=30)
    errors = [m for m in server.messages[before:] if m.get("id") is None and "error" in m]
    return errors, reply


@pytest.mark.parametrize("header", [b"Content-Length: abc", b"Content-Length: -5", b"Content-Type: application/json",
                                    b"Content-Length: 99999999999"])
def test_a_bad_content_length_gets_a_parse_error_and_the_next_message_is_read(server, header):
    message = body(hover(next(_ids)))
    errors, reply = answered_after(server, header + b"\r\n\r\n" + message)
    assert reply.get("result", "missing") is None  # the good request after it: answered
    assert [e["error"]["code"] for e in errors] == [PARSE_ERROR]
    assert server.process.poll() is None


@pytest.mark.parametrize("off_by", [-3, -1, 2, 5])
def test_a_length_a_few_bytes_off_is_still_read_when_the_next_message_follows(server, off_by):
    first = next(_ids)
    message = body(hover(first))
    errors, reply = answered_after(server, b"Content-Length: %d\r\n\r\n" % (len(message) + off_by) + message)
    assert reply.get("result", "missing") is None
    assert server.reply(first, timeout=5).get("result", "missing") is None  # the off one too
    assert errors == []


def test_a_length_too_long_with_nothing_after_it_is_read_after_a_pause(server):
    first = next(_ids)
    message = body(hover(first))
    started = time.monotonic()
    server.write(b"Content-Length: %d\r\n\r\n" % (len(message) + 4) + message)
    assert server.reply(first, timeout=30).get("result", "missing") is None
    assert time.monotonic() - started < 15


def test_a_huge_length_does_not_cost_the_memory_it_claims(server):
    errors, reply = answered_after(server, b"Content-Length: 99999999999\r\n\r\n" + b"x" * 200_000)
    assert [e["error"]["code"] for e in errors] == [PARSE_ERROR]
    status = Path(f"/proc/{server.process.pid}/status")
    if status.exists():
        rss_mb = next(int(line.split()[1]) for line in status.read_text().splitlines()
                      if line.startswith("VmRSS:")) / 1024
        assert rss_mb < 1500


def test_garbage_between_messages_is_skipped(server):
    errors, reply = answered_after(server, b"\x00\xff hallo }}]] \r\n")
    assert reply.get("result", "missing") is None


def test_invalid_json_and_batches_get_error_replies(server):
    errors, _ = answered_after(server, b"Content-Length: 9\r\n\r\n{nee nee}")
    assert [e["error"]["code"] for e in errors] == [PARSE_ERROR]
    batch = body([hover(next(_ids))])
    errors, _ = answered_after(server, b"Content-Length: %d\r\n\r\n" % len(batch) + batch)
    assert [e["error"]["code"] for e in errors] == [INVALID_REQUEST]


def test_hover_at_a_negative_position_gets_an_error_reply(server, tmp_path):
    uri = from_fs_path(str(tmp_path / "brief.txt"))
    server.notify("textDocument/didOpen", open_params(uri, LETTER))
    msg_id = next(_ids)
    server.send(hover(msg_id, uri, -1, -1))
    reply = server.reply(msg_id, timeout=30)
    assert reply["error"]["code"] == INVALID_PARAMS


def test_requests_before_initialize_and_after_shutdown(tmp_path):
    raw = RawServer()
    try:
        raw.send(hover(5))
        assert raw.reply(5)["error"]["code"] == NOT_INITIALIZED
        raw.notify("textDocument/didOpen", open_params(from_fs_path(str(tmp_path / "a.txt")), LETTER))
        raw.initialize(tmp_path)
        raw.request(6, "initialize", {"processId": None, "capabilities": {}})
        assert raw.reply(6)["error"]["code"] == INVALID_REQUEST  # only once
        raw.request(7, "shutdown")
        assert raw.reply(7).get("result", "missing") is None
        raw.send(hover(8))
        raw.request(9, "workspace/executeCommand", {"command": "helderetaal.allowWord", "arguments": ["/tmp", "x"]})
        assert raw.reply(8)["error"]["code"] == INVALID_REQUEST
        assert raw.reply(9)["error"]["code"] == INVALID_REQUEST
        raw.notify("exit")
        assert raw.process.wait(timeout=30) == 0
    finally:
        raw.close()


def test_exit_without_shutdown_exits_with_1(tmp_path):
    raw = RawServer()
    try:
        raw.initialize(tmp_path)
        raw.notify("exit")
        assert raw.process.wait(timeout=30) == 1
    finally:
        raw.close()


# -- a slow check does not hold up cancel and shutdown ------------------------------------------------
def test_cancel_and_shutdown_answer_at_once_while_a_check_is_slow(tmp_path):
    raw = RawServer()
    try:
        raw.initialize(tmp_path, {"helderetaal": {"debounce": 0}})
        uri = from_fs_path(str(tmp_path / "lang.txt"))
        raw.notify("textDocument/didOpen", open_params(uri, SLOW_LETTER))
        time.sleep(1.0)  # not needed for correctness: lets the slow check get going first
        raw.send(hover(20, uri, 2, 20))  # waits for the slow check
        time.sleep(0.2)
        started = time.monotonic()
        raw.notify("$/cancelRequest", {"id": 20})
        assert raw.reply(20, timeout=30)["error"]["code"] == CANCELLED
        cancel_seconds = time.monotonic() - started
        started = time.monotonic()
        raw.request(21, "shutdown")
        raw.reply(21, timeout=30)
        shutdown_seconds = time.monotonic() - started
        raw.notify("exit")
        assert raw.process.wait(timeout=30) == 0
        assert not [m for m in raw.messages if m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == uri and m["params"]["diagnostics"]]  # the check never finished
        print(f"\ncancel answered in {cancel_seconds * 1000:.0f} ms, shutdown in {shutdown_seconds * 1000:.0f} ms")
        assert cancel_seconds < 1 and shutdown_seconds < 1
    finally:
        raw.close()


# -- TCP ----------------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Tcp:
    def __init__(self, port: int) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                self.socket = socket.create_connection(("127.0.0.1", port), timeout=30)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.data = b""

    def send(self, payload: object) -> None:
        data = body(payload)
        self.socket.sendall(b"Content-Length: %d\r\n\r\n" % len(data) + data)

    def messages(self) -> list[dict]:
        found, rest = [], self.data
        while b"\r\n\r\n" in rest:
            head, _, after = rest.partition(b"\r\n\r\n")
            length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            if len(after) < length:
                break
            found.append(json.loads(after[:length]))
            rest = after[length:]
        return found

    def wait(self, predicate, timeout: float = 30) -> dict | None:
        """The first message that fits, or None when the server closed the connection."""
        self.socket.settimeout(timeout)
        while True:
            for message in self.messages():
                if predicate(message):
                    return message
            try:
                chunk = self.socket.recv(65536)
            except ConnectionResetError:  # closed before reading what was sent
                return None
            if not chunk:
                return None
            self.data += chunk

    def closed(self, timeout: float = 30) -> bool:
        self.socket.settimeout(timeout)
        try:
            while chunk := self.socket.recv(65536):
                self.data += chunk
        except ConnectionResetError:
            pass
        return True


def _initialize(connection: Tcp, root: Path) -> None:
    connection.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                     "params": {"processId": os.getpid(), "rootUri": from_fs_path(str(root)), "capabilities": {}}})
    assert connection.wait(lambda m: m.get("id") == 1) is not None
    connection.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})


@pytest.fixture
def tcp_server():
    port = _free_port()
    process = subprocess.Popen([*server_command(), "--tcp", "--port", str(port)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    yield port, process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)


def test_tcp_takes_one_client_that_must_initialize_first(tcp_server, tmp_path):
    port, process = tcp_server
    intruder = Tcp(port)
    intruder.send(hover(3))  # not initialize: an error, then the connection is closed
    reply = intruder.wait(lambda m: m.get("id") == 3)
    assert reply is not None and reply["error"]["code"] == NOT_INITIALIZED
    assert intruder.closed()

    http = Tcp(port)  # a browser's POST carrying a JSON-RPC body
    payload = body({"jsonrpc": "2.0", "id": 1, "method": "workspace/executeCommand",
                    "params": {"command": "helderetaal.allowWord", "arguments": [str(tmp_path / ".helderetaal.yaml"),
                                                                                 "middels"]}})
    http.socket.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                        b"Content-Length: %d\r\n\r\n" % len(payload) + payload)
    http.closed()
    assert http.data.startswith(b"HTTP/1.1 400")
    assert not (tmp_path / ".helderetaal.yaml").exists()

    editor = Tcp(port)  # the real client still gets in
    _initialize(editor, tmp_path)
    second = Tcp(port)  # ... and is the only one
    second.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}})
    assert second.wait(lambda m: m.get("id") == 1) is None  # closed without an answer
    uri = from_fs_path(str(tmp_path / "brief.txt"))
    editor.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": open_params(uri, LETTER)})
    published = editor.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    assert published is not None and published["params"]["uri"] == uri
    assert b"middels" not in second.data
    editor.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    assert editor.wait(lambda m: m.get("id") == 2) is not None
    editor.send({"jsonrpc": "2.0", "method": "exit"})
    assert process.wait(timeout=30) == 0


def test_allow_word_writes_only_inside_the_workspace(tmp_path):
    workspace, outside = tmp_path / "werk", tmp_path / "elders"
    workspace.mkdir()
    outside.mkdir()
    (workspace / "link").symlink_to(outside, target_is_directory=True)
    raw = RawServer()
    try:
        raw.initialize(workspace)
        for number, path in enumerate([outside / ".helderetaal.yaml", workspace / "link" / ".helderetaal.yaml",
                                       workspace / "brief.txt", Path("werk/.helderetaal.yaml")], start=30):
            raw.request(number, "workspace/executeCommand",
                        {"command": "helderetaal.allowWord", "arguments": [str(path), "middels"]})
            assert raw.reply(number)["error"]["code"] == INVALID_PARAMS, path
        assert not (outside / ".helderetaal.yaml").exists() and not (workspace / "brief.txt").exists()
        raw.request(40, "workspace/executeCommand",
                    {"command": "helderetaal.allowWord", "arguments": [str(workspace / ".helderetaal.yaml"), "middels"]})
        assert raw.reply(40)["result"] is True
        assert (workspace / ".helderetaal.yaml").read_text(encoding="utf-8") == 'allow:\n  - "middels"\n'
    finally:
        raw.close()


def test_an_unknown_method_without_params_gets_method_not_found(server):
    msg_id = next(_ids)
    server.send({"jsonrpc": "2.0", "id": msg_id, "method": "helderetaal/bestaatNiet"})
    assert server.reply(msg_id, timeout=30)["error"]["code"] == -32601
