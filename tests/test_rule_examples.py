"""The examples are the tests: every example of every rule, LanguageTool-style.

A flagged example must give at least one finding of its rule (at the exact [[marked]] span
when one is marked); a clean example must give none. Term lists also carry one flagged example
per term, which must be found as that term, and clean sentences (``clean``) per term, which
must give no finding of that rule at all.
"""

from __future__ import annotations

import pytest

import helderetaal
from helderetaal.config import Config, RuleSettings
from helderetaal.ruleset import load_ruleset

RULESET = load_ruleset()


def _cases(kind: str):
    for rule in RULESET:
        examples = rule.spec.flagged if kind == "flagged" else rule.spec.clean
        for number, example in enumerate(examples):
            yield pytest.param(rule, example, id=f"{rule.id}-{kind}-{number}")


def _alone(rule, settings):
    """Only the rule under test runs, so no other rule's finding on the same words hides it."""
    rules = {other.id: RuleSettings(enabled=False) for other in RULESET if other.id != rule.id}
    rules[rule.id] = settings
    return rules


def _findings(rule, example):
    settings = RuleSettings(options=dict(example.options))
    config = Config(rules=_alone(rule, settings), profile=example.profile or "auto")
    report = helderetaal.check(example.text, config=config)
    return [finding for finding in report.findings if finding.rule == rule.id]


@pytest.mark.parametrize(("rule", "example"), list(_cases("flagged")))
def test_flagged_example_is_flagged(rule, example):
    findings = _findings(rule, example)
    assert findings, f"{rule.id} did not flag: {example.text!r}"
    if example.span is not None:
        spans = [(f.start, f.end) for f in findings]
        assert example.span in spans, (
            f"{rule.id} flagged {[f.text for f in findings]} but the example marks "
            f"{example.text[example.span[0]:example.span[1]]!r}"
        )


@pytest.mark.parametrize(("rule", "example"), list(_cases("clean")))
def test_clean_example_is_not_flagged(rule, example):
    findings = _findings(rule, example)
    assert not findings, f"{rule.id} flagged {[f.text for f in findings]} in clean example {example.text!r}"


#: Term examples run every entry, also the ones only a strict check reads.
_TERM_OPTIONS = {"first_only": False, "strict": True}


def _term_cases():
    for rule in RULESET:
        for term in getattr(rule.kind, "terms", []):
            yield pytest.param(rule, term, id=f"{rule.id}-{term.term}")


@pytest.mark.parametrize(("rule", "term"), list(_term_cases()))
def test_every_term_has_a_flagged_example(rule, term):
    assert term.example, f"term {term.term!r} of {rule.id} has no 'example'"
    config = Config(rules=_alone(rule, RuleSettings(options=_TERM_OPTIONS)))
    report = helderetaal.check(term.example, config=config)
    matched = [f for f in report.findings if f.rule == rule.id]
    assert matched, f"{rule.id}: example for {term.term!r} is not flagged: {term.example!r}"


def test_every_rule_has_examples_of_both_kinds():
    for rule in RULESET:
        assert rule.spec.flagged, f"{rule.id} has no flagged examples"
        assert rule.spec.clean, f"{rule.id} has no clean examples"


def test_every_rule_is_documented():
    for rule in RULESET:
        explanation = rule.spec.explanation
        assert all([explanation.wat, explanation.waarom, explanation.voorbeeld, explanation.beter]), rule.id


def _term_clean_cases():
    for rule in RULESET:
        for term in getattr(rule.kind, "terms", []):
            for number, sentence in enumerate(term.clean):
                yield pytest.param(rule, term, sentence, id=f"{rule.id}-{term.term}-clean-{number}")


@pytest.mark.parametrize(("rule", "term", "sentence"), list(_term_clean_cases()))
def test_term_clean_example_is_not_flagged(rule, term, sentence):
    config = Config(rules=_alone(rule, RuleSettings(options=_TERM_OPTIONS)))
    report = helderetaal.check(sentence, config=config)
    matched = [f.text for f in report.findings if f.rule == rule.id]
    assert not matched, f"{rule.id} flagged {matched} in the clean example of {term.term!r}: {sentence!r}"


def test_term_entry_fields_are_checked(tmp_path):
    from helderetaal.config import ConfigError
    from helderetaal.ruleset import load_rule_file

    rule_file = tmp_path / "woorden.yaml"
    header = ("id: woorden\nkind: terms\ncategory: jargon\nseverity: info\ntitle: Woorden\n"
              "message: \"'{match}'\"\n"
              "explanation: {wat: Een woord., waarom: Het is stijf., voorbeeld: Wij bellen middels de telefoon., "
              "beter: Wij bellen u.}\n"
              "examples: {flagged: [Wij bellen middels de telefoon.], clean: [Wij bellen u.]}\nterms:\n")
    rule_file.write_text(header + "  - {term: middels, source: domain, clean: Wij schrijven u met een brief.}\n",
                         encoding="utf-8")
    (term,) = load_rule_file(rule_file)[0].kind.terms
    assert term.source == "domain" and term.clean == ("Wij schrijven u met een brief.",)
    rule_file.write_text(header + "  - {term: middels, source: internet}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="source van term 'middels' moet een van deze zijn: guidance, general, domain"):
        load_rule_file(rule_file)


def _word_list_terms():
    for rule in RULESET:
        if rule.spec.category in {"jargon", "vague", "abbreviation"}:
            for term in getattr(rule.kind, "terms", []):
                yield pytest.param(rule, term, id=f"{rule.id}-{term.term}")


@pytest.mark.parametrize(("rule", "term"), list(_word_list_terms()))
def test_every_word_list_entry_has_a_clean_example_and_a_source(rule, term):
    """A word pair says where it comes from, and shows the plain wording the rule leaves alone."""
    assert term.clean, f"term {term.term!r} of {rule.id} has no 'clean' example"
    assert term.source, f"term {term.term!r} of {rule.id} has no 'source'"
