"""Kind ``opening``: the first paragraph after the salutation says what happens and when.

"When" is a date, week, period or (vague) moment in that paragraph; "what" is a sentence with
an event word (a verb or noun of something happening), not only a preamble such as "Met deze
brief informeren wij u over ...". Letters of the profiles in ``skip_profiles`` are not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..finding import Match
from .base import RuleKind
from .elements import PROFILES_DOC, is_letter
from .options import Options, option

if TYPE_CHECKING:
    from ..document import Document

EVENT = re.compile(
    r"\b(?:gaan|gaat|zullen|zal|beginnen|begint|starten|start|vervangen|vervangt|werken|werkzaamheden|werk|"
    r"aanleggen|leggen|legt|bouwen|bouwt|houden|houdt|organiseren|organiseert|nodigen|nodigt|besloten|besluit|"
    r"afgesloten|afsluiten|dicht|kappen|kapt|repareren|herstellen|onderhoud|vernieuwen|verbouwen|slopen|plaatsen|"
    r"plaatst|komt|komen|vindt\s+plaats|bijeenkomst|avond|verleend|geweigerd|verandert|veranderen|"
    r"opnieuw|ingericht|inrichten|graven|asfalteren|vragen|vraagt|denk|meedenken|bezoeken|ophalen|haalt|mening|"
    r"reactie|reageren|plannen|openen|opening)\b",
    re.IGNORECASE,
)
PREAMBLE = re.compile(r"^\W*(?:(?:met|middels|via)\s+deze\s+brief|door\s+middel\s+van\s+deze\s+brief|hierbij|in\s+deze\s+brief|graag\s+informeren|wij\s+willen\s+u\s+"
                      r"(?:graag\s+)?informeren|naar\s+aanleiding\s+van|zoals\s+u\s+(?:misschien\s+)?(?:weet|"
                      r"heeft\s+gelezen))", re.IGNORECASE)


@dataclass(frozen=True)
class OpeningOptions(Options):
    """Options of the ``opening`` kind."""

    skip_profiles: tuple[str, ...] = option(["algemeen"], f"{PROFILES_DOC} die niet worden gecontroleerd.")
    when_profiles: tuple[str, ...] = option(["werkzaamheden", "uitnodiging", "participatie"],
                                            f"{PROFILES_DOC} waarin de eerste alinea ook zegt wanneer.")
    min_sentences: int = option(2, "Teksten met minder zinnen zijn nog geen brief en worden niet gecontroleerd.",
                                minimum=0)


class OpeningKind(RuleKind[OpeningOptions]):
    """The key message is not at the top."""

    name = "opening"
    keys = {}
    options_type = OpeningOptions
    known_problems = ("'Wat' is een zin met een woord voor iets dat gebeurt (beginnen, vervangen, bijeenkomst); "
                      "zegt de eerste alinea het met andere woorden, dan volgt toch een melding. 'Wanneer' is een "
                      "datum, week of moment in die alinea.")

    def check(self, document: Document, options: Mapping[str, Any]) -> Iterable[Match]:
        from ..letter import letter_of

        letter = letter_of(document)
        if letter.profile in (options.get("skip_profiles") or []) or not is_letter(document, options):
            return
        block = letter.first_paragraph
        if block is None:
            return
        sentences = [s for s in document.sentences if s.block == block.index]
        # A preamble ("Met deze brief informeren wij u over ...") says neither what nor when,
        # unless it goes on to say when ("..., waaraan wij op maandag 3 maart beginnen").
        dated = [s for s in sentences if any(s.start <= m.start < s.end and m.role not in ("past", "head", "letter_date")
                                             for m in letter.dates)]
        content = [s for s in sentences if s in dated or not PREAMBLE.match(document.analysed[s.start:s.end])]
        when = any(s.start <= m.start < s.end and m.role not in ("past", "head", "letter_date")
                   for m in letter.dates for s in content) or any(
            s.start <= v.start < s.end for v in letter.vague for s in content)
        if letter.profile not in (options.get("when_profiles") or []):
            when = True
        what = any(EVENT.search(document.analysed[s.start:s.end]) for s in content)
        if when and what:
            return
        missing = "wat er gebeurt en wanneer" if not when and not what else "wanneer" if not when else "wat er gebeurt"
        first = sentences[0] if sentences else None
        start, end = (first.start, first.end) if first else (block.start, block.end)
        line = document.lines.line_of(start)
        end = min(end, document.lines.line_end(line))
        yield Match(start, end, data={"missing": missing})
