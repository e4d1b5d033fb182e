"""The helderetaal language server: findings in the writer's editor, with one-click fixes.

Design:

* Checks run in one dedicated worker thread (spaCy calls must not run in parallel); the event
  loop only takes snapshots, schedules and publishes.
* Push diagnostics (``publishDiagnostics``) after a debounce; pull diagnostics
  (``textDocument/diagnostic``) instead when the client supports them, never both.
* A result is kept only when the document still has the version it was computed for.
* Every check result is cached per document (version + config fingerprint), so hover, code
  actions and a pull right after a publish reuse it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcContentModified
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument

import helderetaal
from helderetaal.config import CONFIG_NAMES, Config, ConfigError, find_config_file, load_config
from helderetaal.engine import check_source
from helderetaal.finding import Finding
from helderetaal.readers import parse_markdown, parse_text
from helderetaal.ruleset import RuleSet

from .edits import Edit, allow_edit, allowable, disable_file_edit, disable_line_edit, summary_edit
from .positions import PositionMap, encoding_name
from .settings import SECTION, EditorSettings, extract_section, parse_settings

log = logging.getLogger("helderetaal.lsp")

SOURCE = "helderetaal"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}
#: A finding that spans more lines than this is about a whole passage or the letter: it is
#: shown on its first line only, so the editor does not underline half the letter.
MAX_RANGE_LINES = 6
TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
TEXT_LANGUAGES = {"plaintext": "txt", "text": "txt", "markdown": "md"}
CONFIG_FILES = (*CONFIG_NAMES, "pyproject.toml")
ALLOW_COMMAND = "helderetaal.allowWord"
#: Categories whose findings are about a word, so that word can go on the allow-list.
WORD_CATEGORIES = {"jargon", "vague", "abbreviation", "consistency", "style"}
SETTINGS_TIMEOUT = 5.0


@dataclass
class Snapshot:
    """What a check needs, taken on the event loop."""

    uri: str
    version: int | None
    text: str
    fmt: str
    path: str | None
    encoding: str
    settings: EditorSettings
    key: tuple


@dataclass
class CheckState:
    """The result of checking one version of a document."""

    uri: str
    version: int | None
    key: tuple
    text: str
    fmt: str
    positions: PositionMap
    findings: tuple[Finding, ...] = ()
    diagnostics: list[types.Diagnostic] = field(default_factory=list)
    ruleset: RuleSet | None = None
    summary_edit: Edit | None = None
    anchor_line: int = 0
    config_path: Path | None = None
    published: bool = False

    @property
    def result_id(self) -> str:
        return f"{self.version}-{zlib.crc32(repr(self.key).encode()):08x}"


class HelderetaalServer(LanguageServer):
    """pygls server with the state of the open letters."""

    def __init__(self) -> None:
        super().__init__("helderetaal", helderetaal.__version__)
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="helderetaal-check")
        self.settings = EditorSettings()
        self.settings_pushed = False
        self.settings_ready = asyncio.Event()
        self.generation = 0
        self._configs: dict[tuple, Config] = {}
        self.states: dict[str, CheckState] = {}
        self.tasks: dict[str, asyncio.Task] = {}
        self.latest: dict[str, int | None] = {}

    # -- client capabilities ------------------------------------------------------------------
    def _cap(self, *names: str) -> Any:
        value: Any = self.client_capabilities
        for name in names:
            value = getattr(value, name, None)
            if value is None:
                return None
        return value

    @property
    def pull_mode(self) -> bool:
        """True when the client pulls diagnostics (then nothing is pushed)."""
        return self._cap("text_document", "diagnostic") is not None

    @property
    def encoding(self) -> str:
        try:
            return encoding_name(self.workspace.position_encoding)
        except RuntimeError:
            return "utf-16"

    # -- logging ------------------------------------------------------------------------------
    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log server errors; never pop up dialogs or die on them."""
        log.error("server error (%s): %s", getattr(source, "__name__", source), error)
        if getattr(source, "__name__", "") != "FeatureRequestError":  # those already went back as the answer
            self.log_to_client(f"helderetaal: {error}", types.MessageType.Error)

    def log_to_client(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # no connection (yet): stderr has it
            log.debug("could not send log message", exc_info=True)

    # -- documents ----------------------------------------------------------------------------
    def document_format(self, uri: str) -> str | None:
        """``txt`` or ``md`` for a letter, None for a document this server does not check."""
        document = self.workspace.text_documents.get(uri)
        suffix = Path(uri.split("?")[0]).suffix.lower()
        if suffix in TEXT_SUFFIXES:
            return TEXT_SUFFIXES[suffix]
        language = (getattr(document, "language_id", None) or "").lower()
        if language in TEXT_LANGUAGES:
            return TEXT_LANGUAGES[language]
        if not suffix and not language:
            return "txt"
        return None

    def fs_path(self, uri: str) -> str | None:
        return to_fs_path(uri) if uri.startswith("file:") else None

    def config_start(self, uri: str) -> Path:
        """The folder where config discovery starts for a document."""
        path = self.fs_path(uri)
        if path:
            return Path(path).parent
        try:
            root = self.workspace.root_path
        except RuntimeError:
            root = None
        return Path(root) if root else Path.cwd()

    def config_key(self, uri: str) -> tuple:
        """Changes whenever the config that applies to ``uri`` may have changed."""
        found = find_config_file(self.config_start(uri))
        stamp = None
        if found is not None:
            try:
                stamp = found.stat().st_mtime_ns
            except OSError:
                stamp = None
        return (self.generation, str(found) if found else None, stamp, self.encoding)

    def snapshot(self, uri: str) -> Snapshot | None:
        document = self.workspace.text_documents.get(uri)
        fmt = self.document_format(uri)
        if document is None or fmt is None:
            return None
        return Snapshot(uri=uri, version=document.version, text=document.source, fmt=fmt, path=self.fs_path(uri),
                        encoding=self.encoding, settings=self.settings, key=self.config_key(uri))

    # -- checking (worker thread) -------------------------------------------------------------
    def config_for(self, snap: Snapshot) -> Config:
        # The snapshot key changes with the settings generation and the config file's path and
        # timestamp, so a cached config is never stale; re-reading the YAML on every keystroke was
        # a good part of the latency.
        cached = self._configs.get(snap.key)
        if cached is not None:
            return cached
        found = find_config_file(self.config_start(snap.uri))
        config = snap.settings.apply(load_config(found) if found else Config())
        if len(self._configs) > 32:
            self._configs.clear()
        self._configs[snap.key] = config
        return config

    def run_check(self, snap: Snapshot) -> CheckState | None:
        """Check a snapshot. Runs in the worker thread; never raises."""
        if self.latest.get(snap.uri, snap.version) != snap.version:
            return None  # a newer version is on its way: skip the stale one
        positions = PositionMap(snap.text, snap.encoding)
        state = CheckState(uri=snap.uri, version=snap.version, key=snap.key, text=snap.text, fmt=snap.fmt,
                           positions=positions)
        try:
            config = self.config_for(snap)
            state.config_path = config.path
            ruleset = config.ruleset()
        except ConfigError as error:
            where = "de instellingen (editor of .helderetaal.yaml) of de regels"
            state.diagnostics = [self._problem(positions, f"Fout in {where}: {error}", "configuratie")]
            log.warning("config error for %s: %s", snap.uri, error)
            return state
        except Exception as error:
            log.exception("could not load the config for %s", snap.uri)
            state.diagnostics = [self._problem(positions, f"helderetaal kon de instellingen niet lezen: {error}",
                                               "interne-fout")]
            return state
        try:
            source = parse_markdown(snap.text, snap.path) if snap.fmt == "md" else parse_text(snap.text, snap.path)
            report = check_source(source, config, ruleset)
        except Exception as error:  # a broken rule or model must not cost the writer the server
            log.exception("checking %s failed", snap.uri)
            state.diagnostics = [self._problem(positions, f"helderetaal kon deze brief niet controleren: {error}",
                                               "interne-fout")]
            return state
        for message in report.errors:
            log.warning("%s: %s", snap.uri, message)
        state.ruleset = ruleset
        state.findings = report.findings
        state.diagnostics = [self._diagnostic(finding, positions, ruleset) for finding in report.findings]
        newline = positions.newline()
        if report.summary:
            try:
                state.summary_edit = summary_edit(snap.text, source.analysed, snap.fmt, report.summary, newline)
            except Exception:
                log.exception("could not place the summary in %s", snap.uri)
        state.anchor_line = positions.line_of(report.anchor[0])
        return state

    @staticmethod
    def _problem(positions: PositionMap, message: str, code: str) -> types.Diagnostic:
        return types.Diagnostic(range=positions.range(0, positions.line_end(0)), message=message,
                                severity=types.DiagnosticSeverity.Error, code=code, source=SOURCE)

    @staticmethod
    def finding_range(finding: Finding, positions: PositionMap) -> types.Range:
        result = positions.range(finding.start, finding.end)
        if result.end.line - result.start.line > MAX_RANGE_LINES:
            result.end = positions.position(positions.line_end(result.start.line))
        return result

    def _diagnostic(self, finding: Finding, positions: PositionMap, ruleset: RuleSet) -> types.Diagnostic:
        rule = ruleset.get(finding.rule)
        url = rule.spec.url if rule is not None else None
        return types.Diagnostic(
            range=self.finding_range(finding, positions),
            message=finding.message,
            severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
            code=finding.rule,
            code_description=types.CodeDescription(href=url) if url else None,
            source=SOURCE,
            data={"category": finding.category, "suggestions": list(finding.suggestions)},
        )

    # -- checking (event loop) ----------------------------------------------------------------
    async def wait_settings(self) -> None:
        """Wait until the first editor settings have arrived (the configuration race)."""
        if not self.settings_ready.is_set():
            try:
                await asyncio.wait_for(self.settings_ready.wait(), SETTINGS_TIMEOUT)
            except asyncio.TimeoutError:
                log.warning("no answer to workspace/configuration; using the defaults")
                self.settings_ready.set()

    async def current(self, uri: str) -> CheckState | None:
        """The check result for the document as it is now (cached, else computed now).

        None when the document is not open, not a letter, or changed during the check.
        """
        await self.wait_settings()
        snap = self.snapshot(uri)
        if snap is None:
            return None
        cached = self.states.get(uri)
        if cached is not None and cached.version == snap.version and cached.key == snap.key:
            return cached
        self.latest.setdefault(uri, snap.version)
        loop = asyncio.get_running_loop()
        state = await loop.run_in_executor(self.executor, self.run_check, snap)
        document = self.workspace.text_documents.get(uri)
        if state is None or document is None or document.version != snap.version:
            return None  # stale: a newer check follows
        self.states[uri] = state
        return state

    def publish(self, state: CheckState) -> None:
        if self.pull_mode or state.published:
            return
        state.published = True
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=state.uri, version=state.version, diagnostics=state.diagnostics))

    def schedule(self, uri: str, delay: float | None = None) -> None:
        """Check ``uri`` after the debounce, replacing a check that is still waiting."""
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return
        self.latest[uri] = document.version
        if self.pull_mode:
            return  # the client asks when it wants them
        previous = self.tasks.pop(uri, None)
        if previous is not None:
            previous.cancel()
        wait = self.settings.debounce if delay is None else delay
        self.tasks[uri] = asyncio.get_running_loop().create_task(self._check_later(uri, wait))

    async def _check_later(self, uri: str, delay: float) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            state = await self.current(uri)
            if state is not None and uri in self.workspace.text_documents:
                self.publish(state)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # tasks are invisible to pygls: log here
            log.exception("checking %s failed", uri)
            self.log_to_client(f"helderetaal: controle van {uri} mislukt: {error}", types.MessageType.Error)
        finally:
            if self.tasks.get(uri) is asyncio.current_task():
                del self.tasks[uri]

    def recheck_all(self) -> None:
        """Re-check every open document (after a settings or config change)."""
        self.generation += 1
        if self.pull_mode:
            if self._cap("workspace", "diagnostics", "refresh_support"):
                self.workspace_diagnostic_refresh(None)
            return
        for uri in list(self.workspace.text_documents):
            if self.document_format(uri) is not None:
                self.schedule(uri, 0)

    # -- settings -----------------------------------------------------------------------------
    def use_settings(self, section: Any, pushed: bool) -> None:
        settings = parse_settings(section)
        self.settings = settings
        self.settings_pushed = self.settings_pushed or pushed
        if settings.problem:
            message = f"helderetaal: instellingen deels genegeerd: {settings.problem}"
            log.warning(message)
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))

    async def pull_settings(self) -> None:
        """Ask the client for the ``helderetaal`` settings section."""
        if not self._cap("workspace", "configuration"):
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


