"""Hover: the rule behind a finding explained where the writer points, and the letter
passport on the first line."""

from __future__ import annotations

from lsprotocol import types

from helderetaal.finding import Finding
from helderetaal.passport import Passport

from .diagnostics import finding_range
from .documents import DocumentState
from .worker import RuleInfo


def hover_text(finding: Finding, info: RuleInfo | None) -> str:
    """Markdown for one finding: title, message, what / why / better / known problems,
    alternatives, link."""
    parts = [f"**{info.title if info is not None else finding.rule}** (`{finding.rule}`)", finding.message]
    if info is not None and info.explanation:
        parts.append(info.explanation)
    if finding.suggestions:
        parts.append("**Alternatieven**: " + ", ".join(f"*{s}*" for s in finding.suggestions))
    if info is not None and info.url:
        parts.append(f"[Meer uitleg]({info.url})")
    return "\n\n".join(parts)


_MARKS = {"ok": "✅", "aandacht": "⚠️", "nvt": "➖"}


def passport_text(passport: Passport) -> str:
    """Markdown for the letter passport: one list item per demand with its status and reason."""
    counts = ", ".join(f"{passport.count(status)} {status}" for status in ("ok", "aandacht", "nvt"))
    lines = [f"**Paspoort van deze brief** ({counts})", ""]
    for entry in passport.entries:
        lines.append(f"- {_MARKS[entry.status]} **{entry.label}** ({entry.status}): {entry.reason}")
    return "\n".join(lines)


def hover_at(state: DocumentState, position: types.Position) -> types.Hover | None:
    """The findings under ``position``, most precise first, and on the first line the letter
    passport; None where there is nothing to show."""
    offset = state.positions.offset(position)
    hits = [f for f in state.findings if f.start <= offset < f.end or f.start == f.end == offset]
    hits.sort(key=lambda f: f.end - f.start)
    parts = [hover_text(finding, state.result.rules.get(finding.rule)) for finding in hits]
    passport = state.result.passport if state.result.problem is None else None
    if position.line == 0 and passport is not None:
        parts.append(passport_text(passport))
    if not parts:
        return None
    text = "\n\n---\n\n".join(parts)
    where = finding_range(hits[0], state.positions) if hits else None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=where)
