"""Fingerprints of findings: stable across edits that do not touch the finding's sentence.

A finding's fingerprint is made of the rule, the matched text and the sentence it stands in
(lower case, words only), plus a count for repeats of that same triple in the letter. Line
numbers are not part of it, so findings keep their fingerprint when paragraphs move, lines are
inserted above them or a paragraph is re-wrapped. Baselines, GitLab and SARIF output use it.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document
    from .finding import Finding

_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces: punctuation, markup and line breaks do not count."""
    return " ".join(_WORD.findall(text.lower()))


def fingerprints(document: Document, findings: Sequence[Finding]) -> tuple[str, ...]:
    """One fingerprint per finding, in the same order."""
    starts = [sentence.start for sentence in document.sentences]
    seen: Counter[str] = Counter()
    result = []
    for finding in findings:
        context = _context(document, starts, finding.start, finding.end)
        key = "\x00".join((finding.rule, normalise(finding.text), context))
        index = seen[key]
        seen[key] += 1
        result.append(hashlib.sha256(f"{key}\x00{index}".encode()).hexdigest()[:32])
    return tuple(result)


def _context(document: Document, starts: list[int], start: int, end: int) -> str:
    sentences = document.sentences
    index = bisect.bisect_right(starts, start) - 1
    if index >= 0 and sentences[index].start <= start < max(sentences[index].end, start + 1):
        first = sentences[index]
        last_index = index
        while last_index + 1 < len(sentences) and sentences[last_index + 1].start < end:
            last_index += 1
        return normalise(document.analysed[first.start:sentences[last_index].end])
    # Outside any sentence (e.g. in markup): the line around the finding.
    line_start = document.text.rfind("\n", 0, start) + 1
    line_end = document.text.find("\n", end)
    return normalise(document.analysed[line_start:line_end if line_end >= 0 else len(document.text)])
