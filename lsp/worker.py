"""Checks run in a separate worker process, so a slow letter can never block the server.

The server sends a :class:`CheckJob` (plain, picklable data) and gets a :class:`CheckResult`
back. A worker runs one check at a time (spaCy calls must not run in parallel); there are two
workers at most, so one long letter does not hold up the others. The server kills a worker when
its check takes longer than the time budget or when a newer version of the letter makes the
running check useless; the next check starts a fresh worker.

Workers are forked from a ``forkserver`` that has already imported spaCy and the rules and
checked a small letter (see :mod:`.preload`), so a restart takes milliseconds, not the seconds
a cold start takes. Where ``forkserver`` does not exist (Windows), workers are spawned.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import os
import pickle
import socket
import struct
import sys
import threading
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any, TypeVar, cast

from helderetaal import Config, ConfigError
from helderetaal.config import load_configs
from helderetaal.finding import Finding
from helderetaal.readers import parse_markdown, parse_text, refuse_long_text
from helderetaal.ruleset import Rule, RuleSet

from .edits import Edit, summary_edit

if TYPE_CHECKING:
    from helderetaal.memo import BlockResults
    from helderetaal.nlp import PieceTokens
    from helderetaal.passport import Passport

log = logging.getLogger("helderetaal.lsp")

#: Imported by the forkserver before it forks workers, so each worker starts with them loaded:
#: the main script (else every worker runs it again), this module, and spaCy with the rules.
PRELOAD_MODULES = ("__main__", "helderetaal.lsp.worker", "helderetaal.lsp.preload")

#: Where the server's event loop can watch the worker's pipe, the worker writes each result framed
#: by :data:`_RESULT_SIZE` and the loop reads it as it arrives; a thread waiting in ``recv`` per
#: check put its wake-up (about 0.2 ms) on every keystroke. Windows pipes cannot be
#: watched by the loop: there the result goes through ``Connection.send`` and a thread.
WATCH_RESULTS = sys.platform != "win32"
_RESULT_SIZE = struct.Struct("!Q")
#: ``recv`` allocates the whole chunk before it reads: 256 kB is over malloc's mmap threshold,
#: and each read (a one-page result is 9 kB) cost 23 us instead of 3 (socketpair, here).
_READ_CHUNK = 1 << 16

#: Young-generation threshold of the garbage collector in the server and its workers. A check of a
#: long letter holds thousands of new objects at once, nearly all freed by reference counting at
#: its end; with Python's default of 700, each keystroke on ten pages ran about four collections
#: that found almost nothing (1 ms of the worker's 13). At this threshold they run about once per
#: hundred keystrokes: memory stays flat (the benchmark's 300 edits).
YOUNG_COLLECTION_THRESHOLD = 20_000

#: Config cache key: (settings generation, the config files that apply (farthest first), their
#: (mtime, size) stamps).
ConfigKey = tuple[int, tuple[str, ...], tuple[tuple[int, int] | None, ...]]


@dataclass(frozen=True)
class CheckJob:
    """Everything a worker needs to check one version of a letter."""

    uri: str
    version: int | None
    text: str
    fmt: str
    path: str | None
    #: Every config file that applies, farthest first, merged as the CLI merges them.
    config_files: tuple[str, ...]
    overrides: Mapping[str, Any]
    config_key: ConfigKey


@dataclass(frozen=True)
class RuleInfo:
    """What the editor shows about a rule (hover, link), taken from its spec."""

    title: str
    #: Wat, Waarom, Beter and Bekende problemen as Markdown (the example is left out: the
    #: writer's own sentence is the example), rendered where every explanation is.
    explanation: str
    url: str | None

    @classmethod
    def of(cls, rule: Rule) -> RuleInfo:
        """The editor's view of ``rule``."""
        spec = rule.spec
        return cls(title=spec.title, explanation=spec.explanation.as_markdown(leave_out=("Voorbeeld",)), url=spec.url)


