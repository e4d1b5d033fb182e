"""Reasons: sentences that say why something happens."""

from __future__ import annotations

import re

REASON = re.compile(
    r"\b(?:omdat|want|daarom|zodat|doordat|vanwege|waardoor|hierdoor|daardoor|de\s+reden|reden\s+(?:is|hiervoor|"
    r"daarvoor|van)|het\s+doel|met\s+als\s+doel|bedoeld\s+om|in\s+verband\s+met|i\.v\.m\.|"
    r"(?:zonder|anders)\s+(?:\w+\s+){0,3}?(?:kan|kunnen|zal|zullen|wordt|worden|gaat|gaan)\b|"
    r"(?:is|zijn|was|waren|wordt)\s+(?:dit\s+|dat\s+|het\s+)?(?:hard\s+|echt\s+|dringend\s+)?nodig|nodig\s+(?:om|omdat|voor|"
    r"vanwege)|noodzakelijk|versleten|verouderd|aan\s+vervanging\s+toe|(?:is|zijn)\s+(?:oud|kapot|lek|"
    r"beschadigd|ziek)|om\s+(?!\d)(?:[\w'’-]+\s+){1,8}?te\s+[\w-]+en\b)",
    re.IGNORECASE,
)
_NOT_REASON = re.compile(r"\b(?:niet\s+nodig|indien\s+nodig|als\s+(?:het\s+)?nodig|waar\s+nodig|zo\s+nodig|"
                         r"hoeft\s+niet|geen\s+aanmelding)\b", re.IGNORECASE)
# "om ... te" that only tells how or when ("om 19.00 uur", "om u te informeren") is no reason.
_WEAK_PURPOSE = re.compile(r"\bom\s+(?:u|je|jullie)\s+(?:te\s+)?(?:informeren|laten\s+weten|vertellen|uit\s+te\s+nodigen)"
                           r"|\bom\s+(?:u|je)\s+op\s+de\s+hoogte\b|\bom\s+(?:u|je)\s+te\s+informeren", re.IGNORECASE)


def reason_marker(sentence: str) -> re.Match[str] | None:
    """The reason marker in a sentence, or None."""
    for match in REASON.finditer(sentence):
        word = match.group(0).lower()
        if word.startswith("om ") and _WEAK_PURPOSE.search(sentence[max(0, match.start() - 2):]):
            continue
        if "nodig" in word and _NOT_REASON.search(sentence):
            continue
        return match
    return None
