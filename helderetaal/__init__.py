"""helderetaal: a plain-language checker for Dutch letters to residents.

Library use::

    import helderetaal

    report = helderetaal.check("Wij informeren u middels deze brief.")
    for finding in report.findings:
        print(finding.line, finding.column, finding.rule, finding.message)

    report = helderetaal.check_file("brieven/herinrichting.md")

Both calls are safe from many threads; the spaCy pipeline is built once, on first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .finding import CATEGORIES, ELEMENT_KEYS, SEVERITIES, Finding

if TYPE_CHECKING:
    from .config import Config, ConfigError, discover_config, load_config
    from .engine import Report
    from .readers import InputError

__version__ = "0.1.0"

#: Version of the JSON output contract (``helderetaal check --format json``).
JSON_VERSION = 1


_FROM_CONFIG = frozenset({"Config", "ConfigError", "discover_config", "load_config"})


def __getattr__(name: str) -> Any:
    # The config (and the rule kinds it loads), the engine and the readers are imported on first
    # use, so that small commands (``helderetaal --help``, ``rules``, ``explain``) start without them.
    if name in _FROM_CONFIG:
        from . import config

        value = getattr(config, name)
        globals()[name] = value  # the next lookup is an ordinary one
        return value
    if name == "Report":
        from .engine import Report

        return Report
    if name == "InputError":
        from .readers import InputError

        return InputError
    raise AttributeError(f"module 'helderetaal' has no attribute {name!r}")


def check(text: str, *, config: Config | None = None, path: str | Path | None = None, format: str | None = None) -> Report:
    """Check a letter given as text and return its :class:`Report`.

    ``path`` names the letter in the report and, when given, picks the parser from its suffix
    (``.md`` is read as Markdown); ``format`` (``"txt"`` or ``"md"``) overrides that. A text
    longer than ``readers.MAX_FILE_BYTES`` characters raises :class:`InputError`.
    Without ``config`` the defaults apply (no config file is looked up for plain text).
    """
    from .engine import check_source
    from .readers import parse_markdown, parse_text, refuse_long_text

    if not isinstance(text, str):
        raise TypeError("check() takes the letter as str; use check_file() for a file")
    name = str(path) if path is not None else None
    refuse_long_text(text, name)
    kind = format or (Path(name).suffix.lower().lstrip(".") if name else "txt")
    source = parse_markdown(text, name) if kind in ("md", "markdown") else parse_text(text, name)
    if config is None:
        from .config import Config

        config = Config()
    return check_source(source, config)


def check_file(path: str | Path, *, config: Config | None = None) -> Report:
    """Read a letter from ``path`` and return its :class:`Report`.

    Without ``config`` every ``.helderetaal.yaml`` (or ``pyproject.toml``) above the file up to
    the repository root applies, nearer ones winning, as in the CLI and the language server. Raises :class:`InputError` for a file that cannot be read and
    :class:`ConfigError` for a broken config.
    """
    from .engine import check_source
    from .readers import read_file

    if config is None:
        from .config import discover_config

        config = discover_config(Path(path).parent)
    source = read_file(path)
    return check_source(source, config)


__all__ = [
    "CATEGORIES",
    "Config",
    "ConfigError",
    "ELEMENT_KEYS",
    "Finding",
    "InputError",
    "JSON_VERSION",
    "Report",
    "SEVERITIES",
    "check",
    "check_file",
    "discover_config",
    "load_config",
]
