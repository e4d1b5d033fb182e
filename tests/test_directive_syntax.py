"""Directive syntax and Markdown front matter, each defined once and read the same way everywhere."""

from __future__ import annotations

import pytest

import helderetaal
from helderetaal.directives import directive_comment, directive_pattern
from helderetaal.readers.markdown import FRONT_MATTER, parse_markdown

STIFF = "Geachte bewoner,\n\nWij informeren u middels deze brief over het werk.\n"


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_a_written_directive_is_read_back(fmt):
    comment = directive_comment("disable-file", ("ambtelijk",))
    assert comment == "<!-- helderetaal-disable-file ambtelijk -->"
    before = helderetaal.check(STIFF, format=fmt)
    after = helderetaal.check(comment + "\n" + STIFF, format=fmt)
    assert [f for f in before.findings if f.rule == "ambtelijk"]
    assert not [f for f in after.findings if f.rule == "ambtelijk"]


def test_the_pattern_finds_what_directive_comment_writes_and_the_hash_form():
    written = "Tekst " + directive_comment("disable-line", ("vaag", "ambtelijk"))
    match = directive_pattern("disable-line").search(written)
    assert match is not None and match.group("ids").strip() == "vaag, ambtelijk"
    hashed = "Regel\n  # helderetaal-disable-file zinslengte\nTekst\n"
    match = directive_pattern("disable-file", hash_line=True).search(hashed)
    assert match is not None and match.group("ids").strip() == "zinslengte"
    assert directive_pattern("disable").search(directive_comment("disable-file")) is None


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_front_matter_ends_at_its_fence_with_any_line_break(newline):
    text = newline.join(["---", "titel: Brief", "---", "Wij informeren u middels deze brief.", ""])
    front = FRONT_MATTER.match(text)
    assert front is not None and front.group().endswith("---" + newline)
    source = parse_markdown(text)
    assert "titel" not in source.analysed and "middels" in source.analysed
    assert len(source.analysed) == len(text)


def test_a_fence_without_closing_is_no_front_matter():
    assert FRONT_MATTER.match("---\ntitel: Brief\nWij schrijven u.\n") is None
    assert FRONT_MATTER.match("Tekst\n---\nb\n---\n") is None
