"""The one result type every rule produces, and the fixed vocabularies it uses."""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

#: Categories are a fixed set: other tools group and filter on them.
CATEGORIES: tuple[str, ...] = (
    "jargon",
    "vague",
    "abbreviation",
    "style",
    "length",
    "readability",
    "structure",
    "timing",
    "consistency",
)

#: A finding's severity, from most to least serious.
Severity = Literal["error", "warning", "info", "hint"]
SEVERITIES: tuple[str, ...] = get_args(Severity)

_SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

#: How the severities are written to writers (text output, explanations): in Dutch.
SEVERITY_WORDS: dict[str, str] = {"error": "fout", "warning": "waarschuwing", "info": "info", "hint": "tip"}


def severity_rank(severity: str) -> int:
    """Return 0 for ``error`` up to 3 for ``hint``; lower is more serious."""
    return _SEVERITY_RANK[severity]


def at_least(severity: str, threshold: str) -> bool:
    """True when ``severity`` is as serious as ``threshold`` or more."""
    return _SEVERITY_RANK[severity] <= _SEVERITY_RANK[threshold]


@dataclass(frozen=True)
class Place:
    """Another place in the letter that a finding is about (offsets and positions as in :class:`Finding`)."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str


@dataclass(frozen=True)
class Finding:
    """One problem found in a letter.

    Offsets are character (code point) offsets into the text as read from the file, ``end``
    exclusive, so ``text == source[start:end]``. ``line``/``column`` are 1-based and point at
    ``start``; ``end_line``/``end_column`` point just past the last character (as in SARIF).
    Lines end at CRLF, CR or LF, as editors count them.
    """

    rule: str
    category: str
    severity: str
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    suggestions: tuple[str, ...] = ()
    #: The other places the same problem occurs, when only the first is reported ("werkzaamheden"
    #: once per letter); empty for most findings.
    related: tuple[Place, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The finding as the JSON contract (version 1) spells it; ``related`` (a list of places
        with the same offset and position fields) only when there are other places."""
        data = asdict(self)
        data["suggestions"] = list(self.suggestions)
        if self.related:
            data["related"] = [asdict(place) for place in self.related]
        else:
            del data["related"]
        return data


@dataclass(frozen=True)
class Match:
    """What a rule reports before the engine turns it into a :class:`Finding`.

    Rules only know offsets; the engine adds line/column, the rule's metadata and applies
    severity overrides, allow-lists and inline directives in one place.
    """

    start: int
    end: int
    message: str | None = None
    suggestions: tuple[str, ...] = ()
    severity: str | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False)
    #: (start, end) of the other places of the same problem, when this match stands for all of them.
    related: tuple[tuple[int, int], ...] = ()

#: The required-element keys of a letter, in the order the JSON contract lists them.
ELEMENT_KEYS: tuple[str, ...] = ("timing", "contact", "contact_person", "action", "reason", "more_info", "meeting")


#: The longest finding that still counts as being about words (a whole sentence is not).
_WORDING_SPAN = 80


def merge_overlapping_wording(findings: list[Finding]) -> list[Finding]:
    """One finding where vague wording lies on the words of a timing finding.

    "in de komende weken" is vague wording (``vaag``) and, in a works letter, vague planning
    (a timing finding on the same words): one problem, and the writer sees the timing finding.
    Other overlaps are kept: a stiff split construction around a vague word ("vangen medio juni
    aan") is two problems, and overlaps between word lists are settled by the rules themselves
    (``defer_to``), which know which words a split construction leaves free. Rules never need to
    know about each other here, so switching one rule off never silences another.
    """
    def short(finding: Finding) -> bool:
        return finding.end - finding.start <= _WORDING_SPAN and finding.end > finding.start

    anchors = sorted((f.start, f.end) for f in findings if f.category == "timing" and short(f))
    if not anchors:
        return findings
    anchor_starts = [start for start, _ in anchors]
    anchor_reach: list[int] = []
    for _, end in anchors:
        anchor_reach.append(max(end, anchor_reach[-1] if anchor_reach else end))

    def on_anchor(finding: Finding) -> bool:
        count = bisect.bisect_left(anchor_starts, finding.end)
        return count > 0 and anchor_reach[count - 1] > finding.start

    return [f for f in findings if not (f.category == "vague" and short(f) and on_anchor(f))]
