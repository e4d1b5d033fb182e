"""Human-readable output: ``path:line:col: severity [rule] message (suggestions)``."""

from __future__ import annotations

from collections import Counter
from typing import Any

import click

from ..runner import RunResult
from .printable import printable, printable_path

_COLOURS = {"error": "red", "warning": "yellow", "info": "blue", "hint": "cyan"}
_DUTCH = {"error": "fout", "warning": "waarschuwing", "info": "info", "hint": "tip"}
_PLURAL = {"error": "fouten", "warning": "waarschuwingen", "info": "info", "hint": "tips"}


def skipped_note(count: int) -> str:
    """The run summary's words for files in the checked folders that are no letter."""
    return f"{count} {'bestand' if count == 1 else 'bestanden'} overgeslagen: geen brief"


def render(result: RunResult, *, color: bool = False, **_: Any) -> str:
    """One line per finding, one per error, and a total."""
    lines: list[str] = []
    counts: Counter[str] = Counter()
    for report in result.reports:
        for index, finding in enumerate(report.findings):
            counts[finding.severity] += 1
            where = f"{printable_path(report.path or '<tekst>')}:{finding.line}:{finding.column}"
            label = report.location_of(index)
            if label:
                where += f" ({label})"
            severity = finding.severity
            if color:
                severity = click.style(severity, fg=_COLOURS[severity], bold=finding.severity == "error")
                where = click.style(where, bold=True)
            line = f"{where}: {severity} [{finding.rule}] {printable(finding.message)}"
            if finding.suggestions:
                line += f" (suggestie: {', '.join(finding.suggestions)})"
            lines.append(line)
    for error in result.errors:
        prefix = click.style("kan niet controleren", fg="red", bold=True) if color else "kan niet controleren"
        lines.append(f"{printable_path(error.path)}: {prefix}: {printable(error.message)}")
    total = sum(counts.values())
    files = len(result.reports)
    parts = [f"{counts[s]} {_DUTCH[s] if counts[s] == 1 else _PLURAL[s]}" for s in _COLOURS if counts[s]]
    summary = f"{total} {'bevinding' if total == 1 else 'bevindingen'} in {files} {'bestand' if files == 1 else 'bestanden'}"
    if parts:
        summary += f" ({', '.join(parts)})"
    if result.errors:
        summary += f"; {len(result.errors)} {'bestand' if len(result.errors) == 1 else 'bestanden'} met een fout"
    if result.skipped:
        summary += "; " + skipped_note(len(result.skipped))
    lines.append(summary)
    return "\n".join(lines) + "\n"
