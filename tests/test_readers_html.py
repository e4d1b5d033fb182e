"""HTML letters: only text is checked, and offsets slice the HTML source."""

from __future__ import annotations

import json

from click.testing import CliRunner

from helderetaal.cli import main
from helderetaal.readers import parse_html, read_file

PAGE = """<!DOCTYPE html>
<html lang="nl">
<head><title>Brief middels e-mail</title>
<style>p.middels { color: red; }</style></head>
<body>
<h2>Werk in de Lindenstraat</h2><p>Geachte bewoner,</p><p>Wij informeren u middels deze brief over werk in uw straat &amp; de stoep.
De werkzaamheden vangen op 3&nbsp;juni aan.</p><h3>Wat betekent dit voor u</h3>
<!-- middels: een opmerking voor de schrijver -->
<ul><li>U kunt niet voor de deur parkeren.</li><li>Wij halen het afval gewoon op.</li></ul>
<script>var tekst = "<p>middels</p>";</script>
<p title="middels">Heeft u vragen? Bel 14&#160;070.</p>
</body></html>
"""


def test_markup_is_blanked_and_offsets_stay_in_the_source():
    source = parse_html(PAGE, "brief.html")
    assert source.text == PAGE and len(source.analysed) == len(PAGE)
    analysed = source.analysed
    # Prose stays where it was in the file; markup, head, script, style and comments do not count.
    start = PAGE.index("Wij informeren u middels")
    assert analysed[start:start + 24] == "Wij informeren u middels"
    assert analysed.count("middels") == 1
    assert "<" not in analysed and ">" not in analysed and "color" not in analysed
    # Entities become their character followed by spaces.
    amp = PAGE.index("&amp;")
    assert analysed[amp:amp + 5] == "&    "
    nbsp = PAGE.index("&nbsp;")
    assert analysed[nbsp:nbsp + 6] == "      "


def test_findings_slice_the_html_file_and_point_at_its_lines(tmp_path):
    path = tmp_path / "brief.html"
    path.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    data = json.loads(result.stdout)
    findings = data["files"][0]["findings"]
    middels = [f for f in findings if f["rule"] == "ambtelijk" and f["text"] == "middels"]
    assert len(middels) == 1, "the title, style, comment, script and attribute must not be checked"
    finding = middels[0]
    raw = path.read_text(encoding="utf-8")
    assert raw[finding["start"]:finding["end"]] == "middels"
    line = raw.splitlines()[finding["line"] - 1]
    assert line[finding["column"] - 1:].startswith("middels")
    assert any(f["rule"] == "ambtelijk" and f["text"].startswith("vangen") for f in findings)


def test_block_tags_separate_paragraphs_headings_and_list_items():
    from helderetaal.document import Document

    document = Document(parse_html(PAGE, "brief.html"))
    kinds = [(block.kind, PAGE[block.start:block.end]) for block in document.blocks]
    assert ("salutation", "Geachte bewoner,") in kinds
    assert any(kind == "list_item" and text.startswith("U kunt niet") for kind, text in kinds)
    assert ("heading", "Wat betekent dit voor u") in kinds
    # Tags on one source line still end blocks: nothing runs from one element into the next.
    assert not any("Lindenstraat" in text and "Geachte" in text for _, text in kinds)
    assert not any("aan." in text and "Wat betekent" in text for _, text in kinds)


def test_unclosed_script_and_comment_do_not_leak_markup(tmp_path):
    page = "<p>Hallo buurtbewoner.</p><script>if (a < b) { middels(); }"
    source = parse_html(page)
    assert "middels" not in source.analysed and "Hallo buurtbewoner." in source.analysed
    assert "middels" not in parse_html("<p>Tekst</p><!-- middels").analysed


def test_windows_1252_html_is_read(tmp_path):
    path = tmp_path / "oud.html"
    path.write_bytes("<p>Wij informeren u middels deze brief over het café.</p>".encode("cp1252"))
    source = read_file(path)
    assert source.encoding == "cp1252" and "café" in source.analysed
