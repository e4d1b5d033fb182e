"""Letter profiles: which kind of letter this is, and what it must contain."""

from __future__ import annotations

import functools
import re
from functools import partial
from typing import TYPE_CHECKING

from ..structure import BODY_KINDS
from .lexicon import alternation, lexicon, opening, starts_with

if TYPE_CHECKING:
    from ..document import Document
    from ..memo import BlockResults

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
    # The one ``extra`` is :data:`_INVITES`, which starts with "nodig".
    start = opening("profiles", group, "n") if extra == _INVITES else opening("profiles", group) if not extra else ""
    return re.compile(r"\b" + start + "(?:" + alternation("profiles", group) + extra + r")\b", re.IGNORECASE)


_SIGNALS: dict[str, re.Pattern[str]] = {
    name: _signal(name, _INVITES if name == "uitnodiging" else "") for name in _PROFILES}
_STRONG: dict[str, re.Pattern[str]] = {
    name: _signal(f"{name}_strong", _INVITES if name == "uitnodiging" else "") for name in _PROFILES}

# "*bijeenkomst" lets any word end in "bijeenkomst": the invitation signal cannot pass words over by
# their first letters and walks every word back. A block without "bijeenkomst" (case-blind, as the
# signal matches it) is counted without that phrase, skipping by the other phrases' first letters.
_ANY_BIJEENKOMST = r"\w*bijeenkomst"
_BIJEENKOMST = re.compile("bijeenkomst", re.IGNORECASE)
_INVITATION_BUT_BIJEENKOMST = re.compile(
    r"\b" + starts_with({phrase[0] for phrase in lexicon("profiles")["uitnodiging"]} - {"*"} | {"n"}) + "(?:"
    + "|".join(part for part in alternation("profiles", "uitnodiging").split("|") if part != _ANY_BIJEENKOMST)
    + _INVITES + r")\b", re.IGNORECASE)


def detect_profile(subject: str, opening: str, body: tuple[str, ...],
                   results: BlockResults | None = None) -> tuple[str, dict[str, int]]:
    """The most likely profile and the scores: subject words count 4x, the opening 2x, and each
    block of the body (``body``: their texts) once; a block's counts are kept in ``results``."""
    best, scores = _detect(subject, opening, body, results)
    return best, dict(scores)


# A check asks twice for the same texts (the Letter's profile, then the facts): the body is
# searched once. The scores are handed out as copies, so the kept ones stay as they were.
@functools.lru_cache(maxsize=2)
def _detect(subject: str, opening: str, body: tuple[str, ...], results: BlockResults | None
            ) -> tuple[str, dict[str, int]]:
    counted = _block_counts(body, results)
    in_body = [sum(counts) for counts in zip(*counted)] if body else [0] * len(_SIGNALS)
    scores: dict[str, int] = {}
    for (name, pattern), body_count in zip(_SIGNALS.items(), in_body):
        score = 4 * len(pattern.findall(subject)) + 2 * len(pattern.findall(opening)) + body_count
        strong = _STRONG[name]
        score += 3 * len(strong.findall(subject)) + 2 * len(strong.findall(opening))
        scores[name] = score
    best = max(scores, key=lambda key: (scores[key], -list(_SIGNALS).index(key)))
    if scores[best] < 2:
        return "algemeen", scores
    return best, scores


def _block_counts(body: tuple[str, ...], results: BlockResults | None) -> list[tuple[int, ...]]:
    """:func:`_count_signals` of each block of ``body``, kept in ``results``.

    A keystroke changes one block: the others are compared with the body asked about last
    (a comparison of equal texts), not looked up one by one (a key made and hashed per block,
    0.15 ms on ten pages)."""
    if results is None:
        return [_count_signals(block) for block in body]
    before = _LAST_BODY.get(id(results))
    previous: tuple[str, ...] = ()
    previous_counts: list[tuple[int, ...]] = []
    if before is not None and before[0] is results:
        previous, previous_counts = before[1], before[2]
    same = len(previous) == len(body)
    counted = [previous_counts[index] if same and block == previous[index] else
               results.get(("profile signals", block), len(block), partial(_count_signals, block))
               for index, block in enumerate(body)]
    _LAST_BODY.clear()  # one letter's body at a time: a cache, not a record
    _LAST_BODY[id(results)] = (results, body, counted)
    return counted


#: The body last counted with each BlockResults, and its counts (see :func:`_block_counts`).
_LAST_BODY: dict[int, tuple[BlockResults, tuple[str, ...], list[tuple[int, ...]]]] = {}


def _count_signals(block: str) -> tuple[int, ...]:
    """How often each profile's signal words occur in one block, in the order of :data:`_SIGNALS`."""
    return tuple(len((_INVITATION_BUT_BIJEENKOMST if name == "uitnodiging" and not _BIJEENKOMST.search(block)
                      else pattern).findall(block)) for name, pattern in _SIGNALS.items())



def profile_texts(document: Document) -> tuple[str, str, tuple[str, ...]]:
    """What detection reads: the subject, the first paragraph and the texts of the body's blocks."""
    from .subject import find_subject, first_paragraph

    analysed = document.analysed
    opening_block = first_paragraph(document)
    opening = analysed[opening_block.start:opening_block.end] if opening_block else ""
    body = tuple(analysed[b.start:b.end] for b in document.blocks if b.kind in BODY_KINDS)
    return find_subject(document) or "", opening, body


def detect_document_profile(document: Document) -> str:
    """The profile detection chooses for ``document`` (no other facts needed)."""
    return detect_profile(*profile_texts(document), document.block_results)[0]
