"""Word lists under a writer's config: strict entries, switched-off rules, allowed words."""

from __future__ import annotations

import helderetaal
from helderetaal.config import Config, RuleSettings

LETTER = "Geachte bewoner,\n\nDe werkzaamheden in de Tulpstraat duren drie weken.\n"


def _words(text: str, config: Config | None = None) -> list[tuple[str, str]]:
    report = helderetaal.check(text, config=config or Config())
    return [(f.rule, f.text) for f in report.findings if f.category in ("jargon", "vague", "abbreviation")]


def test_a_word_most_readers_know_is_flagged_only_by_a_strict_check():
    assert ("ambtelijk", "werkzaamheden") not in _words(LETTER)
    strict = Config(rules={"ambtelijk": RuleSettings(options={"strict": True})})
    assert ("ambtelijk", "werkzaamheden") in _words(LETTER, strict)


def test_a_strict_word_is_no_compound_part_either():
    text = "Geachte bewoner,\n\nDe schilderwerkzaamheden in de Tulpstraat duren drie weken.\n"
    assert not [pair for pair in _words(text) if pair[0] == "ambtelijk"]
    strict = Config(rules={"ambtelijk": RuleSettings(options={"strict": True})})
    assert ("ambtelijk", "schilderwerkzaamheden") in _words(text, strict)
