"""Checks in the worker process: a slow letter blocks nothing, runs out of time with one clear
diagnostic, and is stopped by a newer version; a letter over the size limit is not checked.

The slow letter is real text of about 1.4 MB, every paragraph different: the engine needs far
longer for it than the time limit these tests set (3 s), on any machine (about 10 s here).
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient, client_capabilities

sys.path.insert(0, str(Path(__file__).parent / "lsp"))
from lsp_testkit import config, published, wait_for  # noqa: E402

from helderetaal.lsp.worker import CheckJob, CheckRunner, Superseded  # noqa: E402
from helderetaal.readers import MAX_FILE_BYTES  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")

TIME_LIMIT_MS = 3000
LETTER = "Geachte bewoner,\n\nWij informeren u middels deze brief.\n"
PARAGRAPH = ("Wij informeren u middels deze brief over het werk in de Dorpsstraat {number}. Het werk begint op "
             "2 juni 2025 en duurt drie weken. Bel bij vragen met Jan de Vries via 06-12345678.\n\n")
# Each paragraph a text of its own: the checks keep what a paragraph gave, so one paragraph
# repeated 8,000 times is checked in about two seconds, within the time limit.
SLOW_LETTER = "Geachte bewoner,\n\n" + "".join(PARAGRAPH.format(number=number) for number in range(8_000))


@pytest_lsp.fixture(scope="module", config=config())
async def client(lsp_client: LanguageClient, tmp_path_factory):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=from_fs_path(str(tmp_path_factory.getbasetemp())),
        initialization_options={"helderetaal": {"debounce": 0, "time_limit": TIME_LIMIT_MS}},
    ))
    yield
    await lsp_client.shutdown_session()


def open_doc(client: LanguageClient, uri: str, text: str) -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))


def publishes(client: LanguageClient, uri: str) -> list[types.PublishDiagnosticsParams]:
    return [p for p in client.published if p.uri == uri]  # type: ignore[attr-defined]


async def test_hover_answers_within_a_second_while_another_check_is_slow(client: LanguageClient, tmp_path):
    quick = from_fs_path(str(tmp_path / "kort.txt"))
    open_doc(client, quick, LETTER)
    await published(client, quick, 1)
    slow = from_fs_path(str(tmp_path / "lang.txt"))
    opened = time.monotonic()
    open_doc(client, slow, SLOW_LETTER)
    latencies = []
    while time.monotonic() - opened < TIME_LIMIT_MS / 1000 - 1 and not publishes(client, slow):
        started = time.monotonic()
        result = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=quick), position=types.Position(line=2, character=19))), 30)
        latencies.append(time.monotonic() - started)
        assert result is not None and "middels" in result.contents.value
        await asyncio.sleep(0.1)
    assert not publishes(client, slow), "the slow check finished before the hovers were measured"
    assert len(latencies) >= 3
    print(f"\nhover during a slow check: max {max(latencies) * 1000:.0f} ms over {len(latencies)} hovers")
    assert max(latencies) < 1.0

    diagnostics = await published(client, slow, 1)  # the time limit stops it: one clear diagnostic
    assert time.monotonic() - opened >= TIME_LIMIT_MS / 1000
    assert [d.code for d in diagnostics] == ["controle-gestopt"]
    assert "gestopt" in diagnostics[0].message and "3 seconden" in diagnostics[0].message
    assert diagnostics[0].range.start.line == 0

    # The worker was restarted: the next letter is checked as usual.
    again = from_fs_path(str(tmp_path / "daarna.txt"))
    open_doc(client, again, LETTER)
    assert "ambtelijk" in [d.code for d in await published(client, again, 1, timeout=30)]


async def test_a_newer_version_stops_the_running_check_and_is_published_alone(client: LanguageClient, tmp_path):
    uri = from_fs_path(str(tmp_path / "brief.txt"))
    opened = time.monotonic()
    open_doc(client, uri, SLOW_LETTER)
    await asyncio.sleep(0.5)  # let the check of version 1 start (the result does not depend on it)
    changed = time.monotonic()
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=LETTER)]))
    diagnostics = await published(client, uri, 2, timeout=30)
    took = time.monotonic() - changed
    assert "ambtelijk" in [d.code for d in diagnostics]
    assert took < TIME_LIMIT_MS / 1000, f"version 2 waited {took:.1f} s for the check of version 1"
    # Past the moment version 1 would have run out of time: it is never published.
    await wait_for(lambda: time.monotonic() - opened > TIME_LIMIT_MS / 1000 + 1, what="time limit passed")
    assert [p.version for p in publishes(client, uri)] == [2]


async def test_other_letters_are_checked_beside_a_slow_one(client: LanguageClient, tmp_path):
    slow = from_fs_path(str(tmp_path / "lang.txt"))
    open_doc(client, slow, SLOW_LETTER)
    await asyncio.sleep(0.3)  # the slow check is under way (the outcome does not depend on it)
    quick = from_fs_path(str(tmp_path / "nieuw.txt"))
    started = time.monotonic()
    open_doc(client, quick, LETTER)  # never checked before: needs a check of its own now
    diagnostics = await published(client, quick, 1, timeout=30)
    took = time.monotonic() - started
    assert "ambtelijk" in [d.code for d in diagnostics]
    assert not publishes(client, slow), "the slow check finished first: nothing was measured"
    print(f"\nnew letter checked in {took * 1000:.0f} ms beside a slow check")
    assert took < TIME_LIMIT_MS / 1000 - 1
    await published(client, slow, 1)  # stopped by the time limit


async def test_a_letter_over_the_size_limit_gets_one_diagnostic(client: LanguageClient, tmp_path):
    uri = from_fs_path(str(tmp_path / "enorm.txt"))
    text = "Geachte bewoner,\n\n" + "é" * (MAX_FILE_BYTES // 2 + 10)  # 2 bytes each in UTF-8
    started = time.monotonic()
    open_doc(client, uri, text)
    diagnostics = await published(client, uri, 1, timeout=30)
    assert [d.code for d in diagnostics] == ["te-groot"]
    assert f"{MAX_FILE_BYTES // 1024} kB" in diagnostics[0].message
    assert time.monotonic() - started < TIME_LIMIT_MS / 1000  # refused, not checked until the time limit


async def test_a_job_that_is_no_longer_wanted_is_skipped_before_it_starts():
    runner = CheckRunner()
    job = CheckJob(uri="file:///tmp/brief.txt", version=2, text=LETTER, fmt="txt", path=None, config_files=(),
                   overrides={}, config_key=(0, (), ()))
    with pytest.raises(Superseded):
        await runner.run(job, 5.0, wanted=lambda: False)
    assert runner.worker_pids == []  # no worker was even started
    runner.close()
