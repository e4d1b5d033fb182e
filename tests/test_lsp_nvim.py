"""A real editor: headless Neovim opens a letter, attaches `helderetaal lsp` and receives its
diagnostics. Skipped only when `nvim` is not installed (.ci/run installs it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "lsp"))
from lsp_testkit import position, server_command  # noqa: E402

import helderetaal  # noqa: E402

HERE = Path(__file__).parent / "lsp"
NVIM = shutil.which("nvim")
SEVERITY = {"error": 1, "warning": 2, "info": 3, "hint": 4}


@pytest.mark.skipif(NVIM is None, reason="Neovim (nvim) is not installed")
def test_neovim_receives_the_diagnostics(tmp_path):
    letter = tmp_path / "brief.txt"
    text = (HERE / "brief_werkzaamheden.txt").read_text(encoding="utf-8")
    # Multi-byte characters before a finding: Neovim counts columns in bytes.
    text = text.replace("Wij informeren u middels", "Wij 😀 informeren u, café-eigenaar, middels")
    letter.write_text(text, encoding="utf-8")
    out = tmp_path / "diagnostics.json"
    env = {**os.environ, "HELDERETAAL_LSP_CMD": "\t".join(server_command()), "HELDERETAAL_NVIM_LETTER": str(letter),
           "HELDERETAAL_NVIM_OUT": str(out), "XDG_STATE_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    subprocess.run([NVIM, "--headless", "--clean", "-n", "-c", f"luafile {HERE / 'nvim_diagnostics.lua'}"],
                   env=env, cwd=tmp_path, timeout=240, check=False, capture_output=True)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["ok"], result
    got = sorted((d["code"], (d["lnum"], d["col"]), (d["end_lnum"], d["end_col"]), d["severity"])
                 for d in result["diagnostics"])
    report = helderetaal.check_file(letter)
    expected = []
    for f in report.findings:
        (l1, c1), (l2, c2) = position(text, f.start, "utf-8"), position(text, f.end, "utf-8")
        if l2 - l1 > 6:  # long passages are shown on their first line
            l2, c2 = l1, len(text.splitlines()[l1].encode("utf-8"))
        expected.append((f.rule, (l1, c1), (l2, c2), SEVERITY[f.severity]))
    assert got == sorted(expected)
    start = text.index("middels")
    assert ("ambtelijk", position(text, start, "utf-8"), position(text, start + 7, "utf-8"),
            SEVERITY[next(f.severity for f in report.findings if f.text == "middels")]) in got
    assert all(d["source"] == "helderetaal" for d in result["diagnostics"])
