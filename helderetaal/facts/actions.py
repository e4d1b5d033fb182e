"""What the reader must or can do (with deadlines), what the reader will notice, and pointers
to more information. A mere reference to a ``bijlage`` is not information the reader has."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .lexicon import alternation, cue_pattern


@dataclass(frozen=True)
class Action:
    """A sentence that tells the reader what to do (``kind`` action) or that nothing is needed
    (``no_action``); ``deadline`` when the sentence names one."""

    text: str
    start: int
    end: int
    kind: str
    deadline: date | None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (an item of ``facts.actions``)."""
        return {"text": self.text, "start": self.start, "end": self.end,
                "deadline": self.deadline.isoformat() if self.deadline else None, "kind": self.kind}

# A plain imperative opening a sentence: "Volg de borden", "Zet uw container aan de straat".
IMPERATIVE = re.compile(r"^\W*(?:" + alternation("actions", "imperatives") + r")\b", re.IGNORECASE)
ACTION = re.compile(
    r"\b(?:(?:wij|we|ik)\s+(?:vragen|verzoeken)\s+(?:u|je|jullie)\b|(?:u|je|jullie)\s+(?:moet|moeten|dient|dienen)\b|"
    r"(?:moet|dient)\s+(?:u|je)\b|"
    r"(?:(?:u|je)\s+(?:kunt|kan)|(?:kunt|kan)\s+(?:u|je))\s+(?:zich|je|u)?\s*(?:\w+\s+){0,6}?(?:aanmelden|opgeven|inschrijven|reageren|"
    r"bezwaar|zienswijze|meedenken|meepraten|stemmen|kiezen|aangeven|doorgeven|invullen|meedoen|laten\s+weten|"
    r"insturen|indienen|ophalen|parkeren|aanvragen|melden)|wilt\s+u\b|graag\s+(?:voor|vóór|uiterlijk)\b|"
    r"(?:(?:u|je)\s+(?:hoeft|hoef)|hoeft\s+(?:u|je))\s+(?:\w+\s+)?(?:niets|geen|niet)\b|"
    r"(?:aanmelden|opgeven|inschrijven|aanmelding)\s+(?:is\s+)?niet\s+nodig|"
    r"^\W*(?:voorlopig|nu\s+nog|verder|op\s+dit\s+moment)\s+(?:hoeft\s+(?:u|je)\s+)?niets(?:\s+te\s+doen)?\W*$|"
    r"\b(?:parkeert|zet|plaatst|brengt|legt|meldt|zet)\s+u\b|"
    r"(?:laat|laten)\s+(?:u|je)\s+(?:het\s+)?(?:ons\s+)?weten|meld\s+(?:u|je)\s+(?:dan\s+)?aan|"
    r"bent\s+u\s+het\s+(?:niet\s+)?eens|"
    r"(?:u|je)\s+kunt\s+(?:\w+\s+){0,4}(?:uw|je)\s+(?:reactie|mening|ideeën|ideeen|wensen)|"
    r"(?:u|je)\s+(?:wordt|worden)\s+(?:gevraagd|verzocht))",
    re.IGNORECASE,
)
_CONTACT_OR_INFO_ONLY = re.compile(
    r"^\W*(?:(?:heeft|hebt|heb)\s+(?:u|je)\s+(?:nog\s+)?(?:vragen|een\s+vraag)|(?:bel|mail|e-mail|kijk|lees|bezoek|"
    r"download)\b|neem\s+(?:dan\s+)?contact|voor\s+(?:meer\s+)?(?:vragen|informatie))",
    re.IGNORECASE,
)
_INFO_OR_CONTACT_WORDS = re.compile(r"\b(?:bel(?:len)?|mail(?:en)?|bereiken|contact|informatie|lezen|lees|vinden|"
                                    r"kijk(?:en)?|website|vragen\s+stellen|vraag\s+stellen)\b", re.IGNORECASE)
