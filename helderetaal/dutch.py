"""Dutch calendar words, shared by the structure finder, the rules and the facts reader."""

from __future__ import annotations

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
