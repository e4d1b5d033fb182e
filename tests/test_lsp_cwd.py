"""The server's check workers import the installed package, whatever folder the editor starts it in.

Editors start `helderetaal lsp` in the writer's folder. When that folder holds a directory named
``helderetaal`` (a checkout of this project, as in CI), a worker that put the working directory first
on ``sys.path`` imported that directory instead of the installed package and died on every check.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pygls.uris import from_fs_path

sys.path.insert(0, str(Path(__file__).parent / "lsp"))
from lsp_testkit import RawServer  # noqa: E402

LETTER = "Geachte bewoner,\n\nWij informeren u middels deze brief.\n"


def test_a_folder_named_helderetaal_in_the_working_directory_does_not_shadow_the_package(tmp_path):
    shadow = tmp_path / "helderetaal"
    shadow.mkdir()
    (shadow / "__init__.py").write_text('"""Not the checker: a folder that happens to have its name."""\n')
    raw = RawServer(cwd=tmp_path)
    try:
        raw.initialize(tmp_path, {"helderetaal": {"debounce": 0}})
        uri = from_fs_path(str(tmp_path / "brief.txt"))
        raw.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext",
                                                            "version": 1, "text": LETTER}})
        published = raw.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                             and m["params"]["uri"] == uri, what="diagnostics")
        codes = {d["code"] for d in published["params"]["diagnostics"]}
        assert "ambtelijk" in codes, codes
        assert "controle-gestopt" not in codes
    finally:
        raw.close()
