"""A run that meets a broken environment: a config naming a model that is not there, TOML nested
too deeply, a run killed while writing its baseline, a full disk, a worker process that dies.
Each ends in one clear line and exit code 2, and what was finished is not lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helderetaal.config import load_config
from helderetaal.runner import ConfigResolver, FileError, run
from helderetaal.yamlfile import ConfigError

EXE = Path(sys.executable).with_name("helderetaal")
needs_exe = pytest.mark.skipif(not EXE.exists(), reason="helderetaal is not installed next to this Python")
STIFF = "Geachte bewoner,\n\nWij informeren u middels deze brief over het werk.\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cli(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, timeout=120,
                          env={**os.environ, "CI": "1"}, **kwargs)


# -- 12, 13. config problems are found when the config loads ---------------------------------------------------

@pytest.mark.parametrize(("model", "fragment"), [
    ("nl_core_news_bestaatniet", "is niet geïnstalleerd"),
    ("tqdm", "is geen spaCy-model"),   # must not even be imported
    ("os.path", "moet 'blank', 'auto' of de naam"),
])
def test_a_model_that_cannot_be_used_is_a_config_error_with_file_and_line(tmp_path, model, fragment):
    path = _write(tmp_path / ".helderetaal.yaml", f"allow: [x]\nmodel: {model}\n")
    sys.modules.pop("tqdm", None)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.line == 2 and fragment in str(caught.value), str(caught.value)
    assert "tqdm" not in sys.modules


@needs_exe
def test_a_missing_model_through_the_cli_is_one_line_and_exit_2(tmp_path):
    _write(tmp_path / "instellingen.yaml", "model: nl_core_news_bestaatniet\n")
    _write(tmp_path / "brief.txt", STIFF)
    done = cli("check", "--config", "instellingen.yaml", "brief.txt", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    (line,) = done.stderr.strip().splitlines()
    assert "instellingen.yaml:1" in line and "nl_core_news_bestaatniet" in line and "Traceback" not in line


def test_deeply_nested_pyproject_is_a_config_error(tmp_path):
    path = _write(tmp_path / "pyproject.toml", "[tool.helderetaal]\nallow = " + "[" * 2000 + "]" * 2000 + "\n")
    with pytest.raises(ConfigError, match="te diep genest"):
        load_config(path)
    _write(tmp_path / "brief.txt", STIFF)
    outcome = run([str(tmp_path / "brief.txt")], ConfigResolver())
    (error,) = outcome.errors
    assert "pyproject.toml" in error.message and "te diep genest" in error.message


# -- 14. writes are whole or not at all ------------------------------------------------------------------------

@needs_exe
def test_a_baseline_killed_while_it_is_written_keeps_the_old_one(tmp_path):
    """SIGKILL at the worst moment: after the file was opened for writing. Before, this left 0 bytes."""
    for number in range(30):
        _write(tmp_path / "brieven" / f"brief{number}.txt", STIFF)
    first = cli("baseline", "-o", "basis.json", "brieven", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    old = (tmp_path / "basis.json").read_text(encoding="utf-8")
    # The run stops (SIGSTOP) right after it opens the baseline (or a file descriptor) for writing,
    # and is killed there: the worst moment for a write that truncates the file first.
    script = (
        "import io, os, signal, sys\n"
        "real_open = io.open\n"
        "def stopping_open(file, mode='r', *args, **kwargs):\n"
        "    handle = real_open(file, mode, *args, **kwargs)\n"
        "    if 'w' in mode and (isinstance(file, int) or 'basis.json' in str(file)):\n"
        "        os.kill(os.getpid(), signal.SIGSTOP)\n"
        "    return handle\n"
        "io.open = stopping_open\n"
        "from helderetaal.cli import main\n"
        "sys.argv = ['helderetaal', 'baseline', '-o', 'basis.json', 'brieven']\n"
        "main()\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={**os.environ, "CI": "1"})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = Path(f"/proc/{process.pid}/stat").read_text().split()[2]
        if state == "T":
            break
        time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("the baseline run never reached its write")
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert (tmp_path / "basis.json").read_text(encoding="utf-8") == old
    assert json.loads(old)["version"] == 1


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    from helderetaal import atomicfile

    target = _write(tmp_path / "rapport.json", "oud\n")
    real_fsync = os.fsync

    def full_disk(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomicfile.os, "fsync", full_disk)
    with pytest.raises(OSError):
        atomicfile.write_atomically(target, "nieuw\n" * 1000)
    monkeypatch.setattr(atomicfile.os, "fsync", real_fsync)
    assert target.read_text(encoding="utf-8") == "oud\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.json"]
    atomicfile.write_atomically(target, "nieuw\n")
    assert target.read_text(encoding="utf-8") == "nieuw\n"


@needs_exe
def test_output_to_a_full_device_is_one_clear_error(tmp_path):
    _write(tmp_path / "brief.txt", STIFF)
    for args in (("check", "brief.txt"), ("check", "--format", "json", "brief.txt")):
        with open("/dev/full", "w") as full:
            done = subprocess.run([str(EXE), *args], stdout=full, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                                  timeout=120, env={**os.environ, "CI": "1"})
        assert done.returncode == 2
        (line,) = done.stderr.strip().splitlines()
        assert line == "helderetaal: kan de uitvoer niet schrijven: de schijf is vol"


@needs_exe
def test_output_file_on_a_full_disk_keeps_the_old_report(tmp_path):
    _write(tmp_path / "brief.txt", STIFF)
    done = cli("check", "-o", "/dev/full", "brief.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


# -- 15. a worker that dies ------------------------------------------------------------------------------------

def _dying_check(marker_dir: Path, always: set[str]):
    from helderetaal import runner

    real = runner._check

    def check(path, resolver, stdin_name=None):
        name = Path(path).name
        marker = marker_dir / f"{name}.gestorven"
        if name in always or (name == "eenmaal.txt" and not marker.exists()):
            marker.write_text("x")
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, resolver, stdin_name)

    return check


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the test replaces the check in forked workers")
def test_a_killed_worker_costs_no_results(tmp_path, monkeypatch):
    from helderetaal import runner

    names = [f"brief{n}.txt" for n in range(12)]
    names[3] = "eenmaal.txt"   # its worker is killed once: checked again, gets its report
    names[8] = "altijd.txt"    # kills every worker that checks it: gets an error
    for name in names:
        _write(tmp_path / name, STIFF)
    monkeypatch.setattr(runner, "_check", _dying_check(tmp_path, {"altijd.txt"}))
    result = run([str(tmp_path / name) for name in names], ConfigResolver(), jobs=2)
    assert [Path(r.path).name for r in result.reports] == [n for n in names if n != "altijd.txt"]
    assert all(any(f.rule == "ambtelijk" for f in r.findings) for r in result.reports)
    (error,) = result.errors
    assert isinstance(error, FileError) and Path(error.path).name == "altijd.txt"
    assert "stopte onverwacht" in error.message


def test_an_internal_error_on_one_letter_is_its_error_and_the_others_are_checked(tmp_path, monkeypatch):
    from helderetaal import runner

    for name in ("a.txt", "kapot.txt", "c.txt"):
        _write(tmp_path / name, STIFF)
    real = runner.check_source

    def failing(source, config, ruleset=None):
        if "kapot" in str(source.path):
            raise KeyError("een fout in de code")
        return real(source, config, ruleset)

    monkeypatch.setattr(runner, "check_source", failing)
    result = run([str(tmp_path / n) for n in ("a.txt", "kapot.txt", "c.txt")], ConfigResolver())
    assert [Path(r.path).name for r in result.reports] == ["a.txt", "c.txt"]
    (error,) = result.errors
    assert Path(error.path).name == "kapot.txt" and "interne fout" in error.message and "KeyError" in error.message
