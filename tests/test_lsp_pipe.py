"""The worker's results reach the server through a pipe the event loop watches (no thread per
check): a result of any size arrives whole, and a worker that closes the pipe, or is stopped,
ends the wait at once.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
import threading

import pytest

from helderetaal.finding import Finding
from helderetaal.lsp.worker import WATCH_RESULTS, CheckResult, WorkerProcess, send_result

pytestmark = pytest.mark.skipif(not WATCH_RESULTS, reason="Windows: results come through Connection.recv")


def bare_worker(connection: object) -> WorkerProcess:
    """A WorkerProcess on one end of a pipe, without a process behind it."""
    worker = WorkerProcess.__new__(WorkerProcess)
    worker.connection = connection  # type: ignore[assignment]
    worker._watched = None  # noqa: SLF001
    return worker


def big_result(count: int) -> CheckResult:
    findings = tuple(Finding(rule="ambtelijk", category="jargon", severity="warning", message=f"Melding {i} " * 20,
                             start=i, end=i + 1, line=1, column=i + 1, end_line=1, end_column=i + 2, text="x")
                     for i in range(count))
    return CheckResult(findings=findings)


@pytest.mark.parametrize("count", [0, 3, 5000])
async def test_a_result_of_any_size_arrives_whole(count: int):
    server_end, worker_end = multiprocessing.Pipe(duplex=True)
    worker = bare_worker(server_end)
    result = big_result(count)
    waiting = worker._receive()  # noqa: SLF001
    sender = threading.Thread(target=send_result, args=(worker_end, result))
    sender.start()
    assert await asyncio.wait_for(waiting, 30) == result
    sender.join()
    assert worker._watched is None  # noqa: SLF001
    server_end.close()
    worker_end.close()


async def test_a_closed_pipe_ends_the_wait():
    server_end, worker_end = multiprocessing.Pipe(duplex=True)
    worker = bare_worker(server_end)
    waiting = worker._receive()  # noqa: SLF001
    os.write(worker_end.fileno(), b"\0\0\0")  # part of a size, then the worker is gone
    worker_end.close()
    with pytest.raises(EOFError):
        await asyncio.wait_for(waiting, 30)
    assert worker._watched is None  # noqa: SLF001
    server_end.close()


async def test_stopping_the_worker_ends_the_wait():
    server_end, worker_end = multiprocessing.Pipe(duplex=True)
    worker = bare_worker(server_end)
    waiting = worker._receive()  # noqa: SLF001
    worker._stop_watching(EOFError("the worker was stopped"))  # noqa: SLF001 - what kill() does first
    with pytest.raises(EOFError):
        await asyncio.wait_for(waiting, 30)
    server_end.close()
    worker_end.close()


def test_results_are_watched_except_on_windows():
    assert WATCH_RESULTS == (sys.platform != "win32")