@dataclass(frozen=True)
class Problem:
    """A check that gave no findings, in one Dutch sentence for the writer, with its code."""

    message: str
    code: str


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one version of a letter (picklable)."""

    findings: tuple[Finding, ...] = ()
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)
    summary_edit: Edit | None = None
    #: Offset of the place for findings about the whole letter (the salutation).
    anchor: int = 0
    problem: Problem | None = None
    #: The letter passport (shown on hover over the first line).
    passport: Passport | None = None


class ConfigCache:
    """Configs by key, so a keystroke does not re-read the YAML (kept in the worker)."""

    def __init__(self, size: int = 32) -> None:
        self._size = size
        self._configs: dict[tuple[ConfigKey, str], Config] = {}

    def get(self, job: CheckJob) -> Config:
        """The config for ``job``: its file (or the defaults) with the editor settings on top."""
        key = (job.config_key, repr(sorted(job.overrides.items(), key=lambda item: str(item[0]))))
        cached = self._configs.get(key)
        if cached is not None:
            return cached
        config = load_configs(job.config_files)
        if job.overrides:
            config = config.with_overrides(job.overrides)
        if len(self._configs) >= self._size:
            self._configs.clear()
        self._configs[key] = config
        return config


def run_check(job: CheckJob, configs: ConfigCache, pieces: PieceTokens | None = None,
              results: BlockResults | None = None) -> CheckResult:
    """Check ``job``; never raises (a problem becomes :attr:`CheckResult.problem`).

    ``pieces`` is the worker's cache of tokens per block: a keystroke tokenizes only the block it
    changed (see :class:`helderetaal.nlp.PieceTokens`); ``results`` its cache of what the word
    rules found per block (see :class:`helderetaal.memo.BlockResults`)."""
    # Imported here, in the worker: the server process imports this module for its types only.
    from helderetaal.document import Document
    from helderetaal.engine import check_document

    try:
        config = configs.get(job)
        ruleset = cast(Callable[[], RuleSet], config.ruleset)()
    except ConfigError as error:
        where = "de instellingen (editor of .helderetaal.yaml) of de regels"
        log.warning("config error for %s: %s", job.uri, error)
        return CheckResult(problem=Problem(f"Fout in {where}: {error}", "configuratie"))
    except Exception as error:
        log.exception("could not load the config for %s", job.uri)
        return CheckResult(problem=Problem(f"helderetaal kon de instellingen niet lezen: {error}", "interne-fout"))
    try:
        # The letter is read and split once: the summary edit below places itself with the
        # checked Document's blocks (check_source, less the CLI's fingerprints).
        refuse_long_text(job.text, job.path)
        source = parse_markdown(job.text, job.path) if job.fmt == "md" else parse_text(job.text, job.path)
        document = Document(source, model=config.model, pieces=pieces, results=results)
        report = check_document(document, config, ruleset)
    except Exception as error:  # a broken rule or model must not cost the writer the server
        log.exception("checking %s failed", job.uri)
        return CheckResult(problem=Problem(f"helderetaal kon deze brief niet controleren: {error}", "interne-fout"))
    for message in report.errors:
        log.warning("%s: %s", job.uri, message)
    rules: dict[str, RuleInfo] = {}
    for finding in report.findings:
        rule = ruleset.get(finding.rule)
        if rule is not None and finding.rule not in rules:
            rules[finding.rule] = RuleInfo.of(rule)
    edit = None
    if report.summary:
        try:
            edit = summary_edit(job.text, source.analysed, job.fmt, report.summary, document.lines.newline(),
                                blocks=document.blocks)
        except Exception:
            log.exception("could not place the summary in %s", job.uri)
    return CheckResult(findings=report.findings, rules=rules, summary_edit=edit, anchor=report.anchor[0],
                       passport=report.passport)


def _worker_main(connection: Connection) -> None:
    """The worker process: check jobs until the server closes the pipe."""
    from helderetaal.memo import BlockResults
    from helderetaal.nlp import PieceTokens

    collect_less_often()
    configs = ConfigCache()
    # Kept across jobs, in the worker with the checks: the next version of a letter mostly
    # repeats this one's blocks.
    pieces = PieceTokens()
    results = BlockResults()
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        send_result(connection, run_check(job, configs, pieces, results))


def send_result(connection: Connection, result: CheckResult) -> None:
    """Send ``result`` to the server, as :meth:`WorkerProcess.check` reads it."""
    if not WATCH_RESULTS:
        connection.send(result)
        return
    data = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
    view = memoryview(_RESULT_SIZE.pack(len(data)) + data)
    while view:
        view = view[os.write(connection.fileno(), view):]


def collect_less_often() -> None:
    """Raise the garbage collector's young-generation threshold (see :data:`YOUNG_COLLECTION_THRESHOLD`)."""
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, older, oldest)


T = TypeVar("T")


