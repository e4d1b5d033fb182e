"""Text from outside (file names, messages quoting a letter) made safe for a log line.

A file name may hold a line break followed by ``::error file=x::``: printed as is, the next
line of a CI log starts a GitHub workflow command; an escape character can rewrite a terminal.
Line-oriented output shows such characters as escapes (``\\n``, ``\\x1b``) instead.
"""

from __future__ import annotations

import unicodedata


def printable(value: str) -> str:
    """``value`` with control, format and line/paragraph-separator characters written as escapes."""
    if value.isprintable():
        return value
    out = []
    for char in value:
        if char.isprintable() or char in " \t" or unicodedata.category(char) in ("Zs", "Mn", "Mc", "Me"):
            out.append(char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        else:
            out.append(char.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def printable_path(path: str) -> str:
    """A path for the start of a log line: :func:`printable`, and never starting with ``::``
    (which GitHub reads as a workflow command)."""
    shown = printable(path)
    return "./" + shown if shown.startswith(":") else shown
