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

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Bump when the shape of any cached value changes.
FORMAT = 1


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    configured = os.environ.get("HELDERETAAL_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "no") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "helderetaal"


def package_version(name: str) -> str:
    """The installed version of a distribution ("" when unknown)."""
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def cached(name: str, versions: tuple[str, ...], build: Callable[[], Any]) -> Any:
    """The value ``build()`` returns, read from the cache when a file for this key exists.

    The value must be marshallable (dicts, sets, lists, str, numbers).
    """
    folder = cache_dir()
    if folder is None:
        return build()
    key = "|".join((name, str(FORMAT), "%d.%d" % sys.version_info[:2], *versions))
    path = folder / f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                marshal.dump(value, stream)
            os.replace(temporary, path)  # atomic: a parallel reader never sees half a file
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, ValueError):
        pass
    return value
