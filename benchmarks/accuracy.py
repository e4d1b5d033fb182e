"""How well helderetaal reads real letters: scores a folder of annotated letters.

Run from the project root::

    python benchmarks/accuracy.py --corpus ../shared/letters-dev
    python benchmarks/accuracy.py --corpus DIR --errors        # list every element/date error
    python benchmarks/accuracy.py --corpus DIR --sample 30     # 30 random word-level findings to judge
    python benchmarks/accuracy.py --corpus DIR --json out.json # the figures as JSON

The corpus is a folder laid out like ``../shared/letters-dev``: ``letters/*.txt`` and a
``gold.yaml`` with one entry per file (``file``, ``elements`` as booleans,
``jargon_examples``, ``vague_examples``, ``abbreviations``, ``letter_date``, ``start_date``,
``notes``). Letters are checked exactly as a user checks them: ``helderetaal check --format
json`` in one run over the folder, so the figures are those of the JSON contract.

Printed:
- per element: confusion counts (tp, fn, tn, fp) and balanced accuracy (the mean of the hit
  rate on letters that have the element and on letters that lack it; "always absent" scores
  0.50), for all texts and without the cut-off ones (``notes`` saying so);
- letter date and start date: exact matches against the gold dates that are filled in;
- recall of the gold phrases per category: a phrase counts as found when a word-level finding
  (category jargon, vague, abbreviation or style, or the rule ``vage-planning``) overlaps one
  of its occurrences; "strict" asks for a finding of the phrase's own category;
- findings per 100 words, overall and per rule, and the share of word-level findings (jargon,
  vague, abbreviation, ``vage-planning``; not style) that lie on a gold phrase (the gold lists are examples, so that share is a lower bound on precision).

This is a benchmark, not a test: the development corpus is not on users' machines. Users with
their own annotated letters run the same script on them.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

#: Gold element names -> the element keys of the JSON contract.
ELEMENTS = {
    "timing": "timing",
    "contact": "contact",
    "contact_person_named": "contact_person",
    "action": "action",
    "reason": "reason",
    "more_info": "more_info",
    "meeting": "meeting",
}

#: Gold phrase lists -> the finding category that names the same problem.
PHRASE_LISTS = {"jargon_examples": "jargon", "vague_examples": "vague", "abbreviations": "abbreviation"}
WORD_CATEGORIES = frozenset(PHRASE_LISTS.values())
#: Rules outside those categories that flag the words themselves.
WORD_RULES = frozenset({"vage-planning"})
#: A gold phrase also counts as found when a style finding (noun-heavy or passive wording) lies
#: on it: "aanpassingen benodigd" is one problem to the reader, whichever rule names it.
RECALL_CATEGORIES = WORD_CATEGORIES | {"style"}

#: What the annotators wrote in ``notes`` for a text that is cut off or lacks its opening.
#: ("starts at 5.30" about working hours is not one, so the phrase is "text starts at").
CUT_OFF = re.compile(r"TRUNCATED|\bincomplete\b|text starts at", re.IGNORECASE)


@dataclass
class Confusion:
    """Counts for one element: present/absent in gold against present/absent in the report."""

    tp: int = 0
    fn: int = 0
    tn: int = 0
    fp: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        if gold and predicted:
            self.tp += 1
        elif gold:
            self.fn += 1
        elif predicted:
            self.fp += 1
        else:
            self.tn += 1

    @property
    def balanced_accuracy(self) -> float | None:
        rates = []
        if self.tp + self.fn:
            rates.append(self.tp / (self.tp + self.fn))
        if self.tn + self.fp:
            rates.append(self.tn / (self.tn + self.fp))
        return sum(rates) / len(rates) if rates else None


@dataclass
class Scores:
    """Every figure the script prints, gathered over one corpus."""

    elements_all: dict[str, Confusion] = field(default_factory=lambda: defaultdict(Confusion))
    elements_complete: dict[str, Confusion] = field(default_factory=lambda: defaultdict(Confusion))
    dates: dict[str, list[int]] = field(default_factory=lambda: {"letter_date": [0, 0], "start_date": [0, 0]})
    phrases: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    words: int = 0
    findings_per_rule: Counter[str] = field(default_factory=Counter)
    word_findings: int = 0
    word_findings_on_gold: int = 0
    errors: list[str] = field(default_factory=list)
    word_finding_samples: list[tuple[str, dict[str, Any], bool]] = field(default_factory=list)


def load_gold(corpus: Path) -> list[dict[str, Any]]:
    with open(corpus / "gold.yaml", encoding="utf-8") as handle:
        gold = yaml.safe_load(handle)
    if not isinstance(gold, list):
        raise SystemExit(f"{corpus / 'gold.yaml'}: expected a list of entries")
    return gold


def run_checker(paths: list[Path]) -> dict[str, dict[str, Any]]:
    """One ``helderetaal check --format json`` over all letters; reports by resolved path."""
    command = [sys.executable, "-m", "helderetaal.cli", "check", "--format", "json", "--exit-zero", "--quiet"]
    result = subprocess.run(command + [str(p) for p in paths], capture_output=True, text=True, encoding="utf-8")
    if not result.stdout.strip():
        raise SystemExit(f"helderetaal gave no output (exit {result.returncode}):\n{result.stderr}")
    data = json.loads(result.stdout)
    for error in data.get("errors", []):
        print(f"checker error: {error}", file=sys.stderr)
    return {str(Path(entry["path"]).resolve()): entry for entry in data["files"]}


def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Where ``phrase`` occurs in ``text``: exact matches, else case-insensitive ones."""
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]
    if not spans:
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text, re.IGNORECASE)]
    return spans


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def is_word_finding(finding: dict[str, Any]) -> bool:
    return finding["category"] in WORD_CATEGORIES or finding["rule"] in WORD_RULES


