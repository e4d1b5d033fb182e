"""The open letters: what is checked when, and the result for each version.

* An edit schedules a check after the debounce; a newer edit replaces the waiting one and stops
  a running check of an older version (the worker is killed, see :mod:`.worker`).
* One check per (version, config) at a time: hover, code actions, pull diagnostics and the
  publisher all wait for the same one, and a result is kept only while its version is current,
  so a superseded version is never published.
* A letter over the size limit the CLI uses is not checked; it gets one diagnostic saying so.
"""

from __future__ import annotations

import asyncio
import logging
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from lsprotocol import types
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from helderetaal.config import CONFIG_NAMES, find_config_file, find_config_files
from helderetaal.finding import Finding
from helderetaal.readers import MAX_FILE_BYTES
from helderetaal.resolver import config_stamp

from .diagnostics import DiagnosticCache, Diagnostics
from .positions import PositionMap
from .settings import EditorSettings
from .worker import (
    CheckJob,
    CheckResult,
    CheckRunner,
    ConfigKey,
    Problem,
    Stopped,
    Superseded,
    WorkerGone,
)

log = logging.getLogger("helderetaal.lsp")

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
TEXT_LANGUAGES = {"plaintext": "txt", "text": "txt", "markdown": "md"}
SETTINGS_TIMEOUT = 5.0

#: What a cached result depends on besides the text: settings generation, the config files and
#: their stamps (see :data:`ConfigKey`), and the position encoding.
StateKey = tuple[int, tuple[str, ...], tuple[tuple[int, int] | None, ...], str]


