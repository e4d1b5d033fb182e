"""A term reported once per letter: the language server lists its other places as related information
(the JSON side is tested in test_terms_config.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient, client_capabilities

sys.path.insert(0, str(Path(__file__).parent / "lsp"))
from lsp_testkit import as_tuple, config, published, span  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")

LETTER = ("Geachte bewoner,\n\nHet werk geeft eventueel geluid.\n\nDe stoep is eventueel ook dicht.\n\n"
          "Wij ruimen eventueel ook de tuin op.\n")


@pytest_lsp.fixture(scope="module", config=config())
async def client(lsp_client: LanguageClient, tmp_path_factory):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=from_fs_path(str(tmp_path_factory.getbasetemp())),
        initialization_options={"helderetaal": {"debounce": 0}},
    ))
    yield
    await lsp_client.shutdown_session()


async def test_the_other_places_of_a_once_per_letter_term_are_related_information(client: LanguageClient, tmp_path):
    uri = from_fs_path(str(tmp_path / "brief.txt"))
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=LETTER)))
    diagnostics = await published(client, uri, 1)
    vague = [d for d in diagnostics if d.code == "vaag"]
    assert [as_tuple(d.range) for d in vague] == [span(LETTER, "eventueel")]
    related = vague[0].related_information
    assert related is not None
    assert [(r.location.uri, as_tuple(r.location.range)) for r in related] == [
        (uri, span(LETTER, "eventueel", nth=1)), (uri, span(LETTER, "eventueel", nth=2))]
    assert all("eventueel" in r.message for r in related)


async def test_a_finding_in_one_place_has_no_related_information(client: LanguageClient, tmp_path):
    text = "Geachte bewoner,\n\nHet werk geeft eventueel geluid.\n"
    uri = from_fs_path(str(tmp_path / "kort.txt"))
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
    diagnostics = await published(client, uri, 1)
    assert [d.related_information for d in diagnostics if d.code == "vaag"] == [None]

