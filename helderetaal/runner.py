"""Checking many files: collecting paths, finding each file's config, gathering results.

One bad file never stops the others: its problem becomes an entry in ``errors``.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import discover_config
from .engine import Report, check_source
from .readers import InputError, read_bytes, read_file, size_limit, supported_suffixes
from .resolver import ConfigResolver
from .yamlfile import ConfigError

STDIN = "-"
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


@dataclass(frozen=True)
class FileError:
    """A file that could not be checked (or a rule that failed on it), for the ``errors`` list."""

    path: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


@dataclass
class RunResult:
    """Reports for the files that were checked, and errors for those that were not.

    ``fingerprints[i][j]`` is the stable fingerprint of ``reports[i].findings[j]`` (see
    :mod:`helderetaal.fingerprint`); baselines and formats such as GitLab and SARIF use it.
    """

    reports: list[Report] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    fingerprints: list[tuple[str, ...]] = field(default_factory=list)
    #: Files in the checked folders that are no letter (see :class:`Collection`).
    skipped: list[str] = field(default_factory=list)


@dataclass
class Collection:
    """What a run will check: ``files`` in order, ``errors`` for paths that cannot be checked, and
    ``skipped``: files in the given folders that are no letter (no known suffix, dotfiles, Word's
    ``~$`` lock files), counted in the run's summary so nothing is left out without a word."""

    files: list[str] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def collect(paths: Sequence[str], exclude: Sequence[str] = (), resolver: ConfigResolver | None = None) -> Collection:
    """Expand folders (recursively, supported suffixes only) and keep files as given.

    A path that does not exist is an error, not a silent skip. A symbolic link is followed only
    when it points inside the checked root: the folder being walked, or for a path named
    directly the folder it is in. One pointing elsewhere (``brieven/key.md`` -> ``~/.ssh/id_rsa``,
    ``brieven`` -> ``/etc``) is reported and never read.

    In folders, what ``.gitignore`` ignores is left out (see :mod:`helderetaal.files`); with a
    ``resolver``, each file's own config ``exclude`` applies, also to files named directly.
    """
    from .files import GitIgnores, excluded_by_config

    suffixes = set(supported_suffixes())
    found = Collection()
    for raw in paths:
        if raw == STDIN:
            found.files.append(STDIN)
            continue
        path = Path(raw)
        outside = _link_outside(raw, _real(Path(os.path.abspath(raw)).parent)) if os.path.islink(raw) else None
        if outside:
            found.errors.append(FileError(raw, outside))
            continue
        if path.is_dir():
            letters = 0
            folder = _real(path)
            ignores = GitIgnores(path)
            for walk_root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")
                                 and not ignores.ignored(Path(walk_root) / d, is_dir=True))
                for name in sorted(files):
                    candidate = str(Path(walk_root) / name)
                    if ignores.ignored(Path(candidate), is_dir=False):
                        continue
                    if Path(name).suffix.lower() not in suffixes or name.startswith((".", "~$")):
                        if not _excluded(candidate, exclude):
                            found.skipped.append(candidate)
                        continue
                    letters += 1
                    if _excluded(candidate, exclude) or excluded_by_config(candidate, resolver):
                        continue
                    outside = _link_outside(candidate, folder) if os.path.islink(candidate) else None
                    if outside:
                        found.errors.append(FileError(candidate, outside))
                    else:
                        found.files.append(candidate)
            if not letters:  # a folder whose letters are all excluded was emptied on purpose
                found.errors.append(FileError(raw, "geen brieven in deze map (gezocht naar "
                                                   f"{', '.join(sorted(suffixes))})"))
        elif path.exists() or os.path.islink(raw):
            if not excluded_by_config(raw, resolver):
                found.files.append(raw)  # a broken link or a loop is reported by the reader
        else:
            found.errors.append(FileError(raw, "bestand niet gevonden"))
    return found


def collect_paths(paths: Sequence[str], exclude: Sequence[str] = ()) -> tuple[list[str], list[FileError]]:
    """:func:`collect` as (files, errors)."""
    found = collect(paths, exclude)
    return found.files, found.errors


def _real(path: str | Path) -> Path:
    try:
        return Path(os.path.realpath(path))
    except (OSError, RuntimeError, ValueError):
        return Path(os.path.abspath(path))


