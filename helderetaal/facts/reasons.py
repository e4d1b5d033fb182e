"""Reasons: sentences that say why the announced work or decision happens.

A reason marker ("omdat", "om ... te", "is versleten") is kept only when it gives the reason
for the work itself. Side explanations are left out (cue words in ``data/reasons.yaml``): a
purpose attached to a request to the reader ("om schade te voorkomen, verzoeken wij u ..."),
a side purpose ("om de hinder te beperken"), a consequence ("hierdoor is de weg afgesloten")
and what the work takes ("hiervoor is het nodig ...").
"""

from __future__ import annotations

import re

from .lexicon import cue_pattern

# Every alternative below starts with a word, whose first letters a lookahead lists: re passes a
# place where none of them starts over at once instead of trying each alternative there.
REASON = re.compile(
    r"(?=[abdhijklmnortuvwz])"
    r"\b(?:omdat|want|namelijk|daarom|zodat|doordat|vanwege|waardoor|hierdoor|daardoor|teneinde|ten\s+einde|"
    r"opdat|de\s+reden|reden\s+(?:is|hiervoor|"
    r"daarvoor|van)|het\s+doel|met\s+als\s+doel|bedoeld\s+om|in\s+verband\s+met|i\.v\.m\.|"
    r"(?:zonder|anders)\s+(?:\w+\s+){0,3}?(?:kan|kunnen|zal|zullen|wordt|worden|gaat|gaan)\b|"
    r"(?:is|zijn|was|waren|wordt)\s+(?:dit\s+|dat\s+|het\s+)?(?:hard\s+|echt\s+|dringend\s+)?nodig|nodig\s+(?:om|omdat|voor|"
    r"vanwege)|noodzakelijk|versleten|verouderd|aan\s+vervanging\s+toe|(?:is|zijn)\s+(?:oud|kapot|lek|"
    r"beschadigd|ziek)|(?:is|zijn)\s+(?:al\s+)?(?:meer\s+dan\s+|ruim\s+|bijna\s+|over\s+de\s+)?\w+\s+jaar\s+oud\b|"
    r"\b(?:lekt|lekken|lekte|verzakt|verzakken|verzakte)\b|\bzit(?:ten)?\s+vol\s+(?:gaten|scheuren|kuilen|wortels)\b|"
    # The state of the street: "de tegels liggen los", "wortels duwen de tegels omhoog".
    r"\b(?:ligt|liggen|zit|zitten)\s+(?:\w+\s+)?los\b|\b(?:duwen|drukken|duwt|drukt)\s+(?:\w+\s+){0,4}?omhoog\b|"
    r"\bklachten\s+over\b|\b(?:bewoners|omwonenden|u|jullie)\s+(?:vroegen|vroeg|hebben\s+gevraagd)\s+"
    r"(?:ons\s+|de\s+gemeente\s+)?om\b|"
    # What it brings, at the start of a sentence: "Zo wordt de straat veiliger", "Zo kunt u weer veilig fietsen".
    r"^\s*zo\s+(?:wordt|worden|blijft|blijven|kunt|kan|kunnen|krijgt|krijgen)\b[^.!?]{0,60}?\b(?:veiliger|beter|groener|"
    r"mooier|droger|prettiger|toegankelijker|rustiger|schoner|makkelijker|weer\s+veilig)\b|"
    r"(?:is|zijn)\s+(?:\w+\s+)?te\s+(?:laag|smal|klein|zwak|oud|krap|steil|glad|donker|druk|vol)\b|"
    r"(?:is|zijn)\s+(?:niet\s+(?:meer\s+)?veilig|onveilig|gevaarlijk)\b|voldo(?:et|en)\s+niet\s+(?:meer\s+)?aan\b|op\s+verzoek\s+van|na\s+klachten|naar\s+aanleiding\s+van\s+(?:klachten|vragen|meldingen)|"
    r"(?:de\s+)?aanleiding\s+(?:is|was|hiervoor|daarvoor|voor)\b|\baanleiding\s*:|(?:is|zijn)\s+(?:\w+\s+){0,2}?van\s+"
    r"(?:groot\s+|groot\s+|heel\s+|veel\s+)?belang\s+(?:voor|om)\b|(?:heeft|hebben)\s+(?:\w+\s+){0,3}?ertoe\s+geleid|"
    r"om\s+(?!\d)(?:[\w'’-]+\s+){1,8}?te\s+[\w-]+en\b)",
    re.IGNORECASE,
)
# The purpose of a meeting (what it is about) is its reason: "een inloopavond over de nieuwe
# speelplek", "op de avond worden de plannen besproken", "daar leggen wij uit hoe ...".
_MEETING_PURPOSE = re.compile(
    r"\b(?:\w*(?:bijeenkomst|avond|inloop|markt|presentatie|sessie|spreekuur|overleg))\s+(?:\w+\s+){0,3}?over\s+"
    r"(?:de|het|deze|dit|onze|uw|jullie|een|hoe|wat|welke)\b|"
    r"(?:wordt|worden)\s+(?:\w+\s+){0,4}?(?:besproken|gepresenteerd|toegelicht|uitgelegd)\b|"
    r"(?:leggen|lichten)\s+(?:wij|we)\s+(?:\w+\s+){0,4}?(?:uit|toe)\b|"
    r"(?:krijgt|krijg)\s+(?:u|je|jullie)\s+(?:\w+\s+){0,2}?informatie\s+over\b",
    re.IGNORECASE,
)
_NOT_REASON = re.compile(r"\b(?:niet\s+nodig|indien\s+nodig|als\s+(?:het\s+)?nodig|waar\s+nodig|zo\s+nodig|"
                         r"hoeft\s+niet|geen\s+aanmelding)\b", re.IGNORECASE)
