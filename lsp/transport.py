"""Reading LSP messages off a pipe or socket, and the rules for who may talk to the server.

pygls' own reader stays silent forever on a ``Content-Length`` that is a few bytes off, dies on a
huge one, and drops a request whose parameters do not decode without answering it. This module
reads the base protocol itself and hands decoded messages to pygls (``structure_message`` and
``handle_message``, its public entry points):

* **Framing errors** are logged (stderr) and the reader resynchronises at the next
  ``Content-Length`` header, as vscode-jsonrpc does. A body that is a few bytes longer or shorter
  than its header says is still read when it holds one complete JSON message (a too-long body is
  recognised after :data:`STALL_SECONDS` without further bytes); anything else that cannot be
  read gets a JSON-RPC *Parse error* (-32700, ``id: null``). A length that is not a number, is
  missing, or is over :data:`MAX_MESSAGE_BYTES` is such an error; a huge body is skipped without
  being stored.
* **Order**: before ``initialize`` a request gets *ServerNotInitialized* (-32002) and a
  notification is dropped; after ``shutdown`` a request gets *InvalidRequest* (-32600), as the
  LSP specification asks. A request whose parameters do not decode gets *InvalidParams* with its
  own id.
* **TCP** (127.0.0.1 only): one client per server. Another connection while a client is
  connected is closed at once; a connection whose first message is not ``initialize`` (within
  :data:`INITIALIZE_TIMEOUT`), or that sends an HTTP request line, is answered with an error and
  closed, and never reaches the documents. The server exits when its client disconnects.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import threading
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from helderetaal.readers import MAX_FILE_BYTES

log = logging.getLogger("helderetaal.lsp")

#: Largest message body accepted: room for a letter over the size limit (so the writer hears
#: that it is too large) written with JSON escapes.
MAX_MESSAGE_BYTES = 8 * MAX_FILE_BYTES
#: Largest header block; more bytes without the blank line that ends a header are not a header.
MAX_HEADER_BYTES = 64 * 1024
#: Seconds without new bytes after which an incomplete body is checked for a complete message.
STALL_SECONDS = 1.0
#: Seconds a TCP client has to send ``initialize``.
INITIALIZE_TIMEOUT = 10.0
CHUNK = 65536

_CONTENT_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*([^\r\n]*)", re.IGNORECASE)
_REQUEST_LINE = re.compile(rb"^(?:GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH|CONNECT|TRACE) \S+ HTTP/\d(?:\.\d)?$")
#: A notification's handler that takes its params as JSON; False: it leaves the message to pygls.
RawHandler = Callable[[Any], bool]
_NUMBER = re.compile(rb"\d{1,15}")
_HTTP_REFUSAL = (b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 43\r\n"
                 b"Connection: close\r\n\r\nThis is a language server, not a web server.")


@dataclass(frozen=True)
class Message:
    """A decoded JSON body."""

    value: Any


@dataclass(frozen=True)
class FramingError:
    """Bytes that could not be read as a message; ``detail`` is for the log and the error reply."""

    detail: str


@dataclass(frozen=True)
class HttpRequest:
    """An HTTP request line where an LSP header was expected (a browser or a scanner)."""

    line: str


Event = Message | FramingError | HttpRequest


class Writer(Protocol):
    """Where framed bytes go (a pipe or a socket)."""

    def write(self, data: bytes) -> None: ...

    def close(self) -> None: ...


class _Nothing:
    pass


_NOTHING = _Nothing()
_DECODER = json.JSONDecoder()


def _decode_prefix(data: bytes) -> tuple[Any, int]:
    """The JSON value at the start of ``data`` and the byte offset after it, else (_NOTHING, 0)."""
    text = data.decode("utf-8", "surrogateescape")
    stripped = text.lstrip()
    try:
        value, end = _DECODER.raw_decode(stripped)
    except ValueError:
        return _NOTHING, 0
    used = len(text) - len(stripped) + end
    return value, len(text[:used].encode("utf-8", "surrogateescape"))


def _preview(data: bytes, size: int = 60) -> str:
    text = data[:size].decode("utf-8", "replace")
    return repr(text + ("…" if len(data) > size else ""))


class MessageReader:
    """Reads base-protocol messages from chunks of bytes, resynchronising after errors."""

    def __init__(self, read: Callable[[], Awaitable[bytes]]) -> None:
        self._read = read
        self._buffer = bytearray()
        self._pending: asyncio.Future[bytes] | None = None
        self.eof = False

    async def _fill(self, timeout: float | None = None) -> bool:
        """Add the next chunk to the buffer; False at the end of input or after ``timeout``."""
        if self.eof:
            return False
        if self._pending is None:
            self._pending = asyncio.ensure_future(self._read())
        done, _ = await asyncio.wait({self._pending}, timeout=timeout)
        if not done:
            return False  # the read goes on; the next call waits for the same chunk
        chunk = self._pending.result()
        self._pending = None
        if not chunk:
            self.eof = True
            return False
        self._buffer += chunk
        return True

    def _drop_junk(self) -> None:
        """No header end in a full header's worth of bytes: keep only where a header may start."""
        data = bytes(self._buffer)
        starts = [match.start() for match in _CONTENT_LENGTH.finditer(data)]
        keep = starts[-1] if starts and starts[-1] > 0 else max(0, len(data) - 32)
        if keep == 0:
            keep = len(data) - 32
        log.error("framing: skipped %d bytes that are not a message header: %s", keep, _preview(data))
        del self._buffer[:keep]

    async def next(self) -> Event | None:
        """The next message or error; None at the end of the input."""
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self._buffer) > MAX_HEADER_BYTES:
                    self._drop_junk()
                    continue
                if not await self._fill():
                    if self._buffer.strip():
                        log.error("framing: input ended inside a message: %s", _preview(bytes(self._buffer)))
                    return None
                continue
            block = bytes(self._buffer[:end])
            del self._buffer[: end + 4]
            first_line = block.strip(b"\r\n\t ").split(b"\r\n", 1)[0]
            if _REQUEST_LINE.match(first_line):
                return HttpRequest(first_line.decode("latin-1"))
            headers = list(_CONTENT_LENGTH.finditer(block))
            if not headers:
                if not block.strip():
                    continue  # blank lines between messages
                return FramingError(f"a header without Content-Length: {_preview(block)}")
            header = headers[-1]
            junk = block[: header.start()].strip()
            if junk:
                log.error("framing: skipped %d bytes before a header: %s", len(junk), _preview(junk))
            raw_length = header.group(1).strip()
            if not _NUMBER.fullmatch(raw_length):
                return FramingError(f"Content-Length {_preview(raw_length)} is not a number of bytes")
            length = int(raw_length)
            if length > MAX_MESSAGE_BYTES:
                return FramingError(f"Content-Length {length} is over the limit of {MAX_MESSAGE_BYTES} bytes; "
                                    "the message is skipped")
            return await self._body(length)

    async def _body(self, length: int) -> Event:
        while len(self._buffer) < length:
            if await self._fill(timeout=STALL_SECONDS):
                continue
            if self.eof:
                break
            # Nothing new for a while: a header that claims too many bytes?
            value, used = _decode_prefix(bytes(self._buffer))
            if value is not _NOTHING and not self._buffer[used:].strip():
                log.error("framing: Content-Length %d, but the message ended after %d bytes", length, used)
                del self._buffer[:]
                return Message(value)
        body = bytes(self._buffer[:length])
        del self._buffer[:length]
        if len(body) < length:
            return FramingError(f"the input ended {length - len(body)} bytes before the end of the message")
        try:
            return Message(json.loads(body))
        except (ValueError, UnicodeDecodeError) as error:
            problem = error
        value, used = _decode_prefix(body)
        if value is not _NOTHING:  # the header claimed too much: the rest starts the next message
            log.error("framing: Content-Length %d was %d bytes too long", length, length - used)
            self._buffer[:0] = body[used:]
            return Message(value)
        for _ in range(3):  # the header claimed too little: the rest of the body follows
            combined = body + bytes(self._buffer[:MAX_HEADER_BYTES])
            value, used = _decode_prefix(combined)
            if value is not _NOTHING and used > len(body):
                log.error("framing: Content-Length %d was %d bytes too short", length, used - len(body))
                del self._buffer[: used - len(body)]
                return Message(value)
            if not await self._fill(timeout=STALL_SECONDS):
                break
        return FramingError(f"the message is not valid JSON ({problem})")


