"""Human-readable output: ``path:line:col: niveau [rule] message (suggestions)``.

The level is written in Dutch (fout, waarschuwing, info, tip); JSON and the other formats keep
the English values of the contract.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import click

from ..finding import SEVERITY_WORDS
from .printable import printable, printable_path

if TYPE_CHECKING:
    from ..passport import Passport
    from ..runner import RunResult

_COLOURS = {"error": "red", "warning": "yellow", "info": "blue", "hint": "cyan"}
_DUTCH = SEVERITY_WORDS
_PLURAL = {"error": "fouten", "warning": "waarschuwingen", "info": "info", "hint": "tips"}


def skipped_note(count: int) -> str:
    """The run summary's words for files in the checked folders that are no letter."""
    return f"{count} {'bestand' if count == 1 else 'bestanden'} overgeslagen: geen brief"


_STATUS_COLOURS = {"ok": "green", "aandacht": "yellow", "nvt": "bright_black"}


def passport_block(passport: Passport, path: str, *, color: bool = False) -> list[str]:
    """The letter passport as a compact block: a heading line, then one line per demand."""
    counts = ", ".join(f"{passport.count(status)} {status}" for status in ("ok", "aandacht", "nvt"))
    heading = f"{printable_path(path)}: paspoort ({counts})"
    lines = [click.style(heading, bold=True) if color else heading]
    width = max(len(entry.label) for entry in passport.entries)
    for entry in passport.entries:
        status = f"{entry.status:<8}"
        if color:
            status = click.style(status, fg=_STATUS_COLOURS[entry.status])
        lines.append(f"  {entry.label:<{width}}  {status}  {printable(entry.reason)}")
    return lines


def render(result: RunResult, *, color: bool = False, quiet: bool = False, passport: bool = False,
           **_: Any) -> str:
    """One line per finding, one per error, and a total (not with ``quiet``). With ``passport``,
    each letter's findings are followed by its passport block."""
    lines: list[str] = []
    counts: Counter[str] = Counter()
    for report in result.reports:
        for index, finding in enumerate(report.findings):
            counts[finding.severity] += 1
            where = f"{printable_path(report.path or '<tekst>')}:{finding.line}:{finding.column}"
            label = report.location_of(index)
            if label:
                where += f" ({label})"
            severity = _DUTCH[finding.severity]
            if color:
                severity = click.style(severity, fg=_COLOURS[finding.severity], bold=finding.severity == "error")
                where = click.style(where, bold=True)
            line = f"{where}: {severity} [{finding.rule}] {printable(finding.message)}"
            if finding.suggestions:
                line += f" (suggestie: {', '.join(finding.suggestions)})"
            lines.append(line)
        if passport and report.passport is not None:
            lines.extend(passport_block(report.passport, report.path or "<tekst>", color=color))
    for where, message in _error_lines(result):
        prefix = click.style("kan niet controleren", fg="red", bold=True) if color else "kan niet controleren"
        lines.append(f"{where}: {prefix}: {printable(message)}")
    if quiet:
        return "".join(line + "\n" for line in lines)
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


def _error_lines(result: RunResult) -> list[tuple[str, str]]:
    """(where, message) per error; one broken config shared by many letters is one line, not one a letter."""
    paths_of: dict[str, list[str]] = {}
    for error in result.errors:
        paths_of.setdefault(error.message, []).append(printable_path(error.path))
    lines = []
    for error in result.errors:
        paths = paths_of.get(error.message)
        if paths is None:
            continue  # already written with the first letter that has it
        if len(paths) > 1 and error.message.startswith("configuratiefout:"):
            del paths_of[error.message]
            lines.append((f"{paths[0]} en {len(paths) - 1} andere {'brief' if len(paths) == 2 else 'brieven'}",
                          error.message))
        else:
            lines.append((printable_path(error.path), error.message))
    return lines


def render_statistics(result: RunResult, *, rules: Any = None, color: bool = False, as_json: bool = False) -> str:
    """How many findings each rule gave (most first), as ruff's ``--statistics`` does."""
    import json

    titles = {rule["id"]: rule for rule in rules or ()}
    counts: Counter[str] = Counter()
    severities: dict[str, Counter[str]] = {}
    fixable: Counter[str] = Counter()
    for report in result.reports:
        for finding in report.findings:
            counts[finding.rule] += 1
            severities.setdefault(finding.rule, Counter())[finding.severity] += 1
            if len(finding.suggestions) == 1:
                fixable[finding.rule] += 1
    ordered = sorted(counts, key=lambda rule: (-counts[rule], rule))
    if as_json:
        rows = [{"rule": rule, "count": counts[rule], "severity": severities[rule].most_common(1)[0][0],
                 "title": titles.get(rule, {}).get("title", ""), "one_suggestion": fixable[rule]}
                for rule in ordered]
        return json.dumps({"statistics": rows, "errors": [error.to_dict() for error in result.errors]},
                          ensure_ascii=False, indent=2) + "\n"
    width = max((len(rule) for rule in ordered), default=0)
    number = max((len(str(counts[rule])) for rule in ordered), default=1)
    lines = []
    for rule in ordered:
        severity = _DUTCH[severities[rule].most_common(1)[0][0]]
        if color:
            severity = click.style(f"{severity:<12}", fg=_COLOURS[severities[rule].most_common(1)[0][0]])
        else:
            severity = f"{severity:<12}"
        lines.append(f"{counts[rule]:>{number}}  {rule:<{width}}  {severity} {titles.get(rule, {}).get('title', '')}"
                     .rstrip())
    for error in result.errors:
        lines.append(f"{error.path}: kan niet controleren: {error.message}")
    total = sum(counts.values())
    lines.append(f"{total} {'bevinding' if total == 1 else 'bevindingen'} van {len(ordered)} "
                 f"{'regel' if len(ordered) == 1 else 'regels'}")
    return "\n".join(lines) + "\n"
