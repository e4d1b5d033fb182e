"""Meetings the reader is invited to: what, date, time, place and registration."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
import datetime
from typing import Any

from ..dutch import MONTH_ALTERNATION, WEEKDAY_ALTERNATION
from .lexicon import alternation, lexicon, starts_with


@dataclass(frozen=True)
class Meeting:
    """A meeting the reader is invited to, with the details the letter gives; ``context`` is
    the stretch of text (its block and the detail blocks after it) the details were read from."""

    what: str
    date: datetime.date | None
    time_from: str | None
    time_to: str | None
    place: str | None
    place_kind: str | None
    registration: bool | None
    registration_deadline: datetime.date | None
    text: str
    start: int
    end: int
    context: tuple[int, int] = (0, 0)
    #: The meeting's day as written ("woensdag 29 november"), also where its year cannot be
    #: read (then ``date`` is None): the reader knows the day all the same.
    day_text: str | None = None
    #: Whether registering on the deadline day itself still counts ("tot 5 maart", "uiterlijk
    #: 5 maart") rather than only before it ("vóór 5 maart").
    registration_day_counts: bool = False

    @property
    def has_day(self) -> bool:
        """Whether the letter names the meeting's day (with or without a year)."""
        return self.date is not None or self.day_text is not None

    def missing(self) -> tuple[str, ...]:
        """The Dutch names of the details the reader still needs (date, time, place)."""
        details = (("de datum", self.has_day), ("de tijd", self.time_from), ("de plaats", self.place))
        return tuple(label for label, value in details if not value)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (an item of ``facts.meetings``)."""
        return {"what": self.what, "date": _iso(self.date), "time_from": self.time_from, "time_to": self.time_to,
                "place": self.place, "place_kind": self.place_kind, "registration": self.registration,
                "registration_deadline": _iso(self.registration_deadline), "text": self.text,
                "start": self.start, "end": self.end, "day_text": self.day_text}


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


_ANY_BIJEENKOMST = r"(?<![\w-])[\w-]*bijeenkomst(?:en)?"
_MEETING_WORDS = (
    rf"(?:{alternation('meetings', 'prefixes')})(?:{alternation('meetings', 'heads')})(?:en|s)?",
    _ANY_BIJEENKOMST, alternation('meetings', 'words'), r"(?:feestelijke\s+)?opening",
    # A plain "avond" is a meeting where the reader is invited to it: "wij nodigen u uit voor een avond".
    r"(?<=\bvoor een )(?:avond|middag|ochtend)|(?<=\buitnodiging: )(?:avond|middag|ochtend)",
)
MEETING = re.compile(r"\b(?:" + "|".join(_MEETING_WORDS) + r")\b", re.IGNORECASE)
# Any word may end in "bijeenkomst", so MEETING tries that at the start of every word (and walks the
# word back); where a text has no "bijeenkomst" that alternative cannot match, and without it the
# others start with known letters, which let re pass every other place over at once.
_BIJEENKOMST = re.compile("bijeenkomst", re.IGNORECASE)
_MEETING_BUT_BIJEENKOMST = re.compile(
    starts_with({phrase[0] for group in ("prefixes", "words") for phrase in lexicon("meetings")[group]} | set("foamo"))
    + r"\b(?:"
    + "|".join(part for part in _MEETING_WORDS if part != _ANY_BIJEENKOMST) + r")\b", re.IGNORECASE)


def find_meeting_words(text: str) -> Iterator[re.Match[str]]:
    """What :data:`MEETING` finds in ``text`` (``finditer``), sooner where ``text`` has no "bijeenkomst"."""
    return _meeting_pattern(text).finditer(text)


def search_meeting_word(text: str) -> re.Match[str] | None:
    """``MEETING.search(text)``, sooner where ``text`` has no "bijeenkomst"."""
    return _meeting_pattern(text).search(text)


def _meeting_pattern(text: str) -> re.Pattern[str]:
    return MEETING if _BIJEENKOMST.search(text) else _MEETING_BUT_BIJEENKOMST
INVITATION = re.compile(r"\b(?:uitnodig\w*|nodig(?:t|en)\s+(?:\w+\s+){0,4}uit|(?:bent|is|zijn)\s+(?:van\s+harte\s+|"
                        r"hartelijk\s+)?welkom|kom\s+(?:ook\s+|gerust\s+)?(?:naar|langs)|graag\s+(?:zien|spreken)\s+"
                        r"(?:wij|we)\s+(?:u|je)|organiseren|organiseert|houden\s+(?:wij|we)|(?:wij|we)\s+houden|"
                        r"vindt\s+plaats|is\s+op\s+\w+dag)\b", re.IGNORECASE)
_PLACE_NOUNS = alternation("meetings", "place_nouns")
_CAPS = r"(?:[ \t]+(?:[A-Z0-9][\w'’-]*|de|het|van|aan|'t))*"
PLACE = re.compile(
    r"(?:\b(?i:plaats|locatie|waar|adres)(?:\s*:|\t|[ ]{3,})[ \t]*(?P<field>[^\r\n]+)|"
    rf"\b(?:in|op|bij)\s+(?:het\s+|de\s+)?(?P<noun>[\w-]*(?:{_PLACE_NOUNS}){_CAPS}"
    r"(?:[ \t]*,[ \t]*[A-Z][\w'’ .-]*?[ \t]\d+[a-z]?\b)?)|"
    r"(?P<street>\b[A-Z][\w'’-]*(?:straat|weg|laan|plein|kade|gracht|singel|dijk|pad|hof|markt|dreef|steeg|"
    r"plantsoen)[ \t]+\d+[a-z]?\b)|"
    # A venue by its name alone, with its article: "in de Wynhoeve", "in Het Trefpunt". Without
    # an article ("de speeltuin in Schothorst") a name is mostly the area the plan is about.
    r"\bin[ \t]+(?P<name>(?i:het|de)[ \t]+[A-Z][\w'’-]+(?:[ \t]+(?:(?:de|het|van|'t)[ \t]+)*[A-Z][\w'’-]*)*)|"
    r"(?P<platform>\bvia\s+(?:Microsoft\s+)?(?:Teams|Zoom|Webex|Google\s+Meet)\b)|(?P<online>\b(?:online|(?i:digita(?:al|le)))\b))",
)
# Both registration patterns open with their cue words: a lookahead for the words' first letters
# lets re pass every other place over at once instead of trying each word there.
REGISTRATION_NOT_NEEDED = re.compile(
    r"(?=[aghiklovz])(?:"
    r"(?:aanmelden|opgeven|inschrijven|aanmelding)\s+(?:is\s+)?niet\s+nodig|hoeft\s+(?:u|je)?\s*(?:zich|je|u)?\s*"
    r"niet\s+(?:van\s+tevoren\s+)?(?:aan\s+te\s+melden|op\s+te\s+geven|in\s+te\s+schrijven)|zonder\s+aanmelding|"
    r"vrije\s+inloop|geen\s+aanmelding|loop\s+(?:gerust\s+)?(?:even\s+)?binnen|(?:kom|loop)\s+(?:gerust\s+)?"
    r"(?:binnen|langs)\s+(?:wanneer|wanneer\s+het)|inloop\s+(?:is\s+)?vrij)",
    re.IGNORECASE,
)
REGISTRATION = re.compile(r"(?=[amior])\b(?:aanmeld\w*|meld\s+(?:u|je)\s+(?:\w+\s+){0,3}aan|opgeven|opgave|inschrijv\w*|"
                          r"registreer\w*|registreren)\b", re.IGNORECASE)


_RANK = ("field", "noun", "street", "name", "platform", "online")


def find_place(text: str) -> re.Match[str] | None:
    """The best place in a meeting's text: a Plaats:/Locatie: field, a building, an address,
    a venue's name, a video platform, else just "online"."""
    candidates = list(_places(text))
    if not candidates:
        return None
    def rank(match: re.Match[str]) -> tuple[int, int]:
        if match.group("field"):
            return 0, match.start()
        if match.group("noun"):
            # A building with its address beats a bare address; a bare address beats a building name.
            return (1 if re.search(r"\d", match.group("noun")) else 3), match.start()
        if match.group("street"):
            return 2, match.start()
        if match.group("name"):
            return 4, match.start()
        return (5 if match.group("platform") else 6), match.start()

    return min(candidates, key=rank)


