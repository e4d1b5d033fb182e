"""Reasons: sentences that say why the announced work or decision happens.

A reason marker ("omdat", "om ... te", "is versleten") is kept only when it gives the reason
for the work itself. Side explanations are left out (cue words in ``data/reasons.yaml``): a
purpose attached to a request to the reader ("om schade te voorkomen, verzoeken wij u ..."),
a side purpose ("om de hinder te beperken"), a consequence ("hierdoor is de weg afgesloten")
and what the work takes ("hiervoor is het nodig ...").
"""

from __future__ import annotations

import re

from .lexicon import lexicon

REASON = re.compile(
    r"\b(?:omdat|want|daarom|zodat|doordat|vanwege|waardoor|hierdoor|daardoor|de\s+reden|reden\s+(?:is|hiervoor|"
    r"daarvoor|van)|het\s+doel|met\s+als\s+doel|bedoeld\s+om|in\s+verband\s+met|i\.v\.m\.|"
    r"(?:zonder|anders)\s+(?:\w+\s+){0,3}?(?:kan|kunnen|zal|zullen|wordt|worden|gaat|gaan)\b|"
    r"(?:is|zijn|was|waren|wordt)\s+(?:dit\s+|dat\s+|het\s+)?(?:hard\s+|echt\s+|dringend\s+)?nodig|nodig\s+(?:om|omdat|voor|"
    r"vanwege)|noodzakelijk|versleten|verouderd|aan\s+vervanging\s+toe|(?:is|zijn)\s+(?:oud|kapot|lek|"
    r"beschadigd|ziek)|op\s+verzoek\s+van|na\s+klachten|naar\s+aanleiding\s+van\s+(?:klachten|vragen|meldingen)|"
    r"om\s+(?!\d)(?:[\w'’-]+\s+){1,8}?te\s+[\w-]+en\b)",
    re.IGNORECASE,
)
_NOT_REASON = re.compile(r"\b(?:niet\s+nodig|indien\s+nodig|als\s+(?:het\s+)?nodig|waar\s+nodig|zo\s+nodig|"
                         r"hoeft\s+niet|geen\s+aanmelding)\b", re.IGNORECASE)
# "om ... te" that only tells how or when ("om 19.00 uur", "om u te informeren") is no reason.
_WEAK_PURPOSE = re.compile(r"\bom\s+(?:u|je|jullie)\s+(?:te\s+)?(?:informeren|laten\s+weten|vertellen|uit\s+te\s+nodigen)"
                           r"|\bom\s+(?:u|je)\s+op\s+de\s+hoogte\b|\bom\s+(?:u|je)\s+te\s+informeren", re.IGNORECASE)


def _alternation(group: str) -> re.Pattern[str]:
    phrases = sorted(lexicon("reasons")[group], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases) + r")\b",
                      re.IGNORECASE)


_SIDE_PURPOSE = _alternation("side_purposes")
_CONSEQUENCE = _alternation("consequences")
_OPERATIONAL = _alternation("operational")
_PURPOSE_WORDS = ("om ", "zodat")
_CONSEQUENCE_WORDS = ("hierdoor", "daardoor", "daarom", "waardoor")


def _side_detail(word: str, sentence: str, after: str, request: bool) -> bool:
    """Whether the marker ``word`` (with the text ``after`` it) explains a side detail."""
    if word.startswith(_PURPOSE_WORDS):
        # A purpose attached to a request to the reader, or about the hinder: a side purpose.
        return request or bool(_SIDE_PURPOSE.search((word + " " + after[:40]) if word.startswith("om ") else after[:80]))
    if word in _CONSEQUENCE_WORDS:
        return bool(_CONSEQUENCE.search(after[:80]))
    return ("nodig" in word or "noodzakelijk" in word) and bool(_OPERATIONAL.search(sentence))


def reason_marker(sentence: str, request: bool = False) -> re.Match[str] | None:
    """The reason marker in a sentence, or None. ``request``: the sentence asks the reader
    to do something (its purpose clause is the request's, not the work's)."""
    for match in REASON.finditer(sentence):
        word = " ".join(match.group(0).lower().split())
        if word.startswith("om ") and _WEAK_PURPOSE.search(sentence[max(0, match.start() - 2):]):
            continue
        if "nodig" in word and _NOT_REASON.search(sentence):
            continue
        if _side_detail(word, sentence, sentence[match.end():], request):
            continue
        return match
    return None
