"""Time from paste to highlights on the web page (helderetaal serve), in a real headless Chromium.

Usage: python benchmarks/web_latency.py [--runs 5] [--chromium /usr/bin/chromium]

Starts the server on a free port, pastes a one-page and a ten-page letter (own sentences,
about 400 and 4,000 words), clicks "Controleer de brief" and waits until the highlights are
on the page. Prints the median and the slowest run per letter; the first (cold) check is shown
apart, because it builds the language pipeline.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

PARAGRAPHS = [
    "Middels deze brief informeren wij u omtrent de werkzaamheden in de Beukenlaan en de Eikenstraat.",
    "Van maandag 4 januari 2027 tot en met vrijdag 29 januari 2027 vervangen wij de stoep en de goot.",
    "Teneinde de veiligheid te waarborgen, wordt de rijbaan gedurende de uitvoering afgesloten voor alle verkeer.",
    "U kunt uw auto in deze periode parkeren op het parkeerterrein bij sporthal De Wissel aan de Populierenweg.",
    "Heeft u vragen over het werk? Bel dan met Sanne de Vries van de gemeente, telefoon 06 12345678.",
    "Op dinsdag 15 december 2026 houden wij een inloopavond in het buurthuis, van 19.00 tot 21.00 uur.",
    "Wij vragen uw begrip voor de eventuele overlast en danken u voor uw medewerking.",
    "Meer informatie vindt u op de website van de gemeente onder het kopje Werk in uitvoering.",
]


def letter(words: int) -> str:
    body: list[str] = ["Geachte bewoner,", ""]
    count = 0
    index = 0
    while count < words:
        paragraph = PARAGRAPHS[index % len(PARAGRAPHS)]
        body.append(paragraph)
        body.append("")
        count += len(paragraph.split())
        index += 1
    body.append("Met vriendelijke groet,")
    return "\n".join(body) + "\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "helderetaal.cli", "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(url)
            for name, words in (("one page (~400 words)", 400), ("ten pages (~4000 words)", 4000)):
                text = letter(words)
                times: list[float] = []
                for run in range(args.runs + 1):
                    page.fill("#brief", text + ("\n" * run))  # a new text each run: no cache in the page
                    page.evaluate("document.querySelector('#tekst').replaceChildren()")
                    started = time.perf_counter()
                    page.click("#controleer")
                    page.locator("#tekst button.hl").first.wait_for(timeout=120000)
                    times.append(time.perf_counter() - started)
                cold, warm = times[0], times[1:]
                count = page.locator("#tekst button.hl").count()
                print(f"{name}: {len(text.split())} words, {count} highlights; first {cold * 1000:.0f} ms, "
                      f"median {statistics.median(warm) * 1000:.0f} ms, slowest {max(warm) * 1000:.0f} ms "
                      f"over {len(warm)} runs")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