server = HelderetaalServer()


def _overlaps(a: types.Range, b: types.Range) -> bool:
    a_start, a_end = (a.start.line, a.start.character), (a.end.line, a.end.character)
    b_start, b_end = (b.start.line, b.start.character), (b.end.line, b.end.character)
    return a_start <= b_end and b_start <= a_end


# -- lifecycle ------------------------------------------------------------------------------------
class _LspTextDocument(TextDocument):
    """Applies incremental edits as LSP defines positions, with the server's own PositionMap.

    pygls 2.1 clamps a character past the end of a last line without a line break to one
    character before its end (the edit lands in the wrong place, the copy of the letter is
    wrong from then on), and splits lines also at U+2028, U+0085 and form feeds, which LSP
    does not. Found by tests/test_robust_lsp.py.
    """

    encoding_name = "utf-16"

    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        positions = PositionMap(self.source, self.encoding_name)
        start, end = sorted((positions.offset(change.range.start), positions.offset(change.range.end)))
        self._source = self.source[:start] + change.text + self.source[end:]


def _use_lsp_positions(ls: HelderetaalServer) -> None:
    workspace = ls.workspace
    name = ls.encoding

    def create(doc_uri: str, source: str | None = None, version: int | None = None,
               language_id: str | None = None) -> TextDocument:
        document = _LspTextDocument(doc_uri, source=source, version=version, language_id=language_id,
                                    sync_kind=workspace._sync_kind, position_codec=workspace.position_codec)
        document.encoding_name = name
        return document

    workspace._create_text_document = create  # type: ignore[method-assign]


