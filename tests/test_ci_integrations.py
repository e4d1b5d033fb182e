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
    for name in ("brieven/a.txt", "a.md", "b.html", "c.htm", "d.docx", "e.odt", "f.pdf"):
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


# -- issue 15 item 8: the examples install what exists ---------------------------------------------
def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    git = shutil.which("git")
    if git is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    return subprocess.run([git, *args], cwd=root, capture_output=True, text=True, timeout=120)


def _ci_texts(root: Path) -> dict[str, str]:
    readme = (root / "README.md").read_text(encoding="utf-8")
    ci_section = readme.split("## CI setup", 1)[1].split("\n## ", 1)[0]
    return {"README.md (CI setup)": ci_section,
            **{name: (root / name).read_text(encoding="utf-8")
               for name in ("ci-examples/gitlab-ci.yml", ".pre-commit-hooks.yaml", "action.yml")}}


def test_ci_examples_install_from_the_repository_or_from_a_release_that_exists(root):
    """The examples once pinned v0.1.0 and installed from PyPI; neither existed."""
    import re

    tags = set(_git(root, "tag", "--list").stdout.split())

    def existing(ref: str) -> bool:
        return ref == "main" or ref in tags or re.fullmatch(r"[0-9a-f]{7,40}", ref) is not None

    for name, text in _ci_texts(root).items():
        refs = re.findall(r"helderetaal(?:\.git)?@([\w.\-/]+)", text)
        refs += re.findall(r"^\W*rev:\s*['\"]?([\w.\-/]+)", text, re.M)
        refs += re.findall(r"archive/refs/(?:heads|tags)/([\w.\-]+?)\.(?:tar\.gz|zip)", text)
        for ref in refs:
            assert existing(ref), f"{name} names {ref!r}, which is no tag, branch or commit of this repository"
        for line in re.findall(r"pip install[^\n]*", text):
            pinned = re.search(r"""['"\s]helderetaal(?:\[\w+\])?==([\w.]+)""", line)
            from_index = re.search(r"""pip install(?:\s+-\S+)*\s+['"]?helderetaal(?:\[\w+\])?(?:[=<>~]|['"\s]|$)""",
                                   line)
            if pinned:
                assert f"v{pinned.group(1)}" in tags, f"{name} installs {pinned.group(1)} from PyPI: no such release"
            elif from_index:
                assert tags, f"{name} installs helderetaal from PyPI, but no release exists yet: {line}"


def test_the_repository_archive_builds_a_complete_package(root, tmp_path):
    """What the GitLab example and pre-commit install: the repository at a commit, built by pip."""
    import sys
    import zipfile

    archive = tmp_path / "helderetaal.tar.gz"
    done = _git(root, "archive", "--format=tar.gz", "--prefix=helderetaal/", "-o", str(archive), "HEAD")
    assert done.returncode == 0, done.stderr
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
                            str(archive)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    wheel = next((tmp_path / "dist").glob("helderetaal-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    import helderetaal

    assert wheel.name.startswith(f"helderetaal-{helderetaal.__version__}-")
    for needed in ("helderetaal/rules/zinslengte.yaml", "helderetaal/lsp/server.py", "helderetaal/py.typed",
                   "helderetaal/web/static/", "helderetaal/data/"):
        assert any(name.startswith(needed) for name in names), f"the package built from the archive lacks {needed}"
    committed = {line.rsplit("/", 1)[-1] for line in _git(root, "ls-tree", "--name-only", "HEAD", "rules/").stdout.split()
                 if line.endswith(".yaml")}
    assert {n.rsplit("/", 1)[-1] for n in names if n.startswith("helderetaal/rules/") and n.endswith(".yaml")} == committed
