"""A letter that says nowhere when its works happen gets that note once, not twice."""

from __future__ import annotations

import helderetaal
from helderetaal.config import Config, RuleSettings

#: Works without any moment: the first paragraph says what happens, nothing says when.
NO_TIME = """Beste bewoner,

Wij vervangen de stoep in de Lindelaan, omdat de tegels los liggen.

Tijdens het werk kunt u uw auto op het plein aan de Eikenweg zetten. U hoeft verder niets te doen.
Heeft u vragen? Bel dan Sanne Bakker, uitvoerder, op 06-12345678.

Met vriendelijke groet,

Sanne Bakker
"""


def _rules(config: Config | None = None) -> dict[str, str]:
    report = helderetaal.check(NO_TIME, path="brief.txt", config=config or Config(profile="werkzaamheden"))
    return {finding.rule: finding.message for finding in report.findings}


def test_the_missing_time_is_noted_once_and_asks_for_the_first_paragraph() -> None:
    found = _rules()
    assert "element-tijd" in found and "eerste alinea" in found["element-tijd"]
    assert "kernboodschap-niet-voorop" not in found


def test_with_the_timing_rule_switched_off_the_opening_rule_says_when_again() -> None:
    # A rule the config switched off silences no other.
    found = _rules(Config(profile="werkzaamheden", rules={"element-tijd": RuleSettings(enabled=False)}))
    assert "element-tijd" not in found
    assert "wanneer" in found["kernboodschap-niet-voorop"]


def test_what_is_still_asked_for_when_the_time_is_missing_too() -> None:
    text = NO_TIME.replace("Wij vervangen de stoep in de Lindelaan, omdat de tegels los liggen.",
                           "Met deze brief informeren wij u over de stoep in de Lindelaan.")
    found = {f.rule: f.message for f in helderetaal.check(text, path="brief.txt",
                                                          config=Config(profile="werkzaamheden")).findings}
    assert "element-tijd" in found
    assert found["kernboodschap-niet-voorop"].startswith("De eerste alinea zegt niet wat er gebeurt.")
