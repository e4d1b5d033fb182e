"""The CLI through its installed entry point."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXE = shutil.which("helderetaal")
pytestmark = pytest.mark.skipif(EXE is None, reason="helderetaal is not installed on PATH")

STIFF = "Geachte bewoner,\n\nWij informeren u middels deze brief over de werkzaamheden.\n"
CLEAN = "Beste buurtbewoner,\n\nWij zijn blij met uw hulp.\n"


def run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd, input=stdin, timeout=120,
                          encoding="utf-8")


@pytest.fixture()
def letters(tmp_path):
    (tmp_path / "stijf.txt").write_text(STIFF, encoding="utf-8")
    (tmp_path / "goed.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "notities.xlsx").write_bytes(b"PK\x03\x04")  # no letter (a .pdf is one now)
    return tmp_path


def test_text_output_and_exit_code(letters):
    result = run("check", str(letters / "stijf.txt"))
    assert result.returncode == 1, result.stderr
    first = next(line for line in result.stdout.splitlines() if "[ambtelijk]" in line)
    assert re.match(r"^.+stijf\.txt:3:18: waarschuwing \[ambtelijk\] .+\(suggestie: met, via\)$", first), first
    assert re.match(r"^\d+ bevinding(en)? in 1 bestand", result.stdout.splitlines()[-1])
    assert "\x1b[" not in result.stdout  # no colour when not on a terminal


def test_folder_is_walked_with_default_suffixes(letters):
    result = run("check", "--format", "json", str(letters))
    data = json.loads(result.stdout)
    assert sorted(Path(f["path"]).name for f in data["files"]) == ["goed.md", "stijf.txt"]
    assert data["version"] == 1 and data["errors"] == []


def test_clean_letter_exits_zero(letters):
    result = run("check", "--fail-on", "error", str(letters / "goed.md"))
    assert result.returncode == 0, result.stdout


def test_exit_zero_flag(letters):
    assert run("check", "--exit-zero", str(letters / "stijf.txt")).returncode == 0


def test_missing_file_is_an_error_but_others_are_checked(letters):
    result = run("check", "--format", "json", str(letters / "stijf.txt"), str(letters / "weg.txt"))
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert [Path(f["path"]).name for f in data["files"]] == ["stijf.txt"]
    assert data["errors"] == [{"path": str(letters / "weg.txt"), "message": "bestand niet gevonden"}]


def test_stdin(letters):
    result = run("check", "--format", "json", "--stdin-filename", "brief.md", "-", stdin=STIFF)
    data = json.loads(result.stdout)
    assert data["files"][0]["path"] == "brief.md"
    assert "middels" in [f["text"] for f in data["files"][0]["findings"] if f["rule"] == "ambtelijk"]


def test_bad_config_is_exit_two_with_file_and_line(letters):
    (letters / ".helderetaal.yaml").write_text("rules:\n  ambtelijk: luid\n", encoding="utf-8")
    result = run("check", str(letters / "stijf.txt"))
    assert result.returncode == 2
    assert ".helderetaal.yaml:2:" in result.stdout + result.stderr


def test_explicit_config_option(letters, tmp_path_factory):
    config = tmp_path_factory.mktemp("cfg") / "strikt.yaml"
    config.write_text("rules:\n  ambtelijk: error\n", encoding="utf-8")
    result = run("check", "--format", "json", "--config", str(config), str(letters / "stijf.txt"))
    findings = json.loads(result.stdout)["files"][0]["findings"]
    severities = {f["severity"] for f in findings if f["rule"] == "ambtelijk"}
    assert severities == {"error"}


def test_unknown_format_is_a_usage_error(letters):
    result = run("check", "--format", "xml", str(letters / "stijf.txt"))
    assert result.returncode == 2
    assert "onbekend formaat" in result.stderr


def test_rules_and_explain():
    listing = run("rules")
    assert listing.returncode == 0 and "ambtelijk" in listing.stdout
    explained = run("explain", "ambtelijk")
    assert explained.returncode == 0
    for heading in ("Wat", "Waarom", "Voorbeeld", "Beter"):
        assert f"\n{heading}\n" in "\n" + explained.stdout
    unknown = run("explain", "bestaat-niet")
    assert unknown.returncode == 2 and "onbekende regel" in unknown.stderr


def test_module_entry_point_matches_script(letters):
    result = subprocess.run([sys.executable, "-c", "from helderetaal.cli import main; main()", "check",
                             str(letters / "stijf.txt")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "ambtelijk" in result.stdout