def in_daemon_thread(function: Callable[[], T]) -> asyncio.Future[T]:
    """Run a blocking call in a thread of its own that never delays the process's exit (an
    executor's threads are joined at exit, and a worker that is still starting would hold it up)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: T | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(cast(T, outcome))

    def run() -> None:
        try:
            outcome = function()
        except BaseException as error:  # handed to the waiting coroutine
            loop.call_soon_threadsafe(settle, None, error)
        else:
            loop.call_soon_threadsafe(settle, outcome, None)

    threading.Thread(target=run, name="helderetaal-worker-io", daemon=True).start()
    return future


async def within(awaitable: Awaitable[T], budget: float) -> T:
    """``await awaitable``, raising :class:`asyncio.TimeoutError` after ``budget`` seconds.

    ``asyncio.wait_for`` (3.11) runs the awaitable as a task of its own and wakes the caller
    through a second future: three more turns of the event loop on every check, each on the
    way to a keystroke's diagnostics. ``asyncio.timeout`` (3.11+) cancels the caller itself."""
    if sys.version_info >= (3, 11):
        async with asyncio.timeout(budget):
            return await awaitable
    return await asyncio.wait_for(awaitable, budget)  # pragma: no cover - Python 3.10


class WorkerGone(Exception):
    """The worker process ended before it answered (killed on purpose, or crashed)."""


def _context() -> BaseContext:
    # The forkserver is started with ``python -c``, which puts the working directory first on
    # sys.path (Python 3.11 ignores the sys.path it is handed). Editors start the server in the
    # writer's folder; a folder named ``helderetaal`` there (a checkout of this project, as in
    # CI) would then be imported instead of the installed package, and every worker would die.
    # Python 3.11 has PYTHONSAFEPATH to keep the directory off sys.path; on 3.10, workers are
    # spawned, which hands them the server's own sys.path.
    if "forkserver" in multiprocessing.get_all_start_methods() and sys.version_info >= (3, 11):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(PRELOAD_MODULES))
        _start_forkserver_without_cwd()
        return context
    return multiprocessing.get_context("spawn")


def _start_forkserver_without_cwd() -> None:
    from multiprocessing import forkserver

    previous = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        forkserver.ensure_running()
    finally:
        if previous is None:
            del os.environ["PYTHONSAFEPATH"]
        else:
            os.environ["PYTHONSAFEPATH"] = previous


