"""The one place where the server reaches into pygls internals (pygls 2.1).

pygls 2.1 applies an incremental edit wrongly in two cases: it clamps a character past the end
of a last line without a line break to one character before that end (the edit lands in the
wrong place and the server's copy of the letter is wrong from then on), and it splits lines also
at U+2028, U+0085 and form feeds, which LSP does not. Found by tests/test_robust_lsp.py.

The fix replaces the factory the workspace uses for its documents (``Workspace._create_text_document``,
a private attribute) with one that makes :class:`LspTextDocument`, which applies edits with the
server's own :class:`~.positions.PositionMap`. ``tests/test_lsp_compat.py`` fails when pygls
changes either the hook or the behaviour, so this module can go once pygls gets it right.
"""

from __future__ import annotations

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace

from .positions import PositionMap

#: The private Workspace attributes this module relies on.
FACTORY_ATTRIBUTE = "_create_text_document"
SYNC_KIND_ATTRIBUTE = "_sync_kind"


class LspTextDocument(TextDocument):
    """A text document that applies incremental edits with LSP's own line and column rules."""

    encoding_name = "utf-16"

    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        positions = PositionMap(self.source, self.encoding_name)
        start, end = sorted((positions.offset(change.range.start), positions.offset(change.range.end)))
        self._source = self.source[:start] + change.text + self.source[end:]


def use_lsp_positions(workspace: Workspace, encoding: str) -> None:
    """Make ``workspace`` create :class:`LspTextDocument` s counting in ``encoding``."""
    if not hasattr(workspace, FACTORY_ATTRIBUTE) or not hasattr(workspace, SYNC_KIND_ATTRIBUTE):
        raise RuntimeError("pygls changed its Workspace internals; see helderetaal/lsp/compat.py")

    def create(doc_uri: str, source: str | None = None, version: int | None = None,
               language_id: str | None = None) -> TextDocument:
        document = LspTextDocument(doc_uri, source=source, version=version, language_id=language_id,
                                   sync_kind=getattr(workspace, SYNC_KIND_ATTRIBUTE),
                                   position_codec=workspace.position_codec)
        document.encoding_name = encoding
        return document

    setattr(workspace, FACTORY_ATTRIBUTE, create)
