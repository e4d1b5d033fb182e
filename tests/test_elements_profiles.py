"""Profiles (detection, config, directive), required elements and their findings."""

from __future__ import annotations

import helderetaal
from helderetaal.config import config_from_mapping
from helderetaal.finding import ELEMENT_KEYS

WORKS = """Datum: 6 mei 2024

Geachte bewoner,

Van 3 tot en met 28 juni 2024 vervangen wij de riolering in uw straat.
Heeft u vragen? Bel 14 070.
"""


def _rules(report):
    return [f.rule for f in report.findings]


def test_elements_have_exactly_the_contract_keys():
    report = helderetaal.check(WORKS)
    assert list(report.elements) == list(ELEMENT_KEYS)
    for element in report.elements.values():
        assert set(element) == {"present", "evidence"}


def test_detected_profile_and_one_finding_per_missing_element():
    report = helderetaal.check(WORKS)
    assert report.profile == "werkzaamheden"
    missing = {f.rule for f in report.findings if f.rule.startswith("element-") and f.rule not in
               ("element-einddatum", "element-bijeenkomst-details", "element-reactietermijn")}
    assert missing == {"element-contactpersoon", "element-actie", "element-reden"}
    anchor = next(f for f in report.findings if f.rule == "element-contactpersoon")
    assert anchor.text == "Geachte bewoner,"
    assert "contactpersoon met naam en telefoonnummer of e-mailadres" in anchor.message


def test_config_profile_overrides_detection():
    report = helderetaal.check(WORKS, config=config_from_mapping({"profile": "algemeen"}))
    assert report.profile == "algemeen"
    assert not [r for r in _rules(report) if r.startswith("element-")]


def test_directive_overrides_config():
    text = "<!-- helderetaal-profile: besluit -->\n" + WORKS
    report = helderetaal.check(text, config=config_from_mapping({"profile": "algemeen"}))
    assert report.profile == "besluit"
    assert "element-reden" in _rules(report)


def test_config_changes_the_required_elements():
    config = config_from_mapping({"profiles": {"werkzaamheden": ["timing", "contact"]}})
    report = helderetaal.check(WORKS, config=config)
    assert report.profile == "werkzaamheden"
    assert not {"element-contactpersoon", "element-actie", "element-reden"} & set(_rules(report))


def test_an_element_rule_can_be_switched_off():
    config = config_from_mapping({"rules": {"element-contactpersoon": "off"}})
    assert "element-contactpersoon" not in _rules(helderetaal.check(WORKS, config=config))


def test_profile_detection():
    invitation = "Onderwerp: Uitnodiging bewonersavond\n\nBeste bewoner,\n\nWij nodigen u uit voor de bewonersavond."
    decision = "Onderwerp: Besluit op uw aanvraag\n\nGeachte heer,\n\nWij hebben besloten uw vergunning te verlenen."
    participation = "Onderwerp: Denk mee over het park\n\nBeste bewoner,\n\nWij horen graag uw mening over het ontwerp."
    general = "Beste bewoner,\n\nHet gemeentehuis is op 27 april gesloten."
    assert helderetaal.check(invitation).profile == "uitnodiging"
    assert helderetaal.check(decision).profile == "besluit"
    assert helderetaal.check(participation).profile == "participatie"
    assert helderetaal.check(general).profile == "algemeen"


def test_the_opening_rule_wants_what_and_when_first():
    late = ("Datum: 6 mei 2024\n\nGeachte bewoner,\n\nMet deze brief informeren wij u over uw straat.\n\n"
            "Van 3 tot en met 28 juni 2024 vervangen wij de riolering.\n")
    finding = next(f for f in helderetaal.check(late).findings if f.rule == "kernboodschap-niet-voorop")
    assert finding.text == "Met deze brief informeren wij u over uw straat."
    assert "wanneer" in finding.message
    assert "kernboodschap-niet-voorop" not in _rules(helderetaal.check(WORKS))


def test_an_empty_letter_gets_no_element_findings():
    for text in ("", "  \n\n", "Datum: 6 mei 2024\n"):
        assert not [r for r in _rules(helderetaal.check(text)) if r.startswith("element-")]


def test_a_single_sentence_is_a_snippet_not_a_letter():
    snippet = "Geachte bewoner,\n\nWij informeren u middels deze brief over de werkzaamheden.\n"
    assert not [r for r in _rules(helderetaal.check(snippet)) if r.startswith("element-") or r.startswith("kernboodschap")]
    config = config_from_mapping({"rules": {"element-reden": {"min_sentences": 1}}})
    assert "element-reden" in _rules(helderetaal.check(snippet, config=config))