_IMPACT_WORDS = (
    r"(?:u|je)\s+(?:heeft|hebt|krijgt|kunt)\s+(?:\w+\s+){0,3}?(?:last|hinder|overlast|geluid)",
    r"\w*(?<!ver)hinder", r"\w*overlast",
    r"(?:is|zijn|wordt|worden|blijft|blijven)\s+(?:\w+\s+){0,3}?(?:afgesloten|gestremd|omgeleid|(?:niet\s+|goed\s+|"
    r"gewoon\s+)?bereikbaar|dicht(?!\s*bij))",
    # "is de Dijkweg tussen de Molenbrug en de Kerkstraat dicht": a named stretch of road in between.
    r"(?:is|zijn)\s+de\s+(?:\w+\s+){1,8}?(?:dicht(?!\s*bij)|afgesloten)|(?:rijden|fietsen)\s+(?:\w+\s+)?om\s+via",
    r"omleiding|(?:niet|minder)\s+(?:\w+\s+)?parkeren|parkeerverbod",
    r"(?:u|je)\s+merkt|(?:merkt|hoort|ziet)\s+u", r"\w*geluid",
    r"bouwverkeer|trillingen|lawaai|(?:geen|minder)\s+(?:water|stroom|gas)",
)
IMPACT = re.compile(r"\b(?:" + "|".join(_IMPACT_WORDS) + r")\b", re.IGNORECASE)
# The words that may end in "hinder", "overlast" or "geluid" make re try those at the start of
# every word and walk the word back. A sentence with none of the three cannot match them, and
# without them IMPACT's words start with known letters, which let re pass every other place over.
_ANY_WORD_ENDS = (r"\w*(?<!ver)hinder", r"\w*overlast", r"\w*geluid")
_WORD_ENDS = re.compile("hinder|overlast|geluid", re.IGNORECASE)
_IMPACT_BUT_WORD_ENDS = re.compile(r"(?=[bfghijlmnoprtuwz])\b(?:"
                                   + "|".join(part for part in _IMPACT_WORDS if part not in _ANY_WORD_ENDS) + r")\b",
                                   re.IGNORECASE)
DEADLINE_LEAD = re.compile(r"(?:\buiterlijk(?:\s+op)?|\bvóór|\bvoor|\btot\s+en\s+met|\btot\s+uiterlijk|\btot|\bbinnen)"
                           r"\s+(?:\w+dag\s+)?$", re.IGNORECASE)
DEADLINE_CONTEXT = re.compile(r"\b(?:aanmeld\w*|meld\w*\s+(?:u|je|zich)|opgeven|opgave|inschrijv\w*|reag\w*|reactie|"
                              r"bezwaar\w*|zienswijze|indienen|insturen|invullen|doorgeven|laten\s+weten|stuur|"
                              r"stemmen|beroep|uiterlijk|vul\w*|aanvra\w*|vraag\s+(?:\w+\s+){0,4}aan)\b", re.IGNORECASE)
MORE_INFO = re.compile(
    r"\b(?:meer\s+(?:informatie|info|lezen)|(?:kijk|lees|zie)\s+(?:ook\s+)?(?:op|via|de\s+website)|"
    r"website|webpagina|projectpagina|nieuwsbrief|(?:de\s+)?app\b|(?<![\w-])[\w-]*app\s+(?:van|downloaden)|"
    r"informatiecentrum|facebookpagina|instagram|bouwapp|omgevingsapp|wijkkrant|huis-aan-huisblad)",
    re.IGNORECASE,
)
ATTACHMENT = re.compile(r"\bbijlage[n]?\b|\bbijgevoegd\w*\b|\bbijgaand\w*\b", re.IGNORECASE)


# A modal of the reader, with the verb anywhere later in its clause ("U kunt de fiets in
# die week achter het oude gebouw stallen").
_MODAL = re.compile(r"\b(?:(?:u|je|jullie)\s+(?:kunt|kan|moet|moeten|dient|dienen|mag|mogen|wordt|worden)|"
                    r"(?:belangstellenden|geïnteresseerden|geinteresseerden|omwonenden|buurtbewoners|bewoners|inwoners|"
                    r"iedereen)\s+(?:kunnen|kan|mogen|mag|moeten|moet)|"
                    r"(?:kunt|kan|moet|moeten|dient|dienen|mag|mogen|wilt|wil|wordt|worden)\s+(?:u|je|jullie))\b"
                    r"(?P<clause>[^,;:()]*)", re.IGNORECASE)
