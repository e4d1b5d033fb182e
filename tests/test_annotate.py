"""`helderetaal annotate`: findings as comments, read back with python-docx / odfpy and LibreOffice."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from helderetaal.annotate import AUTHOR

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Own sentences (never from the real letters).
BODY = [
    "Geachte bewoner,",
    "Middels deze brief informeren wij u omtrent de werkzaamheden in de Kastanjelaan 🌳 en café De Hoek.",
    "Wij vervangen de oude waterleiding onder de stoep.",
    "Met vriendelijke groet,",
]


def _run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "helderetaal.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def _make_docx(path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Gemeente Voorbeeldstad"
    document.sections[0].footer.paragraphs[0].text = "Postbus 1, 1234 AB Voorbeeldstad"
    document.add_paragraph(BODY[0])
    paragraph = document.add_paragraph()
    bold = paragraph.add_run("Middels deze brief ")
    bold.bold = True
    italic = paragraph.add_run(BODY[1][len("Middels deze brief "):])
    italic.italic = True
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Wanneer"
    table.cell(0, 1).text = "Vanaf maandag 4 januari 2027"
    third = document.add_paragraph(BODY[2])
    document.add_comment(third.runs, text="Klopt dit?", author="Collega", initials="C")
    # A tracked insertion and deletion, written by another author.
    tracked = document.add_paragraph("Wij ")
    ins = tracked._p.makeelement(qn("w:ins"), {qn("w:id"): "901", qn("w:author"): "Collega",
                                               qn("w:date"): "2026-11-01T10:00:00Z"})
    run = copy.deepcopy(tracked.runs[0]._r)
    run.find(qn("w:t")).text = "komen langs."
    ins.append(run)
    tracked._p.append(ins)
    deleted = tracked._p.makeelement(qn("w:del"), {qn("w:id"): "902", qn("w:author"): "Collega",
                                                   qn("w:date"): "2026-11-01T10:00:00Z"})
    drun = copy.deepcopy(tracked.runs[0]._r)
    dtext = drun.find(qn("w:t"))
    dtext.tag = qn("w:delText")
    dtext.text = " morgen"
    deleted.append(drun)
    tracked._p.append(deleted)
    document.add_paragraph(BODY[3])
    document.save(str(path))


def _anchored_texts(document: object) -> dict[int, str]:
    """comment id -> the text between its range start and end (the words Word highlights)."""
    body = document.element.body  # type: ignore[attr-defined]
    open_ids: set[int] = set()
    texts: dict[int, list[str]] = {}
    for element in body.iter():
        if element.tag == f"{_W}commentRangeStart":
            number = int(element.get(f"{_W}id"))
            open_ids.add(number)
            texts[number] = []
        elif element.tag == f"{_W}commentRangeEnd":
            open_ids.discard(int(element.get(f"{_W}id")))
        elif element.tag == f"{_W}t":
            for number in open_ids:
                texts[number].append(element.text or "")
    return {number: "".join(parts) for number, parts in texts.items()}


@pytest.fixture()
def letter(tmp_path: Path) -> Path:
    path = tmp_path / "brief.docx"
    _make_docx(path)
    return path


def test_docx_comments_sit_on_exactly_the_words_and_keep_everything(letter: Path, tmp_path: Path) -> None:
    original = letter.read_bytes()
    result = _run_cli("annotate", str(letter), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "brief-opmerkingen.docx"
    assert out.exists() and letter.read_bytes() == original  # the original is never touched
    document = docx.Document(str(out))
    ours = [c for c in document.comments if c.author == AUTHOR]
    assert len(ours) >= 3
    anchored = _anchored_texts(document)
    by_text = {c.text.split("\n")[0]: anchored[c.comment_id] for c in ours}
    middels = next(text for message, text in by_text.items() if message.startswith("'Middels'"))
    assert middels == "Middels"
    omtrent = next(text for message, text in by_text.items() if message.lower().startswith("'omtrent'"))
    assert omtrent == "omtrent"
    assert any("Waarom:" in c.text for c in ours)
    # Letter-level findings and the summary sit on the first paragraph.
    on_top = [c.text for c in ours if anchored[c.comment_id] == BODY[0]]
    assert any("contactpersoon" in text for text in on_top), on_top
    # Formatting, header, footer, table, the colleague's comment and the tracked changes are kept.
    runs = document.paragraphs[1].runs
    assert any(r.text == "Middels" and r.bold for r in runs)
    assert any(r.text == "omtrent" and r.italic for r in runs)
    assert "".join(r.text for r in runs) == BODY[1]
    assert document.sections[0].header.paragraphs[0].text == "Gemeente Voorbeeldstad"
    assert document.sections[0].footer.paragraphs[0].text.startswith("Postbus 1")
    assert document.tables[0].cell(0, 1).text == "Vanaf maandag 4 januari 2027"
    theirs = [c for c in document.comments if c.author == "Collega"]
    assert [c.text for c in theirs] == ["Klopt dit?"]
    assert anchored[theirs[0].comment_id] == BODY[2]
    xml = document.element.body.xml
    assert 'w:author="Collega"' in xml and "<w:delText" in xml and "<w:ins " in xml


def test_in_place_and_refusals(letter: Path, tmp_path: Path) -> None:
    result = _run_cli("annotate", "--in-place", str(letter), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert any(c.author == AUTHOR for c in docx.Document(str(letter)).comments)
    text = tmp_path / "brief.txt"
    text.write_text("\n".join(BODY) + "\n", encoding="utf-8")
    refused = _run_cli("annotate", "--in-place", str(text), cwd=tmp_path)
    assert refused.returncode == 2 and "--in-place" in refused.stderr
    missing = _run_cli("annotate", str(tmp_path / "weg.docx"), cwd=tmp_path)
    assert missing.returncode == 2 and "weg.docx" in missing.stderr


def test_text_letter_becomes_a_new_docx(tmp_path: Path) -> None:
    text = tmp_path / "brief.txt"
    text.write_bytes(("\r\n".join(BODY) + "\r\n").encode("utf-8"))  # CRLF and an emoji
    result = _run_cli("annotate", str(text), "-o", str(tmp_path / "uit.docx"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(tmp_path / "uit.docx"))
    assert [p.text for p in document.paragraphs] == BODY
    anchored = _anchored_texts(document)
    words = {anchored[c.comment_id] for c in document.comments if c.author == AUTHOR}
    assert {"Middels", "omtrent"} <= words


def test_odt_gets_office_annotations_on_the_words(tmp_path: Path) -> None:
    from odf import teletype
    from odf.office import Annotation, AnnotationEnd
    from odf.opendocument import OpenDocumentText, load
    from odf.style import Style, TextProperties
    from odf.text import P, Span

    document = OpenDocumentText()
    bold = Style(name="Vet", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    for number, line in enumerate(BODY):
        paragraph = P()
        if number == 1:
            paragraph.addElement(Span(stylename=bold, text="Middels deze brief "))
            paragraph.addText(line[len("Middels deze brief "):])
        else:
            paragraph.addText(line)
        document.text.addElement(paragraph)
    path = tmp_path / "brief.odt"
    document.save(str(path))
    result = _run_cli("annotate", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = load(str(tmp_path / "brief-opmerkingen.odt"))
    annotations = out.getElementsByType(Annotation)
    ends = {end.getAttribute("name") for end in out.getElementsByType(AnnotationEnd)}
    assert annotations and ends
    paragraphs = out.getElementsByType(P)
    second = next(p for p in paragraphs if "Kastanjelaan" in teletype.extractText(p))
    # The words between an annotation and its end: walk the paragraph's text in order.
    spans: dict[str, list[str]] = {}
    active: set[str] = set()

    def walk(node: object) -> None:
        for child in node.childNodes:  # type: ignore[attr-defined]
            if child.nodeType == child.TEXT_NODE:
                for name in active:
                    spans[name].append(child.data)
                continue
            if child.qname[1] == "annotation":
                name = child.getAttribute("name")
                if name:
                    active.add(name)
                    spans[name] = []
                continue
            if child.qname[1] == "annotation-end":
                active.discard(child.getAttribute("name"))
                continue
            walk(child)

    walk(second)
    assert "Middels" in {"".join(parts) for parts in spans.values()}
    assert out.getElementsByType(Span)[0].getAttribute("stylename") == "Vet"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_annotated_file(letter: Path, tmp_path: Path) -> None:
    assert _run_cli("annotate", str(letter), cwd=tmp_path).returncode == 0
    profile = tmp_path / "lo-profile"
    converted = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), str(tmp_path / "brief-opmerkingen.docx")],
        capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "pdf" / "brief-opmerkingen.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000, converted.stdout + converted.stderr


def test_in_het_kort_is_a_comment_on_the_first_paragraph(tmp_path: Path) -> None:
    lines = ["Geachte bewoner,",
             "Van maandag 4 januari 2027 tot en met vrijdag 29 januari 2027 vervangen wij de stoep in de Beukenlaan.",
             "Dit is nodig omdat de tegels los liggen.",
             "U hoeft niets te doen. Uw auto kunt u parkeren bij de sporthal.",
             "Heeft u vragen? Bel dan met Sanne de Vries, telefoon 06 12345678.",
             "Met vriendelijke groet,"]
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    path = tmp_path / "kort.docx"
    document.save(str(path))
    result = _run_cli("annotate", str(path), cwd=tmp_path)
    assert result.returncode == 0 and "In het kort" in result.stdout, result.stderr
    out = docx.Document(str(tmp_path / "kort-opmerkingen.docx"))
    anchored = _anchored_texts(out)
    summary = [c for c in out.comments if c.text.startswith("Voorstel voor 'In het kort'")]
    assert len(summary) == 1 and anchored[summary[0].comment_id] == lines[0]
    assert "4 januari" in summary[0].text
    assert [p.text for p in out.paragraphs] == lines
