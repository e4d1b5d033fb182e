"""Hostile and broken config and rule files (beyond tests/test_core_config.py): each is a clear
error with file and line, never a crash, a hang or a memory blow-up; through the CLI the exit
code is 2 and letters under a healthy config are still checked."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import helderetaal
from helderetaal.config import load_config
from helderetaal.ruleset import load_ruleset
from helderetaal.yamlfile import ConfigError, load_yaml

EXE = Path(sys.executable).with_name("helderetaal")

RULE = """\
id: eigen-woord
kind: regex
category: jargon
severity: warning
title: Eigen woord
message: "Schrijf niet '{match}'."
pattern: '\\bbinckhorstloket\\b'
explanation:
  wat: Een woord dat de gemeente zelf heeft bedacht.
  waarom: Bewoners kennen het niet.
  voorbeeld: Ga naar het binckhorstloket.
  beter: Ga naar de balie in het stadhuis.
examples:
  flagged: ['Ga naar het [[binckhorstloket]].']
  clean: [Ga naar de balie.]
"""
FLAGGED = "  flagged: ['Ga naar het [[binckhorstloket]].']\n"
PATTERN = "pattern: '\\bbinckhorstloket\\b'\n"
STIFF = "Geachte bewoner,\n\nWij informeren u middels deze brief over het werk.\n"


def billion_laughs(levels: int = 9, key: str = "lach") -> str:
    """Nested anchors, each level ten aliases of the one before: 10**levels values when expanded."""
    lines = [f'{key}0: &l0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for level in range(1, levels):
        lines.append(f"{key}{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def deep(levels: int) -> str:
    return "allow: " + "[" * levels + "]" * levels + "\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- config files ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("- allow\n- rules\n", 1, "moet instellingen met een naam bevatten"),
        ("gewoon een zin\n", 1, "moet instellingen met een naam bevatten"),
        ("42\n", 1, "moet instellingen met een naam bevatten"),
        ("profile: [werkzaamheden]\n", 1, "'profile' moet één woord zijn"),
        ("rules: [ambtelijk]\n", 1, "onder 'rules' staat per regel"),
        ("rules:\n  ambtelijk: 3\n", 2, "zet hier off, on, een niveau of instellingen"),
        ("rules:\n  ambtelijk:\n    enabled: misschien\n", 3, "'enabled' moet true of false zijn"),
        ("rules:\n  ambtelijk:\n    severity: luid\n", 3, "'severity' moet een van deze niveaus"),
        ("exclude: '*.md'\n", 1, "'exclude' moet een lijst"),
        ("profiles:\n  eigen: datum\n", 2, "moet een lijst met onderdelen zijn"),
        ("profiles:\n  eigen: [bestaatniet]\n", 2, "onbekend onderdeel 'bestaatniet'"),
        ("model: 3\n", 1, "'model' moet"),
        ("rule_dirs: {a: 1}\n", 1, "'rule_dirs' moet een lijst"),
        ("allow: [middels, 3]\n", 1, "'allow' moet een lijst met woorden"),
        ("? [a, b]\n: 1\n", 1, "een naam moet een gewone tekst zijn"),
        ("allow: \"niet gesloten\n", 2, "ongeldige YAML"),
        ("allow: [middels]\n\tprofile: auto\n", 2, "ongeldige YAML"),
        (billion_laughs(), 6, "worden samen meer dan"),
        (deep(50_000), 1, "niveaus diep genest"),
        ("allow: &a [middels, *a]\n", 1, "verwijst naar zichzelf"),
        ("allow: !!python/name:os.system\n", 1, "ongeldige YAML"),
        ("allow: !!binary aGFsbG8=\n", 1, "'allow' moet een lijst"),
    ],
)
def test_bad_config_is_an_error_with_file_and_line(tmp_path, text, line, fragment):
    path = _write(tmp_path / ".helderetaal.yaml", text)
    started = time.monotonic()
    with pytest.raises(ConfigError) as caught:
        load_config(path).ruleset()
    assert time.monotonic() - started < 5
    assert caught.value.path == str(path)
    assert caught.value.line == line, str(caught.value)
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value)


def test_empty_config_file_means_the_defaults(tmp_path):
    for text in ("", "# alleen commentaar\n", "---\n"):
        path = _write(tmp_path / ".helderetaal.yaml", text)
        assert load_config(path).ruleset().get("ambtelijk") is not None


def test_pyproject_section_of_the_wrong_type(tmp_path):
    path = _write(tmp_path / "pyproject.toml", "[tool]\nhelderetaal = 5\n")
    with pytest.raises(ConfigError, match="moet instellingen met een naam bevatten") as caught:
        load_config(path)
    assert caught.value.path == str(path)
    broken = _write(tmp_path / "b" / "pyproject.toml", "[tool.helderetaal]\nallow = [\"middels\"\nprofile = 1\n")
    with pytest.raises(ConfigError, match="geen geldige TOML") as caught:
        load_config(broken)
    assert caught.value.path == str(broken) and caught.value.line == 3 and "kolom" in str(caught.value)


def test_alias_bomb_is_refused_quickly_and_small(tmp_path):
    """Billion laughs: 10**9 values if expanded. Refused in well under a second, without memory growth."""
    path = _write(tmp_path / ".helderetaal.yaml", billion_laughs(9) + "allow: *l8\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(ConfigError, match="worden samen meer dan"):
        load_config(path)
    assert time.monotonic() - started < 1
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024  # kB


def test_ordinary_anchors_and_aliases_still_work(tmp_path):
    config = _write(tmp_path / ".helderetaal.yaml",
                    "allow: &namen [Binckhorst, middels]\nrules:\n  ambtelijk: &zacht {severity: info}\n"
                    "  vaag: *zacht\n")
    loaded = load_config(config)
    assert "middels" in loaded.allow and loaded.settings("vaag").severity == "info"
    assert not [f for f in helderetaal.check(STIFF, config=loaded).findings if f.text == "middels"]
    # Exactly at the limit of nesting still loads; one level more does not.
    from helderetaal.yamlfile import MAX_DEPTH

    assert load_yaml("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)) is not None
    with pytest.raises(ConfigError):
        load_yaml("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH)


# -- rule files --------------------------------------------------------------------------------------------------

TERMS = RULE.replace("kind: regex", "kind: terms").replace(PATTERN, "terms:\n  - {term: binckhorstloket, alternatives: [balie]}\n")
PATTERNS = RULE.replace("kind: regex", "kind: pattern").replace(PATTERN, "patterns:\n  - [{LOWER: binckhorstloket}]\n")


def _example(extra: str) -> str:
    return RULE.replace(FLAGGED, "  flagged:\n    - text: 'Ga naar het [[binckhorstloket]].'\n" + extra)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("", 1, "een regelbestand bevat een regel"),
        ("# alleen commentaar\n", 1, "een regelbestand bevat een regel"),
        ("gewoon een zin\n", 1, "een regelbestand bevat een regel"),
        ("[1, 2]\n", 1, "een regelbestand bevat een regel"),
        (RULE.replace("id: eigen-woord", "id: 5"), 1, "'id' mag alleen"),
        (RULE.replace("id: eigen-woord", "id: Eigen Woord"), 1, "'id' mag alleen"),
        (RULE.replace("kind: regex", "kind: [regex]"), 2, "onbekende soort (kind)"),
        (RULE.replace("category: jargon", "category: [jargon]"), 3, "'category' moet een van deze zijn"),
        (RULE.replace("severity: warning", "severity: {niveau: hoog}"), 4, "'severity' moet een van deze niveaus zijn"),
        (RULE.replace("title: Eigen woord", "title: [Eigen, woord]"), 5, "'title' moet een tekst zijn"),
        (RULE.replace("message: \"Schrijf niet '{match}'.\"", "message: ''"), 6, "'message' moet een tekst zijn"),
        (RULE.replace(PATTERN, "pattern: 5\n"), 7, "'pattern' moet een reguliere expressie"),
        (RULE.replace(PATTERN, "pattern: [a, b]\n"), 7, "'pattern' moet een reguliere expressie"),
        (RULE.replace("explanation:\n  wat: Een woord dat de gemeente zelf heeft bedacht.\n",
                      "explanation:\n  wat: [Een, woord]\n"), 8, "'explanation' moet precies"),
        (RULE + "scope: [body]\n", 16, "'scope' moet een van deze zijn"),
        (RULE + "url: 5\n", 16, "'url' moet een tekst zijn"),
        (RULE + "options: [a]\n", 16, "'options' moeten instellingen met een naam zijn"),
        (RULE + "options: {bestaat_niet: 1}\n", 16, "heeft geen optie 'bestaat_niet'"),
        # examples with wrong types
        (RULE.replace("examples:\n" + FLAGGED + "  clean: [Ga naar de balie.]\n", "examples: [a, b]\n"), 13,
         "'examples' moet de lijsten"),
        (RULE.replace(FLAGGED, "  flagged: 'Ga naar het [[binckhorstloket]].'\n"), 14, "heeft minstens één voorbeeld nodig"),
        (RULE.replace(FLAGGED, "  flagged: [5]\n"), 14, "moet een tekst zijn (niet leeg)"),
        (RULE.replace(FLAGGED, "  flagged: [[a, b]]\n"), 14, "moet een tekst zijn (niet leeg)"),
        (RULE.replace(FLAGGED, "  flagged: ['[[a]] en [[b]]']\n"), 14, "hoogstens één stuk"),
        (RULE.replace("  clean: [Ga naar de balie.]\n", "  clean: []\n  extra: [a]\n"), 13, "'examples' moet de lijsten"),
        (_example("      options: 5\n"), 15, "'options' van een voorbeeld moeten"),
        (_example("      options: [1, 2, 3]\n"), 15, "'options' van een voorbeeld moeten"),
        (_example("      profile: 5\n"), 15, "'profile' van een voorbeeld moet een tekst zijn"),
        (_example("      optoins: {max_words: 3}\n"), 15, "onbekende sleutel 'optoins'"),
        (_example("      text: tweemaal\n"), 16, "staat twee keer"),
        # terms
        (TERMS.replace("terms:\n  - {term: binckhorstloket, alternatives: [balie]}\n", "terms: binckhorstloket\n"), 7,
         "'terms' moet een lijst met termen zijn"),
        (TERMS.replace("terms:\n  - {term: binckhorstloket, alternatives: [balie]}\n", "terms: {a: b}\n"), 7,
         "'terms' moet een lijst met termen zijn"),
        (TERMS.replace("{term: binckhorstloket, alternatives: [balie]}", "5"), 7, "heeft een tekst 'term' nodig"),
        (TERMS.replace("{term: binckhorstloket, alternatives: [balie]}", "{term: [a, b]}"), 7, "heeft een tekst 'term' nodig"),
        (TERMS.replace("alternatives: [balie]", "alternatives: balie"), 8, "moet een lijst met teksten zijn"),
        (TERMS.replace("alternatives: [balie]", "alternatieven: [balie]"), 8, "onbekende sleutel 'alternatieven'"),
        (TERMS.replace("alternatives: [balie]", "unless: '(open'"), 8, "geen geldige reguliere expressie"),
        (TERMS.replace("{term: binckhorstloket,", "{term: '... binckhorstloket',"), 8, "niet met '...' beginnen of eindigen"),
        # spaCy token patterns
        (PATTERNS.replace("[{LOWER: binckhorstloket}]", "[{LOWER: binckhorstloket, OP: '!!'}]"), 7,
         "ongeldig tokenpatroon"),
        (PATTERNS.replace("[{LOWER: binckhorstloket}]", "[{LOWR: binckhorstloket}]"), 7, "ongeldig tokenpatroon"),
        (PATTERNS.replace("[{LOWER: binckhorstloket}]", "[{LOWER: {REGEX: '(a+'}}]"), 7, "ongeldig tokenpatroon"),
        (PATTERNS.replace("[{LOWER: binckhorstloket}]", "[{LOWER: {IN: binckhorstloket}}]"), 7,
         "ongeldig tokenpatroon"),
        (PATTERNS.replace("[{LOWER: binckhorstloket}]", "[{LOWER: [binckhorstloket]}]"), 7, "ongeldig tokenpatroon"),
        (PATTERNS.replace("[{LOWER: binckhorstloket}]", "[{LOWER: binckhorstloket, OP: '{x}'}]"), 7,
         "ongeldig tokenpatroon"),
        (PATTERNS.replace("  - [{LOWER: binckhorstloket}]\n", "  - []\n"), 7, "niet-lege lijst met tokenpatronen"),
        (PATTERNS.replace("  - [{LOWER: binckhorstloket}]\n", "  - binckhorstloket\n"), 7,
         "niet-lege lijst met tokenpatronen"),
        (PATTERNS.replace("patterns:\n  - [{LOWER: binckhorstloket}]\n", "patterns: []\n"), 7,
         "niet-lege lijst met tokenpatronen"),
        # hostile YAML inside a rule file
        (billion_laughs(9, "x") + RULE, 6, "worden samen meer dan"),
        (RULE.replace(FLAGGED, "  flagged: " + "[" * 10_000 + "]" * 10_000 + "\n"), 14, "niveaus diep genest"),
        (PATTERNS.replace("[{LOWER: binckhorstloket}]", "&p [{LOWER: {IN: *p}}]"), 8, "verwijst naar zichzelf"),
        (RULE.replace(PATTERN, "pattern: !!python/object/apply:os.system ['echo gehackt']\n"), 7, "ongeldige YAML"),
    ],
)
def test_bad_rule_file_is_an_error_with_file_and_line(tmp_path, text, line, fragment):
    folder = tmp_path / "huisregels"
    path = _write(folder / "eigen.yaml", text)
    started = time.monotonic()
    with pytest.raises(ConfigError) as caught:
        load_ruleset([folder])
    assert time.monotonic() - started < 10
    assert caught.value.path == str(path), str(caught.value)
    assert fragment in str(caught.value)
    assert caught.value.line == line, str(caught.value)


def test_the_good_rule_templates_load(tmp_path):
    """The broken rules above are broken by their one change, not by the template."""
    for number, text in enumerate((RULE, TERMS, PATTERNS, _example("      options: {}\n      profile: besluit\n"))):
        folder = tmp_path / f"regels{number}"
        _write(folder / "eigen.yaml", text)
        rule = load_ruleset([folder]).get("eigen-woord")
        assert rule is not None
        config = helderetaal.config.config_from_mapping({"rule_dirs": [str(folder)]})
        found = helderetaal.check("Geachte bewoner,\n\nGa naar het binckhorstloket.\n", config=config)
        assert [f.text for f in found.findings if f.rule == "eigen-woord"] == ["binckhorstloket"]


# -- through the CLI ---------------------------------------------------------------------------------------------

def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(EXE), "check", *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd,
                          timeout=300, env={**os.environ, "CI": "1"})


@pytest.mark.skipif(not EXE.exists(), reason="helderetaal is not installed next to this Python")
def test_cli_reports_each_broken_config_with_file_and_line_and_checks_the_rest(tmp_path):
    broken = {
        "lijst": ("- allow\n", 1, "moet instellingen met een naam bevatten"),
        "lachbom": (billion_laughs() + "allow: *l8\n", 6, "worden samen meer dan"),
        "diep": (deep(50_000), 1, "niveaus diep genest"),  # crashed libyaml with a segmentation fault
        "onbekend": ("rules:\n  bestaat-niet: off\n", 2, "onbekende regel 'bestaat-niet'"),
        "regelmap": ("rule_dirs: [regels]\n", 7, "'terms' moet een lijst met termen zijn"),
    }
    for name, (text, _, _) in broken.items():
        _write(tmp_path / name / ".helderetaal.yaml", text)
        _write(tmp_path / name / "brief.txt", STIFF)
    _write(tmp_path / "regelmap" / "regels" / "eigen.yaml",
           TERMS.replace("terms:\n  - {term: binckhorstloket, alternatives: [balie]}\n", "terms: binckhorstloket\n"))
    _write(tmp_path / "gezond" / ".helderetaal.yaml", "rules:\n  ambtelijk: error\n")
    _write(tmp_path / "gezond" / "brief.txt", STIFF)

    done = _cli("--format", "json", *broken, "gezond", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    data = json.loads(done.stdout)
    errors = {Path(e["path"]).parent.name: e["message"] for e in data["errors"]}
    assert sorted(errors) == sorted(broken)
    for name, (_, line, fragment) in broken.items():
        config_file = "regels/eigen.yaml" if name == "regelmap" else ".helderetaal.yaml"
        message = errors[name]
        assert f"{config_file}:{line}: " in message and fragment in message, (name, message)
        assert "\n" not in message
    (report,) = data["files"]
    assert [(f["text"], f["severity"]) for f in report["findings"] if f["rule"] == "ambtelijk"] == [("middels", "error")]


@pytest.mark.skipif(not EXE.exists(), reason="helderetaal is not installed next to this Python")
def test_cli_with_a_broken_explicit_config_exits_2_with_one_line(tmp_path):
    config = _write(tmp_path / "instellingen.yaml", deep(50_000))
    _write(tmp_path / "brief.txt", STIFF)
    done = _cli("--config", str(config), "brief.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("helderetaal: configuratiefout: ") and "instellingen.yaml:1: " in line
    assert "niveaus diep genest" in line

    # A wrong option type is found when the rules are validated: an error for the letter, file and line.
    _write(tmp_path / "instellingen.yaml", "rules:\n  ambtelijk:\n    first_only: [ja]\n")
    done = _cli("--config", str(config), "--format", "json", "brief.txt", cwd=tmp_path)
    assert done.returncode == 2
    (error,) = json.loads(done.stdout)["errors"]
    assert error["path"] == "brief.txt"
    assert "instellingen.yaml:3: " in error["message"] and "moet true of false zijn" in error["message"]