_CAN_VERB = cue_pattern("actions", "can_verbs")
_CONTACT_VERB = cue_pattern("actions", "contact_verbs")
_GOODWILL = cue_pattern("actions", "goodwill")
_INVITATION = cue_pattern("actions", "invitations")
# A request in another word order or passive: "verzoeken wij u", "wordt omwonenden verzocht".
_REQUEST = re.compile(r"\b(?:(?:vragen|verzoeken|vraag|verzoek)\s+(?:wij|we|ik)\s+(?:u|je|jullie|omwonenden|bewoners)|"
                      r"(?:wij|we|ik)\s+(?:willen|zouden)\s+(?:u|je|jullie)\s+(?:\w+\s+){0,2}?(?:vragen|verzoeken)\s+"
                      r"(?:om\s+)?(?:\S+\s+){0,8}?te\s+\w+|"
                      r"(?:(?:geven|bieden)\s+(?:wij|we|ik)|(?:wij|we|ik)\s+(?:geven|bieden))\s+(?:u|je|jullie)\s+(?:graag\s+|ook\s+)?de\s+"
                      r"(?:gelegenheid|mogelijkheid)\s+(?:om\s+)?(?:\S+\s+){0,8}?te\s+\w+|"
                      r"hopen\s+(?:(?:wij|we|ik)\s+)?(?:u|je|jullie)\s+(?:\w+\s+){0,2}?te\s+(?:zien|ontmoeten|begroeten|verwelkomen|spreken)\b|"
                      r"hopen\s+op\s+(?:uw|je|jouw|jullie)\s+(?:\w+\s+)?(?:komst|aanwezigheid|deelname|reactie|reacties)\b|"
                      r"(?:wij|we)\s+horen\s+(?:het\s+)?graag\s+(?:uw|je|jouw|jullie)\b|"
                      r"^\W*zien\s+(?:wij|we)\s+(?:u|je|jullie)\b[^?]*\?|"
                      r"(?:wordt|worden)\s+(?:\S+\s+){0,3}?(?:verzocht|gevraagd)\s+(?:om\s+)?(?:\S+\s+){0,8}?te\s+\w+|"
                      r"(?:wordt|worden)\s+(?:\S+\s+){0,2}?(?:verzocht|gevraagd)\s+(?:\S+\s+){1,10}?\w+en\b)",
                      re.IGNORECASE)


def _modal_action(sentence: str) -> re.Match[str] | None:
    for match in _MODAL.finditer(sentence):
        clause = match.group("clause")
        if _GOODWILL.search(clause):
            continue
        verb = _CAN_VERB.search(clause)
        if verb and not _CONTACT_VERB.search(clause[: verb.start()] + clause[verb.end():]):
            return match
        if re.match(r"\s*(?:moet|moeten|dient|dienen)\b|(?:u|je|jullie)\s+(?:moet|moeten|dient|dienen)",
                    match.group(0), re.IGNORECASE) and not _CONTACT_VERB.search(clause) and re.search(r"\w+en\b", clause):
            return match
    return None


