"""What a new user of the CLI hits (issue 15): config discovery, exclusions, options that linter
users expect, colour, Dutch texts and the small commands' start-up. Through the real entry point."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

STIFF = "Geachte bewoner,\n\nWij informeren u middels deze brief. Dit is reeds besloten.\n"


def run(*args: str, cwd: Path | None = None, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONUTF8": "1", **(env or {})}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "helderetaal.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=environment, timeout=300, **kwargs)


def json_findings(result: subprocess.CompletedProcess) -> dict[str, list[str]]:
    data = json.loads(result.stdout)
    return {Path(entry["path"]).name: [f["rule"] for f in entry["findings"]] for entry in data["files"]}


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "brieven").mkdir()
    (tmp_path / "brieven" / "stijf.txt").write_text(STIFF, encoding="utf-8")
    (tmp_path / "README.md").write_text("# Mijn brieven\n\nHier staan de brieven. Dit is reeds klaar.\n",
                                        encoding="utf-8")
    return tmp_path


# -- item 2: exclude in a discovered config -----------------------------------------------

def test_exclude_in_a_discovered_config_skips_files_in_folders_and_named_files(repo):
    (repo / ".helderetaal.yaml").write_text("exclude: [README.md, 'archief/']\n", encoding="utf-8")
    (repo / "archief").mkdir()
    (repo / "archief" / "oud.txt").write_text(STIFF, encoding="utf-8")
    folder = run("check", ".", "--format", "json", cwd=repo)
    assert set(json_findings(folder)) == {"stijf.txt"}, folder.stdout
    # pre-commit names the files: an excluded file stays excluded.
    named = run("check", "README.md", "brieven/stijf.txt", "--format", "json", cwd=repo)
    assert set(json_findings(named)) == {"stijf.txt"}
    # Patterns are relative to the config's folder, also when run from elsewhere.
    elsewhere = run("check", str(repo), "--format", "json", cwd=repo.parent)
    assert set(json_findings(elsewhere)) == {"stijf.txt"}


def test_gitignore_is_respected_in_folders_but_not_for_named_files(repo):
    (repo / ".gitignore").write_text("concepten/\n*.bak.txt\n!bewaar.bak.txt\n", encoding="utf-8")
    (repo / "brieven" / ".gitignore").write_text("privé.txt\n", encoding="utf-8")
    for name in ("concepten/een.txt", "brieven/twee.bak.txt", "brieven/bewaar.bak.txt", "brieven/privé.txt"):
        (repo / name).parent.mkdir(exist_ok=True)
        (repo / name).write_text(STIFF, encoding="utf-8")
    result = run("check", "brieven", "concepten", "--format", "json", cwd=repo)
    assert set(json_findings(result)) == {"stijf.txt", "bewaar.bak.txt"}
    named = run("check", "brieven/privé.txt", "--format", "json", cwd=repo)
    assert set(json_findings(named)) == {"privé.txt"}


# -- nested configs and extends --------------------------------------------------------------

def test_nested_configs_are_merged_nearest_wins(repo):
    (repo / ".helderetaal.yaml").write_text(
        "allow: [middels]\nrules:\n  zinslengte: {max_words: 25}\n  vaag: off\n", encoding="utf-8")
    (repo / "brieven" / ".helderetaal.yaml").write_text(
        "rules:\n  ambtelijk: info\n  vaag: on\n", encoding="utf-8")
    result = run("config", "brieven/stijf.txt", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["files"] == [str((repo / ".helderetaal.yaml").resolve()),
                             str((repo / "brieven" / ".helderetaal.yaml").resolve())]
    rules = {rule["id"]: rule for rule in data["rules"]}
    assert rules["ambtelijk"]["severity"] == "info" and rules["vaag"]["enabled"]
    assert rules["zinslengte"]["options"]["max_words"] == 25
    assert "middels" in data["allow"]
    check = run("check", "brieven", "--format", "json", cwd=repo)
    findings = json.loads(check.stdout)["files"][0]["findings"]
    texts = {f["text"]: f["severity"] for f in findings if f["rule"] == "ambtelijk"}
    assert "middels" not in texts and texts["reeds"] == "info"


def test_root_true_stops_the_walk_up(repo):
    (repo / ".helderetaal.yaml").write_text("allow: [middels]\n", encoding="utf-8")
    (repo / "brieven" / ".helderetaal.yaml").write_text("root: true\n", encoding="utf-8")
    data = json.loads(run("config", "brieven/stijf.txt", "--format", "json", cwd=repo).stdout)
    assert data["files"] == [str((repo / "brieven" / ".helderetaal.yaml").resolve())]
    assert "middels" not in data["allow"]


def test_extends_a_shared_file_and_an_installed_house_style(repo, tmp_path_factory):
    shared = repo / "huisstijl.yaml"
    shared.write_text("rules:\n  ambtelijk: error\n  zinslengte: {max_words: 18}\n", encoding="utf-8")
    (repo / ".helderetaal.yaml").write_text("extends: huisstijl.yaml\nrules:\n  zinslengte: {strong_words: 40}\n",
                                            encoding="utf-8")
    data = json.loads(run("config", "brieven/stijf.txt", "--format", "json", cwd=repo).stdout)
    rules = {rule["id"]: rule for rule in data["rules"]}
    assert rules["ambtelijk"]["severity"] == "error"
    assert {key: rules["zinslengte"]["options"][key] for key in ("max_words", "strong_words")} == {
        "max_words": 18, "strong_words": 40}

    # A house style as an installed Python package: an entry point in 'helderetaal.configs'
    # names the package; its folder holds helderetaal.yaml and its own rules.
    site = tmp_path_factory.mktemp("site")
    package = site / "huisstijl_gemeente"
    (package / "regels").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "helderetaal.yaml").write_text("rule_dirs: [regels]\nrules:\n  vaag: off\n", encoding="utf-8")
    (package / "regels" / "loket.yaml").write_text(
        "id: eigen-loket\nkind: regex\ncategory: jargon\nseverity: warning\ntitle: Interne naam\n"
        "message: \"'{match}' kennen bewoners niet.\"\npattern: '\\bstadsloket\\b'\n"
        "explanation: {wat: a, waarom: b, voorbeeld: c, beter: d}\n"
        "examples: {flagged: ['Kom naar het [[stadsloket]].'], clean: ['Kom naar de balie.']}\n", encoding="utf-8")
    dist = site / "huisstijl_gemeente-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: huisstijl-gemeente\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[helderetaal.configs]\ngemeente = huisstijl_gemeente\n", encoding="utf-8")
    (repo / ".helderetaal.yaml").write_text("extends: [gemeente]\n", encoding="utf-8")
    (repo / "brieven" / "loket.txt").write_text("Geachte bewoner,\n\nKom naar het stadsloket.\n", encoding="utf-8")
    env = {"PYTHONPATH": str(site)}
    result = run("check", "brieven", "--format", "json", cwd=repo, env=env)
    found = json_findings(result)
    assert "eigen-loket" in found["loket.txt"], result.stdout + result.stderr
    assert "vaag" not in found["stijf.txt"]
    (repo / ".helderetaal.yaml").write_text("extends: [bestaat-niet]\n", encoding="utf-8")
    broken = run("check", "brieven", cwd=repo, env=env)
    assert broken.returncode == 2 and "geen huisstijl 'bestaat-niet'" in broken.stdout + broken.stderr
    assert "gemeente" in broken.stdout + broken.stderr  # lists what is installed


def test_extends_loop_is_an_error(repo):
    (repo / "a.yaml").write_text("extends: b.yaml\n", encoding="utf-8")
    (repo / "b.yaml").write_text("extends: a.yaml\n", encoding="utf-8")
    (repo / ".helderetaal.yaml").write_text("extends: a.yaml\n", encoding="utf-8")
    result = run("check", "brieven", cwd=repo)
    assert result.returncode == 2 and "loopt rond" in result.stderr + result.stdout


# -- item 3: unknown profiles -----------------------------------------------------------------

def test_unknown_profile_is_refused_on_the_command_line_and_in_the_config(repo):
    result = run("check", "brieven", "--profile", "onzin", cwd=repo)
    assert result.returncode == 2 and "onbekend profiel 'onzin'" in result.stderr
    assert "werkzaamheden" in result.stderr
    (repo / ".helderetaal.yaml").write_text("profile: onzin\n", encoding="utf-8")
    result = run("check", "brieven", cwd=repo)
    assert result.returncode == 2 and "onbekend profiel 'onzin'" in result.stderr + result.stdout
    assert ".helderetaal.yaml:1" in result.stderr + result.stdout
    # A profile the config defines is fine.
    (repo / ".helderetaal.yaml").write_text("profile: kap\nprofiles:\n  kap: [timing, contact]\n", encoding="utf-8")
    assert run("check", "brieven", "--profile", "kap", cwd=repo).returncode == 1


# -- item 4: --quiet ----------------------------------------------------------------------------

def test_quiet_prints_findings_but_no_total_line(repo):
    loud = run("check", "brieven", cwd=repo)
    quiet = run("check", "brieven", "--quiet", cwd=repo)
    assert "bevindingen in 1 bestand" in loud.stdout
    assert "bevinding" not in quiet.stdout.splitlines()[-1] and quiet.stdout.strip()
    assert quiet.stdout.splitlines() == loud.stdout.splitlines()[:-1]


# -- options that ruff / Vale / sqlfluff users expect ----------------------------------------

def test_statistics_counts_findings_per_rule(repo):
    result = run("check", "brieven", "--statistics", cwd=repo)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    first = next(line for line in lines if " ambtelijk " in line)
    assert first.split()[0] == "2" and "waarschuwing" in first
    data = json.loads(run("check", "brieven", "--statistics", "--format", "json", cwd=repo).stdout)
    row = next(row for row in data["statistics"] if row["rule"] == "ambtelijk")
    assert row["count"] == 2 and row["one_suggestion"] == 1  # 'reeds' -> 'al'; 'middels' has two
    assert run("check", "brieven", "--statistics", "--format", "sarif", cwd=repo).returncode == 2


def test_min_severity_hides_lower_levels_and_their_exit_code(repo):
    everything = json_findings(run("check", "brieven", "--format", "json", cwd=repo))["stijf.txt"]
    assert "ambtelijk" in everything
    result = run("check", "brieven", "--format", "json", "--min-severity", "error", cwd=repo)
    assert json_findings(result)["stijf.txt"] == [] and result.returncode == 0


def test_select_and_ignore_rules_and_categories(repo):
    only = run("check", "brieven", "--format", "json", "--select", "ambtelijk", cwd=repo)
    assert set(json_findings(only)["stijf.txt"]) == {"ambtelijk"}
    category = run("check", "brieven", "--format", "json", "--select", "structure", cwd=repo)
    assert json_findings(category)["stijf.txt"] and all(
        rule.startswith(("element-", "kernboodschap", "passport-")) for rule in json_findings(category)["stijf.txt"])
    ignored = run("check", "brieven", "--format", "json", "--ignore", "ambtelijk,structure", cwd=repo)
    assert not {"ambtelijk", "element-contact"} & set(json_findings(ignored)["stijf.txt"])
    unknown = run("check", "brieven", "--select", "bestaat-niet", cwd=repo)
    assert unknown.returncode == 2 and "onbekende regel of categorie 'bestaat-niet'" in unknown.stderr
    (repo / ".helderetaal.yaml").write_text("ignore: [ambtelijk]\n", encoding="utf-8")
    assert "ambtelijk" not in json_findings(run("check", "brieven", "--format", "json", cwd=repo))["stijf.txt"]


# -- item 11: colour and Dutch texts ------------------------------------------------------------

def _on_a_terminal(args: list[str], cwd: Path, env: dict) -> bytes:
    main, child = pty.openpty()
    environment = {**os.environ, **env}
    for name in ("GITHUB_ACTIONS", "CI"):
        environment.pop(name, None)
    process = subprocess.Popen([sys.executable, "-m", "helderetaal.cli", *args], stdout=child, stderr=child,
                               cwd=cwd, env=environment)
    os.close(child)
    output = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=300)
    os.close(main)
    return output


def test_colour_on_a_terminal_unless_no_color(repo):
    coloured = _on_a_terminal(["check", "brieven"], repo, {"TERM": "xterm"})
    assert b"\x1b[" in coloured and "waarschuwing".encode() in coloured
    plain = _on_a_terminal(["check", "brieven"], repo, {"TERM": "xterm", "NO_COLOR": "1"})
    assert b"\x1b[" not in plain and b"[ambtelijk]" in plain
    piped = run("check", "brieven", cwd=repo)
    assert "\x1b[" not in piped.stdout


def test_text_output_and_click_texts_are_dutch(repo):
    text = run("check", "brieven", cwd=repo).stdout
    assert " waarschuwing [ambtelijk]" in text and " warning [" not in text
    help_text = run("check", "--help").stdout
    assert "Gebruik:" in help_text and "Opties:" in help_text and "Toon deze hulp en stop." in help_text
    assert "Usage:" not in help_text and "Show this message" not in help_text
    wrong = run("check", "brieven", "--fail-on", "luid", cwd=repo)
    assert wrong.returncode == 2 and "Fout: Ongeldige waarde voor '--fail-on'" in wrong.stderr, wrong.stderr
    assert "Error" not in wrong.stderr and "Try " not in wrong.stderr
    missing = run("check")
    assert missing.returncode == 2 and "Ontbrekend argument" in missing.stderr
    unknown = run("bestaat-niet")
    assert "Onbekende opdracht" in unknown.stderr


ENGLISH = ("No such file", "Permission denied", "invalid", "cannot", "must be", "unknown", "Error", "directory")


def test_config_and_file_errors_are_dutch(repo):
    missing = run("check", "brieven", "--config", "bestaat-niet.yaml", cwd=repo)
    assert missing.returncode == 2 and "het bestand of de map bestaat niet" in missing.stderr
    (repo / ".helderetaal.yaml").write_text("allow: [middels]\n\tprofile: auto\n", encoding="utf-8")
    tab = run("check", "brieven", cwd=repo)
    assert tab.returncode == 2 and ".helderetaal.yaml:2: ongeldige YAML: een tab" in tab.stdout + tab.stderr
    (repo / ".helderetaal.yaml").write_text("allow: [middels]\nallow: [reeds]\n", encoding="utf-8")
    twice = run("check", "brieven", cwd=repo)
    assert ".helderetaal.yaml:2: ongeldige YAML: de naam 'allow' staat twee keer" in twice.stdout + twice.stderr
    (repo / ".helderetaal.yaml").unlink()
    (repo / "pyproject.toml").write_text('[tool.helderetaal]\nallow = "middels\n', encoding="utf-8")
    toml = run("check", "brieven", cwd=repo)
    assert "pyproject.toml:2: geen geldige TOML in kolom 17: een aanhalingsteken wordt niet gesloten" in \
        toml.stdout + toml.stderr
    (repo / "pyproject.toml").unlink()
    unwritable = run("check", "brieven", "--output", str(repo / "geen-map" / "uit.json"), cwd=repo)
    assert unwritable.returncode == 2 and "niet schrijven: het bestand of de map bestaat niet" in unwritable.stderr
    gone = run("check", "weg.txt", cwd=repo)
    assert gone.returncode == 2 and "bestand niet gevonden" in gone.stdout + gone.stderr
    for result in (missing, tab, twice, toml, unwritable, gone):
        output = result.stdout + result.stderr
        assert not [word for word in ENGLISH if word in output], output


def test_a_broken_config_is_reported_once_not_once_a_letter(repo):
    for name in ("een", "twee", "drie"):
        (repo / "brieven" / f"{name}.txt").write_text(STIFF, encoding="utf-8")
    (repo / "brieven" / ".helderetaal.yaml").write_text("allow: [middels\n", encoding="utf-8")
    result = run("check", "brieven", cwd=repo)
    lines = [line for line in result.stdout.splitlines() if "configuratiefout" in line]
    assert result.returncode == 2 and len(lines) == 1, result.stdout
    assert " en 3 andere brieven: kan niet controleren: configuratiefout: " in lines[0]
    assert "; 4 bestanden met een fout" in result.stdout.splitlines()[-1]
    data = json.loads(run("check", "brieven", "--format", "json", cwd=repo).stdout)
    assert len(data["errors"]) == 4  # the JSON contract keeps one error per file


def test_os_errors_have_a_dutch_reason():
    import errno

    from helderetaal.oserrors import reason

    assert reason(FileNotFoundError(errno.ENOENT, "No such file or directory")) == "het bestand of de map bestaat niet"
    assert reason(PermissionError(errno.EACCES, "Permission denied")) == "geen toestemming"
    assert reason(OSError(errno.ENOSPC, "No space left on device")) == "de schijf is vol"
    assert reason(OSError(errno.EXDEV, "Invalid cross-device link")).startswith("systeemfout")


# -- issue 16: small commands do not load spaCy -------------------------------------------------

@pytest.mark.parametrize("args", [["--help"], ["rules"], ["explain", "ambtelijk"], ["check", "--help"]])
def test_small_commands_do_not_import_spacy(args, tmp_path):
    code = ("import sys, runpy\n"
            f"sys.argv = ['helderetaal', *{args!r}]\n"
            "try:\n    runpy.run_module('helderetaal.cli', run_name='__main__')\n"
            "except SystemExit as stop:\n    assert not stop.code, stop.code\n"
            "loaded = sorted(m for m in sys.modules if m == 'spacy' or m.startswith(('spacy.', 'thinc')))\n"
            "print('LOADED', loaded, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stderr, result.stderr[-500:]


# -- item 12: --jobs 0 decides from the amount of work ----------------------------------------

def _letters(folder: Path, count: int) -> list[str]:
    folder.mkdir(exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"brief{number:03}.txt"
        path.write_text(STIFF.replace("deze brief", f"deze brief {number}"), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_jobs_zero_stays_serial_for_little_work(tmp_path, monkeypatch):
    from helderetaal import runner

    def no_workers(*args, **kwargs):
        raise AssertionError("workers started for a handful of letters")

    monkeypatch.setattr(runner, "_parallel", no_workers)
    paths = _letters(tmp_path, 6)
    result = runner.run(paths, runner.ConfigResolver(), jobs=0)
    assert [Path(report.path).name for report in result.reports] == [Path(p).name for p in paths]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_jobs_zero_starts_workers_when_the_rest_would_take_long(tmp_path, monkeypatch):
    import multiprocessing

    from helderetaal import runner

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("workers are only started lazily where processes fork")
    started: list[int] = []
    parallel = runner._parallel

    def spy(paths, resolver, jobs):
        started.append(len(paths))
        return parallel(paths, resolver, jobs)

    monkeypatch.setattr(runner, "_parallel", spy)
    monkeypatch.setattr(runner, "AUTO_PARALLEL_SECONDS", 0.0)
    paths = _letters(tmp_path, 12)
    serial = runner.run(paths, runner.ConfigResolver(), jobs=1)
    auto = runner.run(paths, runner.ConfigResolver(), jobs=0)
    assert started == [len(paths) - 3]  # three letters measured here, the rest in workers
    assert [r.findings for r in auto.reports] == [r.findings for r in serial.reports]
    assert auto.fingerprints == serial.fingerprints


# -- helderetaal fix ---------------------------------------------------------------------------

def entry_point(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The installed console script, as a user runs it."""
    exe = Path(sys.executable).parent / "helderetaal"
    environment = {**os.environ, "PYTHONUTF8": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run([str(exe), *args], capture_output=True, cwd=cwd, env=environment, timeout=300)


FIXABLE = ("Geachte bewoner,\r\n\r\nWij zijn reeds begonnen met het werk. Indien u vragen heeft, belt u ons. "
           "Het trottoir is tevens nieuw. De werkzaamheden zijn getracht. Wij informeren u middels deze brief.\r\n")


def test_fix_applies_only_unambiguous_word_suggestions_and_keeps_crlf(tmp_path):
    letter = tmp_path / "brief.txt"
    letter.write_bytes(FIXABLE.encode("utf-8"))
    result = entry_point("fix", "brief.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    fixed = letter.read_bytes().decode("utf-8")
    assert fixed == FIXABLE.replace("reeds", "al").replace("Indien", "Als").replace("tevens", "ook")
    # One suggestion but inflected (werkzaamheden, getracht), after an article (het trottoir), or
    # more than one choice (middels: met, via): left for the writer.
    assert "De werkzaamheden zijn getracht" in fixed and "Het trottoir" in fixed and "middels" in fixed
    assert fixed.count("\r\n") == FIXABLE.count("\r\n") and "\n" not in fixed.replace("\r\n", "")
    out = result.stdout.decode("utf-8")
    assert "brief.txt:3:10: 'reeds' vervangen door 'al' [ambtelijk]" in out
    assert "3 woorden vervangen in 1 bestand" in out and "niet toegepast" in out
    # The same run again changes nothing: what is left needs a person.
    again = entry_point("fix", "brief.txt", cwd=tmp_path)
    assert again.returncode == 0 and letter.read_bytes().decode("utf-8") == fixed
    assert "0 woorden vervangen" in again.stdout.decode("utf-8")


def test_fix_diff_previews_without_writing(tmp_path):
    letter = tmp_path / "brief.txt"
    letter.write_bytes(FIXABLE.encode("utf-8"))
    before = letter.stat().st_mtime_ns
    result = entry_point("fix", "--diff", "brief.txt", cwd=tmp_path)
    assert result.returncode == 1  # something to change, as ruff --diff
    assert letter.read_bytes() == FIXABLE.encode("utf-8") and letter.stat().st_mtime_ns == before
    diff = result.stdout.decode("utf-8")
    assert diff.startswith("--- a/brief.txt\n+++ b/brief.txt\n@@ ")
    assert "-Wij zijn reeds begonnen" in diff and "+Wij zijn al begonnen" in diff and "\r\n" in diff
    assert "zouden worden vervangen" in result.stderr.decode("utf-8")
    # The diff applies with patch and gives what fix writes.
    import shutil

    if shutil.which("patch"):
        subprocess.run(["patch", "-p1", "-s", "--binary"], input=result.stdout, cwd=tmp_path, check=True,
                       timeout=60)
        copy = tmp_path / "kopie.txt"
        copy.write_bytes(FIXABLE.encode("utf-8"))
        entry_point("fix", "kopie.txt", cwd=tmp_path)
        assert letter.read_bytes() == copy.read_bytes()
    clean = tmp_path / "goed.txt"
    clean.write_text("Beste buurtbewoner,\n\nWij zijn blij met uw hulp.\n", encoding="utf-8")
    nothing = entry_point("fix", "--diff", "goed.txt", cwd=tmp_path)
    assert nothing.returncode == 0 and nothing.stdout == b""


def test_fix_never_touches_code_front_matter_or_disabled_places(tmp_path):
    text = ("---\ntitel: reeds\n---\n\nGeachte bewoner,\n\nWij zijn reeds begonnen, zie `reeds` en\n\n"
            "```\nreeds\n```\n\n<!-- helderetaal-disable-next-line ambtelijk -->\nDit is reeds gezegd.\n\n"
            "<!-- reeds -->\nTot slot: wij zijn reeds klaar.\n")
    letter = tmp_path / "brief.md"
    letter.write_text(text, encoding="utf-8")
    result = entry_point("fix", "brief.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    fixed = letter.read_text(encoding="utf-8")
    expected = text.replace("Wij zijn reeds begonnen", "Wij zijn al begonnen").replace(
        "wij zijn reeds klaar", "wij zijn al klaar")
    assert fixed == expected


def test_fix_keeps_the_encoding_and_the_file_mode(tmp_path):
    latin = tmp_path / "oud.txt"
    latin.write_bytes("Geachte bewoner,\n\nHet café is reeds open.\n".encode("cp1252"))
    latin.chmod(0o640)
    utf16 = tmp_path / "breed.txt"
    utf16.write_bytes(b"\xfe\xff" + "Geachte bewoner,\n\nHet café is reeds open.\n".encode("utf-16-be"))
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbf" + "Geachte bewoner,\n\nHet café is reeds open.\n".encode("utf-8"))
    result = entry_point("fix", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert latin.read_bytes() == "Geachte bewoner,\n\nHet café is al open.\n".encode("cp1252")
    assert latin.stat().st_mode & 0o777 == 0o640
    assert utf16.read_bytes() == b"\xfe\xff" + "Geachte bewoner,\n\nHet café is al open.\n".encode("utf-16-be")
    assert bom.read_bytes() == b"\xef\xbb\xbf" + "Geachte bewoner,\n\nHet café is al open.\n".encode("utf-8")
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write leaves no temporary file


def test_fix_only_changes_text_and_markdown_and_reports_the_rest(tmp_path):
    docx = pytest.importorskip("docx")
    (tmp_path / "brieven").mkdir()
    document = docx.Document()
    document.add_paragraph("Wij zijn reeds begonnen.")
    document.save(str(tmp_path / "brieven" / "brief.docx"))
    original = (tmp_path / "brieven" / "brief.docx").read_bytes()
    (tmp_path / "brieven" / "brief.txt").write_text("Geachte bewoner,\n\nWij zijn reeds begonnen.\n",
                                                    encoding="utf-8")
    folder = entry_point("fix", "brieven", cwd=tmp_path)
    assert folder.returncode == 0, folder.stderr
    assert (tmp_path / "brieven" / "brief.docx").read_bytes() == original
    assert "Wij zijn al begonnen." in (tmp_path / "brieven" / "brief.txt").read_text(encoding="utf-8")
    assert "1 brief in een ander formaat" in folder.stdout.decode("utf-8")
    named = entry_point("fix", "brieven/brief.docx", "bestaat-niet.txt", "-", cwd=tmp_path)
    assert named.returncode == 2
    named = entry_point("fix", "brieven/brief.docx", "bestaat-niet.txt", cwd=tmp_path)
    err = named.stderr.decode("utf-8")
    assert named.returncode == 2
    assert "brieven/brief.docx: kan niet herstellen: alleen .txt- en .md-bestanden" in err
    assert "bestaat-niet.txt: kan niet herstellen: bestand niet gevonden" in err


def test_fix_select_and_ignore(tmp_path):
    letter = tmp_path / "brief.txt"
    letter.write_text("Geachte bewoner,\n\nWij zijn reeds begonnen. U kunt wellicht parkeren.\n", encoding="utf-8")
    entry_point("fix", "--ignore", "vaag", "brief.txt", cwd=tmp_path)
    assert letter.read_text(encoding="utf-8").endswith("Wij zijn al begonnen. U kunt wellicht parkeren.\n")
    entry_point("fix", "--select", "vaag", "brief.txt", cwd=tmp_path)
    assert letter.read_text(encoding="utf-8").endswith("Wij zijn al begonnen. U kunt misschien parkeren.\n")
    wrong = entry_point("fix", "--select", "onzin", "brief.txt", cwd=tmp_path)
    assert wrong.returncode == 2 and "onbekende regel" in wrong.stderr.decode("utf-8")


def test_usage_lines_say_opties_not_options(tmp_path):
    for command in ("check", "fix", "rules", "summary"):
        result = entry_point(command, "--help", cwd=tmp_path)
        out = result.stdout.decode("utf-8")
        assert result.returncode == 0 and f"Gebruik: helderetaal {command} [OPTIES]" in out, out
        assert "[OPTIONS]" not in out
    assert "PADEN..." in entry_point("fix", "--help", cwd=tmp_path).stdout.decode("utf-8")


def test_placeholders_in_help_and_usage_are_dutch(tmp_path):
    """click builds "--output FILE", "PATHS..." and "COMMAND [ARGS]..." from names, not from gettext."""
    english = ("TEXT", "FILE", "PATH", "INTEGER", "RULE_ID", "COMMAND", "ARGS")
    group = entry_point("--help", cwd=tmp_path).stdout.decode("utf-8")
    assert "Gebruik: helderetaal [OPTIES] OPDRACHT [ARGUMENTEN]..." in group
    for command in ("check", "fix", "config", "baseline", "summary", "explain", "annotate", "serve", "lsp"):
        out = entry_point(command, "--help", cwd=tmp_path).stdout.decode("utf-8")
        placeholders = {word for line in out.splitlines() if line.lstrip().startswith(("-", "Gebruik:"))
                        for word in line.replace("...", " ").replace("[", " ").replace("]", " ").split()
                        if word.isupper()}
        assert not placeholders & set(english), (command, placeholders)
    check = entry_point("check", "--help", cwd=tmp_path).stdout.decode("utf-8")
    assert "Gebruik: helderetaal check [OPTIES] PADEN..." in check and "--output BESTAND" in check
    assert "--jobs GETAL" in check
    wrong = entry_point("check", "--jobs", "veel", "brief.txt", cwd=tmp_path)
    assert "'veel' is geen geldig getal." in wrong.stderr.decode("utf-8")
