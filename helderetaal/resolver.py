"""Which config applies to a letter: the one resolver the CLI and the language server share.

A letter's config is the one given explicitly, else the nearest ``.helderetaal.yaml`` /
``.helderetaal.yml`` / ``pyproject.toml`` with ``[tool.helderetaal]`` in its folder or a
parent, merged over the config files further up (to the repository root or ``root: true``),
else the defaults. Settings from another source (CLI flags, editor settings) are
layered on top. Every config is validated against its rules when it is resolved, so a wrong
rule id or option value is reported once, at its file and line, before any letter is checked.

A loaded config is kept while its file is unchanged (same modification time and size): a
long-running process such as the language server sees an edited config at the next check.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .config import Config, find_config_file, find_config_files, load_config, load_configs

#: Configs kept per resolver; a workspace rarely has more than a few.
MAX_CONFIGS = 64


def config_stamp(path: str | Path | None) -> tuple[int, int] | None:
    """(modification time in ns, size) of a config file; None when there is none or it is gone."""
    if path is None:
        return None
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


class ConfigResolver:
    """Finds, loads, layers and validates the config for each letter, and remembers it.

    ``explicit`` is a config file that applies to every letter (``--config``); ``overrides``
    is a mapping in the config's own format (``{"profile": "besluit"}``, editor settings)
    layered on top of whichever config applies.
    """

    def __init__(self, explicit: str | Path | None = None, overrides: Mapping[str, Any] | None = None) -> None:
        self.explicit_path = Path(explicit) if explicit else None
        self.overrides: Mapping[str, Any] = dict(overrides or {})
        self._configs: dict[tuple[str | None, tuple[tuple[int, int] | None, ...], str], Config] = {}
        # An explicit config that cannot be read stops the run now; one whose rules or options
        # are wrong is reported for each letter (other files may use other rule folders).
        self.explicit = load_config(self.explicit_path) if self.explicit_path else None

    def config_file(self, start: str | Path) -> Path | None:
        """The config file for a letter in (or the folder) ``start``; None means the defaults."""
        if self.explicit_path is not None:
            return self.explicit_path
        return find_config_file(start)

    def for_folder(self, folder: str | Path, overrides: Mapping[str, Any] | None = None) -> Config:
        """The config for a letter in ``folder``."""
        return self.for_file(self.config_file(folder), overrides)

    def for_path(self, path: str | Path) -> Config:
        """The config for the letter at ``path`` (``-``, standard input: the current folder)."""
        if str(path) == "-":
            return self.for_folder(Path.cwd())
        return self.for_folder(_folder_of(path))

    def for_file(self, config_file: str | Path | None, overrides: Mapping[str, Any] | None = None) -> Config:
        """The config in ``config_file`` (None: the defaults) with this resolver's overrides and
        ``overrides`` on top, validated against its rules. Raises :class:`ConfigError`."""
        layered = {**self.overrides, **(overrides or {})}
        name = str(config_file) if config_file is not None else None
        explicit = self.explicit is not None and config_file is not None and Path(config_file) == self.explicit_path
        # The config files in parent folders are merged under the nearest one (nearest wins).
        chain = () if config_file is None else (Path(config_file),) if explicit else (
            find_config_files(Path(config_file).parent) or (Path(config_file),))
        key = (name, tuple(config_stamp(file) for file in chain),
               repr(sorted(layered.items(), key=lambda item: str(item[0]))))
        config = self._configs.get(key)
        if config is None:
            if config_file is None:
                config = Config()
            elif explicit:
                assert self.explicit is not None
                config = self.explicit
            else:
                config = load_configs(chain)
            if layered:
                config = config.with_overrides(layered)
            config.ruleset()  # validates rule ids and options now, with the config's file and line
            if len(self._configs) >= MAX_CONFIGS:
                self._configs.clear()
            self._configs[key] = config
        return config


def _folder_of(path: str | Path) -> Path:
    """The folder a letter is in; a symlink loop (which the reader reports) must not crash this."""
    try:
        return Path(path).resolve().parent
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path)).parent
