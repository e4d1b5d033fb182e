"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request.

``::warning file=brieven/a.md,line=3,col=13,endLine=3,endColumn=20,title=ambtelijk::message``.
Message data escapes ``%``, CR and LF; property values also escape ``:`` and ``,``.
"""

from __future__ import annotations

from typing import Any

from ..runner import RunResult
from .text import skipped_note

_LEVELS = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}


def escape_data(value: str) -> str:
    """Escape the message part of a workflow command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value (file, title) of a workflow command."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(result: RunResult, *, rules: Any = None, **_: Any) -> str:
    """One ``::level ...::message`` line per finding and per unreadable file, then a total."""
    titles = {rule["id"]: rule.get("title") for rule in rules or ()}
    lines: list[str] = []
    count = 0
    for report in result.reports:
        path = escape_property(report.path or "<tekst>")
        for index, finding in enumerate(report.findings):
            count += 1
            properties = (f"file={path},line={finding.line},col={finding.column},"
                          f"endLine={finding.end_line},endColumn={finding.end_column},"
                          f"title={escape_property(_title(finding.rule, titles))}")
            message = finding.message
            label = report.location_of(index)
            if label:
                message = f"{message} ({label})"
            if finding.suggestions:
                message += f" (suggestie: {', '.join(finding.suggestions)})"
            lines.append(f"::{_LEVELS.get(finding.severity, 'warning')} {properties}::{escape_data(message)}")
    for error in result.errors:
        lines.append(f"::error file={escape_property(error.path)},title=helderetaal::"
                     f"{escape_data('kan niet controleren: ' + error.message)}")
    files = len(result.reports)
    lines.append(f"helderetaal: {count} {'bevinding' if count == 1 else 'bevindingen'} in {files} "
                 f"{'bestand' if files == 1 else 'bestanden'}"
                 + (f"; {len(result.errors)} met een fout" if result.errors else "")
                 + (f"; {skipped_note(len(result.skipped))}" if result.skipped else ""))
    return "\n".join(lines) + "\n"


def _title(rule: str, titles: dict[str, Any]) -> str:
    title = titles.get(rule)
    return f"{title} [{rule}]" if title else rule