@server.feature(types.INITIALIZE)
def initialize(ls: HelderetaalServer, params: types.InitializeParams) -> None:
    _use_lsp_positions(ls)
    section = extract_section(params.initialization_options)
    if section is not None:
        ls.use_settings(section, pushed=True)


def _warm_up() -> None:
    """Load spaCy and the rules before the first letter arrives."""
    try:
        helderetaal.check("Geachte bewoner,\n\nDit is een korte brief.\n")
    except Exception:
        log.debug("warm-up failed", exc_info=True)


@server.feature(types.INITIALIZED)
async def initialized(ls: HelderetaalServer, params: types.InitializedParams) -> None:
    ls.executor.submit(_warm_up)
    try:
        if ls._cap("workspace", "did_change_watched_files", "dynamic_registration"):
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
        ls.settings_ready.set()


@server.feature(types.SHUTDOWN)
def shutdown(ls: HelderetaalServer, params: Any) -> None:
    for task in ls.tasks.values():
        task.cancel()
    ls.executor.shutdown(wait=False, cancel_futures=True)


# -- document sync --------------------------------------------------------------------------------
@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: HelderetaalServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: HelderetaalServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: HelderetaalServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    if Path(uri).name in CONFIG_FILES:
        ls.recheck_all()
    elif uri in ls.workspace.text_documents:
        ls.schedule(uri, 0)  # cheap when nothing changed; picks up a config edited elsewhere


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: HelderetaalServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    task = ls.tasks.pop(uri, None)
    if task is not None:
        task.cancel()
    ls.states.pop(uri, None)
    ls.latest.pop(uri, None)
    if not ls.pull_mode:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: HelderetaalServer, params: types.DidChangeConfigurationParams) -> None:
    section = extract_section(params.settings)
    if section is not None:
        ls.use_settings(section, pushed=True)
    elif ls._cap("workspace", "configuration"):
        ls.settings_pushed = False
        await ls.pull_settings()
    ls.settings_ready.set()
    ls.recheck_all()


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: HelderetaalServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(Path(change.uri).name in CONFIG_FILES for change in params.changes):
        ls.recheck_all()


