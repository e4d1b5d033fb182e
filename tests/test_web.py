"""`helderetaal serve`: the API as other programs use it, and the page as a person uses it (real Chromium)."""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

pytest.importorskip("starlette", reason="the web extra (starlette, uvicorn) is not installed")

from starlette.testclient import TestClient  # noqa: E402

from helderetaal.web.app import MAX_UPLOAD_BYTES, create_app  # noqa: E402

# Own sentences (never from the real letters).
LETTER = """Geachte bewoner,

Middels deze brief informeren wij u omtrent de werkzaamheden in de Beukenlaan.
Wij vervangen de stoep en de goot 🚧 voor café De Linde.
Het werk duurt van maandag 4 januari 2027 tot en met vrijdag 29 januari 2027.
Heeft u vragen? Bel dan met Sanne de Vries, telefoon 06 12345678.

Met vriendelijke groet,
"""

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def test_api_check_is_the_json_contract(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(LETTER, encoding="utf-8")
    cli = subprocess.run([sys.executable, "-m", "helderetaal.cli", "check", "--format", "json", str(path)],
                         capture_output=True, text=True, timeout=120)
    expected = json.loads(cli.stdout)
    for body in ({"json": {"text": LETTER, "name": str(path)}},
                 {"content": path.read_bytes(), "params": {"name": str(path)}}):
        response = client.post("/api/check", **body)  # type: ignore[arg-type]
        assert response.status_code == 200
        got = response.json()
        assert got["version"] == expected["version"] == 1 and got["errors"] == []
        # The path is the name given; everything else is exactly what the CLI prints.
        assert {k: v for k, v in got["files"][0].items() if k != "path"} == \
            {k: v for k, v in expected["files"][0].items() if k != "path"}
    finding = next(f for f in got["files"][0]["findings"] if f["text"] == "Middels")
    assert LETTER[finding["start"]:finding["end"]] == "Middels"


def test_bad_input_gets_a_clear_message(client: TestClient) -> None:
    broken = client.post("/api/check", content=b"PK\x03\x04 kapot", params={"name": "brief.docx"})
    assert broken.status_code == 400
    assert "brief.docx" == broken.json()["errors"][0]["path"] and "Word" in broken.json()["errors"][0]["message"]
    large = client.post("/api/check", content=b"a" * (MAX_UPLOAD_BYTES + 1), params={"name": "brief.txt"})
    assert large.status_code == 413 and "te groot" in large.json()["errors"][0]["message"]
    not_json = client.post("/api/check", content=b"{", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 400 and "JSON" in not_json.json()["errors"][0]["message"]


def test_page_assets_ship_in_the_package_and_load_nothing_from_elsewhere(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'lang="nl"' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for name in ("app.js", "app.css"):
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200
        assert "http://" not in asset.text and "https://" not in asset.text
    assert "http" not in page.text.replace('http-equiv', '')
    assert client.get("/static/../app.py").status_code == 404


def test_a_taken_port_is_one_clear_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "helderetaal.cli", "serve", "--port", str(port)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"poort {port}" in result.stderr and "Traceback" not in result.stderr


# -- the page in a real browser ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "helderetaal.cli", "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/", timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise AssertionError(process.stdout.read().decode() if process.stdout else "server stopped")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium); the browser tests need it")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (test extra)")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def _word_letter(path: Path) -> None:
    document = docx.Document()
    for line in LETTER.strip().split("\n"):
        if line:
            document.add_paragraph(line)
    document.save(str(path))


def _expect() -> Any:
    return pytest.importorskip("playwright.sync_api").expect


def test_a_writer_pastes_opens_applies_uploads_and_downloads(server: str, browser: Any, tmp_path: Path) -> None:
    expect = _expect()
    page = browser.new_page(accept_downloads=True)
    page.goto(server + "/")
    page.get_by_label("Tekst van de brief").fill(LETTER)
    page.get_by_role("button", name="Controleer de brief").click()
    highlight = page.locator("#tekst button.hl", has_text="Middels")
    highlight.wait_for()
    assert "punten gevonden" in page.locator("#status").inner_text()
    assert "sev-warning" in (highlight.get_attribute("class") or "")
    # Keyboard only: from the check button, Tab reaches the highlights in reading order; Enter opens one.
    page.get_by_role("button", name="Controleer de brief").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('hl')"):
            break
    assert page.evaluate("document.activeElement.textContent").startswith("Middels")
    page.keyboard.press("Enter")
    detail = page.locator("#detail")
    for heading in ("Wat", "Waarom", "Voorbeeld", "Beter"):
        assert detail.locator("dt", has_text=heading).count() >= 1
    assert highlight.get_attribute("aria-expanded") == "true"
    page.get_by_role("button", name="Vervang door ‘Met’").click()
    expect(page.locator("#status")).to_contain_text("Vervangen", timeout=30000)
    assert page.locator("#brief").input_value().splitlines()[2].startswith("Met deze brief")
    assert page.locator("#tekst button.hl", has_text="Middels").count() == 0
    # Elements, readability and the summary are shown.
    assert page.locator("#lijst tbody tr").count() == 7
    assert "B1" in page.locator("#lezen").inner_text()

    # Upload a Word letter and download it with comments.
    letter = tmp_path / "brief.docx"
    _word_letter(letter)
    page.locator("#bestand").set_input_files(str(letter))
    expect(page.locator("#status")).to_contain_text("brief.docx gelezen", timeout=30000)
    assert page.locator("#tekst button.hl", has_text="omtrent").count() == 1
    with page.expect_download() as info:
        page.get_by_role("button", name="Download de brief met opmerkingen").click()
    download = info.value
    assert download.suggested_filename == "brief-opmerkingen.docx"
    target = tmp_path / "uit.docx"
    download.save_as(str(target))
    comments = [c for c in docx.Document(str(target)).comments if c.author == "helderetaal"]
    assert any(c.text.startswith("'omtrent'") for c in comments)
    if os.environ.get("HELDERETAAL_SCREENSHOT"):
        page.screenshot(path=os.environ["HELDERETAAL_SCREENSHOT"], full_page=True)
    page.close()


def test_the_page_shows_the_passport_as_the_json_contract_has_it(server: str, browser: Any,
                                                                 client: TestClient) -> None:
    """A reviewer reads the same passport on the page as in ``--format json``: row for row."""
    expected = client.post("/api/check", json={"text": LETTER}).json()["files"][0]["passport"]
    anchor = client.post("/api/page", json={"text": LETTER}).json()["anchor"]
    page = browser.new_page()
    page.goto(server + "/")
    page.get_by_label("Tekst van de brief").fill(LETTER)
    page.get_by_role("button", name="Controleer de brief").click()
    rows = page.locator("#paspoort tbody tr")
    rows.first.wait_for()
    shown = [(row.get_attribute("data-key"), row.locator("th").inner_text(),
              row.locator("td").nth(0).inner_text(), row.locator("td").nth(1).inner_text())
             for row in rows.all()]
    words = {"ok": "In orde", "aandacht": "Aandacht nodig", "nvt": "Niet van toepassing"}
    assert [(key, label, status) for key, label, status, _ in shown] == \
        [(e["key"], e["label"], words[e["status"]]) for e in expected["entries"]]
    for (_, _, _, why), entry in zip(shown, expected["entries"]):
        assert why.startswith(entry["reason"])
        for evidence in entry["evidence"]:
            # The salutation a letter-level finding is anchored on is not shown as evidence.
            if [evidence["start"], evidence["end"]] == anchor:
                assert f"\u201c{evidence['text']}\u201d" not in why
            else:
                assert evidence["text"] in why
    # Both kinds of outcome really occur on this letter, so the comparison shows something.
    assert {"ok", "aandacht"} <= {e["status"] for e in expected["entries"]}
    counts = expected["counts"]
    assert page.locator("#paspoort-telling").inner_text() == \
        f"{counts['ok']} in orde, {counts['aandacht']} met aandacht nodig, {counts['nvt']} niet van toepassing."
    page.close()


def test_a_bad_file_gets_a_clear_message_on_the_page(server: str, browser: Any, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto(server + "/")
    bad = tmp_path / "kapot.docx"
    bad.write_bytes(b"dit is geen Word-bestand")
    page.locator("#bestand").set_input_files(str(bad))
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Word-document" in alert.inner_text()
    page.close()


def test_a_file_dropped_on_the_text_box_is_checked(server: str, browser: Any) -> None:
    expect = _expect()
    page = browser.new_page()
    page.goto(server + "/")
    transfer = page.evaluate_handle("""(text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], "gesleept.md", { type: "text/markdown" }));
        return data;
    }""", LETTER)
    page.dispatch_event("#brief", "drop", {"dataTransfer": transfer})
    expect(page.locator("#status")).to_contain_text("gesleept.md gelezen", timeout=30000)
    assert page.locator("#tekst button.hl", has_text="Middels").count() == 1
    assert page.locator("#brief").input_value() == LETTER
    page.close()


def test_the_page_passes_axe_core(server: str, browser: Any) -> None:
    axe = pytest.importorskip("axe_playwright_python", reason="axe-playwright-python (test extra) is missing")
    script = (Path(axe.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    # The page's Content-Security-Policy forbids outside scripts; this test lifts it to add axe.
    page = browser.new_page(bypass_csp=True)
    page.goto(server + "/")
    page.get_by_label("Tekst van de brief").fill(LETTER)
    page.get_by_role("button", name="Controleer de brief").click()
    page.locator("#tekst button.hl").first.wait_for()
    page.locator("#tekst button.hl").first.click()
    # The test brings axe-core in; the shipped page loads nothing from elsewhere.
    page.add_script_tag(content=script)
    result = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
    problems = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert problems == []
    page.close()


def test_nothing_is_written_to_disk(client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Letters carry names and addresses: a check and an annotation make no temporary files."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    document = io.BytesIO()
    docx.Document().save(document)
    client.post("/api/check", json={"text": LETTER})
    client.post("/api/annotate", json={"text": LETTER})
    assert list(tmp_path.iterdir()) == []


def test_an_odt_letter_comes_back_as_odt_with_annotations(client: TestClient) -> None:
    from odf.office import Annotation
    from odf.opendocument import OpenDocumentText, load
    from odf.text import P

    document = OpenDocumentText()
    for line in LETTER.strip().split("\n"):
        if line:
            document.text.addElement(P(text=line))
    data = io.BytesIO()
    document.save(data)
    response = client.post("/api/annotate", content=data.getvalue(), params={"name": "brief.odt"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.oasis.opendocument.text"
    assert "brief-opmerkingen.odt" in response.headers["content-disposition"]
    assert load(io.BytesIO(response.content)).getElementsByType(Annotation)
