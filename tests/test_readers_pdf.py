"""PDF letters (read with pypdf) and old Word .doc files, through the real CLI.

The PDFs are built with fpdf2 the way a letter is laid out: wrapped paragraphs, an address
block, a letterhead table, a footer on every page, a second page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

fpdf = pytest.importorskip("fpdf")

BODY = ("Wij informeren u middels deze brief over het werk aan de stoep in uw straat. De aannemer legt "
        "nieuwe tegels en maakt de goot schoon. Het werk begint op maandag 3 juni 2024 en is klaar op "
        "vrijdag 28 juni 2024. Dit is nodig omdat de oude tegels los liggen.")
PAGE_TWO = ("Heeft u vragen? Bel dan Sanne Bakker, omgevingsmanager, via 06-12345678. Wij zijn reeds "
            "bezig met de voorbereiding van het werk.")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONUTF8": "1", "NO_COLOR": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "helderetaal.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=environment, timeout=300)


def letter_pdf(path: Path, *, footer: bool = True) -> Path:
    pdf = fpdf.FPDF()
    pdf.set_auto_page_break(True, margin=25)
    if footer:
        pdf.footer = lambda: (pdf.set_y(-15), pdf.set_font("Helvetica", size=8),
                              pdf.cell(0, 5, f"Gemeente Voorbeeld, Postbus 10 - pagina {pdf.page_no()}"))
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)

    def paragraph(text: str) -> None:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)

    for line in ("Aan de bewoners van de Tulpstraat", "Tulpstraat 1 tot en met 40", "1234 AB Voorbeeld"):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for label, value in (("Datum", "6 mei 2024"), ("Onderwerp", "Nieuwe stoep in de Tulpstraat")):
        pdf.cell(40, 6, label)
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    paragraph("Geachte bewoner,")
    paragraph(BODY)
    pdf.add_page()
    paragraph(PAGE_TWO + " Café-eigenaren krijgen een aparte brief.")
    paragraph("Met vriendelijke groet,")
    paragraph("Sanne Bakker")
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def pdf_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    letter_pdf(folder / "brief.pdf")
    return folder, run("check", "brief.pdf", "--format", "json", cwd=folder), run("check", "brief.pdf", cwd=folder)


def test_pdf_findings_point_into_the_extracted_text_with_their_page(pdf_run):
    folder, as_json, as_text = pdf_run
    assert as_json.returncode == 1, as_json.stderr
    entry = json.loads(as_json.stdout)["files"][0]
    from helderetaal.readers import read_file

    text = read_file(folder / "brief.pdf").text
    for finding in entry["findings"]:
        assert text[finding["start"]:finding["end"]] == finding["text"]
    words = {f["text"]: f for f in entry["findings"] if f["rule"] == "ambtelijk"}
    assert "middels" in words and "reeds" in words
    # The text output names the page, as it names a Word paragraph.
    lines = as_text.stdout.splitlines()
    assert any("(pagina 1)" in line and "'middels'" in line for line in lines), as_text.stdout
    assert any("(pagina 2)" in line and "'reeds'" in line for line in lines), as_text.stdout


def test_pdf_lines_become_paragraphs_as_a_reader_sees_them(pdf_run):
    folder, _, _ = pdf_run
    from helderetaal.readers import read_file

    source = read_file(folder / "brief.pdf")
    lines = source.text.splitlines()
    assert source.line_is_paragraph
    # A paragraph wrapped over several lines is one line again; the address block stays per line.
    assert BODY in lines
    assert lines[:3] == ["Aan de bewoners van de Tulpstraat", "Tulpstraat 1 tot en met 40", "1234 AB Voorbeeld"]
    # A letterhead row keeps label and value together, as the Word reader writes table cells.
    assert "Datum\t6 mei 2024" in lines and "Onderwerp\tNieuwe stoep in de Tulpstraat" in lines
    # "06-" at a line end is joined without a space; accents survive.
    assert any("06-12345678" in line for line in lines) and any("Café-eigenaren" in line for line in lines)
    # The footer that every page repeats is kept once.
    assert sum("Postbus 10" in line for line in lines) == 1


def test_pdf_letter_facts_are_found(pdf_run):
    _, as_json, _ = pdf_run
    entry = json.loads(as_json.stdout)["files"][0]
    assert entry["facts"]["start_date"] == "2024-06-03" and entry["facts"]["end_date"] == "2024-06-28"
    assert entry["elements"]["contact_person"]["present"]


def test_folders_pick_up_pdf_letters(tmp_path):
    (tmp_path / "brieven").mkdir()
    letter_pdf(tmp_path / "brieven" / "een.pdf", footer=False)
    result = run("check", "brieven", "--format", "json", cwd=tmp_path)
    assert [Path(entry["path"]).name for entry in json.loads(result.stdout)["files"]] == ["een.pdf"]


def _scan(path: Path) -> None:
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 140, style="F")  # no text layer, as a scanned page
    pdf.output(str(path))


def _locked(path: Path, user_password: str) -> None:
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 6, "Wij informeren u middels deze brief.")
    pdf.set_encryption(owner_password="eigenaar", user_password=user_password)
    pdf.output(str(path))


def test_bad_pdfs_get_a_dutch_reason_and_the_others_are_checked(tmp_path):
    _scan(tmp_path / "scan.pdf")
    _locked(tmp_path / "slot.pdf", "geheim")
    _locked(tmp_path / "open.pdf", "")  # only an owner password: readable without asking
    letter_pdf(tmp_path / "kapot.pdf")
    data = (tmp_path / "kapot.pdf").read_bytes()
    (tmp_path / "kapot.pdf").write_bytes(data[:200])
    (tmp_path / "nep.pdf").write_text("Dit is geen PDF.", encoding="utf-8")
    result = run("check", "scan.pdf", "slot.pdf", "open.pdf", "kapot.pdf", "nep.pdf", "--format", "json",
                 cwd=tmp_path)
    assert result.returncode == 2
    data = json.loads(result.stdout)
    errors = {entry["path"]: entry["message"] for entry in data["errors"]}
    assert "tekstherkenning (OCR)" in errors["scan.pdf"]
    assert "wachtwoord" in errors["slot.pdf"]
    assert "beschadigd" in errors["kapot.pdf"]
    assert "geen geldig PDF-bestand" in errors["nep.pdf"]
    assert [entry["path"] for entry in data["files"]] == ["open.pdf"]
    assert any(f["text"] == "middels" for f in data["files"][0]["findings"])


def test_old_word_doc_says_how_to_convert_it(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    (tmp_path / "brieven").mkdir()
    (tmp_path / "brieven" / "oude brief.doc").write_bytes(ole)
    (tmp_path / "brieven" / "nieuw.txt").write_text("Geachte bewoner,\n\nWij informeren u middels deze brief.\n",
                                                   encoding="utf-8")
    named = run("check", "brieven/oude brief.doc", cwd=tmp_path)
    assert named.returncode == 2
    assert "binaire gegevens" not in named.stdout + named.stderr
    assert "brieven/oude brief.doc: kan niet controleren: dit is een oud Word-bestand (.doc)" in named.stdout
    assert "Opslaan als" in named.stdout and "Word-document (.docx)" in named.stdout
    assert 'soffice --headless --convert-to docx "oude brief.doc"' in named.stdout
    # In a folder the .doc is reported, not silently skipped, and the other letter is still checked.
    folder = run("check", "brieven", "--format", "json", cwd=tmp_path)
    data = json.loads(folder.stdout)
    assert folder.returncode == 2
    assert [Path(e["path"]).name for e in data["errors"]] == ["oude brief.doc"]
    assert [Path(f["path"]).name for f in data["files"]] == ["nieuw.txt"]


def test_a_docx_renamed_to_doc_is_read(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Geachte bewoner,")
    document.add_paragraph("Wij informeren u middels deze brief.")
    document.save(str(tmp_path / "brief.doc"))
    result = run("check", "brief.doc", "--format", "json", cwd=tmp_path)
    assert any(f["text"] == "middels" for f in json.loads(result.stdout)["files"][0]["findings"]), result.stdout