def counts_for_recall(finding: dict[str, Any]) -> bool:
    return finding["category"] in RECALL_CATEGORIES or finding["rule"] in WORD_RULES


def score(corpus: Path, gold: list[dict[str, Any]]) -> Scores:
    letters = corpus / "letters"
    paths = [letters / entry["file"] for entry in gold]
    reports = run_checker(paths)
    scores = Scores()
    for entry, path in zip(gold, paths):
        report = reports.get(str(path.resolve()))
        if report is None:
            scores.errors.append(f"{entry['file']}: no report")
            continue
        text = path.read_text(encoding="utf-8")
        complete = not CUT_OFF.search(str(entry.get("notes") or ""))
        for gold_key, key in ELEMENTS.items():
            expected = bool(entry["elements"][gold_key])
            element = report["elements"].get(key) or {}
            predicted = bool(element.get("present"))
            scores.elements_all[key].add(expected, predicted)
            if complete:
                scores.elements_complete[key].add(expected, predicted)
            if expected != predicted:
                evidence = "; ".join(e.get("text", "")[:70] for e in element.get("evidence", [])[:2])
                scores.errors.append(
                    f"{entry['file']} {key}: gold {expected}, found {predicted}"
                    + (f" (evidence: {evidence})" if evidence else "")
                    + ("" if complete else " [cut off]")
                )
        for date_key in ("letter_date", "start_date"):
            expected_date = entry.get(date_key)
            if expected_date:
                found = (report.get("facts") or {}).get(date_key)
                counts = scores.dates[date_key]
                counts[1] += 1
                if str(found) == str(expected_date):
                    counts[0] += 1
                else:
                    scores.errors.append(f"{entry['file']} {date_key}: gold {expected_date}, found {found}")

        findings = report["findings"]
        word_findings = [f for f in findings if is_word_finding(f)]
        recall_findings = [f for f in findings if counts_for_recall(f)]
        gold_spans: list[tuple[int, int]] = []
        for list_key, category in PHRASE_LISTS.items():
            for phrase in entry.get(list_key) or []:
                spans = occurrences(text, phrase)
                gold_spans.extend(spans)
                counts = scores.phrases[category]
                counts[2] += 1
                if any(overlaps((f["start"], f["end"]), s) for f in recall_findings for s in spans):
                    counts[0] += 1
                if any(overlaps((f["start"], f["end"]), s) for f in recall_findings
                       if f["category"] == category for s in spans):
                    counts[1] += 1
        scores.words += int((report.get("metrics") or {}).get("words") or 0)
        scores.findings_per_rule.update(f["rule"] for f in findings)
        for finding in word_findings:
            on_gold = any(overlaps((finding["start"], finding["end"]), s) for s in gold_spans)
            scores.word_findings += 1
            scores.word_findings_on_gold += on_gold
            scores.word_finding_samples.append((entry["file"], finding, on_gold))
    return scores


def _ratio(hit: int, total: int) -> str:
    return f"{hit / total:.2f} ({hit}/{total})" if total else "-"


