"""Configuration and rule files: discovery, validation, errors that name file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import helderetaal
from helderetaal.config import Config, config_from_mapping, discover_config, load_config
from helderetaal.ruleset import load_ruleset
from helderetaal.yamlfile import ConfigError


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


CUSTOM_RULE = """\
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


def test_discovery_walks_up_and_resolves_rule_dirs(tmp_path):
    _write(tmp_path / ".helderetaal.yaml", "rule_dirs: [huisregels]\nrules:\n  ambtelijk: info\n")
    _write(tmp_path / "huisregels" / "eigen.yaml", CUSTOM_RULE)
    letter = _write(tmp_path / "brieven" / "2024" / "brief.txt", "Ga naar het binckhorstloket. Wij informeren u middels deze brief.\n")
    config = discover_config(letter.parent)
    assert config.path == tmp_path / ".helderetaal.yaml"
    report = helderetaal.check_file(letter)
    by_rule = {f.rule: f for f in report.findings}
    assert by_rule["eigen-woord"].text == "binckhorstloket"
    assert by_rule["ambtelijk"].severity == "info"


def test_pyproject_section_is_a_config(tmp_path):
    _write(tmp_path / "pyproject.toml", "[tool.helderetaal]\nallow = ['middels']\n")
    config = discover_config(tmp_path)
    assert "middels" in config.allow
    report = helderetaal.check("Wij informeren u middels deze brief.", config=config)
    assert not [f for f in report.findings if f.rule == "ambtelijk"]


def test_rule_can_be_switched_off_and_options_overridden():
    config = config_from_mapping({"rules": {"ambtelijk": "off"}})
    report = helderetaal.check("Wij informeren u middels deze brief.", config=config)
    assert not [f for f in report.findings if f.rule == "ambtelijk"]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("rules:\n  ambtelijk: [\n", 3, "ongeldige YAML"),
        ("ruels:\n  ambtelijk: off\n", 1, "onbekende instelling 'ruels'"),
        ("allow: middels\n", 1, "'allow' moet een lijst"),
        ("rules:\n  ambtelijk: loud\n", 2, "kies off, on of een niveau"),
        ("rules:\n  bestaat-niet: off\n", 2, "onbekende regel 'bestaat-niet'"),
        ("rules:\n  ambtelijk:\n    first_onyl: true\n", 3, "heeft geen optie 'first_onyl'"),
        ("rules:\n  ambtelijk:\n    first_only: 3\n", 3, "is 3, maar moet true of false zijn"),
        ("profile: werkzaamheden\nprofile: besluit\n", 2, "staat twee keer"),
        ("rule_dirs: [nergens]\n", 1, "regelmap 'nergens' bestaat niet"),
    ],
)
def test_config_errors_name_file_and_line(tmp_path, text, line, fragment):
    path = _write(tmp_path / ".helderetaal.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path).ruleset()
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("change", "line", "fragment"),
    [
        (lambda t: t.replace("kind: regex", "kind: regexp"), 2, "onbekende soort (kind) 'regexp'"),
        (lambda t: t.replace("category: jargon", "category: taal"), 3, "'category' moet een van deze zijn"),
        (lambda t: t.replace("'\\bbinckhorstloket\\b'", "'(binck'"), 7, "geen geldige reguliere expressie"),
        (lambda t: t.replace("'\\bbinckhorstloket\\b'", "'(a|aa)+$'"), 7, "loopt vast op korte teksten"),
        (lambda t: t.replace("title: Eigen woord", "title: Eigen woord\nkleur: rood"), 6, "onbekende sleutel 'kleur'"),
        (lambda t: t.replace("  clean: [Ga naar de balie.]\n", ""), 14, "'examples.clean' heeft minstens één voorbeeld nodig"),
        (lambda t: t.replace("severity: warning", "severity: 3"), 4, "'severity' moet een van deze niveaus zijn"),
    ],
)
def test_rule_file_errors_name_file_and_line(tmp_path, change, line, fragment):
    folder = tmp_path / "huisregels"
    path = _write(folder / "eigen.yaml", change(CUSTOM_RULE))
    with pytest.raises(ConfigError) as caught:
        load_ruleset([folder])
    assert caught.value.path == str(path)
    assert fragment in str(caught.value)
    assert caught.value.line == line


def test_yaml_is_loaded_safely(tmp_path):
    path = _write(tmp_path / ".helderetaal.yaml", "profile: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "ongeldige YAML" in str(caught.value)


def test_duplicate_rule_ids_are_refused(tmp_path):
    folder = tmp_path / "huisregels"
    _write(folder / "a.yaml", CUSTOM_RULE)
    _write(folder / "b.yaml", CUSTOM_RULE)
    with pytest.raises(ConfigError, match="staat al in"):
        load_ruleset([folder])


def test_default_config_is_empty():
    assert Config().settings("ambtelijk").enabled


def test_a_slow_user_pattern_is_bounded_in_time(tmp_path):
    import time

    folder = tmp_path / "huisregels"
    rule = CUSTOM_RULE.replace("'\\bbinckhorstloket\\b'", "'(x|xx)+y'").replace(
        "'Ga naar het [[binckhorstloket]].'", "'xxy'")
    _write(folder / "eigen.yaml", rule)
    _write(tmp_path / ".helderetaal.yaml", "rule_dirs: [huisregels]\n")
    letter = _write(tmp_path / "brief.txt", "Geachte bewoner,\n\n" + "x" * 5000 + "\n")
    started = time.monotonic()
    report = helderetaal.check_file(letter)
    assert time.monotonic() - started < 10
    assert any("eigen-woord" in error for error in report.errors)


def test_user_pattern_with_nested_repeat_still_runs_fast(tmp_path):
    folder = tmp_path / "huisregels"
    _write(folder / "eigen.yaml", CUSTOM_RULE.replace("'\\bbinckhorstloket\\b'", "'(a+)+$'").replace(
        "'Ga naar het [[binckhorstloket]].'", "'aaa'"))
    ruleset = load_ruleset([folder])
    assert ruleset.get("eigen-woord") is not None


def test_rule_file_with_an_empty_list_is_an_error(tmp_path):
    folder = tmp_path / "huisregels"
    path = _write(folder / "leeg.yaml", "[]\n")
    with pytest.raises(ConfigError, match="lege lijst") as caught:
        load_ruleset([folder])
    assert caught.value.path == str(path) and caught.value.line == 1
