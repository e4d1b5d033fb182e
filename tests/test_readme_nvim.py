"""The README's Neovim config, exactly as written, in headless Neovim (the version .ci/run installs)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

NVIM = shutil.which("nvim")

HARNESS = """
dofile(os.getenv("README_CONFIG"))
vim.cmd("edit " .. os.getenv("LETTER"))
local ok = vim.wait(120000, function() return #vim.diagnostic.get(0) > 0 end, 200)
local codes = {}
for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(codes, d.code or "") end
local out = io.open(os.getenv("OUT"), "w")
out:write(vim.fn.json_encode({ ok = ok, codes = codes, version = vim.version() }))
out:close()
vim.cmd("qa!")
"""


def readme_neovim_config(root: Path) -> str:
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Neovim"):]
    return re.search(r"```lua\n(.*?)```", section, re.S).group(1)


@pytest.mark.skipif(NVIM is None, reason="Neovim (nvim) is not installed (.ci/run installs it)")
def test_readme_neovim_config_gets_diagnostics(root, tmp_path):
    config = tmp_path / "readme.lua"
    config.write_text(readme_neovim_config(root), encoding="utf-8")
    harness = tmp_path / "harness.lua"
    harness.write_text(HARNESS, encoding="utf-8")
    letter = tmp_path / "brieven" / "brief.txt"
    letter.parent.mkdir()
    letter.write_text("Geachte bewoner,\n\nWij informeren u middels deze brief.\n", encoding="utf-8")
    (tmp_path / ".helderetaal.yaml").write_text("profile: algemeen\n", encoding="utf-8")
    out = tmp_path / "out.json"
    bin_dir = str(Path(sys.executable).parent)  # `helderetaal` as the README's cmd names it
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "README_CONFIG": str(config),
           "LETTER": str(letter), "OUT": str(out), "XDG_STATE_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    subprocess.run([NVIM, "--headless", "--clean", "-n", "-c", f"luafile {harness}"], env=env, cwd=tmp_path,
                   timeout=240, check=False, capture_output=True)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["ok"], result
    assert "ambtelijk" in result["codes"]
    readme = (root / "README.md").read_text(encoding="utf-8")
    version = result["version"]
    assert f"{version['major']}.{version['minor']}.{version['patch']}" in readme
