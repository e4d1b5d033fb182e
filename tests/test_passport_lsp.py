"""The letter passport in the editor: hovering the first line shows it, over a real server."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient, client_capabilities

sys.path.insert(0, str(Path(__file__).parent / "lsp"))
from lsp_testkit import config, published  # noqa: E402

from helderetaal.passport import DEMANDS  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")

LETTER = (
    "Onderwerp: Nieuwe stoep in de Lindelaan vanaf 3 juni\n"
    "\n"
    "Beste bewoner,\n"
    "\n"
    "Van maandag 3 juni tot en met vrijdag 28 juni 2024 leggen wij een nieuwe stoep, omdat de tegels los liggen.\n"
    "Zet uw auto in die weken in de Berkenlaan. Vragen? Bel Sanne Bakker op 06-12345678.\n"
)


@pytest_lsp.fixture(scope="module", config=config())
async def client(lsp_client: LanguageClient, tmp_path_factory):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=from_fs_path(str(tmp_path_factory.getbasetemp())),
        initialization_options={"helderetaal": {"debounce": 0}},
    ))
    yield
    await lsp_client.shutdown_session()


async def hover(client: LanguageClient, uri: str, line: int, character: int) -> types.Hover | None:
    return await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=character))),
        30)


async def test_first_line_hover_shows_the_passport(client: LanguageClient, tmp_path):
    uri = from_fs_path(str(tmp_path / "paspoort.txt"))
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=LETTER)))
    await published(client, uri, 1)
    result = await hover(client, uri, 0, 3)
    assert result is not None
    value = result.contents.value
    assert "**Paspoort van deze brief**" in value
    for label in DEMANDS.values():
        assert f"**{label}**" in value
    # Elsewhere only findings show, never the passport.
    elsewhere = await hover(client, uri, 4, 2)
    assert elsewhere is None or "Paspoort" not in elsewhere.contents.value
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
