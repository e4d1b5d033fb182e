"""Writing a file so that it is either the old one or the whole new one, never a piece.

A run killed halfway, or a disk that fills up, must not leave a 0-byte or truncated baseline
(the next ``check --baseline`` would fail on it) or a half report that a CI step then uploads.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomically(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to a temporary file beside ``path``, flush it to disk, then rename it over
    ``path``. On any error the temporary file is removed and ``path`` is untouched.

    A ``path`` that is a device or a pipe is written to directly; a link keeps pointing where it did.
    """
    target = Path(os.path.realpath(path))  # through a link: replace the file it points at, keep the link
    try:
        if not stat.S_ISREG(os.stat(target).st_mode):
            # A device or pipe (-o /dev/stdout, /dev/null) is written to, never replaced by a file.
            with open(target, "wb") as handle:
                handle.write(text.encode(encoding))
            return
    except FileNotFoundError:
        pass
    folder = target.parent
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode(encoding))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = os.stat(target).st_mode & 0o777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)  # mkstemp makes 0600; keep what the file had (or the usual)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a crash (where the system allows opening a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
