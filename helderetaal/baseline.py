"""Baselines: accept today's findings so that a check reports only new ones.

A finding's fingerprint is made of the rule, the matched text and the sentence it stands in
(lower case, words only), plus a count for repeats of that same triple in the file. Line numbers
are not part of it, so findings keep their fingerprint when paragraphs move, lines are inserted
above them or a paragraph is re-wrapped.

Baseline file (JSON)::

    {"version": 1, "tool": "helderetaal",
     "files": {"brieven/a.md": [{"fingerprint": "...", "rule": "ambtelijk", "text": "middels", "line": 3}]}}

Paths are stored relative to the baseline file's folder, with forward slashes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .readers.base import SourceText
from .structure import find_blocks, find_sentences

if TYPE_CHECKING:
    from .finding import Finding
    from .runner import RunResult

BASELINE_VERSION = 1
_WORD = re.compile(r"\w+")


class BaselineError(Exception):
    """A baseline file that cannot be read or has the wrong shape."""


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces: punctuation, markup and line breaks do not count."""
    return " ".join(_WORD.findall(text.lower()))


def fingerprints(source: SourceText, findings: Sequence[Finding]) -> tuple[str, ...]:
    """One fingerprint per finding, in the same order."""
    blocks = find_blocks(source.analysed, source.line_is_paragraph)
    sentences = find_sentences(source.analysed, blocks)
    starts = [sentence.start for sentence in sentences]
    seen: Counter[str] = Counter()
    result = []
    for finding in findings:
        context = _context(source, sentences, starts, finding.start, finding.end)
        key = "\x00".join((finding.rule, normalise(finding.text), context))
        index = seen[key]
        seen[key] += 1
        result.append(hashlib.sha256(f"{key}\x00{index}".encode()).hexdigest()[:32])
    return tuple(result)


def _context(source: SourceText, sentences: Sequence[Any], starts: list[int], start: int, end: int) -> str:
    import bisect

    index = bisect.bisect_right(starts, start) - 1
    if index >= 0 and sentences[index].start <= start < max(sentences[index].end, start + 1):
        first = sentences[index]
        last_index = index
        while last_index + 1 < len(sentences) and sentences[last_index + 1].start < end:
            last_index += 1
        return normalise(source.analysed[first.start:sentences[last_index].end])
    # Outside any sentence (e.g. in markup): the line around the finding.
    line_start = source.text.rfind("\n", 0, start) + 1
    line_end = source.text.find("\n", end)
    return normalise(source.analysed[line_start:line_end if line_end >= 0 else len(source.text)])


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
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise BaselineError(f"baseline {path} is niet te lezen: {error}") from None
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
        from .runner import RunResult

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
    return {"version": BASELINE_VERSION, "tool": "helderetaal", "files": dict(sorted(files.items()))}


def write_baseline(result: RunResult, output: str | Path) -> int:
    """Write the baseline for ``result`` to ``output``; returns the number of findings in it."""
    from .atomicfile import write_atomically

    document = baseline_document(result, output)
    # Atomically: a run killed halfway or a full disk leaves the old baseline, not a broken one.
    write_atomically(output, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return sum(len(entries) for entries in document["files"].values())
