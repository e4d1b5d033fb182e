"""The letter corpus in tests/letters/: each letter has a YAML beside it with the expected
profile, dates, elements and findings. The accuracy per element is printed and must be 100%."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml

import helderetaal
from helderetaal.config import Config
from helderetaal.finding import ELEMENT_KEYS

LETTERS = Path(__file__).resolve().parent / "letters"
CASES = sorted(LETTERS.glob("*.yaml"))


def _letter(expectation: Path) -> Path:
    matches = [p for p in LETTERS.glob(expectation.stem + ".*") if p.suffix in (".txt", ".md")]
    assert len(matches) == 1, expectation
    return matches[0]


def _iso(value):
    return value.isoformat() if isinstance(value, date) else value


_REPORTS: dict[Path, helderetaal.Report] = {}


def _report(expectation: Path):
    if expectation not in _REPORTS:
        _REPORTS[expectation] = helderetaal.check_file(_letter(expectation), config=Config())
    return _REPORTS[expectation]


def test_corpus_is_big_and_varied():
    assert len(CASES) >= 20
    suffixes = Counter(_letter(c).suffix for c in CASES)
    assert suffixes[".md"] >= 2 and suffixes[".txt"] >= 15
    assert any(b"\r\n" in _letter(c).read_bytes() for c in CASES), "at least one letter with CRLF line ends"


def test_element_accuracy_is_100_percent(capsys):
    correct: Counter[str] = Counter()
    wrong: list[str] = []
    for case in CASES:
        expected = yaml.safe_load(case.read_text(encoding="utf-8"))["elements"]
        assert set(expected) == set(ELEMENT_KEYS), case.name
        elements = _report(case).elements
        for key in ELEMENT_KEYS:
            if elements[key]["present"] == expected[key]:
                correct[key] += 1
            else:
                wrong.append(f"{case.stem}: {key} is {elements[key]['present']}, expected {expected[key]}")
    with capsys.disabled():
        print(f"\nElement accuracy on {len(CASES)} letters:")
        for key in ELEMENT_KEYS:
            print(f"  {key:<15} {correct[key]}/{len(CASES)} = {100 * correct[key] / len(CASES):.0f}%")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_letter_matches_its_expectations(case):
    expected = yaml.safe_load(case.read_text(encoding="utf-8"))
    report = _report(case)
    facts = report.facts
    assert report.profile == expected["profile"]
    for key in ("letter_date", "start_date", "end_date"):
        assert facts[key] == _iso(expected.get(key)), key
    rules = {finding.rule for finding in report.findings}
    for rule in expected.get("findings") or []:
        assert rule in rules, f"expected a finding of {rule}"
    for rule in expected.get("absent") or []:
        assert rule not in rules, [f.message for f in report.findings if f.rule == rule]
    if "contact_people" in expected:
        named = sorted({p["name"] for p in facts["contacts"]["people"] if p["contact_person"]})
        assert named == sorted(expected["contact_people"])
    if "vague_timing" in expected:
        assert [v["text"] for v in facts["vague_timing"]] == expected["vague_timing"]
    if "meetings" in expected:
        assert len(facts["meetings"]) == len(expected["meetings"])
        for want, got in zip(expected["meetings"], facts["meetings"]):
            for key, value in want.items():
                assert got[key] == _iso(value), key


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_every_offset_slices_out_its_text(case):
    report = _report(case)
    text = _letter(case).read_bytes().decode("utf-8")
    for key, element in report.elements.items():
        assert element["present"] == bool(element["evidence"])
        for evidence in element["evidence"]:
            assert text[evidence["start"]:evidence["end"]] == evidence["text"], key

    def walk(node):
        if isinstance(node, dict):
            if {"start", "end", "text"} <= set(node):
                assert text[node["start"]:node["end"]] == node["text"], node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(report.facts)
    for finding in report.findings:
        assert text[finding.start:finding.end] == finding.text