def action_match(sentence: str) -> re.Match[str] | None:
    """The reader-action marker of a sentence, or None. Prompts to call or read are not actions,
    nor requests for goodwill ("wij vragen uw begrip")."""
    if _CONTACT_OR_INFO_ONLY.match(sentence):
        return None
    for cue in (_INVITATION, _REQUEST):
        found = cue.search(sentence)
        if found and not _GOODWILL.search(sentence[found.start():]):
            return found
    modal = _modal_action(sentence)
    if modal is not None:
        return modal
    match = ACTION.search(sentence)
    if match and _GOODWILL.search(sentence[match.start():]):
        match = None
    if match and match.group(0).lower().startswith("wil") and _CONTACT_VERB.search(sentence) \
            and not _CAN_VERB.search(sentence):
        return None  # "Wilt u iets vragen?" invites a question: contact, not an action
    if match:
        if re.match(r"(?:u|je)\s+(?:kunt|kan)|(?:kunt|kan)\s+(?:u|je)", match.group(0), re.IGNORECASE) and not re.search(
                r"aanmelden|opgeven|inschrijven|reageren|bezwaar|zienswijze|meedenken|meepraten|stemmen|kiezen|"
                r"aangeven|doorgeven|invullen|meedoen|insturen|indienen|reactie|mening|ideeën|ideeen|wensen|"
                r"ophalen|parkeren|aanvragen|melden|laten\s+weten", match.group(0), re.IGNORECASE):
            return None
        return match
    imperative = IMPERATIVE.match(sentence)
    if imperative and re.match(r"\s*:", sentence[imperative.end():]):
        imperative = None  # "Plaats: wijkcentrum ..." is a field, not an order
    if imperative and re.match(r"\s*(?:(?:u|je)\s+)?niet\b|\s*op\W*$", sentence[imperative.end():], re.IGNORECASE):
        imperative = None  # "Laat u niet ...", "Let op!": advice or a warning, nothing to do
    if imperative:
        word = imperative.group(0).strip().lower()
        if word == "volg" and re.search(r"\b(?:borden|bord|omleiding|route|aanwijzingen|instructies|bebording)\b",
                                        sentence, re.IGNORECASE):
            return imperative  # following a diversion is an action; following us online is not
        if word in ("bel", "mail", "kijk", "lees", "bezoek", "download", "volg"):
            return None
        if word in ("neem",) and re.search(r"\bcontact\b", sentence, re.IGNORECASE):
            return None
        if re.search(r"\b(?:vragen|vraag|contact|een\s+e-?mail|een\s+bericht|klacht\w*)\b", sentence, re.IGNORECASE):
            return None
        if word in ("kom",) and not re.search(r"\b(?:naar|langs|ook|gerust)\b", sentence, re.IGNORECASE):
            return None
        return imperative
    return None


def impact_match(sentence: str) -> re.Match[str] | None:
    return (IMPACT if _WORD_ENDS.search(sentence) else _IMPACT_BUT_WORD_ENDS).search(sentence)


# "In deze nieuwsbrief leest u ...": the text itself, not a pointer elsewhere.
_THIS_TEXT = re.compile(r"\b(?:in\s+)?(?:deze|dit)\s+(?:nieuwsbrief|brief|bericht|bewonersbrief)\b", re.IGNORECASE)
# "Wilt u meer informatie? Neem contact op / bel ...": a contact, not a place to read.
_INFO_BY_CONTACT = re.compile(r"\b(?:contact\s+(?:met\s+\w+\s+)?op(?:nemen)?|neem\s+(?:dan\s+)?contact|bel(?:len)?|"
                              r"mail(?:en)?|e-mail(?:en)?)\b", re.IGNORECASE)


def info_match(sentence: str) -> re.Match[str] | None:
    """A pointer to more information that the reader can use (not just a ``bijlage``, not the
    letter itself, not "for more information, call us"; a question such as "Wilt u meer
    informatie?" leaves it to the sentence after it)."""
    for match in MORE_INFO.finditer(sentence):
        word = match.group(0).lower()
        if "nieuwsbrief" in word and _THIS_TEXT.search(sentence):
            continue
        if word.startswith("meer") and (_INFO_BY_CONTACT.search(sentence) or sentence.rstrip().endswith("?")) \
                and not re.search(
                r"\b(?:website|webpagina|projectpagina|www\.|https?://|app)\b", sentence, re.IGNORECASE):
            continue
        return match
    return None


def mentions_attachment(sentence: str) -> re.Match[str] | None:
    return ATTACHMENT.search(sentence)
