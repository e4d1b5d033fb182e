"""Precision and recall of the word and style packs on whole letters.

``corpus/clean/*.txt`` are well-written B1 letters: the word, style, length, consistency and
readability rules must find nothing in them (a false positive is a bug). ``corpus/stiff/*.txt``
are letters in stiff official language; the YAML beside each lists the findings an editor
expects (rule id and matched text; ``text: null`` for a finding about the whole letter).
The letters are checked through the CLI's entry point, as a writer would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).parent / "corpus"
#: Categories of the packs measured here (the structure and timing rules are tested elsewhere).
CATEGORIES = {"jargon", "vague", "abbreviation", "style", "length", "consistency", "readability"}
CLEAN = sorted((CORPUS / "clean").glob("*.txt"))
STIFF = sorted((CORPUS / "stiff").glob("*.txt"))
#: The packs must find most of what an editor marks, and nearly nothing else.
MIN_RECALL = 0.9
MIN_PRECISION = 0.95


def _findings(*paths: Path) -> dict[str, list[dict]]:
    """Findings per file name, from ``helderetaal check --format json``."""
    result = subprocess.run(
        [sys.executable, "-c", "from helderetaal.cli import main; main()", "check", "--format", "json",
         *map(str, paths)],
        capture_output=True, text=True, encoding="utf-8", check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    assert not data["errors"], data["errors"]
    return {
        Path(entry["path"]).name: [f for f in entry["findings"] if f["category"] in CATEGORIES]
        for entry in data["files"]
    }


def test_corpus_is_there():
    assert len(CLEAN) >= 6
    assert len(STIFF) >= 3
    assert all(path.with_suffix(".yaml").exists() for path in STIFF)


@pytest.fixture(scope="module")
def clean_findings():
    return _findings(*CLEAN)


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_letter_gives_no_findings(path, clean_findings):
    found = clean_findings[path.name]
    assert not found, [(f["rule"], f["text"], f["line"]) for f in found]


def _score() -> tuple[int, int, int, list, list]:
    found_all = _findings(*STIFF)
    hits = expected_total = found_total = 0
    missed: list = []
    unexpected: list = []
    for path in STIFF:
        expected = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))["expected"]
        found = [(f["rule"], " ".join(f["text"].split())) for f in found_all[path.name]]
        remaining = list(found)
        for item in expected:
            key = next((pair for pair in remaining if pair[0] == item["rule"]
                        and (item["text"] is None or pair[1] == " ".join(str(item["text"]).split()))), None)
            if key is None:
                missed.append((path.name, item["rule"], item["text"]))
            else:
                remaining.remove(key)
                hits += 1
        unexpected.extend((path.name, *pair) for pair in remaining)
        expected_total += len(expected)
        found_total += len(found)
    return hits, expected_total, found_total, missed, unexpected


def test_stiff_letters_recall_and_precision():
    hits, expected_total, found_total, missed, unexpected = _score()
    recall = hits / expected_total
    precision = hits / found_total if found_total else 0.0
    print(f"\nstiff corpus: {hits}/{expected_total} expected findings found (recall {recall:.2f}), "
          f"{found_total - hits} unexpected of {found_total} (precision {precision:.2f})")
    assert recall >= MIN_RECALL, f"recall {recall:.2f}; missed: {missed}"
    assert precision >= MIN_PRECISION, f"precision {precision:.2f}; unexpected: {unexpected}"


def test_every_category_of_the_packs_finds_something_in_the_stiff_letters():
    found = [f for findings in _findings(*STIFF).values() for f in findings]
    assert {"jargon", "vague", "abbreviation", "style", "length", "readability"} <= {f["category"] for f in found}
