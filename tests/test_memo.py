"""Per-document memos keep values beside the document, not on it, and let them go with it."""

from __future__ import annotations

import gc

import helderetaal

from helderetaal.document import Document
from helderetaal.memo import DECLARED, DocumentMemo
from helderetaal.readers import read_bytes


def _document(text: str) -> Document:
    return Document(read_bytes(text.encode("utf-8"), "brief.txt"))


def test_a_value_is_computed_once_per_document_and_key():
    memo: DocumentMemo[str, int] = DocumentMemo("test: counts")
    first, second = _document("Eerste brief."), _document("Tweede brief.")
    calls = []

    def compute(value: int) -> int:
        calls.append(value)
        return value

    assert memo.get(first, "a", lambda: compute(1)) == 1
    assert memo.get(first, "a", lambda: compute(2)) == 1
    assert memo.get(second, "a", lambda: compute(3)) == 3
    assert calls == [1, 3]
    assert memo in DECLARED
    before = dict(vars(first))
    memo.get(first, "b", lambda: 4)
    assert vars(first) == before  # nothing is written onto the shared document


def test_values_go_with_their_document():
    memo: DocumentMemo[str, list[int]] = DocumentMemo("test: lists")
    document = _document("Een brief.")
    memo.get(document, "x", lambda: [1, 2])
    assert len(memo) == 1
    del document
    gc.collect()
    assert len(memo) == 0


def test_term_rules_keep_their_per_letter_state_beside_the_document():
    from helderetaal.kinds import terms

    document = _document("Geachte bewoner,\n\nWij informeren u middels deze brief over het werk.\n")
    config = helderetaal.Config()
    from helderetaal.engine import check_document

    report = check_document(document, config, config.ruleset())
    assert any(f.rule == "ambtelijk" for f in report.findings)
    assert not {"_plain_tokens", "_term_lookup_keys", "_initial_positions"} & set(vars(document))
    assert terms._PLAIN_TOKENS.of(document) and terms._LOOKUP_KEYS.of(document)


def test_a_settings_key_stands_for_its_parts_and_for_no_other() -> None:
    from helderetaal import memo

    first, again, other = (memo.settings_key("regel", (1, 2)), memo.settings_key("regel", (1, 2)),
                           memo.settings_key("regel", (1, 3)))
    assert first == again and other != first
    memo._SETTINGS_KEYS.clear()  # forgotten: the same parts get a new number, never an old one
    assert memo.settings_key("regel", (1, 2)) not in (first, other)
