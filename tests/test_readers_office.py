"""Word (.docx) and ODT letters: extraction, labels, equivalence with plain text, bad files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from helderetaal.cli import main
from helderetaal.readers import InputError, read_file

# A letter as data, so the same text can be written as .txt, .docx and .odt.
LETTER = [
    ("header", "Gemeente Den Haag, afdeling Stadsbeheer"),
    ("p", "Datum: 3 mei 2024"),
    ("p", "Onderwerp: Nieuwe riolering in de Lindenstraat"),
    ("p", "Geachte bewoner,"),
    ("p", "Wij informeren u middels deze brief over werkzaamheden in uw straat. De gemeente vervangt de "
          "riolering in de Lindenstraat, omdat de oude buizen lekken."),
    ("table", ["Wanneer", "De werkzaamheden vangen op maandag 3 juni aan en duren tot en met vrijdag 28 juni."]),
    ("p", "Wat betekent dit voor u?"),
    ("li", "U kunt uw auto in deze weken niet voor de deur parkeren."),
    ("li", "Wij halen uw afval gewoon op; middels een tijdelijke container aan het begin van de straat."),
    ("p", "Heeft u vragen? Bel dan met Jan de Vries via 14 070."),
    ("p", "Met vriendelijke groet,"),
    ("p", "Jan de Vries"),
    ("p", "Projectleider"),
    ("footer", "Postbus 12600, 2500 DJ Den Haag"),
]


def letter_txt() -> str:
    parts: list[str] = []
    for kind, content in LETTER:
        if kind == "li":
            parts.append(f"- {content}\n")
        elif kind == "table":
            parts.extend(f"{cell}\n\n" for cell in content)
        else:
            parts.append(f"{content}\n\n")
    return "".join(parts)


def write_docx(path: Path, letter=LETTER) -> Path:
    import docx

    document = docx.Document()
    section = document.sections[0]
    for kind, content in letter:
        if kind == "header":
            section.header.paragraphs[0].text = content
        elif kind == "footer":
            section.footer.paragraphs[0].text = content
        elif kind == "li":
            document.add_paragraph(content, style="List Bullet")
        elif kind == "table":
            table = document.add_table(rows=1, cols=len(content))
            for column, cell in enumerate(content):
                table.cell(0, column).text = cell
        else:
            document.add_paragraph(content)
            document.add_paragraph("")  # empty paragraphs, as writers leave them, are skipped
    document.save(str(path))
    return path


def write_odt(path: Path, letter=LETTER) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.style import Footer, Header, MasterPage, PageLayout
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import List, ListItem, P

    document = OpenDocumentText()
    layout = PageLayout(name="pagina")
    document.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    document.masterstyles.addElement(master)
    header, footer = Header(), Footer()
    master.addElement(header)
    master.addElement(footer)
    current_list = None
    for kind, content in letter:
        if kind != "li":
            current_list = None
        if kind == "header":
            header.addElement(P(text=content))
        elif kind == "footer":
            footer.addElement(P(text=content))
        elif kind == "li":
            if current_list is None:
                current_list = List()
                document.text.addElement(current_list)
            item = ListItem()
            item.addElement(P(text=content))
            current_list.addElement(item)
        elif kind == "table":
            table = Table(name="Tabel1")
            table.addElement(TableColumn(numbercolumnsrepeated=len(content)))
            row = TableRow()
            for cell_text in content:
                cell = TableCell()
                cell.addElement(P(text=cell_text))
                row.addElement(cell)
            table.addElement(row)
            document.text.addElement(table)
        else:
            document.text.addElement(P(text=content))
    document.save(str(path))
    return path


def check_json(*paths: Path) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *map(str, paths)])
    return result.exit_code, json.loads(result.stdout)


def triples(file_entry: dict) -> list[tuple[str, str, str]]:
    return sorted((f["rule"], f["text"], f["message"]) for f in file_entry["findings"])


def test_docx_extracts_header_body_tables_lists_and_footer(tmp_path):
    source = read_file(write_docx(tmp_path / "brief.docx"))
    lines = source.text.splitlines()
    assert lines[0] == "Gemeente Den Haag, afdeling Stadsbeheer"
    assert lines[-1] == "Postbus 12600, 2500 DJ Den Haag"
    assert "Wanneer" in lines and "- U kunt uw auto in deze weken niet voor de deur parkeren." in lines
    assert all(line.strip() for line in lines), "empty Word paragraphs must not become lines"
    assert source.line_is_paragraph and source.format == "docx"
    labels = {location.label for location in source.locations}
    assert {"koptekst", "voettekst", "tabel 1, rij 1, kolom 2", "alinea 1"} <= labels
    # The label of the table sentence names the table cell.
    offset = source.text.index("De werkzaamheden vangen")
    assert source.location_of(offset) == "tabel 1, rij 1, kolom 2"
    assert source.location_of(source.text.index("Wij informeren")) == "alinea 4"


@pytest.mark.parametrize("writer", [write_docx, write_odt], ids=["docx", "odt"])
def test_office_letter_gives_the_same_findings_as_plain_text(tmp_path, writer):
    suffix = ".docx" if writer is write_docx else ".odt"
    office = writer(tmp_path / f"brief{suffix}")
    plain = tmp_path / "brief.txt"
    plain.write_text(letter_txt(), encoding="utf-8")
    code, data = check_json(office, plain)
    assert code == 1
    office_entry, plain_entry = data["files"]
    assert triples(office_entry) == triples(plain_entry)
    assert any(rule == "ambtelijk" and text == "middels" for rule, text, _ in triples(office_entry))
    # JSON offsets refer to the extracted text: they slice the finding's text out of it.
    extracted = read_file(office).text
    for finding in office_entry["findings"]:
        assert extracted[finding["start"]:finding["end"]] == finding["text"]
        line = extracted.splitlines()[finding["line"] - 1]
        assert line[finding["column"] - 1:].startswith(finding["text"].split("\n")[0])


@pytest.mark.parametrize("writer", [write_docx, write_odt], ids=["docx", "odt"])
def test_text_output_names_the_paragraph(tmp_path, writer):
    suffix = ".docx" if writer is write_docx else ".odt"
    office = writer(tmp_path / f"brief{suffix}")
    result = CliRunner().invoke(main, ["check", "--format", "text", "--no-color", str(office)])
    lines = [line for line in result.stdout.splitlines() if "[ambtelijk]" in line]
    assert any("(alinea " in line and "'middels'" in line for line in lines)
    assert any("(tabel 1, rij 1, kolom 2)" in line and "vangen" in line for line in lines)


def test_odt_reads_headers_footers_and_lists(tmp_path):
    source = read_file(write_odt(tmp_path / "brief.odt"))
    lines = source.text.splitlines()
    assert lines[0] == "Gemeente Den Haag, afdeling Stadsbeheer"
    assert lines[-1] == "Postbus 12600, 2500 DJ Den Haag"
    assert "- Wij halen uw afval gewoon op; middels een tijdelijke container aan het begin van de straat." in lines
    assert source.location_of(0) == "koptekst"


def test_docx_tracked_changes_and_breaks(tmp_path):
    import docx
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement

    document = docx.Document()
    paragraph = document.add_paragraph("Wij sturen u ")
    deleted = OxmlElement("w:del")
    run = OxmlElement("w:r")
    text = OxmlElement("w:delText")
    text.text = "middels "
    run.append(text)
    deleted.append(run)
    paragraph._p.append(deleted)
    paragraph.add_run("deze brief.")
    paragraph.runs[-1].add_break()
    paragraph.add_run("Tweede regel.")
    path = tmp_path / "wijziging.docx"
    document.save(str(path))
    source = read_file(path)
    assert source.text == "Wij sturen u deze brief. Tweede regel.\n"
    assert qn("w:del")  # the namespace helper works with python-docx


def _docx_bytes(tmp_path: Path) -> bytes:
    return write_docx(tmp_path / "goed.docx").read_bytes()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document>" + " " * (60 * 1024 * 1024) + "</w:document>")
    return buffer.getvalue()


BAD_DOCUMENTS = {
    "not-a-zip": (lambda tmp: b"Dit is gewoon tekst met een verkeerde naam.", "geen zip-pakket"),
    "truncated": (lambda tmp: _docx_bytes(tmp)[:3000], "beschadigd"),
    "encrypted": (lambda tmp: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptionInfo".encode("utf-16-le")
                  + b"\x00" * 512, "wachtwoord"),
    "old-doc": (lambda tmp: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048, ".doc"),
    "zip-bomb": (lambda tmp: _zip_bomb(), "pakt uit tot"),
    "no-document-xml": (lambda tmp: _zip_with({"hallo.txt": "hoi"}), "word/document.xml ontbreekt"),
}


def _zip_with(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("case", sorted(BAD_DOCUMENTS))
def test_bad_word_file_is_one_clear_error_and_other_files_are_checked(tmp_path, case):
    make, expected = BAD_DOCUMENTS[case]
    bad = tmp_path / "kapot.docx"
    bad.write_bytes(make(tmp_path))
    with pytest.raises(InputError) as caught:
        read_file(bad)
    assert expected in caught.value.reason
    assert "\n" not in str(caught.value)
    good = tmp_path / "goed.txt"
    good.write_text("Geachte bewoner,\n\nWij informeren u middels deze brief.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "text", "--no-color", str(bad), str(good)])
    assert result.exit_code == 2
    error_lines = [line for line in result.stdout.splitlines() if "kan niet controleren" in line]
    assert len(error_lines) == 1 and str(bad) in error_lines[0] and expected in error_lines[0]
    assert any(str(good) in line and "'middels'" in line for line in result.stdout.splitlines())


def test_encrypted_odt_is_refused(tmp_path):
    path = tmp_path / "geheim.odt"
    path.write_bytes(_zip_with({
        "mimetype": "application/vnd.oasis.opendocument.text",
        "content.xml": "\x00binary",
        "META-INF/manifest.xml": '<manifest:manifest><manifest:file-entry manifest:full-path="content.xml">'
                                 "<manifest:encryption-data/></manifest:file-entry></manifest:manifest>",
    }))
    with pytest.raises(InputError, match="wachtwoord"):
        read_file(path)


def test_folder_walk_picks_up_office_and_html_files(tmp_path):
    from helderetaal.runner import collect_paths

    write_docx(tmp_path / "a.docx")
    write_odt(tmp_path / "b.odt")
    (tmp_path / "c.html").write_text("<p>Hallo</p>", encoding="utf-8")
    (tmp_path / "~$a.docx").write_bytes(b"lock file of Word")
    found, errors = collect_paths([str(tmp_path)])
    assert [Path(p).name for p in found] == ["a.docx", "b.odt", "c.html"] and not errors


def test_large_word_file_with_pictures_is_read(tmp_path):
    import os

    path = write_docx(tmp_path / "met-foto.docx")
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("word/media/foto.jpg", os.urandom(6 * 1024 * 1024))
    assert path.stat().st_size > 5 * 1024 * 1024
    assert "Wij informeren u middels" in read_file(path).text


def test_unpacked_size_of_the_xml_parts_is_limited(tmp_path, monkeypatch):
    from helderetaal.readers import package

    path = write_docx(tmp_path / "brief.docx")
    monkeypatch.setattr(package, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(InputError, match="pakt uit tot 0 MB"):
        read_file(path)
