"""--jobs: parallel checking gives the serial output; the progress bar shows only where it helps."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

from click.testing import CliRunner

from helderetaal.cli import PROGRESS_MIN_FILES, _progress_bar, _show_progress, main

TEMPLATES = [
    "Geachte bewoner,\n\nWij informeren u middels deze brief over werk in straat {n}.\n",
    "Geachte bewoner,\n\nDe werkzaamheden vangen op maandag {n} juni aan.\n\nMet vriendelijke groet,\n\nJan\n",
    "Beste buren,\n\nOp {n} mei is er een bijeenkomst in het buurthuis. U bent welkom.\n",
]


def make_letters(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"brief-{number:03d}.txt"
        path.write_text(TEMPLATES[number % len(TEMPLATES)].format(n=number % 28 + 1), encoding="utf-8")
        paths.append(path)
    return paths


def _env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "CI")}


def test_parallel_output_equals_serial_output(tmp_path):
    make_letters(tmp_path / "brieven", 12)
    (tmp_path / "brieven" / "kapot.docx").write_bytes(b"geen zip")
    runs = {}
    for jobs in ("1", "2"):
        completed = subprocess.run(["helderetaal", "check", "--format", "json", "--jobs", jobs, "brieven"],
                                   cwd=tmp_path, capture_output=True, text=True, env=_env(), timeout=600)
        assert completed.returncode == 2  # kapot.docx
        runs[jobs] = completed.stdout
    assert runs["1"] == runs["2"]
    assert runs["1"].count('"rule": "ambtelijk"') >= 8


def test_parallel_run_through_click_matches_text_output(tmp_path):
    paths = [str(p) for p in make_letters(tmp_path, 6)]
    serial = CliRunner().invoke(main, ["check", "--no-color", *paths])
    parallel = CliRunner().invoke(main, ["check", "--no-color", "--jobs", "2", *paths])
    assert serial.exit_code == parallel.exit_code == 1
    assert serial.stdout == parallel.stdout


def test_progress_only_on_a_terminal_for_long_runs_outside_ci():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    many = PROGRESS_MIN_FILES
    assert _show_progress(False, many, Terminal(), {})
    assert not _show_progress(True, many, Terminal(), {})  # --quiet
    assert not _show_progress(False, many, io.StringIO(), {})  # not a terminal
    assert not _show_progress(False, many, Terminal(), {"CI": "true"})
    assert not _show_progress(False, many, Terminal(), {"GITHUB_ACTIONS": "true"})
    assert not _show_progress(False, many - 1, Terminal(), {})  # short run


def test_progress_bar_draws_on_its_stream_and_wipes_itself():
    stream = io.StringIO()
    bar = _progress_bar(40, stream)
    bar(10, 40)
    bar(40, 40)
    bar.close()
    text = stream.getvalue()
    assert "10/40 brieven" in text and "40/40 brieven" in text and text.endswith("\r")


def test_no_progress_in_captured_output(tmp_path):
    make_letters(tmp_path / "brieven", PROGRESS_MIN_FILES + 1)
    completed = subprocess.run(["helderetaal", "check", "--format", "json", "brieven"], cwd=tmp_path,
                               capture_output=True, text=True, env=_env(), timeout=600)
    assert "brieven\r" not in completed.stderr and "/" not in completed.stderr
