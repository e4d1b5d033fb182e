"""A small on-disk cache of derived data (the lemma table, the common-word sets), so a cold
start does not rebuild it from its source packages every time.

Files live in the user's cache folder (``$HELDERETAAL_CACHE_DIR``, else
``$XDG_CACHE_HOME/helderetaal``, else ``~/.cache/helderetaal``), never in the project. Each file
name carries a key made of the data's name, the versions of the packages it came from, the
Python version (the file format is :mod:`marshal`) and :data:`FORMAT`; a changed version makes a
new file. ``HELDERETAAL_CACHE_DIR=off`` turns the cache off. A missing, unreadable or broken
file is rebuilt; a folder that cannot be written only costs speed.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

T = TypeVar("T")

#: Bump when the shape of any cached value changes.
FORMAT = 1


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    configured = os.environ.get("HELDERETAAL_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "no") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "helderetaal"


@functools.lru_cache(maxsize=None)
def package_version(name: str) -> str:
    """The installed version of a distribution ("" when unknown).

    Read from the name of its ``<name>-<version>.dist-info`` folder, found the way
    :mod:`importlib.metadata` finds it (first on ``sys.path``): ``metadata.version`` imports the
    email parser and reads the whole METADATA file, which cost a cold start about 0.1 s for the
    four packages the caches are keyed by. Anything else (an egg, a zip) asks importlib.metadata.
    """
    wanted = _normalised(name)
    for entry in sys.path:
        try:
            children = os.listdir(entry or ".")
        except OSError:
            continue
        for child in children:
            if child.endswith(".dist-info"):
                distribution, _, version = child[: -len(".dist-info")].partition("-")
                if version and _normalised(distribution) == wanted:
                    return version
            elif child.endswith((".egg-info", ".egg")) and _normalised(child.partition("-")[0].split(".")[0]) == wanted:
                break  # found, but not as a dist-info folder: let importlib.metadata read it
        else:
            continue
        break
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _normalised(name: str) -> str:
    """A distribution name as PEP 503 compares them (``spacy-lookups-data`` = ``spacy_lookups_data``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block. For work that makes many long-lived
    containers and keeps them all: a cached value (the hyphenation patterns are 16,000 tuples;
    reading them took 65 ms with the collector on, 6 ms with it off) and spaCy's import and
    pipeline (hundreds of thousands of objects, scanned again and again: some 5% of a cold start)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def cached(name: str, versions: tuple[str, ...], build: Callable[[], T]) -> T:
    """The value ``build()`` returns, read from the cache when a file for this key exists.

    The value must be marshallable (dicts, sets, lists, str, numbers).
    """
    folder = cache_dir()
    if folder is None:
        return build()
    key = "|".join((name, str(FORMAT), "%d.%d" % sys.version_info[:2], *versions))
    path = folder / f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.marshal"
    try:
        with collector_paused():
            value: T = marshal.loads(path.read_bytes())
        return value
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                marshal.dump(cast(Any, value), stream)
            os.replace(temporary, path)  # atomic: a parallel reader never sees half a file
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, ValueError):
        pass
    return value


class DiskTable:
    """A read-only ``str -> str`` table in an SQLite file in the cache folder.

    Loading a 200,000-entry dict costs a cold start a tenth of a second; a letter needs a few
    hundred of its entries. Entries read are kept in memory (up to :attr:`MEMO_LIMIT`).
    Safe from many threads.
    """

    MEMO_LIMIT = 200_000
    _MISSING = object()

    def __init__(self, path: Path) -> None:
        import sqlite3
        import threading

        self._connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._memo: dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        value = self._memo.get(key, self._MISSING)
        if value is self._MISSING:
            with self._lock:
                row = self._connection.execute("SELECT v FROM t WHERE k = ?", (key,)).fetchone()
            value = row[0] if row is not None else None
            if len(self._memo) >= self.MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = value
        return default if value is None else value

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def __len__(self) -> int:
        with self._lock:
            return int(self._connection.execute("SELECT count(*) FROM t").fetchone()[0])


