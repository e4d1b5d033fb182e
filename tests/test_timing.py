"""Timing checks: too late (configurable), weekday, dates before the letter, end before start, vague."""

from __future__ import annotations

import helderetaal
from helderetaal.config import config_from_mapping


def _findings(text, rule, config=None):
    return [f for f in helderetaal.check(text, config=config).findings if f.rule == rule]


LATE = "Datum: 27 mei 2024\n\nGeachte bewoner,\n\nOp maandag 3 juni 2024 vervangen wij de stoep.\n"


def test_too_late_counts_the_days():
    [finding] = _findings(LATE, "te-laat")
    assert finding.text == "maandag 3 juni 2024"
    assert "7 dagen" in finding.message and "14 dagen" in finding.message


def test_lead_days_is_configurable():
    assert not _findings(LATE, "te-laat", config_from_mapping({"rules": {"te-laat": {"lead_days": 7}}}))
    [finding] = _findings(LATE, "te-laat", config_from_mapping({"rules": {"te-laat": {"lead_days": 8}}}))
    assert "8 dagen van tevoren" in finding.message


def test_weekday_mismatch_names_the_right_day_and_suggests_it():
    [finding] = _findings("Geachte bewoner,\n\nOp maandag 4 juni 2024 beginnen wij.", "weekdag-klopt-niet")
    assert "dinsdag" in finding.message and "maandag" in finding.message
    assert finding.suggestions == ("dinsdag 4 juni 2024",)
    assert finding.severity == "error"


def test_weekday_uses_the_year_of_the_letter():
    text = "Datum: 6 mei 2025\n\nGeachte bewoner,\n\nOp maandag 2 juni beginnen wij."
    assert not _findings(text, "weekdag-klopt-niet")
    assert _findings(text.replace("2025", "2024"), "weekdag-klopt-niet")


def test_dates_before_the_letter_date():
    text = "Datum: 6 mei 2024\n\nGeachte bewoner,\n\nOp 3 juni 2023 beginnen wij. Op 2 februari 2024 hebben wij u geschreven."
    assert [f.text for f in _findings(text, "datum-voor-briefdatum")] == ["3 juni 2023"]


def test_end_before_start():
    text = "Geachte bewoner,\n\nWij beginnen op 10 juni 2024. Het werk is klaar op 31 mei 2024."
    [finding] = _findings(text, "einde-voor-begin")
    assert finding.text == "31 mei 2024"
    assert not _findings("Geachte bewoner,\n\nWij werken van 3 tot en met 28 juni 2024.", "einde-voor-begin")


def test_vague_timing_only_where_the_profile_needs_a_date():
    text = "Geachte bewoner,\n\nIn het najaar vervangen wij de riolering. Heeft u vragen? Bel 14 070."
    assert [f.text for f in _findings(text, "vage-planning")] == ["In het najaar"]
    general = config_from_mapping({"profile": "algemeen"})
    assert not _findings(text, "vage-planning", general)


def test_works_that_began_before_the_letter_get_their_own_message():
    text = "Datum: 10 juni 2024\n\nGeachte bewoner,\n\nOp maandag 3 juni 2024 beginnen wij met de stoep.\n"
    [late] = [f for f in helderetaal.check(text).findings if f.rule == "te-laat"]
    assert "al op 3 juni 2024: vóór de brief" in late.message and "0 dagen" not in late.message
