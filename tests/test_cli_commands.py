"""The rules and explain commands, and reading a Word letter from standard input."""

from __future__ import annotations

import json

from click.testing import CliRunner

from helderetaal.cli import main


def test_rules_lists_every_rule_with_metadata(ruleset):
    result = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows] == [rule.id for rule in ruleset]
    assert all({"id", "title", "category", "severity", "enabled", "url"} <= set(row) for row in rows)
    text = CliRunner().invoke(main, ["rules"]).stdout
    assert "ambtelijk" in text and "Ambtelijke woorden" in text


def test_explain_shows_the_four_parts_and_rejects_unknown_rules():
    result = CliRunner().invoke(main, ["explain", "ambtelijk"])
    assert result.exit_code == 0
    for heading in ("Wat", "Waarom", "Voorbeeld", "Beter"):
        assert f"\n{heading}\n" in result.stdout
    unknown = CliRunner().invoke(main, ["explain", "bestaat-niet"])
    assert unknown.exit_code == 2 and "onbekende regel" in unknown.stderr


def test_word_letter_from_stdin(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Geachte bewoner,")
    document.add_paragraph("Wij informeren u middels deze brief.")
    path = tmp_path / "brief.docx"
    document.save(str(path))
    result = CliRunner().invoke(main, ["check", "--format", "json", "--stdin-filename", "brief.docx", "-"],
                                input=path.read_bytes())
    data = json.loads(result.stdout)
    assert data["files"][0]["path"] == "brief.docx"
    assert any(f["text"] == "middels" and f["line"] == 2 for f in data["files"][0]["findings"])
