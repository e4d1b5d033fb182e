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

from .config import Config, discover_config, find_config_file, load_config
from .engine import Report, check_source
from .readers import InputError, read_bytes, read_file, supported_suffixes
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
    :mod:`helderetaal.baseline`); formats such as GitLab and SARIF use it.
    """

    reports: list[Report] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    fingerprints: list[tuple[str, ...]] = field(default_factory=list)


def collect_paths(paths: Sequence[str], exclude: Sequence[str] = ()) -> tuple[list[str], list[FileError]]:
    """Expand folders (recursively, supported suffixes only) and keep files as given.

    A path that does not exist is an error, not a silent skip.
    """
    suffixes = set(supported_suffixes())
    found: list[str] = []
    errors: list[FileError] = []
    for raw in paths:
        if raw == STDIN:
            found.append(STDIN)
            continue
        path = Path(raw)
        if path.is_dir():
            letters = 0
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if Path(name).suffix.lower() in suffixes and not name.startswith((".", "~$")):
                        letters += 1
                        candidate = str(Path(root) / name)
                        if not _excluded(candidate, exclude):
                            found.append(candidate)
            if not letters:  # a folder whose letters are all excluded was emptied on purpose
                errors.append(FileError(raw, "geen brieven in deze map (gezocht naar "
                                             f"{', '.join(sorted(suffixes))})"))
        elif path.exists():
            found.append(raw)
        else:
            errors.append(FileError(raw, "bestand niet gevonden"))
    return found, errors


def _excluded(path: str, patterns: Sequence[str]) -> bool:
    normal = Path(path).as_posix()
    return any(fnmatch.fnmatch(normal, pattern) or fnmatch.fnmatch(Path(path).name, pattern) for pattern in patterns)


class ConfigResolver:
    """Finds and caches the config for each file (or uses one given explicitly)."""

    def __init__(self, explicit: str | Path | None = None, overrides: dict | None = None) -> None:
        self.explicit = load_config(explicit) if explicit else None
        self.overrides = overrides or {}
        self._by_file: dict[str | None, Config] = {}

    def for_path(self, path: str) -> Config:
        """The config for a letter at ``path`` (stdin: the current folder)."""
        if self.explicit is not None:
            config = self.explicit
            key: str | None = "explicit"
        else:
            start = Path.cwd() if path == STDIN else _folder_of(path)
            found = find_config_file(start)
            key = str(found) if found else None
            if key in self._by_file:
                return self._by_file[key]
            config = load_config(found) if found else Config()
        if key not in self._by_file:
            if self.overrides:
                config = config.with_overrides(self.overrides)
            config.ruleset()  # validates rule ids and options now, with the config's file and line
            self._by_file[key] = config
        return self._by_file[key]


def _folder_of(path: str) -> Path:
    """The folder a letter is in; a symlink loop (which the reader reports) must not crash this."""
    try:
        return Path(path).resolve().parent
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path)).parent


def check_one(path: str, resolver: ConfigResolver, stdin_name: str | None = None) -> Report | FileError:
    """Check one file; every expected failure becomes a :class:`FileError`."""
    return _check(path, resolver, stdin_name)[0]


def _check(path: str, resolver: ConfigResolver, stdin_name: str | None = None,
           ) -> tuple[Report | FileError, tuple[str, ...]]:
    """Check one file and fingerprint its findings."""
    from .baseline import fingerprints

    display = (stdin_name or "<stdin>") if path == STDIN else path
    try:
        config = resolver.for_path(path)
        if path == STDIN:
            source = read_bytes(sys.stdin.buffer.read(), display, Path(stdin_name or "stdin.txt").suffix or ".txt")
        else:
            source = read_file(path)
        report = check_source(source, config, config.ruleset())
        return report, fingerprints(source, report.findings)
    except InputError as error:
        return FileError(error.path if path != STDIN else display, error.reason if not error.line
                         else f"regel {error.line}: {error.reason}"), ()
    except ConfigError as error:
        return FileError(display, f"configuratiefout: {error}"), ()
    except RecursionError:
        return FileError(display, "de tekst is te diep genest om te controleren"), ()
    except MemoryError:
        return FileError(display, "te weinig geheugen om dit bestand te controleren"), ()


def run(paths: Iterable[str], resolver: ConfigResolver, stdin_name: str | None = None,
        progress: Callable[[int, int], None] | None = None, jobs: int = 1) -> RunResult:
    """Check every path; the result lists files in the order given, also with ``jobs`` > 1.

    With ``jobs`` > 1 the files are checked in that many worker processes; each worker loads
    the spaCy pipeline once and keeps it for all its files. Standard input is always read here.
    """
    result = RunResult()
    path_list = list(paths)
    total = len(path_list)
    if jobs > 1 and total > 1 and STDIN not in path_list:
        outcomes: Iterable[tuple[Report | FileError, tuple[str, ...]]] = _parallel(path_list, resolver, jobs)
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


def _start_worker(resolver: ConfigResolver) -> None:
    """Runs once in each worker process: keep the resolver and load the pipeline now."""
    global _WORKER_RESOLVER
    _WORKER_RESOLVER = resolver
    from .nlp import pipeline

    try:
        pipeline(resolver.explicit.model if resolver.explicit is not None else "blank")
    except Exception:  # a missing model is reported per file by the check itself
        pass


def _check_in_worker(path: str) -> tuple[Report | FileError, tuple[str, ...]]:
    assert _WORKER_RESOLVER is not None
    return _check(path, _WORKER_RESOLVER)


def _parallel(paths: list[str], resolver: ConfigResolver, jobs: int,
              ) -> Iterable[tuple[Report | FileError, tuple[str, ...]]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    workers = min(jobs, len(paths))
    chunk = max(1, min(8, len(paths) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                             initargs=(resolver,)) as pool:
        # map() yields in the order of ``paths``, so the output matches a serial run.
        yield from pool.map(_check_in_worker, paths, chunksize=chunk)


__all__ = ["ConfigResolver", "FileError", "RunResult", "STDIN", "check_one", "collect_paths", "discover_config",
           "run", "ConfigError"]
