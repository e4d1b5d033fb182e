"""The README's examples run as written: every ```python block, and the set-up check of examples/."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path


def python_blocks(root: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", (root / "README.md").read_text(encoding="utf-8"), re.S)


def test_readme_python_blocks_run_from_the_checkout(root, tmp_path):
    blocks = python_blocks(root)
    assert blocks
    for block in blocks:
        script = tmp_path / "voorbeeld.py"
        script.write_text(block, encoding="utf-8")
        completed = subprocess.run([sys.executable, str(script)], cwd=root, capture_output=True, text=True,
                                   timeout=300, env={**os.environ, "PYTHONSAFEPATH": "1"})
        assert completed.returncode == 0, completed.stderr


def test_readme_set_up_check_of_the_examples_ends_with_exit_1_as_it_says(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "helderetaal check examples/" in readme and "exit code 1" in readme
    exe = Path(sys.executable).parent / "helderetaal"
    if not exe.exists():
        exe = Path(shutil.which("helderetaal") or "helderetaal")
    env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    completed = subprocess.run([str(exe), "check", "examples/"], cwd=root, capture_output=True, text=True,
                               timeout=300, env=env)
    assert completed.returncode == 1, completed.stdout[-2000:] + completed.stderr


def test_readme_sample_output_is_what_check_prints(root):
    """The sample under "What the output looks like" is the real output: its lines and its total."""
    readme = (root / "README.md").read_text(encoding="utf-8")
    sample = re.search(r"`helderetaal check (examples/\S+)` \(first lines and the total\):\n\n```text\n(.*?)```", readme,
                       re.S)
    assert sample, "the README lost its sample output"
    completed = subprocess.run([sys.executable, "-m", "helderetaal.cli", "check", sample.group(1)], cwd=root,
                               capture_output=True, text=True, timeout=300,
                               env={key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"})
    lines = [line for line in sample.group(2).splitlines() if line != "..."]
    printed = completed.stdout.splitlines()
    assert lines[:-1] == printed[: len(lines) - 1]
    assert lines[-1] == printed[-1]
