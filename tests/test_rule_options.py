"""Rule options: declared once per kind, resolved in layers, wrong values named at their file and line."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import helderetaal
from helderetaal.config import load_config
from helderetaal.kinds import KINDS
from helderetaal.kinds.options import Options, _convert
from helderetaal.ruleset import load_ruleset
from helderetaal.yamlfile import ConfigError

EXE = Path(sys.executable).with_name("helderetaal")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _config_error(tmp_path: Path, text: str) -> ConfigError:
    path = _write(tmp_path / ".helderetaal.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path).ruleset()
    assert caught.value.path == str(path)
    return caught.value


# -- the three values that used to pass unchecked -----------------------------------------------
def test_an_unknown_unit_is_a_config_error_not_silently_paragraph(tmp_path):
    error = _config_error(tmp_path, "profile: auto\nrules:\n  zinslengte:\n    max_words: 25\n    unit: woord\n")
    assert error.line == 5
    assert "optie 'unit' is 'woord'; kies uit: sentence, paragraph" in str(error)


def test_an_unknown_metric_is_a_config_error_not_a_rule_that_never_fires(tmp_path):
    error = _config_error(tmp_path, "rules:\n  leesbaarheid:\n    metric: flesch\n")
    assert error.line == 3
    assert "optie 'metric' is 'flesch'; kies uit:" in str(error) and "flesch_douma" in str(error)


def test_an_unknown_strong_severity_is_a_config_error_not_a_crash(tmp_path):
    error = _config_error(tmp_path, "rules:\n  zinslengte: {strong_severity: kritiek}\n")
    assert error.line == 2
    assert "optie 'strong_severity' is 'kritiek'; kies uit: error, warning, info, hint" in str(error)


@pytest.mark.skipif(not EXE.exists(), reason="helderetaal is not installed next to this Python")
def test_check_reports_a_bad_option_value_with_file_and_line_and_no_traceback(tmp_path):
    _write(tmp_path / ".helderetaal.yaml", "rules:\n  zinslengte:\n    strong_severity: kritiek\n")
    _write(tmp_path / "brief.txt", "Geachte bewoner,\n\nWij informeren u middels deze brief over het werk.\n")
    done = subprocess.run([str(EXE), "check", "brief.txt"], capture_output=True, text=True, encoding="utf-8",
                          cwd=tmp_path, timeout=300, env={**os.environ, "CI": "1"})
    assert done.returncode == 2, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "Traceback" not in output and "KeyError" not in output
    assert ".helderetaal.yaml:3: " in output and "'kritiek'" in output


# -- layers: kind defaults, then the rule file, then the config -------------------------------------
def test_options_resolve_kind_defaults_then_rule_file_then_config(tmp_path):
    ruleset = load_ruleset()
    paragraph = ruleset.get("alinealengte")
    assert paragraph is not None
    kind_defaults = paragraph.kind.options_type()
    assert kind_defaults.unit == "sentence" and kind_defaults.max_sentences == 0
    assert paragraph.options.unit == "paragraph" and paragraph.options.max_sentences == 10  # the rule file's
    assert paragraph.options.strong_severity == "warning"  # not in the rule file: the kind's default

    config = load_config(_write(tmp_path / ".helderetaal.yaml", "rules:\n  alinealengte: {max_sentences: 2}\n"))
    resolved = paragraph.options_with(config.settings("alinealengte").layer)
    assert resolved.max_sentences == 2 and resolved.unit == "paragraph" and resolved.max_words == 100


def test_a_config_option_changes_what_is_flagged(tmp_path):
    text = "Geachte bewoner,\n\nWij vervangen volgende week het oude riool in uw straat.\n"
    default = helderetaal.check(text)
    assert not [f for f in default.findings if f.rule == "zinslengte"]
    config = load_config(_write(tmp_path / ".helderetaal.yaml", "rules:\n  zinslengte: {max_words: 5}\n"))
    strict = helderetaal.check(text, config=config)
    (finding,) = [f for f in strict.findings if f.rule == "zinslengte"]
    assert "meer dan 5 woorden" in finding.message


def test_a_bad_value_in_a_rule_file_names_that_file_and_line(tmp_path):
    folder = tmp_path / "huisregels"
    path = _write(folder / "lang.yaml", """\
        id: eigen-lengte
        kind: length
        category: length
        severity: info
        title: Lange zin
        message: "Te lang: {count} woorden."
        explanation: {wat: a, waarom: b, voorbeeld: c, beter: d}
        options:
          unit: sentence
          max_words: veel
        examples:
          flagged: [Een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien zeventien achttien negentien twintig eenentwintig.]
          clean: [Een korte zin.]
        """)
    with pytest.raises(ConfigError) as caught:
        load_ruleset([folder])
    assert caught.value.path == str(path) and caught.value.line == 10
    assert "optie 'max_words' is 'veel', maar moet een geheel getal zijn" in str(caught.value)

    # An example's options are a layer too, checked when the rules load.
    path.write_text(path.read_text(encoding="utf-8").replace("max_words: veel", "max_words: 20").replace(
        "clean: [Een korte zin.]", "clean:\n    - text: Een korte zin.\n      options: {unit: alinea}"),
        encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_ruleset([folder])
    assert caught.value.path == str(path) and caught.value.line == 15
    assert "optie 'unit' is 'alinea'; kies uit: sentence, paragraph" in str(caught.value)


def test_a_metric_rule_without_a_threshold_is_refused(tmp_path):
    folder = tmp_path / "huisregels"
    path = _write(folder / "maat.yaml", """\
        id: eigen-maat
        kind: metric
        category: readability
        severity: info
        title: Maat
        message: "Score {value}."
        explanation: {wat: a, waarom: b, voorbeeld: c, beter: d}
        options:
          metric: flesch_douma
        examples:
          flagged: [Een zin.]
          clean: [Een zin.]
        """)
    with pytest.raises(ConfigError) as caught:
        load_ruleset([folder])
    assert caught.value.path == str(path) and caught.value.line == 8
    assert "needs the option 'min' or 'max'" in str(caught.value)


def test_an_option_compiled_with_the_rule_cannot_be_changed_by_a_config(tmp_path):
    error = _config_error(tmp_path, "rules:\n  vaag:\n    case_sensitive: true\n")
    assert error.line == 3 and "kan alleen in het regelbestand staan" in str(error)


def test_options_from_toml_name_the_file(tmp_path):
    path = _write(tmp_path / "pyproject.toml", "[tool.helderetaal.rules.zinslengte]\nunit = 'woord'\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path).ruleset()
    assert caught.value.path == str(path) and "'woord'" in str(caught.value)


# -- every kind declares its options once ---------------------------------------------------------
@pytest.mark.parametrize("name", sorted(KINDS))
def test_each_kind_declares_typed_documented_options(name):
    options_type = KINDS[name].options_type
    assert issubclass(options_type, Options)
    defaults = options_type()
    # The defaults pass the kind's own checks, except where a rule must choose (a metric's threshold).
    assert not list(defaults.problems()) or name == "metric"
    for info in options_type.declared():
        assert info.doc.strip(), f"{name}.{info.name} has no description"
        assert info.describe_type(dutch=True) and not info.describe_type().startswith("<")
        assert defaults[info.name] == info.default == _convert(info, info.default)
    assert hash(defaults) == hash(options_type())  # resolved options are immutable and shareable


def test_every_bundled_rule_has_options_of_its_kind(ruleset):
    for rule in ruleset:
        assert type(rule.options) is rule.kind.options_type, rule.id


# -- explain --------------------------------------------------------------------------------------
@pytest.mark.skipif(not EXE.exists(), reason="helderetaal is not installed next to this Python")
def test_explain_shows_options_in_effect_and_known_problems(tmp_path):
    _write(tmp_path / ".helderetaal.yaml", "rules:\n  zinslengte: {max_words: 28}\n")
    done = subprocess.run([str(EXE), "explain", "zinslengte"], capture_output=True, text=True, encoding="utf-8",
                          cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    page = done.stdout
    for heading in ("Wat", "Waarom", "Voorbeeld", "Beter", "Bekende problemen", "Instellingen"):
        assert f"\n{heading}\n" in "\n" + page
    assert "  max_words: 28   (ingesteld in .helderetaal.yaml)" in page
    assert "Standaard: 25." in page
    assert "  unit: sentence\n" in page and "een van sentence, paragraph" in page
    assert "  strong_severity: warning\n" in page


@pytest.mark.skipif(not EXE.exists(), reason="helderetaal is not installed next to this Python")
def test_explain_shows_an_empty_default_as_an_empty_text(tmp_path):
    done = subprocess.run([str(EXE), "explain", "lijdende-vorm"], capture_output=True, text=True, encoding="utf-8",
                          cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Standaard: ." not in done.stdout and "Standaard: leeg ('')." in done.stdout
    assert "  unless_before: ''\n" in done.stdout
    assert not [line for line in done.stdout.splitlines() if line.startswith("  ") and line.endswith(": ")]


def test_every_bundled_rule_explains_its_known_problems(ruleset):
    # explain shows them (as ruff's rule pages have "Known problems"): the rule file's own, then its kind's.
    for rule in ruleset:
        assert rule.spec.explanation.bekende_problemen.strip(), rule.id


def test_a_regular_expression_option_is_compiled_safely_when_the_config_loads(tmp_path):
    error = _config_error(tmp_path, "rules:\n  u-je:\n    ignore_phrases: ['(a|aa)+$']\n")
    assert error.line == 3 and "optie 'ignore_phrases'" in str(error) and "backtrack" in str(error)
    error = _config_error(tmp_path, "rules:\n  u-je:\n    ignore_phrases: ['(je']\n")
    assert error.line == 3 and "optie 'ignore_phrases'" in str(error)
