"""What a folder walk (:func:`helderetaal.runner.collect`) leaves out besides non-letters.

- Everything that a ``.gitignore`` (from the repository root down to the folder, plus
  ``.git/info/exclude``) ignores, with git's own rules (via :mod:`pathspec`).
- ``exclude`` patterns of the config that applies to a file (gitignore style, relative to the
  folder of the config file that sets them) skip that file, also when it is named on the
  command line (as pre-commit does), so a repository's README never fails CI.
- A file named on the command line is checked even when ``.gitignore`` ignores it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .yamlfile import ConfigError

if TYPE_CHECKING:
    from .runner import ConfigResolver


def excluded_by_config(path: str, resolver: ConfigResolver | None) -> bool:
    """True when the config that applies to ``path`` excludes it (a broken config: False, the
    check then reports it for this file)."""
    if resolver is None:
        return False
    try:
        return resolver.for_path(path).excludes(path)
    except ConfigError:
        return False


class GitIgnores:
    """The ``.gitignore`` files that apply below one starting folder, read once each."""

    def __init__(self, start: Path) -> None:
        absolute = Path(os.path.abspath(start))
        self.top = _repository_root(absolute) or absolute
        self._specs: dict[Path, Any] = {}
        self.extra: list[tuple[Path, Any]] = []
        spec = _read_spec(self.top / ".git" / "info" / "exclude")
        if spec is not None:
            self.extra.append((self.top, spec))

    def _spec(self, folder: Path) -> Any:
        if folder not in self._specs:
            self._specs[folder] = _read_spec(folder / ".gitignore")
        return self._specs[folder]

    def ignored(self, path: Path, *, is_dir: bool) -> bool:
        """True when git would ignore ``path``."""
        absolute = Path(os.path.abspath(path))
        # Deeper .gitignore files override shallower ones, as in git.
        folders = [folder for folder in (absolute.parent, *absolute.parent.parents)
                   if folder == self.top or self.top in folder.parents]
        specs = [(folder, self._spec(folder)) for folder in folders]
        for base, spec in [*specs, *self.extra]:
            if spec is None:
                continue
            relative = absolute.relative_to(base).as_posix() + ("/" if is_dir else "")
            verdict = spec.check_file(relative).include
            if verdict is not None:
                return bool(verdict)
        return False


def _repository_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _read_spec(gitignore: Path) -> Any:
    try:
        with open(gitignore, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:  # no such file (the common case), or unreadable: nothing ignored
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


__all__ = ["GitIgnores", "excluded_by_config"]