class Host(Protocol):
    """What the documents need from the server."""

    settings: EditorSettings

    @property
    def encoding(self) -> str: ...

    @property
    def pull_mode(self) -> bool: ...

    def text_document(self, uri: str) -> TextDocument | None: ...

    def open_uris(self) -> list[str]: ...

    def workspace_root(self) -> Path | None: ...

    def publish(self, uri: str, version: int | None, diagnostics: Diagnostics) -> None: ...

    def refresh_diagnostics(self) -> None: ...

    def log_to_client(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None: ...


def fs_path(uri: str) -> str | None:
    """The file path of a ``file:`` URI, else None (an untitled buffer)."""
    return to_fs_path(uri) if uri.startswith("file:") else None


def document_format(uri: str, language_id: str | None) -> str | None:
    """``txt`` or ``md`` for a letter, None for a document this server does not check."""
    suffix = Path(uri.split("?")[0]).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return TEXT_SUFFIXES[suffix]
    language = (language_id or "").lower()
    if language in TEXT_LANGUAGES:
        return TEXT_LANGUAGES[language]
    if not suffix and not language:
        return "txt"
    return None


def too_large(text: str) -> Problem | None:
    """The size limit of the CLI (:data:`helderetaal.readers.MAX_FILE_BYTES`), in UTF-8 bytes."""
    if len(text) * 4 <= MAX_FILE_BYTES:
        return None  # cannot be over the limit: no need to encode
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(f"Deze brief is te groot om te controleren ({size // 1024} kB; de grens is "
                   f"{MAX_FILE_BYTES // 1024} kB). Splits de brief in kleinere delen.", "te-groot")


def stopped_problem(budget: float) -> Problem:
    """The one diagnostic for a check that ran out of time."""
    return Problem(f"helderetaal heeft de controle van deze brief gestopt, omdat die langer duurde dan {budget:g} "
                   "seconden. Er staan daarom nu geen meldingen bij deze brief. Maak de brief korter, of zet de "
                   "instelling 'time_limit' hoger.", "controle-gestopt")


#: What :func:`find_config_files` looks at in each folder on its way up: a config, a
#: pyproject.toml (does it have a helderetaal section?) and the .git that ends the walk.
_LOOKED_AT = (*CONFIG_NAMES, "pyproject.toml", ".git")
#: Stat of a path: (mode, modification time in ns, size), None when there is nothing there.
_Stat = tuple[int, int, int] | None


def _stat(path: str) -> _Stat:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mode, status.st_mtime_ns, status.st_size


class ConfigDiscovery:
    """:func:`find_config_files` per folder, walked again only when a file it may read changed.

    The walk reads each pyproject.toml on the way up (for a ``[tool.helderetaal]``) and each config
    (for ``root: true``): 0.9 ms on every keystroke for a letter in a project with a
    pyproject.toml. The key is the stat of every name the walk may look at, in every folder up to
    the file system's root (whatever the walk finds, it finds in those files): a few dozen stats."""

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._found: dict[Path, tuple[tuple[_Stat, ...], tuple[Path, ...]]] = {}

    def __call__(self, start: Path) -> tuple[Path, ...]:
        """What ``find_config_files(start)`` returns now."""
        folder = start.resolve()
        stamps = (_stat(str(folder)), *(_stat(os.path.join(directory, name))
                                        for directory in (folder, *folder.parents) for name in _LOOKED_AT))
        cached = self._found.get(folder)
        if cached is not None and cached[0] == stamps:
            return cached[1]
        found = find_config_files(start)
        if len(self._found) >= self._size:
            self._found.clear()
        self._found[folder] = (stamps, found)
        return found


@dataclass(frozen=True)
class Snapshot:
    """One version of a letter and what its check depends on, taken on the event loop."""

    uri: str
    version: int | None
    text: str
    fmt: str
    path: str | None
    encoding: str
    settings: EditorSettings
    config_files: tuple[Path, ...]
    key: StateKey

    def job(self) -> CheckJob:
        """The worker's part of this snapshot."""
        config_key: ConfigKey = (self.key[0], self.key[1], self.key[2])
        return CheckJob(uri=self.uri, version=self.version, text=self.text, fmt=self.fmt, path=self.path,
                        config_files=tuple(str(file) for file in self.config_files),
                        overrides=dict(self.settings.overrides), config_key=config_key)


@dataclass
class DocumentState:
    """The result of checking one version of a document."""

    uri: str
    version: int | None
    key: StateKey
    text: str
    fmt: str
    positions: PositionMap
    result: CheckResult
    rendered: Diagnostics
    published: bool = False

    @property
    def diagnostics(self) -> list[types.Diagnostic]:
        """The diagnostics of this version, in the order of the findings."""
        return self.rendered.items

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The findings of this version (empty when the check did not run)."""
        return self.result.findings if self.result.problem is None else ()

    @property
    def result_id(self) -> str:
        """Identifies this result for pull diagnostics (changes with text version and config)."""
        return f"{self.version}-{zlib.crc32(repr(self.key).encode()):08x}"


class Documents:
    """Scheduling and results of the checks of all open letters."""

    def __init__(self, host: Host, runner: CheckRunner) -> None:
        self.host = host
        self.runner = runner
        self.generation = 0
        self.settings_ready = asyncio.Event()
        self.states: dict[str, DocumentState] = {}
        self._checks: dict[str, tuple[tuple[int | None, StateKey], asyncio.Task[DocumentState | None]]] = {}
        self._publishers: dict[str, asyncio.Task[None]] = {}
        self._rendered: dict[str, DiagnosticCache] = {}
        self._discovery = ConfigDiscovery()

    # -- snapshots -----------------------------------------------------------------------------
    def format_of(self, uri: str) -> str | None:
        """``txt``/``md`` for an open letter, None otherwise."""
        document = self.host.text_document(uri)
        return document_format(uri, document.language_id if document is not None else None)

    def config_start(self, uri: str) -> Path:
        """The folder where config discovery starts for a document."""
        path = fs_path(uri)
        if path:
            return Path(path).parent
        return self.host.workspace_root() or Path.cwd()

    def config_file(self, uri: str) -> Path | None:
        """The nearest config file for ``uri`` (None: none), where an allow-listed word goes."""
        return find_config_file(self.config_start(uri))

    def config_files(self, uri: str) -> tuple[Path, ...]:
        """Every config file that applies to ``uri``, farthest first: the CLI's discovery (nested
        configs merged, the walk stopping at the repository root or ``root: true``)."""
        return self._discovery(self.config_start(uri))

    def snapshot(self, uri: str) -> Snapshot | None:
        """The document as it is now, or None when it is not an open letter."""
        document = self.host.text_document(uri)
        if document is None:
            return None
        fmt = document_format(uri, document.language_id)
        if fmt is None:
            return None
        found = self.config_files(uri)
        encoding = self.host.encoding
        key: StateKey = (self.generation, tuple(str(file) for file in found),
                         tuple(config_stamp(file) for file in found), encoding)
        return Snapshot(uri=uri, version=document.version, text=document.source, fmt=fmt, path=fs_path(uri),
                        encoding=encoding, settings=self.host.settings, config_files=found, key=key)

    def _is_current(self, snap: Snapshot) -> bool:
        document = self.host.text_document(snap.uri)
        return document is not None and document.version == snap.version and self.generation == snap.key[0]

    # -- checking --------------------------------------------------------------------------------
    async def wait_settings(self) -> None:
        """Wait until the first editor settings have arrived (the configuration race)."""
        if not self.settings_ready.is_set():
            try:
                await asyncio.wait_for(self.settings_ready.wait(), SETTINGS_TIMEOUT)
            except asyncio.TimeoutError:
                log.warning("no answer to workspace/configuration; using the defaults")
                self.settings_ready.set()

    async def current(self, uri: str) -> DocumentState | None:
        """The check result for the document as it is now (cached, or checked now).

        None when the document is not an open letter, or it changed during the check.
        """
        await self.wait_settings()
        snap = self.snapshot(uri)
        if snap is None:
            return None
        cached = self.states.get(uri)
        if cached is not None and cached.version == snap.version and cached.key == snap.key:
            return cached
        wanted = (snap.version, snap.key)
        running = self._checks.get(uri)
        if running is not None and running[0] == wanted:
            task = running[1]
        else:
            if running is not None:
                running[1].cancel()  # an older version, or an old config: its result would be dropped
            task = asyncio.get_running_loop().create_task(self._check(snap))
            self._checks[uri] = (wanted, task)
            task.add_done_callback(lambda done: self._check_done(uri, done))
        # Many callers share one check: waiting must not cancel it, and a check that was
        # cancelled because a newer version arrived means "nothing for this version".
        await asyncio.wait({task})
        return None if task.cancelled() else task.result()

    def _check_done(self, uri: str, task: asyncio.Task[DocumentState | None]) -> None:
        entry = self._checks.get(uri)
        if entry is not None and entry[1] is task:
            del self._checks[uri]
        if not task.cancelled() and task.exception() is not None:
            log.error("check of %s failed: %s", uri, task.exception())

    async def _check(self, snap: Snapshot) -> DocumentState | None:
        budget = snap.settings.time_limit
        problem = too_large(snap.text)
        result: CheckResult
        if problem is not None:
            result = CheckResult(problem=problem)
        else:
            try:
                outcome = await self.runner.run(snap.job(), budget, wanted=lambda: self._is_current(snap))
            except Superseded:
                return None
            except WorkerGone as error:
                log.error("the check worker died while checking %s: %s", snap.uri, error)
                result = CheckResult(problem=Problem(
                    "helderetaal kon deze brief niet controleren: het controleproces stopte onverwacht.",
                    "interne-fout"))
            else:
                result = CheckResult(problem=stopped_problem(budget)) if isinstance(outcome, Stopped) else outcome
        if not self._is_current(snap):
            return None  # changed meanwhile: a newer check follows
        positions = PositionMap(snap.text, snap.encoding)
        cache = self._rendered.get(snap.uri)
        if cache is None:
            cache = self._rendered[snap.uri] = DiagnosticCache(snap.uri)
        rendered = cache.diagnostics(result, positions)
        state = DocumentState(uri=snap.uri, version=snap.version, key=snap.key, text=snap.text, fmt=snap.fmt,
                              positions=positions, result=result, rendered=rendered)
        self.states[snap.uri] = state
        return state

    # -- scheduling --------------------------------------------------------------------------------
    def schedule(self, uri: str, delay: float | None = None) -> None:
        """Check ``uri`` after the debounce (push mode), replacing a check that is waiting and
        stopping one that runs for an older version."""
        document = self.host.text_document(uri)
        if document is None:
            return
        running = self._checks.get(uri)
        if running is not None and running[0][0] != document.version:
            running[1].cancel()
        if self.host.pull_mode:
            return  # the client asks when it wants them
        previous = self._publishers.pop(uri, None)
        if previous is not None:
            previous.cancel()
        wait = self.host.settings.debounce if delay is None else delay
        self._publishers[uri] = asyncio.get_running_loop().create_task(self._publish_later(uri, wait))

    async def _publish_later(self, uri: str, delay: float) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            state = await self.current(uri)
            if state is not None and not state.published and not self.host.pull_mode:
                state.published = True
                self.host.publish(uri, state.version, state.rendered)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # tasks are invisible to pygls: log here
            log.exception("checking %s failed", uri)
            self.host.log_to_client(f"helderetaal: controle van {uri} mislukt: {error}", types.MessageType.Error)
        finally:
            if self._publishers.get(uri) is asyncio.current_task():
                del self._publishers[uri]

    def recheck_all(self) -> None:
        """Check every open letter again now (after a settings, config or allow-list change)."""
        self.generation += 1
        if self.host.pull_mode:
            self.host.refresh_diagnostics()
            return
        for uri in self.host.open_uris():
            if self.format_of(uri) is not None:
                self.schedule(uri, 0)

    def forget(self, uri: str) -> None:
        """The document was closed: stop its checks and drop its results."""
        publisher = self._publishers.pop(uri, None)
        if publisher is not None:
            publisher.cancel()
        running = self._checks.pop(uri, None)
        if running is not None:
            running[1].cancel()
        self.states.pop(uri, None)
        self._rendered.pop(uri, None)

    def close(self) -> None:
        """Stop everything (shutdown)."""
        for publisher in list(self._publishers.values()):
            publisher.cancel()
        for _, check in list(self._checks.values()):
            check.cancel()
        self.runner.close()
