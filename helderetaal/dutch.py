"""Dutch words (calendar, numbers, determiners), shared by the structure finder, the rules, the
facts reader and the engine."""

from __future__ import annotations

import re

MONTH_NAMES: tuple[str, ...] = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                                "september", "oktober", "november", "december")
WEEKDAYS: tuple[str, ...] = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

#: Regular-expression alternations (no group) for a full month name and a weekday name.
MONTH_ALTERNATION = "|".join(MONTH_NAMES)
WEEKDAY_ALTERNATION = "|".join(WEEKDAYS)
#: Numbers written as words ("na twee nachten", "binnen zes weken").
NUMBER_WORDS = ("twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf", "twintig",
                "dertig", "veertig", "vijftig", "honderd")
NUMBER_WORD_ALTERNATION = "|".join(NUMBER_WORDS)

#: Words that open a noun phrase: a replacement that brings its own must not follow one of these.
DETERMINERS = frozenset({"de", "het", "een", "deze", "dit", "die", "dat", "uw", "onze", "ons", "mijn", "hun", "jouw",
                         "elke", "ieder", "iedere", "welke", "geen"})

#: Prepositions: none can follow a determiner ("de over website").
PREPOSITIONS = frozenset({"aan", "bij", "door", "in", "met", "na", "naar", "om", "op", "over", "tijdens", "tot",
                          "van", "voor", "volgens", "zonder"})

_LAST_WORD = re.compile(r"([^\W\d_]+)[^\S\n]*$")


def fit_replacement(before: str, replacement: str) -> str | None:
    """``replacement`` as it fits after ``before`` (the text in front of the replaced words), or None
    when it does not: after "het" the replacement "het stuk straat" becomes "stuk straat"; after
    "de" the replacement "deze", "het besluit" or "over" would read "de deze", "de het besluit",
    "de over"."""
    words = replacement.split()
    previous = _LAST_WORD.search(before)
    if not words or previous is None or previous.group(1).lower() not in DETERMINERS:
        return replacement
    first = words[0].lower()
    if first in PREPOSITIONS:
        return None
    if first not in DETERMINERS:
        return replacement
    if first == previous.group(1).lower() and len(words) > 1:
        return replacement.split(None, 1)[1]
    return None
