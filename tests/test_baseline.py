"""Baselines: accepted findings stay hidden when lines move; new findings show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from helderetaal.cli import main

PARAGRAPHS = [
    "Geachte bewoner,",
    "Wij informeren u middels deze brief over werk in uw straat.",
    "De werkzaamheden vangen op maandag 3 juni aan.",
    "Heeft u vragen? Bel dan met Jan de Vries via 14 070.",
    "Met vriendelijke groet,",
    "Jan de Vries",
]


def write(path: Path, paragraphs: list[str]) -> None:
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def check(*args: str):
    return CliRunner().invoke(main, ["check", "--format", "json", *args])


def findings(result) -> list[dict]:
    return [finding for file in json.loads(result.stdout)["files"] for finding in file["findings"]]


def test_moving_paragraphs_keeps_old_findings_hidden_and_a_new_one_shows(tmp_path):
    letter = tmp_path / "brieven" / "brief.txt"
    letter.parent.mkdir()
    write(letter, PARAGRAPHS)
    baseline = tmp_path / "baseline.json"
    made = CliRunner().invoke(main, ["baseline", str(letter.parent), "--output", str(baseline)])
    assert made.exit_code == 0, made.output
    before = findings(check(str(letter)))
    stored = json.loads(baseline.read_text(encoding="utf-8"))
    assert stored["version"] == 1 and len(stored["files"]["brieven/brief.txt"]) == len(before) >= 2

    # Nothing new: nothing shown, exit 0.
    same = check("--baseline", str(baseline), str(letter))
    assert same.exit_code == 0 and findings(same) == []

    # Swap two paragraphs, insert a line on top and re-wrap a paragraph: old findings move lines.
    moved = [PARAGRAPHS[0], "Uw kenmerk staat bovenaan.", PARAGRAPHS[2],
             PARAGRAPHS[1].replace(" over ", "\nover "), *PARAGRAPHS[3:]]
    write(letter, ["Gemeente Den Haag"] + moved)
    shifted = findings(check(str(letter)))
    assert {(f["rule"], f["text"].replace("\n", " ")) for f in shifted if f["rule"] == "ambtelijk"} == \
        {(f["rule"], f["text"]) for f in before if f["rule"] == "ambtelijk"}
    assert {f["line"] for f in shifted if f["rule"] == "ambtelijk"} != \
        {f["line"] for f in before if f["rule"] == "ambtelijk"}
    hidden = check("--baseline", str(baseline), str(letter))
    assert [f for f in findings(hidden) if f["rule"] == "ambtelijk"] == []

    # A new finding (same word, new sentence) shows, and only that one.
    moved.insert(3, "Wij sturen u middels een tweede brief de planning.")
    write(letter, ["Gemeente Den Haag"] + moved)
    new = check("--baseline", str(baseline), str(letter))
    assert new.exit_code == 1
    shown = [f for f in findings(new) if f["rule"] == "ambtelijk"]
    assert [f["text"] for f in shown] == ["middels"]
    assert shown[0]["line"] == letter.read_text(encoding="utf-8").splitlines().index(
        "Wij sturen u middels een tweede brief de planning.") + 1


def test_a_repeated_sentence_counts_as_new(tmp_path):
    # By default a term is reported once per letter; with every occurrence, the repeat is new.
    (tmp_path / ".helderetaal.yaml").write_text("rules:\n  ambtelijk:\n    every_occurrence: true\n", encoding="utf-8")
    letter = tmp_path / "brief.txt"
    write(letter, PARAGRAPHS)
    baseline = tmp_path / "baseline.json"
    assert CliRunner().invoke(main, ["baseline", str(letter), "-o", str(baseline)]).exit_code == 0
    write(letter, PARAGRAPHS[:2] + [PARAGRAPHS[1]] + PARAGRAPHS[2:])
    shown = [f for f in findings(check("--baseline", str(baseline), str(letter))) if f["rule"] == "ambtelijk"]
    assert [f["text"] for f in shown] == ["middels"]


def test_baseline_works_from_another_folder_and_with_text_output(tmp_path, monkeypatch):
    letter = tmp_path / "brief.txt"
    write(letter, PARAGRAPHS)
    baseline = tmp_path / "baseline.json"
    assert CliRunner().invoke(main, ["baseline", str(letter), "-o", str(baseline)]).exit_code == 0
    other = tmp_path / "elders"
    other.mkdir()
    monkeypatch.chdir(other)
    result = CliRunner().invoke(main, ["check", "--no-color", "--baseline", "../baseline.json", "../brief.txt"])
    assert result.exit_code == 0
    assert result.stdout.startswith("0 bevindingen")
    assert "uit de baseline niet getoond" in result.stderr


def test_broken_or_missing_baseline_is_a_usage_error(tmp_path):
    letter = tmp_path / "brief.txt"
    write(letter, PARAGRAPHS)
    missing = CliRunner().invoke(main, ["check", "--baseline", str(tmp_path / "nee.json"), str(letter)])
    assert missing.exit_code == 2 and "bestaat niet" in missing.stderr
    broken = tmp_path / "kapot.json"
    broken.write_text('{"version": 7}', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--baseline", str(broken), str(letter)])
    assert result.exit_code == 2 and "baseline" in result.stderr


def test_baseline_command_reports_unreadable_files(tmp_path):
    letter = tmp_path / "brief.txt"
    write(letter, PARAGRAPHS)
    result = CliRunner().invoke(main, ["baseline", str(letter), str(tmp_path / "weg.txt"), "-o",
                                       str(tmp_path / "b.json")])
    assert result.exit_code == 2 and "weg.txt" in result.stderr
    assert "brief.txt" in json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["files"]


def test_a_file_that_cannot_be_read_keeps_its_entries_in_a_new_baseline(tmp_path):
    first, second = tmp_path / "een.txt", tmp_path / "twee.txt"
    write(first, PARAGRAPHS)
    write(second, PARAGRAPHS)
    output = str(tmp_path / "b.json")
    assert CliRunner().invoke(main, ["baseline", str(first), str(second), "-o", output]).exit_code == 0
    before = json.loads(Path(output).read_text(encoding="utf-8"))["files"]
    assert before["twee.txt"]
    second.unlink()  # gone for a moment (a sync, a rename): its accepted findings must not become new
    result = CliRunner().invoke(main, ["baseline", str(first), str(second), "-o", output])
    assert result.exit_code == 2 and "twee.txt" in result.stderr
    after = json.loads(Path(output).read_text(encoding="utf-8"))["files"]
    assert after["twee.txt"] == before["twee.txt"] and after["een.txt"] == before["een.txt"]


def test_an_unreadable_baseline_is_a_dutch_error(tmp_path):
    from helderetaal.baseline import Baseline, BaselineError

    broken = tmp_path / "baseline.json"
    broken.write_text('{"version": 1, "files": {\n', encoding="utf-8")
    with pytest.raises(BaselineError, match=r"geen geldige JSON \(regel 2\)"):
        Baseline.load(broken)
    with pytest.raises(BaselineError, match="het bestand of de map bestaat niet|dit is een map"):
        Baseline.load(tmp_path)