def frame(payload: Any) -> bytes:
    """``payload`` as one base-protocol message."""
    body = json.dumps(payload).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _valid_id(value: object) -> bool:
    return isinstance(value, (int, str)) and not isinstance(value, bool)


class Session:
    """One client talking to the server: the initialize-first rule, shutdown, errors.

    ``raw_handlers`` take a notification's params as JSON, before pygls structures them; a
    handler that returns False leaves the message to pygls."""

    def __init__(self, server: LanguageServer, reader: MessageReader, writer: Writer, *, strict: bool,
                 raw_handlers: Mapping[str, RawHandler] | None = None) -> None:
        self.server = server
        self.raw_handlers = raw_handlers or {}
        self.reader = reader
        self.writer = writer
        #: TCP: close the connection instead of answering a client that breaks the rules.
        self.strict = strict
        self.initialized = False
        self.shut_down = False

    def send_error(self, msg_id: object, code: int, message: str) -> None:
        """Answer with a JSON-RPC error (``id`` null when the request's id is unknown)."""
        self.writer.write(frame({"jsonrpc": "2.0", "id": msg_id if _valid_id(msg_id) else None,
                                 "error": {"code": int(code), "message": message}}))

    async def run(self) -> None:
        """Handle messages until the input ends, the client exits, or (strict) breaks the rules."""
        while True:
            if self.strict and not self.initialized:
                try:
                    event = await asyncio.wait_for(self.reader.next(), INITIALIZE_TIMEOUT)
                except asyncio.TimeoutError:
                    log.error("no initialize within %.0f s; connection closed", INITIALIZE_TIMEOUT)
                    return
            else:
                event = await self.reader.next()
            if event is None:
                return
            if isinstance(event, HttpRequest):
                log.error("refused an HTTP request (%s): this is a language server", event.line)
                if self.strict:
                    self.writer.write(_HTTP_REFUSAL)
                    return
                continue
            if isinstance(event, FramingError):
                log.error("framing: %s", event.detail)
                self.send_error(None, types.ErrorCodes.ParseError, event.detail)
                continue
            if not self.dispatch(event.value):
                return

    def dispatch(self, raw: Any) -> bool:
        """Hand one decoded message to pygls, or answer it here. False: close the connection.

        Three steps: the message's shape (JSON-RPC 2.0), the session's state (initialize first,
        nothing after shutdown but exit), then pygls.
        """
        if not self._well_formed(raw):
            return True
        method = raw.get("method")
        msg_id = raw.get("id")
        is_request = "id" in raw and method is not None
        verdict = self._gate(method, msg_id, is_request)
        if verdict is not None:
            return verdict
        raw_handler = None if is_request or method is None else self.raw_handlers.get(method)
        if raw_handler is not None and raw_handler(raw.get("params")):
            return True
        if method is not None and "params" not in raw:
            raw = {**raw, "params": None}  # JSON-RPC lets a message leave out params; pygls needs the key
        self._hand_to_pygls(raw, method, msg_id, is_request)
        return True

    def _well_formed(self, raw: Any) -> bool:
        """True for a JSON-RPC 2.0 message with a usable method and id; else answered here."""
        if not isinstance(raw, dict) or raw.get("jsonrpc") != "2.0":
            kind = "a batch (LSP has none)" if isinstance(raw, list) else "not a JSON-RPC 2.0 message"
            log.error("invalid message, %s: %s", kind, _preview(json.dumps(raw).encode()))
            self.send_error(raw.get("id") if isinstance(raw, dict) else None, types.ErrorCodes.InvalidRequest,
                            f"invalid message: {kind}")
            return False
        method = raw.get("method")
        msg_id = raw.get("id")
        is_request = "id" in raw and method is not None
        if method is not None and not isinstance(method, str) or (is_request and not _valid_id(msg_id)):
            self.send_error(msg_id, types.ErrorCodes.InvalidRequest, "invalid request: 'method' or 'id'")
            return False
        return True

    def _gate(self, method: str | None, msg_id: Any, is_request: bool) -> bool | None:
        """What the session's state says: None to go on to pygls, else dispatch's answer."""
        if not self.initialized:
            if method == types.INITIALIZE and is_request:
                self.initialized = True
                self.server.protocol.set_writer(self.writer)
                return None
            if method == types.EXIT:
                return None
            if is_request:
                self.send_error(msg_id, types.ErrorCodes.ServerNotInitialized,
                                "the server is not initialized: send 'initialize' first")
            if self.strict:
                log.error("first message was %r, not initialize; connection closed", method)
                return False
            return True
        refusal = ("the server is already initialized" if method == types.INITIALIZE
                   else "the server is shutting down" if self.shut_down and method != types.EXIT else None)
        if refusal is not None:
            if is_request:
                self.send_error(msg_id, types.ErrorCodes.InvalidRequest, refusal)
            return True
        if method == types.SHUTDOWN and is_request:
            self.shut_down = True
        return None

    def _hand_to_pygls(self, raw: dict[str, Any], method: str | None, msg_id: Any, is_request: bool) -> None:
        """Decode and handle the message with pygls; a failure is answered (requests) and logged."""
        protocol = self.server.protocol
        try:
            message = protocol.structure_message(raw)
        except JsonRpcException as error:
            log.error("could not decode %s: %s", method, error)
            if is_request:
                self.send_error(msg_id, error.code, f"invalid parameters for {method}")
            return
        except Exception as error:  # pygls raises its own errors, but be sure
            log.exception("could not decode %s", method)
            if is_request:
                self.send_error(msg_id, types.ErrorCodes.InternalError, str(error))
            return
        try:
            protocol.handle_message(message)
        except Exception as error:
            log.exception("handling %s failed", method)
            if is_request:
                self.send_error(msg_id, types.ErrorCodes.InternalError, str(error))


