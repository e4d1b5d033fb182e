"""Code actions (replace by a suggestion, switch a rule off on a line or in the letter, allow a
word, add "In het kort") and the ``helderetaal.allowWord`` command behind the allow action."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from helderetaal.config import CONFIG_NAMES
from helderetaal.finding import Finding

from .documents import DocumentState
from .edits import Edit, allow_edit, allowable, disable_file_edit, disable_line_edit
from .positions import PositionMap

log = logging.getLogger("helderetaal.lsp")

ALLOW_COMMAND = "helderetaal.allowWord"
#: Categories whose findings are about a word, so that word can go on the allow-list.
WORD_CATEGORIES = {"jargon", "vague", "abbreviation", "consistency", "style"}


@dataclass(frozen=True)
class ClientEdits:
    """What the client can do with a workspace edit."""

    document_changes: bool = False

    @classmethod
    def of(cls, capabilities: types.ClientCapabilities | None) -> ClientEdits:
        """Read them from the client's capabilities."""
        workspace = capabilities.workspace if capabilities is not None else None
        edit = workspace.workspace_edit if workspace is not None else None
        return cls(document_changes=bool(edit is not None and edit.document_changes))


@dataclass(frozen=True)
class AllowTarget:
    """The ``.helderetaal.yaml`` that the allow action edits, and its current text."""

    path: Path
    text: str
    #: Open in the editor (then the edit goes to the editor's copy).
    open_in_editor: bool


def _text_edit(positions: PositionMap, edit: Edit) -> types.TextEdit:
    return types.TextEdit(range=positions.range(edit.start, edit.end), new_text=edit.new_text)


def _workspace_edit(uri: str, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: edits})


def _overlaps(a: types.Range, b: types.Range) -> bool:
    a_start, a_end = (a.start.line, a.start.character), (a.end.line, a.end.character)
    b_start, b_end = (b.start.line, b.start.character), (b.end.line, b.end.character)
    return a_start <= b_end and b_start <= a_end


def wanted(only: Sequence[str] | None, kind: str) -> bool:
    """Whether the client's ``context.only`` asks for actions of ``kind``."""
    if not only:
        return True
    names = [str(getattr(k, "value", k)) for k in only]
    return any(kind == name or kind.startswith(name + ".") for name in names)


def inside(path: Path, roots: Sequence[Path]) -> bool:
    """True when ``path`` (symlinks resolved) lies in one of ``roots``."""
    try:
        real = Path(os.path.realpath(path))
    except (OSError, ValueError):
        return False
    for root in roots:
        real_root = Path(os.path.realpath(root))
        if real == real_root or real_root in real.parents:
            return True
    return False


def new_config_path(letter_folder: Path, roots: Sequence[Path]) -> Path:
    """Where a new ``.helderetaal.yaml`` goes: the innermost workspace folder that holds the
    letter, else the letter's own folder."""
    best: Path | None = None
    for candidate in roots:
        holds = letter_folder == candidate or candidate in letter_folder.parents
        if holds and (best is None or len(candidate.parts) > len(best.parts)):
            best = candidate
    return (best or letter_folder) / CONFIG_NAMES[0]


def allow_action(target: AllowTarget, finding: Finding, diagnostic: types.Diagnostic, client: ClientEdits,
                 encoding: str) -> types.CodeAction | None:
    """Put the word of ``finding`` on the allow-list of ``target`` (None when it is no word, or
    already allowed, or the file cannot be edited safely).

    When the config file is open in the editor the action edits the editor's copy (the letters
    are checked again when it is saved). Otherwise it runs :data:`ALLOW_COMMAND`: the server
    writes the file and checks all open letters again at once, as "add to dictionary" does in
    other checkers. The server never writes a file the editor has open.
    """
    if finding.category not in WORD_CATEGORIES:
        return None
    word = allowable(finding.text)
    if word is None:
        return None
    edit = allow_edit(target.text, word)
    if edit is None:
        return None
    title = f"Zet '{word}' op de lijst van toegestane woorden ({target.path.name})"
    if not target.open_in_editor:
        return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                                command=types.Command(title=title, command=ALLOW_COMMAND,
                                                      arguments=[str(target.path), word]))
    target_uri = from_fs_path(str(target.path)) or target.path.as_uri()
    text_edit = _text_edit(PositionMap(target.text, encoding), edit)
    if client.document_changes:
        workspace = types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=target_uri, version=None),
            edits=[text_edit])])
    else:
        workspace = _workspace_edit(target_uri, [text_edit])
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                            edit=workspace)


