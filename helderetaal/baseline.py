"""Baselines: accept today's findings so that a check reports only new ones.

Findings are matched by their fingerprint (see :mod:`helderetaal.fingerprint`): moving a
paragraph or re-wrapping it keeps a finding accepted.

Baseline file (JSON)::

    {"version": 1, "tool": "helderetaal",
     "files": {"brieven/a.md": [{"fingerprint": "...", "rule": "ambtelijk", "text": "middels", "line": 3}]}}

Paths are stored relative to the baseline file's folder, with forward slashes.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .oserrors import reason as os_reason
from .runner import RunResult

BASELINE_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or has the wrong shape."""


def relative_key(path: str, base: Path) -> str:
    """``path`` relative to ``base`` (the baseline's folder), with forward slashes."""
    try:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    except ValueError:  # another drive on Windows
        relative = os.path.abspath(path)
    return Path(relative).as_posix()


@dataclass
class Baseline:
    """Accepted fingerprints per file."""

    base: Path
    files: dict[str, Counter[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        """Read a baseline file; raises :class:`BaselineError` with a Dutch message."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"baseline {path} bestaat niet; maak hem met 'helderetaal baseline'") from None
        except OSError as error:
            raise BaselineError(f"baseline {path} is niet te lezen: {os_reason(error)}") from None
        except UnicodeDecodeError:
            raise BaselineError(f"baseline {path} is niet te lezen: het bestand is geen UTF-8") from None
        except json.JSONDecodeError as error:
            raise BaselineError(f"baseline {path} is niet te lezen: geen geldige JSON (regel {error.lineno})") from None
        if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION or not isinstance(data.get("files"), dict):
            raise BaselineError(f"baseline {path} heeft niet de vorm van een helderetaal-baseline (versie 1)")
        files: dict[str, Counter[str]] = {}
        for name, entries in data["files"].items():
            if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str)
                                                        for e in entries):
                raise BaselineError(f"baseline {path}: de lijst voor '{name}' is ongeldig")
            files[name] = Counter(entry["fingerprint"] for entry in entries)
        return cls(Path(path).resolve().parent, files)

    def filter(self, result: RunResult) -> tuple[RunResult, int]:
        """A copy of ``result`` without the accepted findings, and how many were hidden."""
        reports = []
        prints = []
        hidden = 0
        for position, report in enumerate(result.reports):
            marks = result.fingerprints[position] if position < len(result.fingerprints) else ()
            accepted = Counter(self.files.get(relative_key(report.path or "", self.base), Counter()))
            keep = []
            for index, finding in enumerate(report.findings):
                mark = marks[index] if index < len(marks) else None
                if mark is not None and accepted[mark] > 0:
                    accepted[mark] -= 1
                    hidden += 1
                else:
                    keep.append(index)
            locations = {new: report.locations[old] for new, old in enumerate(keep) if old in (report.locations or {})}
            reports.append(replace(report, findings=tuple(report.findings[i] for i in keep), locations=locations))
            prints.append(tuple(marks[i] for i in keep if i < len(marks)))
        return RunResult(reports=reports, errors=list(result.errors), fingerprints=prints), hidden


def baseline_document(result: RunResult, output: str | Path) -> dict[str, Any]:
    """The baseline file's content for every finding in ``result``."""
    base = Path(output).resolve().parent
    files: dict[str, list[dict[str, Any]]] = {}
    for position, report in enumerate(result.reports):
        marks = result.fingerprints[position]
        entries = files.setdefault(relative_key(report.path or "", base), [])
        for finding, mark in zip(report.findings, marks):
            entries.append({"fingerprint": mark, "rule": finding.rule, "text": " ".join(finding.text.split()),
                            "line": finding.line})
    # A file that could not be read this time (locked, moved for a moment) keeps what the old
    # baseline accepted for it: dropping it would make all its findings "new" on the next check.
    for key, entries in _previous_entries(result, Path(output), base).items():
        files.setdefault(key, entries)
    return {"version": BASELINE_VERSION, "tool": "helderetaal", "files": dict(sorted(files.items()))}


def _previous_entries(result: RunResult, output: Path, base: Path) -> dict[str, list[dict[str, Any]]]:
    """The old baseline's entries for the files of ``result`` that could not be checked."""
    if not result.errors or not output.is_file():
        return {}
    try:
        old = json.loads(output.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    old_files = old.get("files") if isinstance(old, dict) and old.get("version") == BASELINE_VERSION else None
    if not isinstance(old_files, dict):
        return {}
    unreadable = {relative_key(error.path, base) for error in result.errors}
    return {key: entries for key, entries in old_files.items() if key in unreadable and isinstance(entries, list)}


def write_baseline(result: RunResult, output: str | Path) -> int:
    """Write the baseline for ``result`` to ``output``; returns the number of findings in it."""
    from .atomicfile import write_atomically

    document = baseline_document(result, output)
    # Atomically: a run killed halfway or a full disk leaves the old baseline, not a broken one.
    write_atomically(output, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return sum(len(entries) for entries in document["files"].values())
