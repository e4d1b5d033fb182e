"""The helderetaal language server: findings in the writer's editor, with one-click fixes.

This module wires the parts together; each part has a module of its own:

* :mod:`.transport` reads the messages (framing errors, initialize first, one TCP client);
* :mod:`.documents` decides what is checked when and keeps each version's result;
* :mod:`.worker` runs the checks in a worker process with a time budget;
* :mod:`.diagnostics`, :mod:`.hover` and :mod:`.actions` turn a result into what the editor shows;
* :mod:`.settings` reads the editor settings; :mod:`.compat` holds the one pygls patch.

Push diagnostics (``publishDiagnostics``) after a debounce; pull diagnostics
(``textDocument/diagnostic``) instead when the client supports them, never both.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import logging
import os
import sys
from pathlib import Path
from urllib.parse import unquote
from typing import Any

from lsprotocol import types
from pygls.exceptions import (
    FeatureNotificationError,
    JsonRpcContentModified,
    JsonRpcInternalError,
    JsonRpcInvalidParams,
)
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path
from pygls.workspace import TextDocument

import helderetaal
from helderetaal.config import CONFIG_NAMES

from . import actions
from .actions import ALLOW_COMMAND, AllowTarget, AllowWordRefused, ClientEdits
from .changes import plain_did_change
from .compat import use_lsp_positions
from .diagnostics import SOURCE, Diagnostics, publish_json
from .documents import Documents, DocumentState, fs_path
from .hover import hover_at
from .positions import encoding_name
from .settings import SECTION, EditorSettings, extract_section, parse_settings
from .transport import RawHandler, serve_stdio, serve_tcp
from .worker import CheckRunner, collect_less_often

log = logging.getLogger("helderetaal.lsp")

CONFIG_FILES = (*CONFIG_NAMES, "pyproject.toml")
SETTINGS_TIMEOUT = 5.0


class HelderetaalServer(LanguageServer):
    """pygls server holding the editor settings, the open letters and the check worker."""

    def __init__(self) -> None:
        super().__init__("helderetaal", helderetaal.__version__)
        self.settings = EditorSettings()
        self.settings_pushed = False
        self.runner = CheckRunner()
        self.documents = Documents(self, self.runner)

    # -- what the documents need (documents.Host) --------------------------------------------------
    @property
    def capabilities(self) -> types.ClientCapabilities | None:
        """The client's capabilities (None before initialize)."""
        try:
            return self.client_capabilities
        except (AttributeError, RuntimeError):
            return None

    @property
    def pull_mode(self) -> bool:
        """True when the client pulls diagnostics (then nothing is pushed)."""
        capabilities = self.capabilities
        text_document = capabilities.text_document if capabilities is not None else None
        return text_document is not None and text_document.diagnostic is not None

    @property
    def encoding(self) -> str:
        """The negotiated position encoding: ``utf-16``, ``utf-8`` or ``utf-32``."""
        try:
            return encoding_name(self.workspace.position_encoding)
        except RuntimeError:
            return "utf-16"

    def text_document(self, uri: str) -> TextDocument | None:
        """The open document ``uri``, else None."""
        try:
            document: TextDocument | None = self.workspace.text_documents.get(uri)
        except RuntimeError:  # not initialized
            return None
        return document

    def open_uris(self) -> list[str]:
        """The URIs of all open documents."""
        try:
            return list(self.workspace.text_documents)
        except RuntimeError:
            return []

    def workspace_roots(self) -> list[Path]:
        """The workspace folders (and root) on disk."""
        try:
            uris = [folder.uri for folder in self.workspace.folders.values()]
            if self.workspace.root_uri:
                uris.append(self.workspace.root_uri)
        except RuntimeError:
            return []
        roots = []
        for uri in uris:
            path = fs_path(uri)
            if path and Path(path) not in roots:
                roots.append(Path(path))
        return roots

    def workspace_root(self) -> Path | None:
        """The first workspace folder, where config discovery starts for an untitled letter."""
        roots = self.workspace_roots()
        return roots[0] if roots else None

    def publish(self, uri: str, version: int | None, diagnostics: Diagnostics) -> None:
        """Push the diagnostics of one version.

        The message is the one pygls would send (tests/test_lsp_publish.py compares the bytes),
        but built from each diagnostic's JSON kept between versions: pygls would convert and
        serialize every diagnostic again on each keystroke (about 1 ms for a ten-page letter)."""
        protocol = self.protocol
        writer = protocol.writer
        if writer is None:  # pygls logs that there is no connection
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics.items))
            return
        body = publish_json(uri, version, diagnostics)
        header = (f"Content-Length: {len(body)}\r\n"
                  f"Content-Type: {protocol.CONTENT_TYPE}; charset={protocol.CHARSET}\r\n\r\n")
        try:
            written = writer.write((header + body).encode(protocol.CHARSET))
            if inspect.isawaitable(written):  # a writer of pygls' own (websockets)
                asyncio.ensure_future(written)
        except BrokenPipeError:
            log.exception("could not publish the diagnostics: the client is gone")
            raise
        except Exception as error:
            log.exception("could not publish the diagnostics")
            self.report_server_error(error, JsonRpcInternalError)

    def refresh_diagnostics(self) -> None:
        """Ask a pulling client to pull again (when it can be asked)."""
        capabilities = self.capabilities
        workspace = capabilities.workspace if capabilities is not None else None
        diagnostics = workspace.diagnostics if workspace is not None else None
        if diagnostics is not None and diagnostics.refresh_support:
            self.workspace_diagnostic_refresh(None)

    def log_to_client(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        """A line in the editor's log of this server."""
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # no connection (yet): stderr has it
            log.debug("could not send log message", exc_info=True)

    # -- errors -------------------------------------------------------------------------------------
    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log server errors; never pop up dialogs or die on them."""
        log.error("server error (%s): %s", getattr(source, "__name__", source), error)
        if getattr(source, "__name__", "") != "FeatureRequestError":  # those already went back as the answer
            self.log_to_client(f"helderetaal: {error}", types.MessageType.Error)

    # -- settings -------------------------------------------------------------------------------------
    def use_settings(self, section: Any, pushed: bool) -> None:
        """Take a settings section from the editor; tell the writer what was wrong in it."""
        settings = parse_settings(section)
        self.settings = settings
        self.settings_pushed = self.settings_pushed or pushed
        if settings.problem:
            message = f"helderetaal: instellingen deels genegeerd: {settings.problem}"
            log.warning(message)
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))

    def can_pull_settings(self) -> bool:
        """Whether the client answers ``workspace/configuration``."""
        capabilities = self.capabilities
        workspace = capabilities.workspace if capabilities is not None else None
        return bool(workspace is not None and workspace.configuration)

    async def pull_settings(self) -> None:
        """Ask the client for the ``helderetaal`` settings section."""
        if not self.can_pull_settings():
            return
        pushed_before = self.settings_pushed
        try:
            result = await asyncio.wait_for(self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])), SETTINGS_TIMEOUT)
        except Exception as error:
            log.warning("workspace/configuration failed: %s", error)
            return
        if self.settings_pushed and not pushed_before:
            return  # settings pushed meanwhile win
        value = result[0] if result else None
        if isinstance(value, dict) and not self.settings_pushed:
            self.use_settings(value, pushed=False)

    # -- the allow-list -------------------------------------------------------------------------------
    def allow_roots(self) -> list[Path]:
        """Where allowWord may write: the workspace folders, else the folders of the open letters."""
        roots = self.workspace_roots()
        if roots:
            return roots
        folders = []
        for uri in self.open_uris():
            path = fs_path(uri)
            if path and Path(path).parent not in folders:
                folders.append(Path(path).parent)
        return folders

    def allow_target(self, state: DocumentState) -> AllowTarget | None:
        """The ``.helderetaal.yaml`` the allow action for ``state`` edits (None: none possible)."""
        found = self.documents.config_file(state.uri)
        if found is not None and found.name not in CONFIG_NAMES:
            return None  # the config lives in pyproject.toml: a .helderetaal.yaml beside it would replace it
        path = fs_path(state.uri)
        folder = Path(path).parent if path else self.documents.config_start(state.uri)
        target = found or actions.new_config_path(folder, self.workspace_roots())
        open_copy = self.text_document(from_fs_path(str(target)) or target.as_uri())
        if open_copy is not None:
            return AllowTarget(target, open_copy.source, open_in_editor=True)
        if target.is_file():
            try:
                return AllowTarget(target, target.read_text(encoding="utf-8"), open_in_editor=False)
            except (OSError, UnicodeDecodeError):
                return None
        return AllowTarget(target, "", open_in_editor=False)


server = HelderetaalServer()


# -- lifecycle ------------------------------------------------------------------------------------
@server.feature(types.INITIALIZE)
def initialize(ls: HelderetaalServer, params: types.InitializeParams) -> None:
    use_lsp_positions(ls.workspace, ls.encoding)
    section = extract_section(params.initialization_options)
    if section is not None:
        ls.use_settings(section, pushed=True)


def _log_start_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the check worker did not start: %s", task.exception())


#: A didChange with a change of each shape, read once at the start: pygls' converter builds the
#: code that reads a message type at its first use (about 2 ms here), which was the writer's first
#: keystroke.
_SAMPLE_CHANGE = {"jsonrpc": "2.0", "method": types.TEXT_DOCUMENT_DID_CHANGE, "params": {
    "textDocument": {"uri": "file:///brief.txt", "version": 2},
    "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}},
                        "text": "x"}, {"text": "x"}]}}


@server.feature(types.INITIALIZED)
async def initialized(ls: HelderetaalServer, params: types.InitializedParams) -> None:
    warm_up = asyncio.get_running_loop().create_task(ls.runner.start())
    warm_up.add_done_callback(_log_start_failure)
    ls.protocol.structure_message(_SAMPLE_CHANGE)
    # What the server has loaded now (pygls, lsprotocol, cattrs and the code its converter made)
    # lives as long as the process. Frozen, the collector never walks it again: a full collection
    # walked it in 24 ms, on whichever keystroke it fell (the workers freeze what spaCy loads).
    gc.freeze()
    collect_less_often()
    try:
        capabilities = ls.capabilities
        watched = capabilities.workspace.did_change_watched_files if capabilities and capabilities.workspace else None
        if watched is not None and watched.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]
            try:
                await asyncio.wait_for(ls.client_register_capability_async(types.RegistrationParams(registrations=[
                    types.Registration(id="helderetaal-config-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                       register_options=types.DidChangeWatchedFilesRegistrationOptions(
                                           watchers=watchers))])), SETTINGS_TIMEOUT)
            except Exception as error:
                log.warning("could not watch the config files: %s", error)
        if not ls.settings_pushed:
            await ls.pull_settings()
    finally:
        ls.documents.settings_ready.set()


@server.feature(types.SHUTDOWN)
def shutdown(ls: HelderetaalServer, params: None) -> None:
    ls.documents.close()


@server.feature(types.EXIT)
def exit_(ls: HelderetaalServer, params: None) -> None:
    ls.documents.close()


# -- document sync --------------------------------------------------------------------------------
@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: HelderetaalServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.documents.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: HelderetaalServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.documents.schedule(params.text_document.uri)


def did_change_raw(ls: HelderetaalServer, raw_params: Any) -> bool:
    """A didChange of an open letter, handled from its JSON (see :mod:`.changes`): what pygls'
    own handler does (apply each change, then the version), then :func:`did_change`, with a
    failure reported as pygls reports it. False: not that shape; pygls handles the message."""
    params = plain_did_change(raw_params)
    if params is None:
        return False
    try:
        open_documents = ls.workspace.text_documents
    except RuntimeError:  # not initialized
        return False
    document = open_documents.get(unquote(params.text_document.uri))
    if document is None:
        return False  # not open: pygls reports that
    try:
        for change in params.content_changes:
            document.apply_change(change)
            document.version = params.text_document.version
        did_change(ls, params)
    except Exception:
        error = JsonRpcInternalError.of(sys.exc_info())  # type: ignore[no-untyped-call]
        ls.report_server_error(error, FeatureNotificationError)
    return True


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: HelderetaalServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    if Path(uri).name in CONFIG_FILES:
        ls.documents.recheck_all()
    elif ls.text_document(uri) is not None:
        ls.documents.schedule(uri, 0)  # cheap when nothing changed; picks up a config edited elsewhere


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: HelderetaalServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.documents.forget(uri)
    if not ls.pull_mode:
        ls.publish(uri, None, Diagnostics.of([]))


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: HelderetaalServer, params: types.DidChangeConfigurationParams) -> None:
    section = extract_section(params.settings)
    if section is not None:
        ls.use_settings(section, pushed=True)
    elif ls.can_pull_settings():
        ls.settings_pushed = False
        await ls.pull_settings()
    ls.documents.settings_ready.set()
    ls.documents.recheck_all()


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: HelderetaalServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(Path(change.uri).name in CONFIG_FILES for change in params.changes):
        ls.documents.recheck_all()


# -- pull diagnostics -----------------------------------------------------------------------------
@server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                types.DiagnosticOptions(identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=False))
async def pull_diagnostics(ls: HelderetaalServer, params: types.DocumentDiagnosticParams
                           ) -> types.FullDocumentDiagnosticReport | types.UnchangedDocumentDiagnosticReport:
    uri = params.text_document.uri
    if ls.text_document(uri) is None or ls.documents.format_of(uri) is None:
        return types.FullDocumentDiagnosticReport(items=[])
    state = await ls.documents.current(uri)
    if state is None:
        raise JsonRpcContentModified("de brief is veranderd tijdens de controle")
    if params.previous_result_id == state.result_id:
        return types.UnchangedDocumentDiagnosticReport(result_id=state.result_id)
    return types.FullDocumentDiagnosticReport(items=state.diagnostics, result_id=state.result_id)


# -- hover and code actions -------------------------------------------------------------------------
@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: HelderetaalServer, params: types.HoverParams) -> types.Hover | None:
    state = await ls.documents.current(params.text_document.uri)
    return hover_at(state, params.position) if state is not None else None


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix], resolve_provider=False))
async def code_action(ls: HelderetaalServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    if not actions.wanted(params.context.only, types.CodeActionKind.QuickFix.value):
        return None
    state = await ls.documents.current(params.text_document.uri)
    if state is None:
        return None
    try:
        target = ls.allow_target(state)
    except Exception:
        log.exception("could not find the config for the allow-list")
        target = None
    found = actions.code_actions(state, params.range, target, ClientEdits.of(ls.capabilities), ls.encoding)
    return found or None


@server.command(ALLOW_COMMAND)
def allow_word(ls: HelderetaalServer, path: str, word: str) -> bool:
    """Add ``word`` to the allow-list of the ``.helderetaal.yaml`` at ``path`` (made if missing),
    then check the open letters again."""
    if not isinstance(path, str) or not isinstance(word, str):
        raise JsonRpcInvalidParams("allowWord takes a path and a word")
    try:
        written = actions.write_allowed_word(path, word, ls.allow_roots())
    except AllowWordRefused as error:
        log.warning("allowWord refused: %s", error)
        raise JsonRpcInvalidParams(str(error)) from None
    ls.documents.recheck_all()
    return written


def _configure_logging() -> None:
    level = os.environ.get("HELDERETAAL_LSP_LOG", "INFO").upper()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("helderetaal").setLevel(getattr(logging, level, logging.INFO))


def raw_handlers() -> dict[str, RawHandler]:
    """The notifications the transport hands over as JSON, before pygls reads them."""
    return {types.TEXT_DOCUMENT_DID_CHANGE: lambda params: did_change_raw(server, params)}


def serve(tcp: bool = False, port: int = 2087) -> None:
    """Run the server on stdio, or on TCP at 127.0.0.1:``port`` (one client)."""
    _configure_logging()
    if tcp:
        serve_tcp(server, "127.0.0.1", port, server.documents.close, raw_handlers())
        return
    # stdout carries the protocol only: give the server its own handle on it, and send anything
    # else that writes to stdout (a print, a library warning) to stderr.
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    serve_stdio(server, sys.stdin.buffer, protocol_out, server.documents.close, raw_handlers())


__all__ = ["HelderetaalServer", "serve", "server"]
