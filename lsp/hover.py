"""Hover: the rule behind a finding explained where the writer points."""

from __future__ import annotations

from lsprotocol import types

from helderetaal.finding import Finding

from .diagnostics import finding_range
from .documents import DocumentState
from .worker import RuleInfo


def hover_text(finding: Finding, info: RuleInfo | None) -> str:
    """Markdown for one finding: title, message, what / why / better, alternatives, link."""
    parts = [f"**{info.title if info is not None else finding.rule}** (`{finding.rule}`)", finding.message]
    if info is not None:
        parts.append(f"**Wat**: {info.wat}")
        parts.append(f"**Waarom**: {info.waarom}")
        parts.append(f"**Beter**: {info.beter}")
    if finding.suggestions:
        parts.append("**Alternatieven**: " + ", ".join(f"*{s}*" for s in finding.suggestions))
    if info is not None and info.url:
        parts.append(f"[Meer uitleg]({info.url})")
    return "\n\n".join(parts)


def hover_at(state: DocumentState, position: types.Position) -> types.Hover | None:
    """The findings under ``position``, most precise first; None where there are none."""
    offset = state.positions.offset(position)
    hits = [f for f in state.findings if f.start <= offset < f.end or f.start == f.end == offset]
    if not hits:
        return None
    hits.sort(key=lambda f: f.end - f.start)
    text = "\n\n---\n\n".join(hover_text(finding, state.result.rules.get(finding.rule)) for finding in hits)
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                       range=finding_range(hits[0], state.positions))
