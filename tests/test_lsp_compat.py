"""The pygls patch in lsp/compat.py: still needed, and still taking effect.

These tests fail when pygls changes what the patch works around (then drop the patch) or the
private hook it uses (then adapt it).
"""

from __future__ import annotations

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace

from helderetaal.lsp.compat import FACTORY_ATTRIBUTE, LspTextDocument, use_lsp_positions


def _edit(line: int, character: int, text: str) -> types.TextDocumentContentChangePartial:
    at = types.Position(line=line, character=character)
    return types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=text)


def _pygls(text: str, change: types.TextDocumentContentChangePartial) -> str:
    document = TextDocument("file:///brief.txt", source=text, version=1)
    document.apply_change(change)
    return document.source


def test_pygls_still_misplaces_an_edit_past_the_end_of_the_last_line():
    # LSP: a character beyond the line's end means the end of the line.
    assert _pygls("Beste", _edit(0, 9, "!")) != "Beste!", \
        "pygls now clamps to the line end as LSP says: the patch in lsp/compat.py may no longer be needed"


def test_pygls_still_splits_lines_at_unicode_line_separators():
    # LSP lines end at CRLF, CR and LF only; U+2028 is an ordinary character.
    assert _pygls("een\u2028twee\ndrie", _edit(1, 0, "X")) != "een\u2028twee\nXdrie", \
        "pygls now counts lines as LSP does: the patch in lsp/compat.py may no longer be needed"


def test_the_patched_workspace_makes_lsp_documents_that_edit_right():
    workspace = Workspace(None, types.TextDocumentSyncKind.Incremental)
    assert hasattr(workspace, FACTORY_ATTRIBUTE), "pygls renamed the hook lsp/compat.py replaces"
    use_lsp_positions(workspace, "utf-16")
    workspace.put_text_document(types.TextDocumentItem(uri="file:///brief.txt", language_id="plaintext", version=1,
                                                       text="een\u2028twee\nBeste"))
    document = workspace.get_text_document("file:///brief.txt")
    assert isinstance(document, LspTextDocument), "pygls no longer creates documents through the hook"
    identifier = types.VersionedTextDocumentIdentifier(uri="file:///brief.txt", version=2)
    workspace.update_text_document(identifier, _edit(1, 99, "!"))
    workspace.update_text_document(identifier, _edit(1, 0, "X"))
    assert workspace.get_text_document("file:///brief.txt").source == "een\u2028twee\nXBeste!", \
        "pygls no longer applies incremental edits through TextDocument._apply_incremental_change"


def test_utf8_positions_in_the_patched_documents():
    workspace = Workspace(None, types.TextDocumentSyncKind.Incremental)
    use_lsp_positions(workspace, "utf-8")
    workspace.put_text_document(types.TextDocumentItem(uri="file:///b.txt", language_id="plaintext", version=1,
                                                       text="café 😀 x"))
    workspace.update_text_document(types.VersionedTextDocumentIdentifier(uri="file:///b.txt", version=2),
                                   _edit(0, len("café 😀 ".encode()), "y"))
    assert workspace.get_text_document("file:///b.txt").source == "café 😀 yx"