class WorkerProcess:
    """One worker process and the pipe to it."""

    def __init__(self, context: BaseContext) -> None:
        parent, child = context.Pipe(duplex=True)
        process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_worker_main, args=(child,), name="helderetaal-check", daemon=True)
        process.start()
        child.close()  # the worker holds the only other end: its death means EOF here
        self.process = process
        self.connection = parent
        #: While a result is awaited: the loop watching the pipe, its copy of the pipe, the result to come.
        self._watched: tuple[asyncio.AbstractEventLoop, socket.socket, asyncio.Future[object]] | None = None

    @property
    def pid(self) -> int | None:
        """The worker's process id."""
        return self.process.pid

    async def check(self, job: CheckJob) -> CheckResult:
        """Send ``job`` and wait for its result. Raises :class:`WorkerGone` when the worker dies."""
        try:
            self.connection.send(job)
            # Without WATCH_RESULTS, recv() blocks: in a thread, so the event loop never waits on it.
            result = await (self._receive() if WATCH_RESULTS else in_daemon_thread(self.connection.recv))
        except (EOFError, OSError, BrokenPipeError) as error:
            raise WorkerGone(str(error) or type(error).__name__) from error
        finally:
            # The wait also ends by a cancel (a newer version, the time limit): the loop stops
            # watching and the copy of the pipe is closed either way.
            self._stop_watching()
        if not isinstance(result, CheckResult):
            raise WorkerGone(f"unexpected answer {type(result).__name__}")
        return result

    def _receive(self) -> asyncio.Future[object]:
        """The next result the worker sends (see :func:`send_result`), read by the event loop as
        its bytes arrive."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[object] = loop.create_future()
        # The pipe is a socket (``Pipe(duplex=True)``): read without blocking, so a wake-up
        # without data can never stall the loop.
        pipe = socket.socket(fileno=os.dup(self.connection.fileno()))
        buffer = bytearray()

        def readable() -> None:
            try:
                chunk = pipe.recv(_READ_CHUNK, socket.MSG_DONTWAIT)
            except BlockingIOError:
                return
            except OSError as error:
                self._stop_watching(error)
                return
            if not chunk:
                self._stop_watching(EOFError("the worker closed the pipe"))
                return
            buffer.extend(chunk)
            if len(buffer) < _RESULT_SIZE.size:
                return
            (size,) = _RESULT_SIZE.unpack_from(buffer)
            if len(buffer) < _RESULT_SIZE.size + size:
                return
            self._stop_watching()
            if future.done():  # cancelled meanwhile
                return
            try:
                result = pickle.loads(memoryview(buffer)[_RESULT_SIZE.size:_RESULT_SIZE.size + size])
            except Exception as error:  # for the waiting check, as recv() would raise it
                future.set_exception(error)
                return
            future.set_result(result)

        loop.add_reader(pipe, readable)
        self._watched = (loop, pipe, future)
        return future

    def _stop_watching(self, error: BaseException | None = None) -> None:
        """Stop watching the pipe; ``error`` ends the wait for the result."""
        if self._watched is None:
            return
        loop, pipe, future = self._watched
        self._watched = None
        loop.remove_reader(pipe)
        pipe.close()
        if error is not None and not future.done():
            future.set_exception(error)

    def kill(self) -> None:
        """End the worker at once (a check in progress is lost)."""
        try:
            self.process.kill()
        except Exception:  # already gone
            log.debug("kill failed", exc_info=True)
        self.process.join(timeout=5)
        self._stop_watching(EOFError("the worker was stopped"))
        self.connection.close()


@dataclass(frozen=True)
class Stopped:
    """The check took longer than its time budget and was stopped."""

    budget: float


class Superseded(Exception):
    """The check was skipped because a newer version of the letter is waiting."""


class CheckRunner:
    """Runs checks in up to ``size`` worker processes, each check within a time budget.

    Each worker runs one check at a time. With two workers a long letter does not make the
    others wait: their checks run beside it (the checks of one letter never overlap, see
    :mod:`.documents`). Idle workers are kept; a worker forked from the warm forkserver shares
    most of its memory with it.
    """

    def __init__(self, size: int = 2) -> None:
        self.size = size
        self._context: BaseContext | None = None
        self._slots: asyncio.Semaphore | None = None
        self._idle: list[WorkerProcess] = []
        self._busy: set[WorkerProcess] = set()
        self._closed = False

    def _get_slots(self) -> asyncio.Semaphore:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.size)
        return self._slots

    def _new_worker(self) -> WorkerProcess:
        """Start a worker (blocks: the first one waits for the forkserver to load spaCy)."""
        if self._closed:
            raise WorkerGone("the server is shutting down")
        if self._context is None:
            self._context = _context()
        worker = WorkerProcess(self._context)
        if self._closed:  # shut down while it started
            worker.kill()
            raise WorkerGone("the server is shutting down")
        return worker

    async def _take_worker(self) -> WorkerProcess:
        """An idle worker that is alive, else a new one (holding a slot)."""
        while self._idle:
            worker = self._idle.pop()
            if worker.process.is_alive():
                return worker
            worker.kill()  # it died on its own: reap it
        return await in_daemon_thread(self._new_worker)

    async def start(self) -> None:
        """Start one worker now, so spaCy and the rules are loaded before the first letter."""
        async with self._get_slots():
            worker = await self._take_worker()
            self._idle.append(worker)

    @property
    def worker_pids(self) -> list[int | None]:
        """Process ids of the workers that run now."""
        return [worker.pid for worker in (*self._idle, *self._busy)]

    async def run(self, job: CheckJob, budget: float,
                  wanted: Callable[[], bool] | None = None) -> CheckResult | Stopped:
        """Check ``job`` within ``budget`` seconds.

        ``wanted`` (a callable without arguments) is asked once a worker is free: when it
        returns False the job is skipped with :class:`Superseded` (a newer version is waiting).
        Cancelling the call kills the worker that is checking this job. Raises
        :class:`WorkerGone` when the worker died on its own.
        """
        async with self._get_slots():
            if wanted is not None and not wanted():
                raise Superseded()
            worker = await self._take_worker()
            self._busy.add(worker)
            keep = False
            try:
                result = await within(worker.check(job), budget)
                keep = True
                return result
            except asyncio.TimeoutError:
                log.warning("check of %s v%s stopped after %.1f s", job.uri, job.version, budget)
                return Stopped(budget)
            # A WorkerGone or a cancel (a newer version, a close) ends up here too: the worker is
            # killed mid-check rather than left to finish a result nobody will use.
            finally:
                self._busy.discard(worker)
                if keep and not self._closed:
                    self._idle.append(worker)
                else:
                    worker.kill()

    def close(self) -> None:
        """Stop all workers for good (server shutdown)."""
        self._closed = True
        for worker in (*self._idle, *self._busy):
            worker.kill()
        self._idle.clear()
        self._busy.clear()
