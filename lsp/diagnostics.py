"""Findings as LSP diagnostics, and the one-line diagnostics for a check that gave no findings."""

from __future__ import annotations

from lsprotocol import types

from helderetaal.finding import Finding

from .positions import PositionMap
from .worker import CheckResult, Problem

SOURCE = "helderetaal"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}
#: A finding that spans more lines than this is about a whole passage or the letter: it is
#: shown on its first line only, so the editor does not underline half the letter.
MAX_RANGE_LINES = 6
#: Problems that are about the check, not the letter, and how serious they are shown.
PROBLEM_SEVERITY = {
    "configuratie": types.DiagnosticSeverity.Error,
    "interne-fout": types.DiagnosticSeverity.Error,
    "controle-gestopt": types.DiagnosticSeverity.Warning,
    "te-groot": types.DiagnosticSeverity.Warning,
}


def finding_range(finding: Finding, positions: PositionMap) -> types.Range:
    """The editor range of ``finding``; a long passage is cut to its first line."""
    result = positions.range(finding.start, finding.end)
    if result.end.line - result.start.line > MAX_RANGE_LINES:
        result.end = positions.position(positions.line_end(result.start.line))
    return result


def problem_diagnostic(positions: PositionMap, problem: Problem) -> types.Diagnostic:
    """A problem with the check itself, shown on the first line of the letter."""
    return types.Diagnostic(range=positions.range(0, positions.line_end(0)), message=problem.message,
                            severity=PROBLEM_SEVERITY.get(problem.code, types.DiagnosticSeverity.Error),
                            code=problem.code, source=SOURCE)


def related_information(finding: Finding, positions: PositionMap, uri: str) -> list[types.DiagnosticRelatedInformation]:
    """The other places of a finding reported once per letter, as the editor lists them under it."""
    return [types.DiagnosticRelatedInformation(
        location=types.Location(uri=uri, range=positions.range(place.start, place.end)),
        message=f"Hier staat '{' '.join(place.text.split())}' nog een keer.")
        for place in finding.related]


def finding_diagnostic(finding: Finding, positions: PositionMap, url: str | None,
                       uri: str | None = None) -> types.Diagnostic:
    """One finding as a diagnostic; ``data`` carries what the code actions need. With the
    document's ``uri``, the other places of a once-per-letter finding are its related information."""
    return types.Diagnostic(
        range=finding_range(finding, positions),
        message=finding.message,
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.rule,
        code_description=types.CodeDescription(href=url) if url else None,
        source=SOURCE,
        data={"category": finding.category, "suggestions": list(finding.suggestions)},
        related_information=related_information(finding, positions, uri) if uri and finding.related else None,
    )


def diagnostics_for(result: CheckResult, positions: PositionMap, uri: str | None = None) -> list[types.Diagnostic]:
    """All diagnostics of a check result, in the order of its findings (``uri``: the document's,
    for the related information)."""
    if result.problem is not None:
        return [problem_diagnostic(positions, result.problem)]
    diagnostics = []
    for finding in result.findings:
        info = result.rules.get(finding.rule)
        diagnostics.append(finding_diagnostic(finding, positions, info.url if info is not None else None, uri))
    return diagnostics