# -- pull diagnostics -----------------------------------------------------------------------------
@server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                types.DiagnosticOptions(identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=False))
async def pull_diagnostics(ls: HelderetaalServer, params: types.DocumentDiagnosticParams):
    uri = params.text_document.uri
    if uri not in ls.workspace.text_documents or ls.document_format(uri) is None:
        return types.FullDocumentDiagnosticReport(items=[])
    state = await ls.current(uri)
    if state is None:
        raise JsonRpcContentModified("de brief is veranderd tijdens de controle")
    if params.previous_result_id == state.result_id:
        return types.UnchangedDocumentDiagnosticReport(result_id=state.result_id)
    return types.FullDocumentDiagnosticReport(items=state.diagnostics, result_id=state.result_id)


# -- hover ----------------------------------------------------------------------------------------
def hover_text(finding: Finding, ruleset: RuleSet | None) -> str:
    rule = ruleset.get(finding.rule) if ruleset is not None else None
    parts = []
    title = rule.spec.title if rule is not None else finding.rule
    parts.append(f"**{title}** (`{finding.rule}`)")
    parts.append(finding.message)
    if rule is not None:
        explanation = rule.spec.explanation
        parts.append(f"**Wat**: {explanation.wat}")
        parts.append(f"**Waarom**: {explanation.waarom}")
        parts.append(f"**Beter**: {explanation.beter}")
    if finding.suggestions:
        parts.append("**Alternatieven**: " + ", ".join(f"*{s}*" for s in finding.suggestions))
    if rule is not None and rule.spec.url:
        parts.append(f"[Meer uitleg]({rule.spec.url})")
    return "\n\n".join(parts)


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: HelderetaalServer, params: types.HoverParams) -> types.Hover | None:
    state = await ls.current(params.text_document.uri)
    if state is None:
        return None
    offset = state.positions.offset(params.position)
    hits = [f for f in state.findings if f.start <= offset < f.end or f.start == f.end == offset]
    if not hits:
        return None
    hits.sort(key=lambda f: f.end - f.start)  # the most precise finding first
    text = "\n\n---\n\n".join(hover_text(finding, state.ruleset) for finding in hits)
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                       range=ls.finding_range(hits[0], state.positions))


