"""Kind ``opening``: the first paragraph after the salutation says what happens and when.

"When" is a date, week, month, season or (vague) moment in that paragraph, in the titles above it
or under a "Wanneer?" heading right after it (also a "Wanneer <date>" table row), not one in a
sentence about the past; works that have begun ("is gestart met", "in volle gang", "gaat nu beginnen")
say when: now. "What" is an
event word (a verb or noun of something happening, also as the end of a compound: "inloopavond")
outside a preamble such as "Met deze brief informeren wij u over ...". Short lines at the top are
not yet the first paragraph: a title without a full stop counts with it, a frame line ending in a
comma or colon ("Aan de bewoners van ...,", "Bericht namens het waterschap:") is passed over. In a
text with one paragraph per line (copied from a web page) the first paragraph is the first line.
Letters of the profiles in ``skip_profiles`` are not checked. A letter that says nowhere when is
not asked for "when" here when a timing element rule of the check notes that already.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..finding import Match
from .base import RuleKind, running_rules
from .elements import PROFILES_DOC, ElementKind, is_letter
from ..lines import paragraph_spans
from .options import Options, option

if TYPE_CHECKING:
    from ..document import Document
    from ..letter import Letter
    from ..structure import Block

#: Words that say something happens. Words that are verbs or short nouns match whole;
#: :data:`_EVENT_HEADS` may also end a compound ("rioolwerkzaamheden", "inloopavond").
_EVENT_WORDS = (
    "gaan|gaat|zullen|zal|beginnen|begint|starten|start|vervangen|vervangt|werken|werkt|werk|aanleggen|leggen|legt|"
    "bouwen|bouwt|houden|houdt|organiseren|organiseert|nodigen|nodigt|besloten|besluit|afgesloten|afsluiten|dicht|"
    "kappen|kapt|repareren|herstellen|vernieuwen|vernieuwt|verbouwen|slopen|plaatsen|plaatst|komt|komen|verleend|"
    "geweigerd|verandert|veranderen|opnieuw|ingericht|inrichten|graven|graaft|asfalteren|vragen|vraagt|denk|"
    "meedenken|bezoeken|ophalen|haalt|mening|reactie|reageren|plannen|openen|opening|uitnodiging|baggert|snoeit|"
    "bekijken|bekijkt|meepraten|meebeslissen|kiezen|kiest|"
    # works verbs: "Daarom maken wij de sloten schoon", "wij planten nieuwe bomen"
    "maken|maakt|schoonmaken|planten|plant|verwijderen|verwijdert|onderhouden|verbeteren|verbetert|verbreden|"
    "ophogen|versterken|versterkt|maaien|maait|rooien|verleggen|aansluiten|sluiten|sluit|krijgt|krijgen|"
    "onderzoeken|onderzoekt|klaar|gereed"
)
_EVENT_HEADS = (
    "werkzaamheden|avond|bijeenkomst|onderhoud|vervanging|aanleg|renovatie|herinrichting|reparaties?|sloop|"
    "inspraak|ruimen|snoeien|baggeren|informatiemarkt"
)
EVENT = re.compile(rf"\b(?:{_EVENT_WORDS})\b|\b\w*(?:{_EVENT_HEADS})\b|\bvindt\b[^.!?]{{0,80}}?\bplaats\b",
                   re.IGNORECASE)
PREAMBLE = re.compile(r"^\W*(?:(?:met|middels|via)\s+deze\s+brief|door\s+middel\s+van\s+deze\s+brief|hierbij|in\s+deze\s+brief|graag\s+informeren|wij\s+willen\s+u\s+"
                      r"(?:graag\s+)?informeren|naar\s+aanleiding\s+van|zoals\s+u\s+(?:misschien\s+)?(?:weet|"
                      r"heeft\s+gelezen))", re.IGNORECASE)
_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
#: A moment without a day ("in juni", "dit jaar", "de komende drie weken"): the letter's dates
#: need a day, so these say "when" only here.
WHEN = re.compile(
    rf"\b(?:{_MONTHS})\b|\b(?:voorjaar|zomer|najaar|winter)\b|\bweek\s+\d{{1,2}}\b|\b20\d\d\b|"
    r"\b(?:dit|volgend|komend)\s+jaar\b|\beinde?\s+van\s+(?:het|dit)\s+jaar\b|"
    r"\b(?:komende|aankomende|volgende)\s+(?:\w+\s+)?(?:dagen|weken|maanden|jaar|jaren)\b|"
    r"\b(?:maan|dins|woens|donder|vrij|zater|zon)dag\w*\b|\b(?:vandaag|morgen|binnenkort)\b|"
    # Works that have begun say when: now ("wij zijn vorige week begonnen met de stoep", "het werk
    # is in volle gang", "de uitvoering gaat nu beginnen").
    r"\b(?:is|zijn)\s+(?:\w+\s+){0,3}?(?:gestart|begonnen)\b|\bin\s+volle\s+gang\b|"
    r"\bnu\s+(?:\w+\s+){0,2}?(?:beginnen|begint|starten|start|van\s+start)\b",
    re.IGNORECASE,
)
#: A sentence that tells what happened before: its moments are history, not the plan.
PAST = re.compile(r"\b(?:vorige|afgelopen|jl|geleden|was|waren|had|hadden|verleden)\b|"
                  r"\b(?:heeft|hebben)\b(?:\s+\S+){0,8}?\s+ge\w{3,}(?:d|t|en)\b", re.IGNORECASE)
#: Dates in these roles do not say when the thing happens.
_NOT_WHEN = ("past", "head", "letter_date")
#: A title or frame line is one line of at most this many words.
_TITLE_WORDS = 15
#: How many title and frame lines above the first paragraph are looked past.
_MAX_SKIPPED = 4


@dataclass(frozen=True)
class OpeningOptions(Options):
    """Options of the ``opening`` kind."""

    skip_profiles: tuple[str, ...] = option(["algemeen"], f"{PROFILES_DOC} die niet worden gecontroleerd.")
    when_profiles: tuple[str, ...] = option(["werkzaamheden", "uitnodiging", "participatie"],
                                            f"{PROFILES_DOC} waarin de eerste alinea ook zegt wanneer.")
    min_sentences: int = option(2, "Teksten met minder zinnen zijn nog geen brief en worden niet gecontroleerd.",
                                minimum=0)


@dataclass(frozen=True)
class Opening:
    """What a reader sees first: the titles above the first paragraph, and that paragraph's sentences
    (each clipped to the paragraph); ``content`` leaves out a preamble that says neither what nor when."""

    titles: tuple[tuple[int, int], ...]
    sentences: tuple[tuple[int, int], ...]
    content: tuple[tuple[int, int], ...]


class OpeningKind(RuleKind[OpeningOptions]):
    """The key message is not at the top."""

    name = "opening"
    keys = {}
    options_type = OpeningOptions
    known_problems = ("'Wat' is een zin met een woord voor iets dat gebeurt (beginnen, vervangen, bijeenkomst); "
                      "zegt de eerste alinea het met andere woorden, dan volgt toch een melding. 'Wanneer' is een "
                      "datum, week, maand of moment in die alinea of in de titel erboven.")

    def check(self, document: Document, options: OpeningOptions) -> Iterable[Match]:
        from ..letter import letter_of

        letter = letter_of(document)
        if letter.profile in options.skip_profiles or not is_letter(document, options):
            return
        opening = find_opening(document, letter)
        if opening is None:
            return
        spans = opening.titles + opening.content
        when = letter.profile not in options.when_profiles or says_when(document, letter, spans) \
            or says_when(document, letter, _answered_next(document, opening)) or _no_time_noted(document)
        what = any(EVENT.search(document.analysed[start:end]) for start, end in spans)
        if when and what:
            return
        missing = "wat er gebeurt en wanneer" if not when and not what else "wanneer" if not when else "wat er gebeurt"
        start, end = opening.sentences[0]
        end = min(end, document.lines.line_end(document.lines.line_of(start)))
        yield Match(start, end, data={"missing": missing})


def _no_time_noted(document: Document) -> bool:
    """Whether a rule of this check notes that the letter says nowhere when it happens: then the
    writer gets that note once ("Noem wanneer het gebeurt, het liefst in de eerste alinea"), not
    this one too. A rule the config switched off notes nothing."""
    return any(isinstance(kind, ElementKind) and kind.element == "timing" and kind.reports(document, options)
               for kind, options in running_rules(document))


#: A heading that asks or announces when ("Wanneer?", "Wanneer gebeurt het?", "Planning").
_WHEN_HEADING = re.compile(r"^\W*(?:wanneer|planning|de\s+planning)\b", re.IGNORECASE)


def _answered_next(document: Document, opening: Opening) -> tuple[tuple[int, int], ...]:
    """A "Wanneer?" heading right after the first paragraph, with the paragraph under it: a
    letter that answers when in the very next section still puts the point first."""
    end = opening.sentences[-1][1]
    following = [block for block in document.blocks if block.start >= end][:2]
    if not following or following[0].kind != "heading" \
            or not _WHEN_HEADING.match(document.analysed[following[0].start:following[0].end]):
        return ()
    # The heading may hold the answer itself: "Wanneer     woensdag 15 oktober" (a table row).
    return tuple((block.start, block.end) for block in following if block.kind in ("heading", "paragraph"))


def _is_one_line(text: str) -> bool:
    return "\n" not in text and len(text.split()) <= _TITLE_WORDS


def find_opening(document: Document, letter: Letter) -> Opening | None:
    """The first paragraph after the salutation and the titles above it.

    A short line without a full stop (a title such as "Nieuwe stoep in de Lindelaan") is a title,
    and a short line that ends with a comma or colon ("Aan de bewoners van de Lindelaan,",
    "Bericht namens het waterschap:") is a frame line: the paragraph under them is the first one.
    """
    block = letter.first_paragraph
    if block is None:
        return None
    titles = _headings_above(document, block)
    start, end = _first_unit(document, block, titles)
    sentences = tuple((max(s.start, start), min(s.end, end)) for s in document.sentences
                      if s.start < end and s.end > start)
    if not sentences:
        return None
    # A preamble ("Met deze brief informeren wij u over ...") says neither what nor when,
    # unless it goes on to say when ("..., waaraan wij op maandag 3 maart beginnen").
    content = tuple(span for span in sentences if _dated(letter, span)
                    or not PREAMBLE.match(document.analysed[span[0]:span[1]]))
    return Opening(tuple(titles), sentences, content)


def _headings_above(document: Document, block: Block) -> list[tuple[int, int]]:
    """The headings right above ``block``, top first."""
    titles: list[tuple[int, int]] = []
    index = block.index - 1
    while index >= 0 and document.blocks[index].kind == "heading":
        titles.insert(0, (document.blocks[index].start, document.blocks[index].end))
        index -= 1
    return titles


def _first_unit(document: Document, block: Block, titles: list[tuple[int, int]]) -> tuple[int, int]:
    """The first paragraph from ``block`` on, past title and frame lines (titles are added to ``titles``)."""
    units = [span for later in document.blocks[block.index:] if later.kind in ("heading", "paragraph", "list_item")
             for span in (paragraph_spans(document, later) if later.kind == "paragraph" else [(later.start, later.end)])]
    chosen = units[0] if units else (block.start, block.end)
    for unit in units[:_MAX_SKIPPED + 1]:
        text = document.analysed[unit[0]:unit[1]].strip()
        chosen = unit
        if not _is_one_line(text) or text.endswith("."):
            break
        if not text.endswith((",", ":")):
            titles.append(unit)
    return chosen


def _dated(letter: Letter, span: tuple[int, int]) -> bool:
    return any(span[0] <= m.start < span[1] and m.role not in _NOT_WHEN for m in letter.dates)


def says_when(document: Document, letter: Letter, spans: tuple[tuple[int, int], ...]) -> bool:
    """A date of the plan, a vague moment or a moment without a day in one of ``spans``."""
    for start, end in spans:
        if _dated(letter, (start, end)) or any(start <= v.start < end for v in letter.vague):
            return True
        text = document.analysed[start:end]
        if PAST.search(text):
            continue
        for found in WHEN.finditer(text):
            at = start + found.start()
            # A date the letter knows has a role (past, letter date); that decides, not this word.
            if not any(m.start <= at < m.end for m in letter.dates):
                return True
    return False