def cached_table(name: str, versions: tuple[str, ...], build: Callable[[], dict[str, str]]) -> Any:
    """A :class:`DiskTable` of the dict ``build()`` returns; the dict itself when caching is off
    or the folder cannot be written."""
    folder = cache_dir()
    if folder is None:
        return build()
    key = "|".join((name, str(FORMAT), *versions))
    path = folder / f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.sqlite"
    import sqlite3

    if path.exists():
        try:
            return DiskTable(path)
        except sqlite3.Error:
            pass
    data = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        os.close(handle)
        try:
            with sqlite3.connect(temporary) as connection:
                connection.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID")
                connection.executemany("INSERT INTO t VALUES (?, ?)", data.items())
            connection.close()
            os.replace(temporary, path)  # atomic: a parallel reader never sees half a file
        except BaseException:
            os.unlink(temporary)
            raise
        return DiskTable(path)
    except (OSError, sqlite3.Error):
        return data


class _NotCacheable(Exception):
    """A parsed value that marshal cannot hold (a YAML timestamp, say)."""


_LINE_DICT = "\0LineDict"


def _encode(value: Any, line_dict: Any) -> Any:
    """``value`` (plain YAML data) in marshal's types: a :class:`LineDict` becomes a tuple that
    keeps its lines. Parsed YAML holds no tuples, so a tuple is always such a mapping."""
    if isinstance(value, (str, bool, int, float)) or value is None:
        return value
    if isinstance(value, line_dict):
        key_lines = getattr(value, "key_lines", {})
        return (_LINE_DICT, value.line, tuple(key_lines.items()),
                tuple((_encode(k, line_dict), _encode(v, line_dict)) for k, v in value.items()))
    if isinstance(value, list):
        return [_encode(item, line_dict) for item in value]
    raise _NotCacheable(type(value).__name__)


def _decode(value: Any, line_dict: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item, line_dict) for item in value]
    if isinstance(value, tuple):
        data = line_dict((_decode(k, line_dict), _decode(v, line_dict)) for k, v in value[3])
        data.line = value[1]
        data.key_lines = dict(value[2])
        return data
    return value


def cached_yaml(text: str, parse: Callable[[str], Any], line_dict: Any) -> Any:
    """``parse(text)``, read from the cache when this exact text was parsed before.

    Rule files are parsed on every cold start (about a tenth of a second for the bundled ones);
    their parsed form is kept keyed by the text's hash, so an edited file is parsed again.
    ``line_dict`` is the mapping type with line numbers (:class:`helderetaal.yamlfile.LineDict`),
    kept with its lines. A text that fails to parse raises as always and is never cached; a value
    marshal cannot hold is simply not cached.
    """
    folder = cache_dir()
    if folder is None:
        return parse(text)
    # The loader's own file is part of the key: a changed loader (new line fields, say) must
    # not be answered from files it did not write.
    loader = Path(getattr(sys.modules.get(line_dict.__module__), "__file__", None) or __file__).stat()
    key = "|".join((str(FORMAT), "%d.%d" % sys.version_info[:2], str(loader.st_mtime_ns), str(loader.st_size)))
    digest = hashlib.sha256(key.encode() + b"\0" + text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    path = folder / "yaml" / f"{digest}.marshal"
    try:
        with collector_paused():
            value = _decode(marshal.loads(path.read_bytes()), line_dict)
        try:
            os.utime(path)  # recently used: kept when the folder is trimmed
        except OSError:
            pass
        return value
    except (OSError, ValueError, EOFError, TypeError, IndexError, AttributeError):
        pass
    value = parse(text)
    try:
        encoded = _encode(value, line_dict)
    except (_NotCacheable, RecursionError):
        return value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".yaml-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                marshal.dump(encoded, stream)
            os.replace(temporary, path)  # atomic: a parallel reader never sees half a file
        except BaseException:
            os.unlink(temporary)
            raise
        _trim(path.parent)
    except (OSError, ValueError):
        pass
    return value


#: Parsed YAML files kept at most; every config a test suite writes is a new text.
MAX_YAML_FILES = 256


def _trim(folder: Path) -> None:
    """Remove the least recently used parsed files once there are more than :data:`MAX_YAML_FILES`."""
    files = list(folder.glob("*.marshal"))
    if len(files) <= MAX_YAML_FILES:
        return
    stamped = []
    for file in files:
        try:
            stamped.append((file.stat().st_mtime_ns, file))
        except OSError:
            continue
    stamped.sort()
    for _, file in stamped[: len(stamped) - MAX_YAML_FILES * 3 // 4]:
        try:
            file.unlink()
        except OSError:
            pass
