"""The config resolver that the CLI and the language server share."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helderetaal.resolver import ConfigResolver, config_stamp
from helderetaal.yamlfile import ConfigError


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_nearest_config_applies_and_is_loaded_once(tmp_path):
    config_file = _write(tmp_path / ".helderetaal.yaml", "rules:\n  ambtelijk: info\n")
    letter = _write(tmp_path / "brieven" / "a.txt", "Geachte bewoner,\n")
    other = _write(tmp_path / "brieven" / "b.txt", "Geachte bewoner,\n")
    resolver = ConfigResolver()
    assert resolver.config_file(letter.parent) == config_file
    first = resolver.for_path(str(letter))
    assert first.settings("ambtelijk").severity == "info"
    assert resolver.for_path(str(other)) is first


def test_an_edited_config_is_read_again(tmp_path):
    config_file = _write(tmp_path / ".helderetaal.yaml", "rules:\n  ambtelijk: info\n")
    resolver = ConfigResolver()
    before = resolver.for_folder(tmp_path)
    stamp = config_stamp(config_file)
    _write(config_file, "rules:\n  ambtelijk: error\n")
    os.utime(config_file, ns=(stamp[0] + 10**9, stamp[0] + 10**9))
    after = resolver.for_folder(tmp_path)
    assert before.settings("ambtelijk").severity == "info" and after.settings("ambtelijk").severity == "error"


def test_overrides_are_layered_on_top_and_validated(tmp_path):
    _write(tmp_path / ".helderetaal.yaml", "profile: besluit\nrules:\n  ambtelijk: info\n")
    resolver = ConfigResolver(overrides={"profile": "uitnodiging"})
    config = resolver.for_folder(tmp_path, {"rules": {"zinslengte": {"max_words": 12}}})
    assert config.profile == "uitnodiging"
    assert config.settings("zinslengte").options == {"max_words": 12}
    with pytest.raises(ConfigError, match="optie 'unit'"):
        resolver.for_folder(tmp_path, {"rules": {"zinslengte": {"unit": "woord"}}})


def test_an_explicit_config_applies_everywhere(tmp_path):
    explicit = _write(tmp_path / "instellingen.yaml", "allow: [middels]\n")
    _write(tmp_path / "elders" / ".helderetaal.yaml", "allow: [teneinde]\n")
    resolver = ConfigResolver(explicit)
    assert resolver.for_folder(tmp_path / "elders").allow == frozenset({"middels"})
    assert resolver.for_path("-").allow == frozenset({"middels"})


def test_no_config_means_the_defaults(tmp_path):
    assert config_stamp(tmp_path / "bestaat-niet.yaml") is None
    assert ConfigResolver().for_file(None).path is None
