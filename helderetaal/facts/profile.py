"""Letter profiles: which kind of letter this is, and what it must contain."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ..structure import BODY_KINDS
from .lexicon import alternation

if TYPE_CHECKING:
    from ..document import Document

#: Elements each letter profile requires (a config's ``profiles`` may change them).
DEFAULT_PROFILES: dict[str, tuple[str, ...]] = {
    "werkzaamheden": ("timing", "contact_person", "action", "reason"),
    "uitnodiging": ("meeting", "action", "contact"),
    "besluit": ("reason", "action", "contact"),
    "participatie": ("timing", "action", "contact", "more_info"),
    "algemeen": ("contact",),
}

_PROFILES = ("werkzaamheden", "uitnodiging", "besluit", "participatie")
# An invitation in so many words, with up to four words between its parts ("nodigen wij alle
# bewoners graag uit"): grammar, so a pattern rather than a lexicon phrase.
_INVITES = r"|nodig(?:t|en)\s+(?:\w+\s+){0,4}uit"


def _signal(group: str, extra: str = "") -> re.Pattern[str]:
    return re.compile(r"\b(?:" + alternation("profiles", group) + extra + r")\b", re.IGNORECASE)


_SIGNALS: dict[str, re.Pattern[str]] = {
    name: _signal(name, _INVITES if name == "uitnodiging" else "") for name in _PROFILES}
_STRONG: dict[str, re.Pattern[str]] = {
    name: _signal(f"{name}_strong", _INVITES if name == "uitnodiging" else "") for name in _PROFILES}


def detect_profile(subject: str, opening: str, body: str) -> tuple[str, dict[str, int]]:
    """The most likely profile and the scores: subject words count 4x, the opening 2x."""
    best, scores = _detect(subject, opening, body)
    return best, dict(scores)


# A check asks twice for the same texts (the Letter's profile, then the facts): the body is
# searched once. The scores are handed out as copies, so the kept ones stay as they were.
@functools.lru_cache(maxsize=2)
def _detect(subject: str, opening: str, body: str) -> tuple[str, dict[str, int]]:
    scores: dict[str, int] = {}
    for name, pattern in _SIGNALS.items():
        score = 4 * len(pattern.findall(subject)) + 2 * len(pattern.findall(opening)) + len(pattern.findall(body))
        strong = _STRONG[name]
        score += 3 * len(strong.findall(subject)) + 2 * len(strong.findall(opening))
        scores[name] = score
    best = max(scores, key=lambda key: (scores[key], -list(_SIGNALS).index(key)))
    if scores[best] < 2:
        return "algemeen", scores
    return best, scores




def profile_texts(document: Document) -> tuple[str, str, str]:
    """What detection reads: the subject, the first paragraph and the body text."""
    from .subject import find_subject, first_paragraph

    analysed = document.analysed
    opening_block = first_paragraph(document)
    opening = analysed[opening_block.start:opening_block.end] if opening_block else ""
    body = " ".join(analysed[b.start:b.end] for b in document.blocks if b.kind in BODY_KINDS)
    return find_subject(document) or "", opening, body


def detect_document_profile(document: Document) -> str:
    """The profile detection chooses for ``document`` (no other facts needed)."""
    return detect_profile(*profile_texts(document))[0]
