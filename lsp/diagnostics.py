"""Findings as LSP diagnostics, and the one-line diagnostics for a check that gave no findings.

A keystroke changes few of a letter's diagnostics: the others keep their text and their place
(line and character; offsets shift, positions mostly do not). :class:`DiagnosticCache` keeps each
diagnostic of a document's last version with its JSON, keyed by everything the diagnostic shows,
so a keystroke builds and serializes only the diagnostics that changed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from cattrs import Converter
from lsprotocol import types
from pygls.protocol import default_converter

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


#: An editor range as plain numbers: (start line, start character, end line, end character).
Span = tuple[int, int, int, int]


def finding_span(finding: Finding, positions: PositionMap) -> Span:
    """The editor range of ``finding``; a long passage is cut to its first line."""
    start_line, start_character = positions.coords(finding.start)
    end_line, end_character = positions.coords(finding.end)
    if end_line - start_line > MAX_RANGE_LINES:
        end_line, end_character = positions.coords(positions.line_end(start_line))
    return start_line, start_character, end_line, end_character


def finding_range(finding: Finding, positions: PositionMap) -> types.Range:
    """:func:`finding_span` as an LSP range."""
    start_line, start_character, end_line, end_character = finding_span(finding, positions)
    return types.Range(start=types.Position(line=start_line, character=start_character),
                       end=types.Position(line=end_line, character=end_character))


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


@cache
def _converter() -> Converter:
    """pygls' own converter, so the JSON made here is the JSON pygls would send."""
    converter: Converter = default_converter()  # type: ignore[no-untyped-call]
    return converter


def diagnostic_json(diagnostic: types.Diagnostic) -> str:
    """``diagnostic`` as pygls writes it inside a message (``json.dumps`` of its unstructured form)."""
    return json.dumps(_converter().unstructure(diagnostic))


@dataclass(frozen=True)
class Diagnostics:
    """The diagnostics of one version, as objects (pull diagnostics, code actions) and as JSON
    (each :func:`diagnostic_json`, in the same order: what a push sends)."""

    items: list[types.Diagnostic]
    json: tuple[str, ...]

    @classmethod
    def of(cls, items: Sequence[types.Diagnostic]) -> Diagnostics:
        """Diagnostics that are serialized here (a problem, an empty list)."""
        return cls(list(items), tuple(diagnostic_json(item) for item in items))


def publish_json(uri: str, version: int | None, diagnostics: Diagnostics) -> str:
    """The ``publishDiagnostics`` notification's body, the same text as pygls makes of it."""
    empty = types.PublishDiagnosticsNotification(params=types.PublishDiagnosticsParams(
        uri=uri, version=version, diagnostics=[]), jsonrpc="2.0")
    skeleton = json.dumps(_converter().unstructure(empty))
    # The one '"diagnostics": []' in the skeleton is the key: a JSON string never holds an unescaped quote.
    return skeleton.replace('"diagnostics": []', '"diagnostics": [' + ", ".join(diagnostics.json) + "]", 1)


#: What a finding's diagnostic shows, besides the document: its range, the related places
#: (range and text), rule, message, severity, category, suggestions and the rule's link.
_Key = tuple[Span, tuple[tuple[Span, str], ...], str, str, str, str, tuple[str, ...], str | None]


def _key(finding: Finding, positions: PositionMap, url: str | None) -> _Key:
    related = tuple(((*positions.coords(place.start), *positions.coords(place.end)), place.text)
                    for place in finding.related)
    return (finding_span(finding, positions), related, finding.rule, finding.message, finding.severity,
            finding.category, finding.suggestions, url)


class DiagnosticCache:
    """The diagnostics of one document's last version, by what they show (see the module)."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self._entries: dict[_Key, tuple[types.Diagnostic, str]] = {}

    def diagnostics(self, result: CheckResult, positions: PositionMap) -> Diagnostics:
        """All diagnostics of ``result``, in the order of its findings (as :func:`finding_diagnostic`
        makes them, with the document's related information)."""
        if result.problem is not None:
            return Diagnostics.of([problem_diagnostic(positions, result.problem)])
        entries: dict[_Key, tuple[types.Diagnostic, str]] = {}
        items: list[types.Diagnostic] = []
        texts: list[str] = []
        for finding in result.findings:
            info = result.rules.get(finding.rule)
            url = info.url if info is not None else None
            key = _key(finding, positions, url)
            entry = entries.get(key) or self._entries.get(key)
            if entry is None:
                diagnostic = finding_diagnostic(finding, positions, url, self.uri)
                entry = (diagnostic, diagnostic_json(diagnostic))
            entries[key] = entry
            items.append(entry[0])
            texts.append(entry[1])
        # Only what this version shows is kept: the cache never outgrows one letter's diagnostics.
        self._entries = entries
        return Diagnostics(items, tuple(texts))