def print_scores(scores: Scores, show_errors: bool, sample: int, seed: int) -> None:
    print("== elements (balanced accuracy) ==")
    print(f"{'element':<16}{'all texts':>12}{'tp fn tn fp':>16}{'complete only':>16}{'tp fn tn fp':>16}")
    for key in ELEMENTS.values():
        a, c = scores.elements_all[key], scores.elements_complete[key]
        ba_a = f"{a.balanced_accuracy:.2f}" if a.balanced_accuracy is not None else "-"
        ba_c = f"{c.balanced_accuracy:.2f}" if c.balanced_accuracy is not None else "-"
        print(f"{key:<16}{ba_a:>12}{f'{a.tp} {a.fn} {a.tn} {a.fp}':>16}{ba_c:>16}{f'{c.tp} {c.fn} {c.tn} {c.fp}':>16}")
    print("\n== dates (exact) ==")
    for key, (hit, total) in scores.dates.items():
        print(f"{key:<16}{_ratio(hit, total)}")
    print("\n== gold phrases found (any word-level finding / strict: same category) ==")
    any_hit = strict_hit = total = 0
    for category in PHRASE_LISTS.values():
        hit, strict, count = scores.phrases[category]
        any_hit, strict_hit, total = any_hit + hit, strict_hit + strict, total + count
        print(f"{category:<16}{_ratio(hit, count):>16}   strict {_ratio(strict, count)}")
    print(f"{'overall':<16}{_ratio(any_hit, total):>16}   strict {_ratio(strict_hit, total)}")
    print("\n== findings ==")
    all_findings = sum(scores.findings_per_rule.values())
    per100 = 100 * all_findings / scores.words if scores.words else 0.0
    print(f"words {scores.words}, findings {all_findings}, per 100 words {per100:.2f}")
    print(f"word-level findings on a gold phrase: {_ratio(scores.word_findings_on_gold, scores.word_findings)}")
    for rule, count in scores.findings_per_rule.most_common():
        print(f"  {rule:<28}{count:>6}{100 * count / scores.words if scores.words else 0:>8.2f} /100 words")
    if show_errors:
        print("\n== errors ==")
        for line in scores.errors:
            print(line)
    if sample:
        print(f"\n== {sample} random word-level findings (seed {seed}) ==")
        rng = random.Random(seed)
        picked = rng.sample(scores.word_finding_samples, min(sample, len(scores.word_finding_samples)))
        for name, finding, on_gold in picked:
            mark = "gold" if on_gold else "    "
            print(f"{mark} {name}:{finding['line']}:{finding['column']} [{finding['rule']}] "
                  f"'{finding['text']}' -- {finding['message']}")


def as_json(scores: Scores) -> dict[str, Any]:
    total_findings = sum(scores.findings_per_rule.values())
    return {
        "elements": {
            key: {
                "all": {**vars(scores.elements_all[key]), "balanced_accuracy": scores.elements_all[key].balanced_accuracy},
                "complete": {**vars(scores.elements_complete[key]),
                             "balanced_accuracy": scores.elements_complete[key].balanced_accuracy},
            }
            for key in ELEMENTS.values()
        },
        "dates": {key: {"exact": hit, "total": total} for key, (hit, total) in scores.dates.items()},
        "phrases": {cat: {"found": h, "found_strict": s, "total": t} for cat, (h, s, t) in scores.phrases.items()},
        "words": scores.words,
        "findings": total_findings,
        "findings_per_100_words": 100 * total_findings / scores.words if scores.words else None,
        "findings_per_rule": dict(scores.findings_per_rule),
        "word_findings": scores.word_findings,
        "word_findings_on_gold": scores.word_findings_on_gold,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder with gold.yaml and letters/")
    parser.add_argument("--errors", action="store_true", help="list every element and date error")
    parser.add_argument("--sample", type=int, default=0, help="print N random word-level findings")
    parser.add_argument("--seed", type=int, default=1, help="seed for --sample")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not (args.corpus / "gold.yaml").is_file() or not (args.corpus / "letters").is_dir():
        parser.error(f"{args.corpus}: expected gold.yaml and a letters/ folder")
    scores = score(args.corpus, load_gold(args.corpus))
    print_scores(scores, args.errors, args.sample, args.seed)
    if args.json:
        args.json.write_text(json.dumps(as_json(scores), indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