class PipeWriter:
    """Writes to a file descriptor (stdout), one whole message at a time."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def write(self, data: bytes) -> None:
        self._stream.write(data)
        self._stream.flush()

    def close(self) -> None:
        try:
            self._stream.close()
        except OSError:
            pass


def _stdin_chunks(fd: int) -> Callable[[], Awaitable[bytes]]:
    """Chunks read from ``fd`` as they arrive: by the event loop where it can watch ``fd`` (a pipe
    or a terminal, not on Windows), else by a daemon thread (it never keeps the process alive).

    A thread's chunk reached the loop through its self-pipe: one more wake-up on every keystroke."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes] = asyncio.Queue()

    def readable() -> None:
        try:
            chunk = os.read(fd, CHUNK)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        queue.put_nowait(chunk)
        if not chunk:
            loop.remove_reader(fd)

    try:
        loop.add_reader(fd, readable)
    except (NotImplementedError, OSError, ValueError):  # Windows, or a regular file
        pass
    else:
        return queue.get

    def pump() -> None:
        while True:
            try:
                chunk = os.read(fd, CHUNK)
            except OSError:
                chunk = b""
            loop.call_soon_threadsafe(queue.put_nowait, chunk)
            if not chunk:
                return

    threading.Thread(target=pump, name="helderetaal-stdin", daemon=True).start()
    return queue.get


