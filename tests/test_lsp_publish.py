"""The server sends publishDiagnostics itself, from diagnostics kept between versions
(:class:`helderetaal.lsp.diagnostics.DiagnosticCache`): what the editor receives must be the
message pygls would send for diagnostics built afresh, byte for byte, after any edits.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lsprotocol import types

from helderetaal.lsp.diagnostics import DiagnosticCache, Diagnostics, diagnostic_json, finding_diagnostic
from helderetaal.lsp.positions import PositionMap
from helderetaal.lsp.server import HelderetaalServer
from helderetaal.lsp.worker import CheckJob, CheckResult, ConfigCache, Problem, run_check
from helderetaal.memo import BlockResults
from helderetaal.nlp import PieceTokens

ROOT = Path(__file__).resolve().parent.parent
LETTERS = ["examples/werkzaamheden-riolering.txt", "examples/uitnodiging-bewonersavond.md",
           "tests/letters/10_crlf_uitnodiging.txt"]
ENCODINGS = ("utf-16", "utf-8", "utf-32")
#: What is typed: flagged words (some reported once per letter, with related places), line
#: breaks that move every later diagnostic, characters that count differently per encoding.
SNIPPETS = ["x", " ", "\n", "\n\n", "é", "😀", " werkzaamheden ", " middels ", " i.v.m. ", " eventueel ",
            " in het najaar ", "\r\n", ". "]


class Capture:
    """A writer that keeps what the server writes."""

    def __init__(self) -> None:
        self.data: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.data.append(data)

    def close(self) -> None:
        pass


def check(text: str, fmt: str, configs: ConfigCache, pieces: PieceTokens, results: BlockResults,
          version: int) -> CheckResult:
    job = CheckJob(uri="file:///tmp/brief", version=version, text=text, fmt=fmt, path=None, config_files=(),
                   overrides={}, config_key=(0, (), ()))
    return run_check(job, configs, pieces, results)


def fresh(result: CheckResult, positions: PositionMap, uri: str) -> list[types.Diagnostic]:
    """The diagnostics built without the cache."""
    if result.problem is not None:
        return DiagnosticCache(uri).diagnostics(result, positions).items
    return [finding_diagnostic(finding, positions, info.url if info is not None else None, uri)
            for finding in result.findings for info in [result.rules.get(finding.rule)]]


def edit(rng: random.Random, text: str) -> str:
    at = rng.randint(0, len(text))
    if rng.random() < 0.3:
        return text[:at] + text[at + rng.choice((1, 2, 10)):]
    return text[:at] + rng.choice(SNIPPETS) + text[at:]


@pytest.mark.parametrize("name", LETTERS)
def test_kept_diagnostics_are_the_fresh_ones_after_edits(name: str):
    text = (ROOT / name).read_text(encoding="utf-8")
    fmt = "md" if name.endswith(".md") else "txt"
    uri = (ROOT / name).as_uri()
    rng = random.Random(name)
    configs, pieces, results = ConfigCache(), PieceTokens(), BlockResults()
    caches = {encoding: DiagnosticCache(uri) for encoding in ENCODINGS}
    reused = 0
    previous: dict[str, list[types.Diagnostic]] = {}
    for version in range(40):
        result = check(text, fmt, configs, pieces, results, version)
        assert result.problem is None
        for encoding in ENCODINGS:
            positions = PositionMap(text, encoding)
            kept = caches[encoding].diagnostics(result, positions)
            expected = fresh(result, positions, uri)
            assert kept.items == expected, (version, encoding)
            assert kept.json == tuple(diagnostic_json(item) for item in expected), (version, encoding)
            reused += sum(1 for item in kept.items if any(item is old for old in previous.get(encoding, ())))
            previous[encoding] = kept.items
        text = edit(rng, text)
    assert reused > 0  # the cache is used, not only correct


def pygls_bytes(server: HelderetaalServer, capture: Capture, uri: str, version: int | None,
                diagnostics: list[types.Diagnostic]) -> bytes:
    capture.data.clear()
    server.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics))
    return b"".join(capture.data)


def our_bytes(server: HelderetaalServer, capture: Capture, uri: str, version: int | None,
              diagnostics: Diagnostics) -> bytes:
    capture.data.clear()
    server.publish(uri, version, diagnostics)
    return b"".join(capture.data)


def test_the_published_message_is_the_one_pygls_sends():
    server = HelderetaalServer()
    capture = Capture()
    server.protocol.set_writer(capture)
    configs, pieces, results = ConfigCache(), PieceTokens(), BlockResults()
    for name in LETTERS:
        text = (ROOT / name).read_text(encoding="utf-8") + "\n\nDat is 😀 eventueel oké.\n"
        result = check(text, "md" if name.endswith(".md") else "txt", configs, pieces, results, 1)
        assert result.findings
        for encoding in ENCODINGS:
            positions = PositionMap(text, encoding)
            uri = Path("/tmp/map met spatie/brief \"é\".txt").as_uri()
            for version in (7, None):
                ours = our_bytes(server, capture, uri, version, DiagnosticCache(uri).diagnostics(result, positions))
                assert ours == pygls_bytes(server, capture, uri, version, fresh(result, positions, uri))
    problem = CheckResult(problem=Problem("De brief is te groot.", "te-groot"))
    positions = PositionMap("Geachte bewoner,\n", "utf-16")
    kept = DiagnosticCache("file:///x").diagnostics(problem, positions)
    assert our_bytes(server, capture, "file:///x", 3, kept) == pygls_bytes(server, capture, "file:///x", 3, kept.items)
    assert our_bytes(server, capture, "file:///x", None, Diagnostics.of([])) == \
        pygls_bytes(server, capture, "file:///x", None, [])
