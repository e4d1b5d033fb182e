"""Small commands (`--help`, `rules`, `explain`) start fast because they import neither spaCy nor the
letter layer. Asserted on what the process imported, not on time: the machine may be shared. The
timings themselves are in ``benchmarks/run.py --only small``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Runs the command line in this process, then writes the names of every module it imported.
_RUNNER = r"""
import json, sys
target = sys.argv[1]
sys.argv = ["helderetaal", *sys.argv[2:]]
from helderetaal.cli import main
try:
    main()
except SystemExit as stop:
    code = stop.code
else:
    code = 0
with open(target, "w", encoding="utf-8") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""

#: Loaded only to check a letter: a small command that imports one of them pays for it.
_HEAVY = ("spacy", "thinc", "numpy", "helderetaal.engine", "helderetaal.document", "helderetaal.letter",
          "helderetaal.facts", "helderetaal.nlp", "helderetaal.readers")


@pytest.mark.parametrize("args", [["--help"], ["rules"], ["rules", "--format", "json"], ["explain", "ambtelijk"],
                                  ["check", "--help"]], ids=lambda args: " ".join(args))
def test_small_commands_do_not_load_the_checker(args, tmp_path: Path):
    report = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", _RUNNER, str(report), *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip()
    result = json.loads(report.read_text(encoding="utf-8"))
    assert result["code"] in (0, None)
    loaded = [name for name in result["modules"]
              if any(name == heavy or name.startswith(heavy + ".") for heavy in _HEAVY)]
    assert not loaded, f"helderetaal {' '.join(args)} imported {loaded[:10]}"


def test_the_package_still_offers_its_config_api():
    # Config and friends are looked up on first use (module __getattr__), not imported up front.
    import helderetaal
    from helderetaal import config

    assert helderetaal.Config is config.Config
    assert helderetaal.ConfigError is config.ConfigError
    assert helderetaal.discover_config is config.discover_config
    assert helderetaal.load_config is config.load_config
    assert {"Config", "ConfigError", "discover_config", "load_config"} <= set(helderetaal.__all__)
    with pytest.raises(AttributeError):
        helderetaal.no_such_name  # noqa: B018


def test_the_loaded_pipeline_is_kept_out_of_the_collector():
    # spaCy and the pipeline live as long as the process: frozen, the cyclic collector does not
    # walk their ~100,000 containers again (that cost a cold check about a third of a second).
    import gc

    from helderetaal.nlp import pipeline

    pipeline("blank")
    assert gc.get_freeze_count() > 50_000
    assert gc.isenabled()