# "om ... te" that only tells how or when ("om 19.00 uur", "om u te informeren") is no reason.
_WEAK_PURPOSE = re.compile(r"\bom\s+(?:u|je|jullie)\s+(?:te\s+)?(?:informeren|laten\s+weten|vertellen|uit\s+te\s+nodigen)"
                           r"|\bom\s+(?:u|je)\s+op\s+de\s+hoogte\b|\bom\s+(?:u|je)\s+te\s+informeren", re.IGNORECASE)


_SIDE_PURPOSE = cue_pattern("reasons", "side_purposes")
_CONSEQUENCE = cue_pattern("reasons", "consequences")
_OPERATIONAL = cue_pattern("reasons", "operational")
_PURPOSE_WORDS = ("om ", "zodat")
_CONSEQUENCE_WORDS = ("hierdoor", "daardoor", "daarom", "waardoor")
_CAUSE_WORDS = ("doordat", "omdat", "vanwege")
_LESS_HINDER = re.compile(r"\b(?:overlast|hinder|geluid)\w*\s+(?:\w+\s+){0,6}?(?:beperk\w*|minimaliseren|voorkomen)|"
                          r"(?:beperk\w*|minimaliseren|voorkomen)\s+(?:\w+\s+){0,4}?\w*(?:overlast|hinder)\b|"
                          r"(?:minder|weinig)\s+(?:\w+\s+)?(?:overlast|hinder)", re.IGNORECASE)


_PAST_REASON = re.compile(r"\s*(?:hiervoor\s+|daarvoor\s+|daarvan\s+)?(?:was|waren)\b", re.IGNORECASE)
# Why the residents are informed (or by whom) is not why the work happens.
_ABOUT_INFORMING = re.compile(r"\b(?:communicatie|informeren|geïnformeerd|op\s+de\s+hoogte|nieuwsbrief|"
                              r"deze\s+brief|dit\s+bericht)\b", re.IGNORECASE)


def _side_detail(word: str, sentence: str, after: str, request: bool) -> bool:
    """Whether the marker ``word`` (with the text ``after`` it) explains a side detail."""
    if word.startswith(("de reden", "reden")) and _PAST_REASON.match(after):
        return True  # "de reden hiervoor was ...": why something earlier happened (a past stop)
    if word.startswith(("op verzoek", "daarom", "in verband met")) and _ABOUT_INFORMING.search(sentence):
        return True  # "op verzoek van de aannemer verzorgt de wijkraad de communicatie"
    if word.startswith(_PURPOSE_WORDS):
        # A purpose attached to a request to the reader, or about the hinder: a side purpose.
        return request or bool(_SIDE_PURPOSE.search((word + " " + after[:40]) if word.startswith("om ") else after[:80]))
    if word in _CONSEQUENCE_WORDS:
        return bool(_CONSEQUENCE.search(after[:80]))
    if word in _CAUSE_WORDS and request:
        return True  # why the reader is asked something, not why the work happens
    if word in _CAUSE_WORDS and _LESS_HINDER.search(sentence):
        return True  # "doordat wij sleufloos werken, is er minder overlast": how, not why
    return ("nodig" in word or "noodzakelijk" in word) and bool(_OPERATIONAL.search(sentence))


def meeting_purpose(sentence: str) -> re.Match[str] | None:
    """What a meeting in this sentence is about (the reason to come), or None. The caller
    knows that the sentence names a meeting."""
    return _MEETING_PURPOSE.search(sentence)


_EXPLAINS_BEFORE = re.compile(r"^\W*(?:dit|dat)\s+(?:is\s+|komt\s+)?(?:vanwege|omdat|doordat|door)\b", re.IGNORECASE)


def explains_sentence_before(sentence: str) -> bool:
    """Whether a sentence only explains the one before it ("Dit vanwege ...", "Dat komt doordat ...")."""
    return bool(_EXPLAINS_BEFORE.match(sentence))


def why_question(sentence: str) -> bool:
    """Whether a sentence (often a heading) asks "Waarom ...?": the text after it answers."""
    return bool(re.match(r"\W*waarom\b.*\?\W*$", sentence.strip(), re.IGNORECASE | re.DOTALL))


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