def _link_outside(path: str, root: Path) -> str | None:
    """Why the symbolic link ``path`` is not followed, when it leads out of ``root``; else None."""
    try:
        real = Path(os.path.realpath(path, strict=True))
    except (OSError, RuntimeError, ValueError):
        return None  # missing, a loop or unreadable: the reader says which
    if real == root or root in real.parents:
        return None
    return ("dit is een snelkoppeling (symbolische link) naar iets buiten de map die wordt gecontroleerd; "
            "het is niet gelezen")


def _excluded(path: str, patterns: Sequence[str]) -> bool:
    normal = Path(path).as_posix()
    return any(fnmatch.fnmatch(normal, pattern) or fnmatch.fnmatch(Path(path).name, pattern) for pattern in patterns)


def check_one(path: str, resolver: ConfigResolver, stdin_name: str | None = None) -> Report | FileError:
    """Check one file; every expected failure becomes a :class:`FileError`."""
    return _check(path, resolver, stdin_name)[0]


def _check(path: str, resolver: ConfigResolver, stdin_name: str | None = None,
           ) -> tuple[Report | FileError, tuple[str, ...]]:
    """Check one file; the report's findings come with their fingerprints."""
    display = (stdin_name or "<stdin>") if path == STDIN else path
    try:
        config = resolver.for_path(path)
        if path == STDIN:
            suffix = Path(stdin_name or "stdin.txt").suffix or ".txt"
            # At most the limit plus one byte: `helderetaal check - < /dev/zero` must not fill memory.
            source = read_bytes(sys.stdin.buffer.read(size_limit(suffix) + 1), display, suffix)
        else:
            source = read_file(path)
        report = check_source(source, config, config.ruleset())
        return report, report.fingerprints
    except InputError as error:
        return FileError(error.path if path != STDIN else display, error.reason if not error.line
                         else f"regel {error.line}: {error.reason}"), ()
    except ConfigError as error:
        return FileError(display, f"configuratiefout: {error}"), ()
    except RecursionError:
        return FileError(display, "de tekst is te diep genest om te controleren"), ()
    except MemoryError:
        return FileError(display, "te weinig geheugen om dit bestand te controleren"), ()
    except Exception as error:  # noqa: BLE001 - a bug met by one letter must not stop the others
        return FileError(display, f"interne fout in helderetaal ({type(error).__name__}: {error}); de andere brieven "
                                  "zijn wel gecontroleerd. Meld dit, graag met dit bestand."), ()


def run(paths: Iterable[str], resolver: ConfigResolver, stdin_name: str | None = None,
        progress: Callable[[int, int], None] | None = None, jobs: int = 1) -> RunResult:
    """Check every path; the result lists files in the order given, also with ``jobs`` > 1.

    With ``jobs`` > 1 the files are checked in that many worker processes; each worker loads
    the spaCy pipeline once and keeps it for all its files. ``jobs=0`` decides from the work:
    see :func:`_auto`. Standard input is always read here.
    """
    result = RunResult()
    path_list = list(paths)
    total = len(path_list)
    if jobs == 0 and STDIN not in path_list:
        outcomes: Iterable[tuple[Report | FileError, tuple[str, ...]]] = _auto(path_list, resolver)
    elif jobs > 1 and total > 1 and STDIN not in path_list:
        outcomes = _parallel(path_list, resolver, jobs)
    else:
        outcomes = (_check(path, resolver, stdin_name) for path in path_list)
    for number, (path, (outcome, marks)) in enumerate(zip(path_list, outcomes), 1):
        if isinstance(outcome, FileError):
            result.errors.append(outcome)
        else:
            result.reports.append(outcome)
            result.fingerprints.append(marks)
            result.errors.extend(FileError(outcome.path or path, message) for message in outcome.errors)
        if progress:
            progress(number, total)
    return result


# -- parallel checking ------------------------------------------------------------------

_WORKER_RESOLVER: ConfigResolver | None = None
#: Shared with the parent: 1 at index i once a worker has started on paths[i].
_WORKER_STARTED: Any = None


def _start_worker(resolver: ConfigResolver, started: Any = None) -> None:
    """Runs once in each worker process: keep the resolver and load the pipeline now."""
    global _WORKER_RESOLVER, _WORKER_STARTED
    _WORKER_RESOLVER = resolver
    _WORKER_STARTED = started
    from .nlp import pipeline

    try:
        pipeline(resolver.explicit.model if resolver.explicit is not None else "blank")
    except Exception:  # a missing model is reported per file by the check itself
        pass


