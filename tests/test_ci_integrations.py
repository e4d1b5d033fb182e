"""pre-commit manifest, the composite GitHub Action's check step and the GitLab CI example."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

LETTER = "Geachte bewoner,\n\nWij informeren u middels deze brief over werk in uw straat.\n"


def _env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "CI")}


def test_pre_commit_manifest_is_valid(root):
    if shutil.which("pre-commit") is None:
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    completed = subprocess.run(["pre-commit", "validate-manifest", str(root / ".pre-commit-hooks.yaml")],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_pre_commit_hook_selects_the_letter_formats(root):
    import re

    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "helderetaal")
    assert hook["entry"] == "helderetaal check" and hook["language"] == "python"
    pattern = re.compile(hook["files"])
    for name in ("brieven/a.txt", "a.md", "b.html", "c.htm", "d.docx", "e.odt"):
        assert pattern.search(name), name
    for name in ("setup.py", "a.doc", "a.docx.bak", "README.rst"):
        assert not pattern.search(name), name
    assert re.search(hook["exclude"], "brieven/~$brief.docx")


def test_action_is_composite_and_uploads_sarif(root):
    action = yaml.safe_load((root / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert any(u.startswith("actions/setup-python@") for u in uses)
    for step in steps:
        if "run" in step:
            assert step.get("shell") == "bash"
            assert "${{" not in step["run"], "inputs go through env, not into the script"


def _action_step(root: Path, name: str) -> dict:
    action = yaml.safe_load((root / "action.yml").read_text(encoding="utf-8"))
    return next(step for step in action["runs"]["steps"] if step.get("name") == name)


@pytest.mark.parametrize("letter, expected_code", [(LETTER, "1"), ("Geachte bewoner,\n\nTot ziens.\n", None)])
def test_action_check_step_writes_sarif_and_exit_code(root, tmp_path, letter, expected_code):
    if shutil.which("bash") is None:
        pytest.skip("bash is not available")
    step = _action_step(root, "Check letters")
    (tmp_path / "brieven").mkdir()
    (tmp_path / "brieven" / "brief.txt").write_text(letter, encoding="utf-8")
    output = tmp_path / "github_output"
    output.write_text("", encoding="utf-8")
    env = {**_env(), "PATHS": "brieven", "FAIL_ON": "warning", "BASELINE": "", "CONFIG": "",
           "SARIF_FILE": "uit.sarif", "JOBS": "1", "GITHUB_OUTPUT": str(output)}
    completed = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True,
                               text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr  # the step itself never fails: the last step does
    code = output.read_text(encoding="utf-8").strip().split("=", 1)[1]
    log = json.loads((tmp_path / "uit.sarif").read_text(encoding="utf-8"))
    results = log["runs"][0]["results"]
    if expected_code:
        assert code == expected_code and any(r["ruleId"] == "ambtelijk" for r in results)
    else:
        # Whatever other rules find in this short letter, the code matches the results.
        assert not any(r["ruleId"] == "ambtelijk" for r in results)
        assert code == ("1" if any(r["level"] in ("error", "warning") for r in results) else "0")


def test_gitlab_example_runs_and_writes_a_code_quality_report(root, tmp_path):
    job = yaml.safe_load((root / "ci-examples" / "gitlab-ci.yml").read_text(encoding="utf-8"))["helderetaal"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["artifacts"]["when"] == "always"
    commands = [line for line in job["script"] if line.startswith("helderetaal ")]
    assert commands
    (tmp_path / "brieven").mkdir()
    (tmp_path / "brieven" / "brief.txt").write_text(LETTER, encoding="utf-8")
    for command in commands:
        completed = subprocess.run(command, shell=True, cwd=tmp_path, env=_env(), capture_output=True, text=True,
                                   timeout=300)
        assert completed.returncode == 1, completed.stderr
    issues = json.loads((tmp_path / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert any(issue["check_name"] == "ambtelijk" for issue in issues)


def test_action_uploads_sarif_only_when_asked(root):
    """Issue 15 item 13: the upload fails on private repositories without code scanning."""
    action = yaml.safe_load((root / "action.yml").read_text(encoding="utf-8"))
    assert action["inputs"]["upload-sarif"]["default"] == "false"
    upload = next(s for s in action["runs"]["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert "inputs.upload-sarif == 'true'" in upload["if"]
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "actions: read" in readme and "security-events: write" in readme
