"""The server's kept config discovery (lsp/documents.py) answers as find_config_files does,
after every change to the files the walk looks at."""

from __future__ import annotations

import os
from pathlib import Path

from helderetaal.config import find_config_files
from helderetaal.lsp.documents import ConfigDiscovery


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 1_000_000_000  # a new stamp, however fast the test runs
    os.utime(path, ns=(stamp, stamp))


def test_discovery_follows_every_change(tmp_path: Path) -> None:
    project = tmp_path / "project"
    letters = project / "brieven" / "2025"
    letters.mkdir(parents=True)
    discovery = ConfigDiscovery()

    def same() -> tuple[Path, ...]:
        expected = find_config_files(letters)
        assert discovery(letters) == expected
        assert discovery(letters) == expected  # and again, from what was kept
        return expected

    assert same() == ()
    _write(project / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    assert project / "pyproject.toml" not in same()
    _write(project / "pyproject.toml", "[tool.helderetaal]\nprofile = 'besluit'\n")
    assert project / "pyproject.toml" in same()
    _write(letters / ".helderetaal.yaml", "profile: besluit\n")
    assert same()[-1] == letters / ".helderetaal.yaml"
    _write(letters / ".helderetaal.yaml", "root: true\n")
    assert same() == (letters / ".helderetaal.yaml",)
    _write(letters / ".helderetaal.yaml", "profile: besluit\n")
    (project / "brieven" / ".git").mkdir()
    assert same() == (letters / ".helderetaal.yaml",)
    (project / "brieven" / ".git").rmdir()
    (letters / ".helderetaal.yaml").unlink()
    _write(letters / ".helderetaal.yml", "profile: besluit\n")
    assert same()[-1] == letters / ".helderetaal.yml"
    (project / "pyproject.toml").unlink()
    same()
