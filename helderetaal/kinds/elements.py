"""Kinds ``element`` and ``element_detail``: what a letter of its profile must contain.

``element`` (key ``element``: one of the element keys) reports a required element that the
letter lacks, once, at the salutation (else the first line). Which elements are required
comes from the letter's profile (``Letter.required``, see :mod:`helderetaal.letter`: the
config's ``profiles`` or :data:`helderetaal.facts.DEFAULT_PROFILES`). For ``action`` the
profiles in the option ``impact_counts`` also accept a sentence that says what the reader
will notice (hinder, a closed street); for ``timing`` the profiles in ``deadline_counts``
accept a deadline to react or take part (the element itself stays the time of the works).

Texts with fewer than ``min_sentences`` prose sentences (default 2) are not checked: an empty
text or a single sentence typed in an editor is no letter yet.

``element_detail`` (key ``detail``) checks that a found element is complete:
``end_date`` (works with a start but no end), ``meeting`` (a meeting without date, time or
place), ``deadline`` (a reaction asked for without saying by when).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..dutch import NUMBER_WORD_ALTERNATION
from ..finding import ELEMENT_KEYS, Match
from .base import RuleKind, RuleSpec
from .options import Options, option

if TYPE_CHECKING:
    from ..document import Document
    from ..facts.meetings import Meeting

_DETAILS = ("end_date", "meeting", "deadline")
# The start sentence says the work begins there ("vanaf", "beginnen wij"): without such a cue
# ("Op maandag 23 november kappen wij de bomen") the work is done on that one day.
_BEGINS = re.compile(r"\b(?:vanaf|per\s+(?=\d|\w+dag\b)|(?:ge)?start\w*|begin\w*|begonnen|gaan?\s+(?:\w+\s+)?van\s+start|"
                     r"aan\s+de\s+slag|"
                     r"tot\s+(?:en\s+met|eind|half|medio)|t/m|duurt|duren)\b", re.IGNORECASE)
# A duration is an end too ("Het werk duurt ongeveer drie weken"), and so is a vague end ("duurt
# tot medio oktober"): vage-planning asks for its date.
_DURATION = re.compile(r"\b(?:duurt|duren)\s+(?:nog\s+|naar\s+verwachting\s+)?tot\b|\b(?:duurt|duren|neemt|nemen)\s+(?:\w+\s+){0,3}?(?:\d+|een|twee|drie|vier|vijf|zes|zeven|acht|"
                       r"negen|tien|enkele|ruim|ongeveer)\s+(?:\w+\s+)?(?:dag|dagen|week|weken|maand|maanden)\b",
                       re.IGNORECASE)
#: Where every whole-letter check can go wrong: the profile it decides from is a guess.
_PROFILE_PROBLEM = ("Welke onderdelen nodig zijn, hangt af van het profiel van de brief. Dat profiel wordt uit de "
                    "tekst geraden; klopt het niet, zet het dan vast met 'profile:' in .helderetaal.yaml of met "
                    "<!-- helderetaal-profile: ... --> in de brief.")
PROFILES_DOC = ("Profielen van brieven (werkzaamheden, uitnodiging, besluit, participatie, algemeen of een "
                "eigen profiel)")


def is_letter(document: Document, options: Mapping[str, Any]) -> bool:
    """Whole-letter checks need a letter: at least ``min_sentences`` sentences of prose. An
    empty text, a head only or a single sentence (a snippet in an editor) is not checked."""
    wanted = int(options["min_sentences"])
    count = 0
    for _ in document.prose_sentences():
        count += 1
        if count >= wanted:
            return True
    return count >= wanted


@dataclass(frozen=True)
class ElementOptions(Options):
    """Options of the ``element`` kind."""

    impact_counts: tuple[str, ...] = option(["werkzaamheden"], f"{PROFILES_DOC} waarin een zin over de hinder "
                                                               "ook telt als 'wat moet u doen'.")
    deadline_counts: tuple[str, ...] = option(["participatie"], f"{PROFILES_DOC} waarin een termijn om te reageren of "
                                                                 "mee te doen ook telt als 'wanneer'.")
    min_sentences: int = option(2, "Teksten met minder zinnen zijn nog geen brief en worden niet gecontroleerd.",
                                minimum=0)


@dataclass(frozen=True)
class ElementDetailOptions(Options):
    """Options of the ``element_detail`` kind."""

    profiles: tuple[str, ...] = option(["werkzaamheden", "uitnodiging", "besluit", "participatie", "algemeen"],
                                       f"{PROFILES_DOC} waarvoor de regel geldt.")


#: A sentence that tells the reader how to reach someone: a phone number, an e-mail address, "bel", "mail".
_CONTACT_POINTER = re.compile(r"\b(?:bel|bellen|mail|mailen|e-mail|e-mailen)\b|@|\b0\d{1,3}[- ]?\d{6,8}\b",
                              re.IGNORECASE)
#: A period to react in, counted from the letter: "binnen zes weken na de datum van deze brief".
_RELATIVE_DEADLINE = re.compile(rf"\bbinnen\s+(?:\d{{1,3}}|een|{NUMBER_WORD_ALTERNATION})\s+"
                                r"(?:werk)?(?:dagen|weken|maanden)\b", re.IGNORECASE)


def _incomplete_meetings(meetings: Iterable[Meeting]) -> Iterator[Match]:
    """A meeting whose date, time or place the letter does not give, once per kind of meeting.

    The same meeting is often named twice ("Inloopavond" as a heading, "de inloopavond" in the
    text): what one mention gives, the other need not repeat, and the writer gets one finding
    with the other mentions as related places.
    """
    kinds: dict[str, list[Meeting]] = {}
    for meeting in meetings:
        kinds.setdefault(meeting.what, []).append(meeting)
    for what, mentions in kinds.items():
        given = {"de datum": any(m.has_day for m in mentions), "de tijd": any(m.time_from for m in mentions),
                 "de plaats": any(m.place for m in mentions)}
        missing = [label for label, present in given.items() if not present]
        if missing:
            listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " en " + missing[-1]
            first = mentions[0]
            yield Match(first.start, first.end, data={"missing": listed, "what": what},
                        related=tuple((m.start, m.end) for m in mentions[1:]))


def _one_day_or_duration(document: Document, offset: int) -> bool:
    """Whether the work needs no end date: it is done on its one day, or the letter says how
    long it takes."""
    sentence = document.sentence_at(offset)
    if sentence is not None and not _BEGINS.search(document.analysed[sentence.start:sentence.end]):
        return True
    return bool(_DURATION.search(document.analysed))


class ElementKind(RuleKind[ElementOptions]):
    """A required element is missing."""

    name = "element"
    keys = {"element": True}
    options_type = ElementOptions
    known_problems = ("De regel zoekt naar vaste woorden en zinsvormen (een telefoonnummer, 'u kunt', 'omdat'). "
                      "Staat een onderdeel er in eigen woorden, dan ziet de regel het niet en meldt hij toch dat "
                      "het ontbreekt. " + _PROFILE_PROBLEM)

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        element = spec.data.get("element")
        if element not in ELEMENT_KEYS:
            raise spec.error(f"'element' moet een van deze zijn: {', '.join(ELEMENT_KEYS)}", key="element")
        self.element = element

    def check(self, document: Document, options: Mapping[str, Any]) -> Iterable[Match]:
        from ..letter import letter_of

        if self.reports(document, options):
            start, end = document.anchor()
            yield Match(start, end, data={"profile": letter_of(document).profile})

    def reports(self, document: Document, options: Mapping[str, Any]) -> bool:
        """Whether this rule, with ``options``, notes that ``document`` lacks its element (other
        rules ask, so the letter gets that note once)."""
        from ..letter import letter_of

        letter = letter_of(document)
        if not letter.requires(self.element) or not is_letter(document, options) or letter.present(self.element):
            return False
        if self.element == "meeting" and letter.meetings:
            return False  # named but without day or hour: element_detail says which details to add
        if self.element == "action" and letter.impacts and letter.profile in (options.get("impact_counts") or []):
            return False
        if self.element == "timing" and letter.profile in (options.get("deadline_counts") or []) \
                and any(m.role == "deadline" for m in letter.dates):
            return False  # taking part is the project's next step: by when to react is its timing
        return True


class ElementDetailKind(RuleKind[ElementDetailOptions]):
    """A found element lacks a detail the reader needs."""

    name = "element_detail"
    keys = {"detail": True}
    options_type = ElementDetailOptions
    known_problems = ("De regel zoekt naar vaste woorden en zinsvormen voor een datum, een tijd, een plaats of een "
                      "termijn. Staat zo'n gegeven er in eigen woorden (of alleen in een bijlage), dan ziet de regel "
                      "het niet. " + _PROFILE_PROBLEM)

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        detail = spec.data.get("detail")
        if detail not in _DETAILS:
            raise spec.error(f"'detail' moet een van deze zijn: {', '.join(_DETAILS)}", key="detail")
        self.detail = detail

    def check(self, document: Document, options: Mapping[str, Any]) -> Iterable[Match]:
        from ..letter import letter_of

        letter = letter_of(document)
        if letter.profile not in (options.get("profiles") or []):
            return
        if self.detail == "end_date":
            start = letter.start
            if start is not None and letter.end_date is None and start.kind == "date" \
                    and not _one_day_or_duration(document, start.start):
                yield Match(start.start, start.end)
        elif self.detail == "meeting":
            yield from _incomplete_meetings(letter.meetings)
        elif self.detail == "deadline":
            # "Heeft u vragen? Kom naar het spreekuur of bel ...": a way to ask, not a request with a deadline.
            actions = [a for a in letter.actions if a.kind == "action" and not _CONTACT_POINTER.search(a.text)]
            if actions and not any(a.deadline for a in actions) and not any(m.role == "deadline" for m in letter.dates) \
                    and not _RELATIVE_DEADLINE.search(document.analysed):
                yield Match(actions[0].start, actions[0].end)
