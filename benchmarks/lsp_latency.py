"""Latency of `helderetaal lsp`: time from `didChange` to the `publishDiagnostics` for that
version, with the debounce set to 0, for a one-page (~400 words) and a ten-page letter.

Run: python benchmarks/lsp_latency.py [--runs 30]

Starts the real server over stdio (like an editor does), opens each letter, waits for the
first result (not measured: it includes loading spaCy and the rules), then types one character
per round (every version a new text, sent as an incremental change, as editors do for a server that
asks for incremental sync) and measures until the diagnostics for exactly that version arrive.

"Arrive" is the moment the client has read the whole ``publishDiagnostics`` message off the
pipe, before it parses it: everything the server does is inside the time, this client's own
JSON decoding and cattrs conversion into lsprotocol objects are not (an editor has its own,
faster, parser). For a ten-page letter (52 diagnostics, 57 kB) that parsing alone took 2.2 ms
of a 32 ms median here, for one page 0.3 ms. The time until the client has parsed the message
is kept as ``parsed_median_ms`` / ``parsed_p95_ms`` and printed beside it.

At the end, the diagnostics of each letter's last version are compared with what
``helderetaal.check`` finds in that text (rule, message, range): a faster server that showed
other findings would not be faster.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

PARAGRAPHS = [
    "Wij informeren u middels deze brief over de vervanging van de riolering in de Lindelaan. De oude buizen "
    "zijn versleten en lekken op verschillende plaatsen. Daarom vervangen wij ze door nieuwe buizen die langer "
    "meegaan.",
    "Het werk begint op maandag 2 juni 2025 en duurt tot en met vrijdag 27 juni 2025. In die weken kunt u niet "
    "met de auto voor uw deur parkeren. Zet uw auto op het parkeerterrein aan de Eikenweg. Dat terrein is in "
    "deze periode gratis voor bewoners.",
    "Tijdens het werk is uw woning altijd bereikbaar te voet. Hulpdiensten kunnen er ook altijd door. Wij "
    "proberen de overlast zo klein mogelijk te houden, maar u zult geluid horen van machines tussen 7.00 en "
    "16.00 uur.",
    "Heeft u een oprit? Dan kunt u deze een of twee dagen niet gebruiken. De uitvoerder laat u ruim van tevoren "
    "weten op welke dagen dat is. Heeft u een beperking en heeft u hulp nodig? Neem dan contact met ons op.",
    "Heeft u vragen? Bel dan Jan de Vries, uitvoerder, via 06-12345678. U kunt ook mailen naar "
    "riolering@voorbeeldstad.nl. Op de website voorbeeldstad.nl/lindelaan leest u elke week hoe het werk "
    "gaat.",
]


def letter(words: int) -> str:
    body: list[str] = []
    count = 0
    index = 0
    while count < words:
        paragraph = PARAGRAPHS[index % len(PARAGRAPHS)]
        body.append(paragraph)
        count += len(paragraph.split())
        index += 1
    return ("Gemeente Voorbeeldstad\nDatum: 12 mei 2025\nOnderwerp: vervanging riolering Lindelaan\n\n"
            "Geachte bewoner,\n\n" + "\n\n".join(body) + "\n\nMet vriendelijke groet,\n\nJan de Vries\nUitvoerder\n")


def server_command() -> list[str]:
    script = Path(sys.executable).with_name("helderetaal")
    return [str(script), "lsp"] if script.exists() else [sys.executable, "-m", "helderetaal.cli", "lsp"]


class Client(LanguageClient):
    def __init__(self) -> None:
        super().__init__("helderetaal-benchmark", "1")
        self.waiting: dict[tuple[str, int], asyncio.Future] = {}
        #: When the body of the last message was read, before it was parsed.
        self.arrived = 0.0

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_publish(params: types.PublishDiagnosticsParams) -> None:
            future = self.waiting.pop((params.uri, params.version), None)
            if future is not None and not future.done():
                future.set_result((self.arrived, time.perf_counter(), params.diagnostics))

        @self.feature(types.WORKSPACE_CONFIGURATION)
        def configuration(params: types.ConfigurationParams) -> list:
            return [{"debounce": 0} for _ in params.items]

    async def start_io(self, cmd: str, *args, **kwargs) -> None:
        await super().start_io(cmd, *args, **kwargs)
        # pygls reads each body with readexactly and parses it at once, then calls on_publish:
        # the stamp taken here, after the read, belongs to the message on_publish gets.
        stdout = self._server.stdout
        read = stdout.readexactly

        async def readexactly(size: int) -> bytes:
            data = await read(size)
            self.arrived = time.perf_counter()
            return data

        stdout.readexactly = readexactly

    def expect(self, uri: str, version: int) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self.waiting[(uri, version)] = future
        return future


#: What the benchmark types, a character per edit.
TYPED = "Wij komen op dinsdag 3 juni langs om de meter te vervangen en bellen u vooraf. "


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def position(text: str, offset: int) -> types.Position:
    """The LSP position (line, UTF-16 column) of ``offset`` in ``text``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return types.Position(line=text.count("\n", 0, offset),
                          character=len(text[line_start:offset].encode("utf-16-le")) // 2)


async def measure(client: Client, name: str, text: str, runs: int) -> dict:
    uri = Path(f"/tmp/helderetaal-benchmark-{name}.txt").as_uri()
    first = client.expect(uri, 1)
    started = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
    opened, _, diagnostics = await asyncio.wait_for(first, 600)
    open_time = opened - started
    samples = []
    parsed = []
    # Typing in the middle of the letter, one character per version: every version is new, as
    # when a writer types (an edit that put back an earlier text would find all of it kept).
    sentence_end = text.find(". ", len(text) // 2)
    cursor = sentence_end + 2 if sentence_end >= 0 else len(text) // 2
    for run in range(runs):
        version = run + 2
        typed = TYPED[run % len(TYPED)]
        # The character as an editor sends it to a server that asks for incremental sync (this
        # one does): a range and the text typed there, not the whole letter.
        at = position(text, cursor)
        change = types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=typed)
        text = text[:cursor] + typed + text[cursor:]
        cursor += 1
        done = client.expect(uri, version)
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[change]))
        received, decoded, diagnostics = await asyncio.wait_for(done, 600)
        samples.append((received - sent) * 1000)
        parsed.append((decoded - sent) * 1000)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    return {"name": name, "words": len(text.split()), "chars": len(text), "findings": len(diagnostics),
            "uri": uri, "text": text, "diagnostics": diagnostics,
            "open_ms": open_time * 1000, "median_ms": statistics.median(samples),
            "p95_ms": percentile(samples, 0.95), "min_ms": min(samples), "max_ms": max(samples), "runs": runs,
            "parsed_median_ms": statistics.median(parsed), "parsed_p95_ms": percentile(parsed, 0.95)}