# -- code actions ---------------------------------------------------------------------------------
def _text_edit(positions: PositionMap, edit: Edit) -> types.TextEdit:
    return types.TextEdit(range=positions.range(edit.start, edit.end), new_text=edit.new_text)


def _workspace_edit(uri: str, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: edits})


def _allow_action(ls: HelderetaalServer, state: CheckState, finding: Finding, diagnostic: types.Diagnostic
                  ) -> types.CodeAction | None:
    if finding.category not in WORD_CATEGORIES:
        return None
    word = allowable(finding.text)
    if word is None:
        return None
    found = find_config_file(ls.config_start(state.uri))
    if found is not None and found.name not in CONFIG_NAMES:
        return None  # the config lives in pyproject.toml: a .helderetaal.yaml beside it would replace it
    target = found or _new_config_path(ls, state.uri)
    target_uri = from_fs_path(str(target))
    open_copy = ls.workspace.text_documents.get(target_uri)
    if open_copy is not None:
        current = open_copy.source
    elif target.is_file():
        try:
            current = target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
    else:
        current = ""
    edit = allow_edit(current, word)
    if edit is None:
        return None
    title = f"Zet '{word}' op de lijst van toegestane woorden ({target.name})"
    workspace_edit = ls._cap("workspace", "workspace_edit")
    document_changes = bool(getattr(workspace_edit, "document_changes", False))
    can_create = document_changes and "create" in [str(getattr(op, "value", op)) for op in
                                                   (getattr(workspace_edit, "resource_operations", None) or [])]
    text_edit = _text_edit(PositionMap(current, ls.encoding), edit)
    if target.exists() or open_copy is not None:
        if document_changes:
            change = types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=target_uri, version=None),
                edits=[text_edit])
            workspace = types.WorkspaceEdit(document_changes=[change])
        else:
            workspace = _workspace_edit(target_uri, [text_edit])
        return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                                edit=workspace)
    if can_create:
        workspace = types.WorkspaceEdit(document_changes=[
            types.CreateFile(uri=target_uri, options=types.CreateFileOptions(ignore_if_exists=True)),
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=target_uri, version=None),
                edits=[text_edit]),
        ])
        return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                                edit=workspace)
    # The client cannot create files through an edit: the server writes the new file itself.
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                            command=types.Command(title=title, command=ALLOW_COMMAND,
                                                  arguments=[str(target), word]))


def _new_config_path(ls: HelderetaalServer, uri: str) -> Path:
    """Where a new ``.helderetaal.yaml`` goes: the workspace folder that holds the letter, else
    the letter's own folder."""
    path = ls.fs_path(uri)
    folder = Path(path).parent if path else ls.config_start(uri)
    best: Path | None = None
    try:
        folders = [f.uri for f in ls.workspace.folders.values()]
        if ls.workspace.root_uri:
            folders.append(ls.workspace.root_uri)
    except RuntimeError:
        folders = []
    for folder_uri in folders:
        if not folder_uri.startswith("file:"):
            continue
        candidate = Path(to_fs_path(folder_uri))
        if folder == candidate or candidate in folder.parents:
            if best is None or len(candidate.parts) > len(best.parts):
                best = candidate
    return (best or folder) / CONFIG_NAMES[0]


