"""Letter profiles: which kind of letter this is, and what it must contain."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

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

_SIGNALS: dict[str, re.Pattern[str]] = {
    "werkzaamheden": re.compile(
        r"\b(?:werkzaamheden|werk(?:t|en)?\s+aan|het\s+werk|netbeheerder|elektriciteitsnet|glasvezel|aannemer\w*|riolering|riool\w*|bestrating|herinrichting|onderhoud|"
        r"vervang\w*|aanleg\w*|afsluit\w*|afgesloten|graaf\w*|asfalt\w*|kabels?|leidingen|bomenkap|kappen|"
        r"sloop\w*|renovatie|bouwen|bouw\w*|reconstructie|wegwerkzaamheden|herstel\w*|omleiding|stremming|"
        r"uitvoering|opbreken|snoei\w*|stoep|tegels|trottoir|bestraten|nieuwe\s+(?:stoep|weg|bestrating)|werkterrein|bouwverkeer|ophoging|vernieuw\w*)\b", re.IGNORECASE),
    "uitnodiging": re.compile(
        r"\b(?:uitnodig\w*|nodig(?:t|en)\s+(?:\w+\s+){0,4}uit|(?:van\s+harte\s+)?welkom|aanmelden|meld\s+u\s+aan|"
        r"bewonersavond|informatieavond|inloopavond|\w*bijeenkomst|inloopspreekuur|webinar|rondleiding)\b",
        re.IGNORECASE),
    "besluit": re.compile(
        r"\b(?:besluit|besloten|beslissing|bezwaar\w*|beroep|beschikking|vergunning\s+(?:is\s+)?(?:verleend|"
        r"geweigerd|ingetrokken)|verleend|geweigerd|toegekend|afgewezen|aanwijzingsbesluit|verkeersbesluit|"
        r"last\s+onder\s+dwangsom|handhaving\w*)\b", re.IGNORECASE),
    "participatie": re.compile(
        r"\b(?:denk\s+mee|denkt\s+u\s+mee|meedenken|meepraten|praat\s+mee|doe\s+mee|uw\s+mening|mening|ideeën|"
        r"ideeen|wensen|enquête|enquete|vragenlijst|participatie|inspraak|ontwerp\w*|samen\s+met\s+(?:u|bewoners)|"
        r"stem\s+mee|peiling|klankbordgroep|wat\s+vindt\s+u)\b", re.IGNORECASE),
}
_STRONG: dict[str, re.Pattern[str]] = {
    "uitnodiging": re.compile(r"\buitnodig\w*|\bnodig(?:t|en)\s+(?:\w+\s+){0,4}uit\b", re.IGNORECASE),
    "besluit": re.compile(r"\b(?:besluit|besloten|bezwaar\s+maken|bezwaarschrift|vergunning\s+(?:is\s+)?verleend)\b",
                          re.IGNORECASE),
    "participatie": re.compile(r"\b(?:denk\s+mee|denkt\s+u\s+mee|meedenken|praat\s+mee|uw\s+mening|enquête|"
                               r"vragenlijst|participatie)\b", re.IGNORECASE),
    "werkzaamheden": re.compile(r"\b(?:werkzaamheden|aannemer|afgesloten|afsluiting)\b", re.IGNORECASE),
}


def detect_profile(subject: str, opening: str, body: str) -> tuple[str, dict[str, int]]:
    """The most likely profile and the scores: subject words count 4x, the opening 2x."""
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


_BODY = ("paragraph", "list_item", "heading")


def profile_texts(document: Document) -> tuple[str, str, str]:
    """What detection reads: the subject, the first paragraph and the body text."""
    from .subject import find_subject, first_paragraph

    analysed = document.analysed
    opening_block = first_paragraph(document)
    opening = analysed[opening_block.start:opening_block.end] if opening_block else ""
    body = " ".join(analysed[b.start:b.end] for b in document.blocks if b.kind in _BODY)
    return find_subject(document) or "", opening, body


def detect_document_profile(document: Document) -> str:
    """The profile detection chooses for ``document`` (no other facts needed)."""
    return detect_profile(*profile_texts(document))[0]