def library_differences(result: dict) -> list[str]:
    """How the server's last diagnostics differ from ``helderetaal.check`` of the same text."""
    from helderetaal import check
    from helderetaal.lsp.diagnostics import finding_range
    from helderetaal.lsp.positions import PositionMap

    path = Path(result["uri"].removeprefix("file://"))
    positions = PositionMap(result["text"], "utf-16")
    expected = [(finding.rule, finding.message, finding_range(finding, positions))
                for finding in check(result["text"], path=path).findings]
    got = [(diagnostic.code, diagnostic.message, diagnostic.range) for diagnostic in result["diagnostics"]]
    return [f"{result['name']}: server {item}" for item in got if item not in expected] + \
           [f"{result['name']}: library {item}" for item in expected if item not in got] + \
           ([f"{result['name']}: other order"] if got != expected and sorted(map(str, got)) == sorted(map(str, expected))
            else [])


async def main(runs: int) -> None:
    client = Client()
    await client.start_io(*server_command())
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(configuration=True)),
        initialization_options={"helderetaal": {"debounce": 0}}))
    client.initialized(types.InitializedParams())
    results = [await measure(client, "een-pagina", letter(400), runs),
               await measure(client, "tien-paginas", letter(4000), max(5, runs // 3))]
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    print(f"{'letter':<14}{'words':>7}{'findings':>10}{'runs':>6}{'first open':>12}{'median':>10}{'p95':>10}{'max':>10}"
          f"{'parsed: median':>16}{'p95':>10}")
    for r in results:
        print(f"{r['name']:<14}{r['words']:>7}{r['findings']:>10}{r['runs']:>6}{r['open_ms']:>10.0f}ms"
              f"{r['median_ms']:>8.1f}ms{r['p95_ms']:>8.1f}ms{r['max_ms']:>8.1f}ms"
              f"{r['parsed_median_ms']:>14.1f}ms{r['parsed_p95_ms']:>8.1f}ms")
    differences = [line for r in results for line in library_differences(r)]
    print("last diagnostics: " + ("the same as helderetaal.check" if not differences else "DIFFERENT"))
    if differences:
        print("\n".join(differences))
        raise SystemExit(1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="edits to measure for the one-page letter")
    asyncio.run(main(parser.parse_args().runs))
