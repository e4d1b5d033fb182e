"""The user cache of derived data (helderetaal.cache) and the data read through it."""

from __future__ import annotations

import helderetaal
from helderetaal import cache, metrics, nlp


def test_cached_value_is_built_once_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("HELDERETAAL_CACHE_DIR", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"reeds": 4.79, "middels": 4.02}

    assert cache.cached("test-table", ("1.0",), build) == {"reeds": 4.79, "middels": 4.02}
    assert cache.cached("test-table", ("1.0",), build) == {"reeds": 4.79, "middels": 4.02}
    assert len(calls) == 1
    # Another source version is another file.
    cache.cached("test-table", ("2.0",), build)
    assert len(calls) == 2
    assert len(list(tmp_path.glob("test-table-*.marshal"))) == 2


def test_broken_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("HELDERETAAL_CACHE_DIR", str(tmp_path))
    cache.cached("test-broken", ("1",), lambda: [1, 2, 3])
    (path,) = tmp_path.glob("test-broken-*.marshal")
    path.write_bytes(b"\x00not marshal")
    assert cache.cached("test-broken", ("1",), lambda: [4, 5]) == [4, 5]


def test_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("HELDERETAAL_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    assert cache.cached("test-off", ("1",), lambda: {"a": 1}) == {"a": 1}
    assert cache.cached_table("test-off-table", ("1",), lambda: {"a": "b"}) == {"a": "b"}


def test_unwritable_cache_folder_only_costs_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("HELDERETAAL_CACHE_DIR", str(blocker / "cache"))
    assert cache.cached("test-unwritable", ("1",), lambda: {"x": 1.5}) == {"x": 1.5}
    assert cache.cached_table("test-unwritable", ("1",), lambda: {"x": "y"}) == {"x": "y"}


def test_disk_table_reads_like_the_dict(tmp_path, monkeypatch):
    monkeypatch.setenv("HELDERETAAL_CACHE_DIR", str(tmp_path))
    data = {"werkzaamheden": "werkzaamheid", "vangen": "vangen", "één": "een"}
    table = cache.cached_table("test-lemmas", ("1",), lambda: data)
    assert isinstance(table, cache.DiskTable)
    again = cache.cached_table("test-lemmas", ("1",), lambda: {})  # read from the file, not rebuilt
    for current in (table, again):
        assert len(current) == 3
        for key, value in data.items():
            assert current.get(key) == value
            assert key in current
        assert current.get("onbekend", "onbekend") == "onbekend"
        assert "onbekend" not in current


def test_lemmas_match_spacys_own_lookup_table():
    from spacy.lookups import load_lookups

    reference = load_lookups("nl", ["lemma_lookup"]).get_table("lemma_lookup")
    table = nlp._lemma_lookup()
    words = ["werkzaamheden", "vangen", "informeren", "brieven", "bewoners", "afgesloten", "xyzzy", "wordt"]
    assert [table.get(word, word) for word in words] == [reference.get(word, word) for word in words]
    doc = nlp.pipeline()("De werkzaamheden vangen aan en de straten worden afgesloten.")
    assert [token.lemma_ for token in doc][:4] == ["de", "werkzaamheid", "vangen", "aan"]


def test_uncommon_words_agree_with_zipf():
    words = ["reeds", "afsluiting", "wegafsluiting", "gemeentehuis", "bronbemaling", "verkeersbord", "april",
             "informeren", "kwelwater", "xqzvw", "a" * 45, "zandzakken", "grondwaterstand"]
    assert [metrics.is_uncommon(word) for word in words] == [metrics.zipf(word) < metrics.UNCOMMON_ZIPF
                                                            for word in words]


def test_importing_spacy_the_fast_way_keeps_spacy_cli_usable():
    nlp.pipeline()
    import spacy
    import spacy.cli

    assert hasattr(spacy.cli, "setup_cli")  # the real package, not the stand-in
    assert callable(spacy.info)
    assert helderetaal.check("Wij informeren u middels deze brief.").findings


_RULE_YAML = """\
id: proef-regel
kind: terms
message: "'{match}' is stijf"
options:
  terms:
    - {term: reeds, suggest: [al]}
    - {term: middels, suggest: [met]}
examples:
  flagged: [Wij hebben reeds betaald.]
  fine: [Wij hebben al betaald.]
"""


def _lines(value):
    """Every LineDict's own line and key lines, in order, so a cached value can be compared."""
    from helderetaal.yamlfile import LineDict

    if isinstance(value, LineDict):
        return [value.line, dict(value.key_lines), {k: _lines(v) for k, v in value.items()}]
    if isinstance(value, list):
        return [_lines(item) for item in value]
    return value


def test_parsed_yaml_is_read_back_with_its_lines(tmp_path, monkeypatch):
    from helderetaal.yamlfile import LineDict, load_yaml_file

    monkeypatch.setenv("HELDERETAAL_CACHE_DIR", str(tmp_path))
    path = tmp_path / "regel.yaml"
    path.write_text(_RULE_YAML, encoding="utf-8")
    first = load_yaml_file(path)
    assert len(list((tmp_path / "yaml").glob("*.marshal"))) == 1
    again = load_yaml_file(path)
    assert again == first and _lines(again) == _lines(first)
    assert isinstance(again, LineDict) and again.line_of("examples") == 8
    assert again["options"]["terms"][1].line_of("suggest") == 7
    monkeypatch.setenv("HELDERETAAL_CACHE_DIR", "off")
    assert _lines(load_yaml_file(path)) == _lines(first)


def test_edited_yaml_is_parsed_again_and_errors_are_never_cached(tmp_path, monkeypatch):
    import pytest

    from helderetaal.yamlfile import ConfigError, load_yaml_file

    monkeypatch.setenv("HELDERETAAL_CACHE_DIR", str(tmp_path))
    path = tmp_path / "regel.yaml"
    path.write_text(_RULE_YAML, encoding="utf-8")
    load_yaml_file(path)
    path.write_text(_RULE_YAML.replace("reeds", "thans"), encoding="utf-8")
    assert load_yaml_file(path)["options"]["terms"][0]["term"] == "thans"
    path.write_text("id: a\nid: b\n", encoding="utf-8")
    for _ in range(2):  # the second time is not answered from the cache either
        with pytest.raises(ConfigError, match="staat twee keer"):
            load_yaml_file(path)
    assert len(list((tmp_path / "yaml").glob("*.marshal"))) == 2


def test_yaml_that_marshal_cannot_hold_is_parsed_every_time(tmp_path, monkeypatch):
    import datetime

    from helderetaal.yamlfile import load_yaml_file

    monkeypatch.setenv("HELDERETAAL_CACHE_DIR", str(tmp_path))
    path = tmp_path / "datum.yaml"
    path.write_text("datum: 2026-12-02\n", encoding="utf-8")
    assert load_yaml_file(path)["datum"] == datetime.date(2026, 12, 2)
    assert load_yaml_file(path)["datum"] == datetime.date(2026, 12, 2)
    assert not list((tmp_path / "yaml").glob("*.marshal"))


def test_package_version_agrees_with_importlib_metadata():
    from importlib import metadata

    for name in ("spacy", "spacy-lookups-data", "spacy_lookups_data", "wordfreq", "pyphen", "PyYAML", "click"):
        assert cache.package_version(name) == metadata.version(name)
    assert cache.package_version("geen-bestaand-pakket-16") == ""


def test_parsed_yaml_folder_is_trimmed_to_the_recently_used(tmp_path, monkeypatch):
    from helderetaal.yamlfile import load_yaml_file

    monkeypatch.setenv("HELDERETAAL_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "MAX_YAML_FILES", 8)
    kept = tmp_path / "regels.yaml"
    kept.write_text(_RULE_YAML, encoding="utf-8")
    load_yaml_file(kept)
    for number in range(20):
        config = tmp_path / f"config-{number}.yaml"
        config.write_text(f"profile: werkzaamheden\nmax_sentence_words: {number + 10}\n", encoding="utf-8")
        load_yaml_file(config)
        if number % 3 == 0:
            load_yaml_file(kept)  # read often: stays
        files = list((tmp_path / "yaml").glob("*.marshal"))
        assert len(files) <= 8
    before = len(list((tmp_path / "yaml").glob("*.marshal")))
    load_yaml_file(kept)
    assert len(list((tmp_path / "yaml").glob("*.marshal"))) == before  # read back, not written again