def serve_stdio(server: LanguageServer, stdin: BinaryIO, stdout: BinaryIO, on_close: Callable[[], None],
                raw_handlers: Mapping[str, RawHandler] | None = None) -> None:
    """Serve one client on stdin/stdout until it exits or closes the pipe (``raw_handlers``:
    see :class:`Session`)."""

    async def main() -> None:
        writer = PipeWriter(stdout)
        session = Session(server, MessageReader(_stdin_chunks(stdin.fileno())), writer, strict=False,
                          raw_handlers=raw_handlers)
        server.protocol.set_writer(writer)
        try:
            await session.run()
            log.info("the client closed the connection")
        finally:
            on_close()

    asyncio.run(main())


def serve_tcp(server: LanguageServer, host: str, port: int, on_close: Callable[[], None],
              raw_handlers: Mapping[str, RawHandler] | None = None) -> None:
    """Serve one client on ``host:port``; the server ends when that client goes away."""

    async def main() -> None:
        loop = asyncio.get_running_loop()
        finished: asyncio.Future[int | str | None] = loop.create_future()
        active: list[Session] = []

        async def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            peer = writer.get_extra_info("peername")
            if active or finished.done():
                log.warning("refused a second connection from %s: one client per server", peer)
                writer.close()
                return
            session = Session(server, MessageReader(lambda: reader.read(CHUNK)), writer, strict=True,
                              raw_handlers=raw_handlers)
            active.append(session)
            try:
                await session.run()
            except SystemExit as exit_:  # the client sent 'exit'
                if not finished.done():
                    finished.set_result(exit_.code)
                return
            except Exception:
                log.exception("connection from %s failed", peer)
            finally:
                active.remove(session)
                try:
                    writer.close()
                except Exception:
                    log.debug("close failed", exc_info=True)
            if session.initialized and not finished.done():
                finished.set_result(0)  # the client went away

        listener = await asyncio.start_server(connected, host, port)
        log.info("listening on %s:%d", host, port)
        try:
            async with listener:
                code = await finished
        finally:
            on_close()
        if code:
            raise SystemExit(code)

    asyncio.run(main())