def _check_in_worker(index: int, path: str) -> tuple[Report | FileError, tuple[str, ...]]:
    assert _WORKER_RESOLVER is not None
    if _WORKER_STARTED is not None:
        _WORKER_STARTED[index] = 1
    return _check(path, _WORKER_RESOLVER)


#: ``--jobs 0`` starts workers only when the files still to check would take longer than this.
AUTO_PARALLEL_SECONDS = 4.0


def _auto(paths: list[str], resolver: ConfigResolver) -> Iterable[tuple[Report | FileError, tuple[str, ...]]]:
    """``--jobs 0``: check serially, and start workers (one per core) only when it pays.

    Starting a worker costs about as much as a second of checking, and a forked worker is
    only warm when the parent has already checked a letter. So the first letters are checked
    here; once the measured time per letter says the rest would take longer than
    :data:`AUTO_PARALLEL_SECONDS`, the remaining letters go to forked (warm) workers.
    """
    import multiprocessing
    import time

    cores = os.cpu_count() or 1
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    warm = 0.0  # when the first letter (which also fills the caches) was done
    for done, path in enumerate(paths, 1):
        yield _check(path, resolver)
        if done == 1:
            warm = time.perf_counter()
        left = len(paths) - done
        if cores < 2 or not can_fork or left < 2 * cores or done < 3:
            continue
        if (time.perf_counter() - warm) / (done - 1) * left > AUTO_PARALLEL_SECONDS:
            yield from _parallel(paths[done:], resolver, cores)
            return


def _parallel(paths: list[str], resolver: ConfigResolver, jobs: int,
              ) -> Iterable[tuple[Report | FileError, tuple[str, ...]]]:
    """Check ``paths`` in worker processes, yielding results in the order of ``paths``.

    A worker that dies (killed, out of memory) breaks the whole pool in ``concurrent.futures``;
    the results that were finished are kept and the rest is checked in a new pool. The files
    that were being checked when it happened are then checked one at a time, each in its own
    process: one that kills its worker again gets an error, the others their report.
    """
    results: dict[int, tuple[Report | FileError, tuple[str, ...]]] = {}
    pending = list(range(len(paths)))
    suspects: list[int] = []
    next_out = 0
    while pending or suspects:
        if pending:
            broken = _run_pool(paths, pending, resolver, min(jobs, len(pending)), results) or []
            left = [index for index in pending if index not in results and index not in broken]
            if not broken and len(left) == len(pending):  # no worker got as far as a file
                for index in left:
                    results[index] = (FileError(paths[index], "het controleproces kon niet starten; probeer --jobs 1"),
                                      ())
                left = []
            pending = left
            suspects.extend(broken)
        else:
            index = suspects.pop(0)
            if _run_pool(paths, [index], resolver, 1, results) is not None and index not in results:
                results[index] = (FileError(paths[index], "het controleproces stopte onverwacht bij dit bestand "
                                                           "(te weinig geheugen?); het is niet gecontroleerd"), ())
        while next_out in results:
            yield results.pop(next_out)
            next_out += 1
    while next_out in results:
        yield results.pop(next_out)
        next_out += 1


def _run_pool(paths: list[str], indexes: list[int], resolver: ConfigResolver, workers: int,
              results: dict[int, tuple[Report | FileError, tuple[str, ...]]]) -> list[int] | None:
    """Check ``paths[i]`` for each of ``indexes`` in one pool, filling ``results``.

    Returns None when no worker died, else the indexes that were being checked when one did;
    the indexes that had not started yet are neither in ``results`` nor returned.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    started = context.RawArray("b", len(paths))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                               initargs=(resolver, started))
    try:
        futures = [(pool.submit(_check_in_worker, index, paths[index]), index) for index in indexes]
        for future, index in futures:
            try:
                results[index] = future.result()
            except BrokenProcessPool:
                suspects = []
                for other, other_index in futures:
                    if other_index in results:
                        continue
                    if other.done() and not other.cancelled() and other.exception() is None:
                        results[other_index] = other.result()  # finished before the pool broke
                    elif started[other_index]:
                        suspects.append(other_index)  # a worker had it: one of these took it down
                return suspects
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return None


__all__ = ["Collection", "ConfigResolver", "FileError", "RunResult", "STDIN", "check_one", "collect", "collect_paths",
           "discover_config",
           "run", "ConfigError"]