@server.command(ALLOW_COMMAND)
def allow_word(ls: HelderetaalServer, path: str, word: str) -> bool:
    """Add ``word`` to the allow-list of the ``.helderetaal.yaml`` at ``path`` (made if missing)."""
    target = Path(path)
    if target.name not in CONFIG_NAMES:
        raise ValueError(f"{path} is geen .helderetaal.yaml")
    current = target.read_text(encoding="utf-8") if target.is_file() else ""
    edit = allow_edit(current, word)
    if edit is None:
        return False
    target.write_text(edit.apply(current), encoding="utf-8")
    ls.recheck_all()
    return True


def _wanted(only: list | None, kind: str) -> bool:
    if not only:
        return True
    return any(kind == str(getattr(k, "value", k)) or kind.startswith(str(getattr(k, "value", k)) + ".")
               for k in only)


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix], resolve_provider=False))
async def code_action(ls: HelderetaalServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    if not _wanted(params.context.only, types.CodeActionKind.QuickFix.value):
        return None
    uri = params.text_document.uri
    state = await ls.current(uri)
    if state is None:
        return None
    positions = state.positions
    actions: list[types.CodeAction] = []
    disable_line: list[types.CodeAction] = []
    disable_file: list[types.CodeAction] = []
    allow: list[types.CodeAction] = []
    seen_rules_line: set[tuple[str, int]] = set()
    seen_rules_file: set[str] = set()
    for finding, diagnostic in zip(state.findings, state.diagnostics):
        if not _overlaps(diagnostic.range, params.range):
            continue
        for number, suggestion in enumerate(finding.suggestions):
            edit = Edit(finding.start, finding.end, suggestion)
            actions.append(types.CodeAction(
                title=f"Vervang '{finding.text}' door '{suggestion}'",
                kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic], is_preferred=number == 0,
                edit=_workspace_edit(uri, [_text_edit(positions, edit)])))
        line = positions.line_of(finding.start)
        if (finding.rule, line) not in seen_rules_line:
            seen_rules_line.add((finding.rule, line))
            edit = disable_line_edit(state.text, positions, line, finding.rule)
            if edit is not None:
                disable_line.append(types.CodeAction(
                    title=f"Zet regel '{finding.rule}' uit op deze regel",
                    kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                    edit=_workspace_edit(uri, [_text_edit(positions, edit)])))
        if finding.rule not in seen_rules_file:
            seen_rules_file.add(finding.rule)
            edit = disable_file_edit(state.text, state.fmt, finding.rule, positions.newline())
            if edit is not None:
                disable_file.append(types.CodeAction(
                    title=f"Zet regel '{finding.rule}' uit in deze brief",
                    kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                    edit=_workspace_edit(uri, [_text_edit(positions, edit)])))
        try:
            action = _allow_action(ls, state, finding, diagnostic)
        except Exception:
            log.exception("allow-list action failed")
            action = None
        if action is not None and action.title not in {a.title for a in allow}:
            allow.append(action)
    if state.summary_edit is not None and params.range.start.line <= state.anchor_line <= params.range.end.line:
        actions.append(types.CodeAction(
            title="Zet een blok 'In het kort' na de aanhef",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[d for d in state.diagnostics if d.range.start.line == state.anchor_line] or None,
            edit=_workspace_edit(uri, [_text_edit(positions, state.summary_edit)])))
    return actions + allow + disable_line + disable_file or None


def serve(tcp: bool = False, port: int = 2087) -> None:
    """Run the server on stdio, or on TCP at 127.0.0.1:``port``."""
    import sys

    level = os.environ.get("HELDERETAAL_LSP_LOG", "INFO").upper()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("helderetaal").setLevel(getattr(logging, level, logging.INFO))
    if tcp:
        server.start_tcp("127.0.0.1", port)
        return
    # stdout carries the protocol only: give pygls its own handle on it, and send anything
    # else that writes to stdout (a print, a library warning) to stderr.
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    server.start_io(sys.stdin.buffer, protocol_out)
