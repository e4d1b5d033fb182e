"""What a pull request to a letter repository could do to CI: rule templates that reach into the
process, user regexes that never end, symlinks out of the checked folder, devices and pipes as
letters, and file names that start GitHub workflow commands. Each is refused with a clear error
(file and line where it applies) and costs at most a second or two."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import helderetaal
from helderetaal.config import config_from_mapping
from helderetaal.engine import format_message
from helderetaal.ruleset import load_ruleset
from helderetaal.yamlfile import ConfigError

EXE = Path(sys.executable).with_name("helderetaal")
needs_exe = pytest.mark.skipif(not EXE.exists(), reason="helderetaal is not installed next to this Python")

RULE = """\
id: eigen-woord
kind: regex
category: jargon
severity: warning
title: Eigen woord
message: "Schrijf niet '{match}'."
pattern: '\\bloketwoord\\b'
options: {ignore_case: true}
explanation:
  wat: Een woord dat de gemeente zelf heeft bedacht.
  waarom: Bewoners kennen het niet.
  voorbeeld: Ga naar het loketwoord.
  beter: Ga naar de balie in het stadhuis.
examples:
  flagged: ['Ga naar het [[loketwoord]].']
  clean: [Ga naar de balie.]
"""
MESSAGE = "message: \"Schrijf niet '{match}'.\"\n"
STIFF = "Geachte bewoner,\n\nWij informeren u middels deze brief over het werk.\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cli(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd,
                          timeout=timeout, env={**os.environ, "CI": "1", **(env or {})}, **kwargs)


# -- 1. message templates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("template", [
    "{ignore_case.line_of.__globals__[Path].cwd.__func__.__globals__[os].environ}",
    "{match.__class__}",
    "{match[0]}",
    "{match!r}",
    "{match:>99999999}",
    "{0}",
    "{}",
    "open { brace",
    "{match:{count}}",
])
def test_a_template_with_more_than_plain_fields_is_a_config_error_with_file_and_line(tmp_path, template):
    folder = tmp_path / "regels"
    path = _write(folder / "eigen.yaml", RULE.replace(MESSAGE, f"message: {json.dumps(template)}\n")
                  .replace("options: {ignore_case: true}", "options: {ignore_case: {x: 1}}"))
    with pytest.raises(ConfigError) as caught:
        load_ruleset([folder])
    assert caught.value.path == str(path)
    assert caught.value.line == 6, str(caught.value)
    assert "'message'" in str(caught.value)


def test_plain_fields_and_doubled_braces_still_fill():
    assert format_message("'{match}' is {what} {{letterlijk}}", {"match": "middels", "what": "stijf"}) == \
        "'middels' is stijf {letterlijk}"
    assert format_message("{onbekend} blijft staan", {}) == "{onbekend} blijft staan"
    # Values are never read as templates themselves.
    assert format_message("{match}", {"match": "{match.__class__}"}) == "{match.__class__}"


@needs_exe
def test_the_environment_never_reaches_the_github_annotations(tmp_path):
    _write(tmp_path / "regels" / "eigen.yaml", RULE.replace(
        MESSAGE, 'message: "{ignore_case.line_of.__globals__[Path].cwd.__func__.__globals__[os].environ}"\n')
        .replace("options: {ignore_case: true}", "options: {ignore_case: {x: 1}}"))
    _write(tmp_path / ".helderetaal.yaml", "rule_dirs: [regels]\n")
    _write(tmp_path / "brief.txt", "Geachte bewoner,\n\nGa naar het loketwoord.\n")
    done = cli("check", "--format", "github", "brief.txt", cwd=tmp_path, env={"GEHEIM_TOKEN": "ghp_zeergeheim123"})
    assert done.returncode == 2
    assert "ghp_zeergeheim123" not in done.stdout + done.stderr
    assert "eigen.yaml:6" in done.stdout and "'message'" in done.stdout


# -- 4. user regexes everywhere have a time limit ---------------------------------------------------------------

def _timed_check(text: str, config) -> tuple[helderetaal.Report, float]:
    started = time.monotonic()
    report = helderetaal.check(text, config=config)
    return report, time.monotonic() - started


LINE_OF_AS = "Geachte bewoner,\n\nWij informeren u middels deze brief en je leest " + "a" * 45 + "\n"


def test_the_issues_ignore_phrase_runs_in_no_time():
    # With Python's re this ran past 60 s; the regex module the patterns now go through has no
    # trouble with it.
    config = config_from_mapping({"rules": {"u-je": {"ignore_phrases": ["(a+)+$"]}}})
    report, seconds = _timed_check(LINE_OF_AS, config)
    assert seconds < 3, seconds
    assert not report.errors and any(f.rule == "u-je" for f in report.findings)


def test_a_catastrophic_ignore_phrase_in_the_config_is_a_config_error():
    # Regular-expression options are compiled safely when the config is validated, so the
    # writer hears of it once, as a config error, before any letter is checked.
    config = config_from_mapping({"rules": {"u-je": {"ignore_phrases": ["(a|aa)+$"]}}})
    started = time.monotonic()
    with pytest.raises(ConfigError) as caught:
        config.ruleset()
    assert time.monotonic() - started < 5
    assert "u-je" in str(caught.value) and "ignore_phrases" in str(caught.value) and "loopt vast" in str(caught.value)


TERMS_RULE = RULE.replace("kind: regex", "kind: terms").replace("options: {ignore_case: true}\n", "").replace(
    "pattern: '\\bloketwoord\\b'\n", "terms:\n  - {term: loketwoord, unless_after: ['(a|aa)+$']}\n")
PATTERN_RULE = RULE.replace("kind: regex", "kind: pattern").replace("options: {ignore_case: true}\n", "").replace(
    "pattern: '\\bloketwoord\\b'\n", "patterns:\n  - [{LOWER: {REGEX: '^(a|aa)+$'}}]\n")


@pytest.mark.parametrize(("text", "fragment"), [
    (TERMS_RULE, "'unless_after' van term 'loketwoord': loopt vast op korte teksten"),
    (PATTERN_RULE, "REGEX '^(a|aa)+$': loopt vast op korte teksten"),
    (RULE.replace("\\bloketwoord\\b", "(1|11)+$"), "'pattern': loopt vast op korte teksten"),
])
def test_catastrophic_patterns_in_rule_files_are_refused_when_they_load(tmp_path, text, fragment):
    folder = tmp_path / "regels"
    path = _write(folder / "eigen.yaml", text)
    started = time.monotonic()
    with pytest.raises(ConfigError) as caught:
        load_ruleset([folder])
    assert time.monotonic() - started < 5
    assert caught.value.path == str(path) and caught.value.line and fragment in str(caught.value), str(caught.value)


@pytest.mark.parametrize(("guard", "token"), [
    # Slow only on texts longer than the probes: they pass loading, the time limit stops them.
    ("unless_after: ['(o|oo)+$']", None),
    (None, "{LOWER: {REGEX: '^(o|oo)+x$'}}"),
])
def test_a_slow_pattern_that_passes_loading_is_stopped_by_the_time_limit(tmp_path, guard, token):
    folder = tmp_path / "regels"
    if guard:
        text = TERMS_RULE.replace("unless_after: ['(a|aa)+$']", guard)
    else:
        text = PATTERN_RULE.replace("{LOWER: {REGEX: '^(a|aa)+$'}}", token)
    _write(folder / "eigen.yaml", text)
    config = config_from_mapping({"rule_dirs": [str(folder)]})
    report, seconds = _timed_check("Geachte bewoner,\n\nGa naar het loketwoord, kijk " + "o" * 60 + "!\n", config)
    assert seconds < 10, seconds
    assert any("eigen-woord" in error and "gestopt" in error for error in report.errors), report.errors


# -- 2, 3. only regular files inside the checked folder are read ------------------------------------------------

@pytest.fixture()
def repository(tmp_path):
    """A letter repository with links out of it, a device, a pipe and an ordinary letter."""
    outside = tmp_path / "thuis"
    secret = _write(outside / "id_rsa", "-----BEGIN GEHEIME SLEUTEL----- zeergeheim42\n")
    repo = tmp_path / "repo"
    letters = repo / "brieven"
    _write(letters / "goed.txt", STIFF)
    (letters / "sleutel.md").symlink_to(secret)
    (letters / "wachtwoorden.txt").symlink_to("/etc/passwd")
    (letters / "nul.txt").symlink_to("/dev/zero")
    (letters / "binnen.txt").symlink_to("goed.txt")  # a link inside the folder is fine
    (repo / "elders").symlink_to(outside, target_is_directory=True)
    os.mkfifo(letters / "pijp.txt")
    return repo, secret


@needs_exe
def test_links_out_of_the_folder_devices_and_pipes_are_reported_not_read(repository):
    repo, secret = repository
    started = time.monotonic()
    done = cli("check", "--format", "sarif", "brieven", cwd=repo, timeout=60)
    assert time.monotonic() - started < 30
    assert done.returncode == 2, done.stderr
    assert "zeergeheim42" not in done.stdout and "root:" not in done.stdout
    notes = {Path(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).name: n["message"]["text"]
             for n in json.loads(done.stdout)["runs"][0]["invocations"][0]["toolExecutionNotifications"]}
    assert set(notes) == {"sleutel.md", "wachtwoorden.txt", "nul.txt", "pijp.txt"}, notes
    for name in ("sleutel.md", "wachtwoorden.txt", "nul.txt"):
        assert "buiten de map" in notes[name] and "niet gelezen" in notes[name], notes[name]
    assert "geen gewoon bestand" in notes["pijp.txt"]
    results = json.loads(done.stdout)["runs"][0]["results"]
    assert {Path(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).name for r in results} == \
        {"goed.txt", "binnen.txt"}


@needs_exe
def test_named_links_and_devices_are_refused_too(repository):
    repo, secret = repository
    done = cli("check", "--format", "json", "brieven/sleutel.md", "elders", "brieven/pijp.txt", "/dev/stdin",
               cwd=repo, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert "zeergeheim42" not in done.stdout
    errors = {e["path"]: e["message"] for e in json.loads(done.stdout)["errors"]}
    assert "buiten de map" in errors["brieven/sleutel.md"] and "buiten de map" in errors["elders"]
    assert "geen gewoon bestand" in errors["brieven/pijp.txt"] and "geen gewoon bestand" in errors["/dev/stdin"]


def test_the_reader_refuses_what_is_not_a_regular_file_without_reading_it(tmp_path):
    from helderetaal.readers import InputError, read_file

    os.mkfifo(tmp_path / "pijp.txt")
    for path in (tmp_path / "pijp.txt", Path("/dev/zero"), Path("/dev/null")):
        started = time.monotonic()
        with pytest.raises(InputError) as caught:
            read_file(path)
        assert time.monotonic() - started < 2
        assert "geen gewoon bestand" in caught.value.reason


def test_the_reader_reads_at_most_the_limit_plus_one_byte(tmp_path, monkeypatch):
    from helderetaal import readers

    path = _write(tmp_path / "brief.txt", STIFF * 10)
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100)
    reads: list[int] = []
    original = readers._read_at_most

    def spy(handle, size):
        reads.append(size)
        return original(handle, size)

    monkeypatch.setattr(readers, "_read_at_most", spy)
    with pytest.raises(readers.InputError, match="te groot"):
        readers.read_file(path)
    assert reads == []  # refused on its size before reading
    monkeypatch.setattr(readers.os, "fstat", lambda fd: os.stat_result((0o100644, 0, 0, 1, 0, 0, 0, 0, 0, 0)))
    with pytest.raises(readers.InputError, match="te groot"):
        readers.read_file(path)  # a size the system does not know (as in /proc): read stops at limit + 1
    assert reads == [101]


def test_sarif_snippets_are_capped(tmp_path):
    from helderetaal.formatters import sarif
    from helderetaal.runner import RunResult

    long_sentence = "Wij " + " ".join(["informeren u middels deze brief over de werkzaamheden"] * 40) + "."
    report = helderetaal.check("Geachte bewoner,\n\n" + long_sentence + "\n", path="brief.txt")
    assert any(len(f.text) > 300 for f in report.findings)
    log = sarif.as_dict(RunResult(reports=[report], fingerprints=[()]))
    snippets = [r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] for r in log["runs"][0]["results"]]
    assert snippets and max(len(s) for s in snippets) <= sarif.MAX_SNIPPET


# -- 6. file names do not start workflow commands --------------------------------------------------------------

@needs_exe
@pytest.mark.parametrize("output_format", ["text", "github"])
def test_a_file_name_with_a_line_break_starts_no_workflow_command(tmp_path, output_format):
    _write(tmp_path / "brieven" / "b\n::error file=x::c.txt", STIFF)
    _write(tmp_path / "brieven" / "::warning::d.txt", STIFF)
    _write(tmp_path / "brieven" / "e\x1b[2Jf.txt", STIFF)
    done = cli("check", "--format", output_format, "brieven", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert all(line.startswith("::warning file=brieven/") for line in commands), commands
    assert len(lines) == 4, lines  # three findings, one total: no name broke a line
    assert "\x1b" not in done.stdout


# -- 16. files that are no letter are counted ------------------------------------------------------------------

@needs_exe
@pytest.mark.parametrize(("output_format", "stream"), [("text", "stdout"), ("github", "stdout"), ("json", "stderr")])
def test_files_that_are_no_letter_are_counted_in_the_summary(tmp_path, output_format, stream):
    for name in ("brief.txt", "LEESMIJ", "notitie.rst", ".verborgen.txt", "~$brief.docx"):
        _write(tmp_path / "brieven" / name, STIFF)
    done = cli("check", "--format", output_format, "brieven", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "4 bestanden overgeslagen: geen brief" in getattr(done, stream)
    quiet = cli("check", "--quiet", "--format", "json", "brieven", cwd=tmp_path)
    assert "overgeslagen" not in quiet.stderr


@needs_exe
def test_standard_input_is_read_only_up_to_the_limit(tmp_path):
    started = time.monotonic()
    with open("/dev/zero", "rb") as zeros:
        done = subprocess.run([str(EXE), "check", "-"], stdin=zeros, capture_output=True, text=True, cwd=tmp_path,
                              timeout=120, env={**os.environ, "CI": "1"})
    assert time.monotonic() - started < 60
    assert done.returncode == 2
    assert "te groot" in done.stdout + done.stderr