def _places(text: str) -> Iterator[re.Match[str]]:
    for match in PLACE.finditer(text):
        value = match.group(0)
        if match.group("noun") and match.group("noun").lower() in ("centrum", "park", "plein", "gebouw", "hal"):
            # A bare "in het centrum" is no address; it needs a name after it.
            if not re.search(r"[A-Z]", match.group("noun")):
                continue
        if match.group("name") and not _venue(text, match):
            continue
        if value.strip():
            yield match


# Capitalised words after "in" that name a time, a platform or a language, not a venue.
_NOT_A_VENUE = re.compile(rf"(?i:{MONTH_ALTERNATION}|{WEEKDAY_ALTERNATION}|week|teams|zoom|webex|google|"
                          r"microsoft|nederlands|engels)\b")


def _venue(text: str, match: re.Match[str]) -> bool:
    """Whether "in de <Name>" is where the meeting is: it follows the meeting word, its time or a
    verb of taking place ("de bijeenkomst in de Wynhoeve", "om 19.30 uur in Het Anker", "is in
    de Kern"); after another noun it is the area the plan is about ("het warmtenet in de Haagse
    Beemden")."""
    if _NOT_A_VENUE.match(re.sub(r"^(?:het|de)\s+", "", match.group("name"), flags=re.IGNORECASE)):
        return False
    before = text[max(0, match.start() - 40):match.start()].split()
    last = before[-1].strip(",").lower() if before else ""
    return bool(MEETING.fullmatch(last) or _VENUE_LEAD.fullmatch(last))


# The word before "in de <Name>" when that name is the meeting's place.
_VENUE_LEAD = re.compile(r"uur|u|\d[\d.:]*|plaats|is|zijn|houden|organiseren|organiseert|avond|middag|ochtend")


def place_kind(match: re.Match[str]) -> str:
    """field | building | address | venue | platform | online"""
    kind = next(k for k in _RANK if match.group(k))
    return {"noun": "building", "street": "address", "name": "venue"}.get(kind, kind)


def place_text(match: re.Match[str]) -> str:
    """The place as a summary can restate it ("digitaal" and "online" both become "online")."""
    if match.group("online"):
        return "online"
    for key in _RANK:
        if match.group(key):
            return " ".join(match.group(key).split()).rstrip(".,;")
    return match.group(0)


_INVITED = re.compile(r"\b(?:uitnodig\w*|nodig(?:t|en)\s+(?:\w+\s+){0,4}uit|(?:bent|is|zijn)\s+(?:van\s+harte\s+|"
                      r"hartelijk\s+)?welkom)\b", re.IGNORECASE)


def names_meeting(sentence: str) -> bool:
    """Whether a sentence is about a meeting (its dates are the meeting's, not the works')."""
    return bool(search_meeting_word(sentence) or _INVITED.search(sentence))