def code_actions(state: DocumentState, wanted_range: types.Range, allow_target: AllowTarget | None,
                 client: ClientEdits, encoding: str) -> list[types.CodeAction]:
    """The quick fixes for the findings in ``wanted_range``: replacements first, then allow-list,
    then switching the rule off on the line, then in the letter."""
    uri, positions = state.uri, state.positions
    replace: list[types.CodeAction] = []
    disable_line: list[types.CodeAction] = []
    disable_file: list[types.CodeAction] = []
    allow: list[types.CodeAction] = []
    seen_lines: set[tuple[str, int]] = set()
    seen_rules: set[str] = set()
    for finding, diagnostic in zip(state.findings, state.diagnostics):
        if not _overlaps(diagnostic.range, wanted_range):
            continue
        for number, suggestion in enumerate(finding.suggestions):
            edit = Edit(finding.start, finding.end, suggestion)
            replace.append(types.CodeAction(
                title=f"Vervang '{finding.text}' door '{suggestion}'",
                kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic], is_preferred=number == 0,
                edit=_workspace_edit(uri, [_text_edit(positions, edit)])))
        line = positions.line_of(finding.start)
        if (finding.rule, line) not in seen_lines:
            seen_lines.add((finding.rule, line))
            line_edit = disable_line_edit(state.text, positions, line, finding.rule)
            if line_edit is not None:
                disable_line.append(types.CodeAction(
                    title=f"Zet regel '{finding.rule}' uit op deze regel",
                    kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                    edit=_workspace_edit(uri, [_text_edit(positions, line_edit)])))
        if finding.rule not in seen_rules:
            seen_rules.add(finding.rule)
            file_edit = disable_file_edit(state.text, state.fmt, finding.rule, positions.newline())
            if file_edit is not None:
                disable_file.append(types.CodeAction(
                    title=f"Zet regel '{finding.rule}' uit in deze brief",
                    kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                    edit=_workspace_edit(uri, [_text_edit(positions, file_edit)])))
        if allow_target is not None:
            try:
                action = allow_action(allow_target, finding, diagnostic, client, encoding)
            except Exception:
                log.exception("allow-list action failed")
                action = None
            if action is not None and action.title not in {a.title for a in allow}:
                allow.append(action)
    summary = state.result.summary_edit
    anchor_line = positions.line_of(state.result.anchor)
    if summary is not None and wanted_range.start.line <= anchor_line <= wanted_range.end.line:
        replace.append(types.CodeAction(
            title="Zet een blok 'In het kort' na de aanhef",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[d for d in state.diagnostics if d.range.start.line == anchor_line] or None,
            edit=_workspace_edit(uri, [_text_edit(positions, summary)])))
    return replace + allow + disable_line + disable_file


class AllowWordRefused(ValueError):
    """The allowWord command was asked to write where it may not."""


def write_allowed_word(path: str, word: str, roots: Sequence[Path]) -> bool:
    """Add ``word`` to the allow-list in the ``.helderetaal.yaml`` at ``path`` (made if missing).

    Only a file named ``.helderetaal.yaml`` inside one of ``roots`` (the workspace folders, else
    the folders of the open letters) is written, never through a symlink that leads outside.
    Returns False when the word was already allowed.
    """
    target = Path(path)
    if target.name not in CONFIG_NAMES:
        raise AllowWordRefused(f"{path} is geen {CONFIG_NAMES[0]}")
    if not target.is_absolute() or not inside(target, roots):
        raise AllowWordRefused(f"{path} ligt niet in de werkmap van de editor")
    if allowable(word) != word.lower():
        raise AllowWordRefused(f"'{word}' is geen woord dat op de lijst kan")
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise AllowWordRefused(f"{path} is geen gewoon bestand")
    current = target.read_text(encoding="utf-8") if target.is_file() else ""
    edit = allow_edit(current, word)
    if edit is None:
        return False
    target.write_text(edit.apply(current), encoding="utf-8")
    return True
