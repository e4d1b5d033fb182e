"""Kind ``timing``: checks on the dates of a letter (key ``check``).

- ``too_late``: fewer than ``lead_days`` days between the letter date and the start.
- ``weekday``: a weekday that does not match its date ("maandag 4 juni 2024" is a Tuesday).
- ``before_letter_date``: a coming event, meeting or deadline dated before the letter itself.
- ``end_before_start``: a period, or the works, that end before they begin.
- ``vague``: a vague moment ("in het najaar") where the profile needs a date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..finding import Match
from .base import RuleKind, RuleSpec
from .options import Options, option

if TYPE_CHECKING:
    from ..document import Document
    from ..letter import Letter

_CHECKS = ("too_late", "weekday", "before_letter_date", "end_before_start", "vague")
_END_CUE = re.compile(r"\b(?:klaar|gereed|afgerond|opgeleverd|duurt|duren|eindigt|tot|einde)\b", re.IGNORECASE)


@dataclass(frozen=True)
class TimingOptions(Options):
    """Options of the ``timing`` kind."""

    lead_days: int = option(14, "Bij too_late: zoveel dagen moeten minstens tussen de briefdatum en het begin "
                                "liggen.", minimum=0)


class TimingKind(RuleKind[TimingOptions]):
    """Dates that do not add up."""

    name = "timing"
    keys = {"check": True, "started_message": False}
    options_type = TimingOptions
    known_problems = ("Een datum zonder jaar krijgt het jaar van de briefdatum; ligt hij dan voor de briefdatum, "
                      "dan het jaar erna (behalve in een zin over wat al gebeurd is). Heeft de brief geen "
                      "briefdatum, dan kan de regel niet vanaf die datum rekenen en meldt hij daarover niets.")

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        check = spec.data.get("check")
        if check not in _CHECKS:
            raise spec.error(f"'check' moet een van deze zijn: {', '.join(_CHECKS)}", key="check")
        self.which = check
        started = spec.data.get("started_message")
        if started is not None and not isinstance(started, str):
            raise spec.error("'started_message' moet een tekst zijn", key="started_message")
        # ``too_late`` with a start before the letter date: "maar -6 dagen later" says nothing.
        self.started_message = started

    def check(self, document: Document, options: Mapping[str, Any]) -> Iterable[Match]:
        run: Callable[[Document, Mapping[str, Any]], Iterable[Match]] = getattr(self, "_" + self.which)
        return run(document, options)

    def _too_late(self, document: Document, options: Mapping[str, Any]) -> Iterable[Match]:
        facts = letter_of(document)
        if facts.letter_date is None or facts.letter_date.first is None or facts.start is None or not facts.start_date:
            return
        lead = int(options["lead_days"])
        days = (facts.start_date - facts.letter_date.first).days
        if days < lead:
            start = facts.start.parts[0] if facts.start.kind == "period" and facts.start.parts else facts.start
            yield Match(start.start, start.end, message=self.started_message if days < 0 else None, data={
                "letter_date": dutch_date(facts.letter_date.first, weekday=False),
                "start_date": dutch_date(facts.start_date, weekday=False),
                "days": max(days, 0), "lead_days": lead,
            })

    def _weekday(self, document: Document, options: Mapping[str, Any]) -> Iterable[Match]:
        from ..facts.dates import wrong_weekday

        for mention in letter_of(document).dates:
            for part in mention.parts or [mention]:
                right = wrong_weekday(part)
                if right is None or part.first is None or part.weekday is None:
                    continue
                text = document.text[part.start:part.end]
                ws, we = part.weekday_span or (part.start, part.start)
                fixed = text[: ws - part.start] + _same_case(document.text[ws:we], right) + text[we - part.start:]
                yield Match(part.start, part.end, suggestions=(fixed,), data={
                    "written": part.weekday, "right": right, "date": dutch_date(part.first, weekday=False)})

    def _before_letter_date(self, document: Document, options: Mapping[str, Any]) -> Iterable[Match]:
        facts = letter_of(document)
        if facts.letter_date is None or facts.letter_date.first is None:
            return
        letter = facts.letter_date.first
        for mention in facts.dates:
            if mention.role not in ("event", "meeting", "deadline") or mention.first is None:
                continue
            if mention.first < letter:
                yield Match(mention.start, mention.end, data={"letter_date": dutch_date(letter, weekday=False)})

    def _end_before_start(self, document: Document, options: Mapping[str, Any]) -> Iterable[Match]:
        facts = letter_of(document)
        reported = set()
        for mention in facts.dates:
            if mention.kind == "period" and mention.first and mention.last and mention.last < mention.first:
                reported.add((mention.start, mention.end))
                yield Match(mention.start, mention.end, data={
                    "start_date": dutch_date(mention.first, weekday=False),
                    "end_date": dutch_date(mention.last, weekday=False)})
        if facts.start_date and facts.end_date and facts.end_date < facts.start_date and facts.end is not None \
                and facts.end is not facts.start and (facts.end.start, facts.end.end) not in reported:
            yield Match(facts.end.start, facts.end.end, data={
                "start_date": dutch_date(facts.start_date, weekday=False),
                "end_date": dutch_date(facts.end_date, weekday=False)})

    def _vague(self, document: Document, options: Mapping[str, Any]) -> Iterable[Match]:
        facts = letter_of(document)
        if not facts.requires("timing"):
            return
        concrete = facts.present("timing")
        for vague in facts.vague:
            if concrete:
                sentence = document.sentence_at(vague.start)
                about_end = sentence is not None and _END_CUE.search(document.analysed[sentence.start:sentence.end])
                if facts.end_date is not None or not about_end or facts.profile != "werkzaamheden":
                    continue
            yield Match(vague.start, vague.end)


def letter_of(document: Document) -> Letter:
    """The document's :class:`~helderetaal.letter.Letter`. The letter layer (and the facts under
    it) is imported on first use: listing or explaining the rules does not need it."""
    from ..letter import letter_of as understood

    return understood(document)


def dutch_date(value: date, weekday: bool = True) -> str:
    """A date as written in Dutch ("4 juni 2024"), see :func:`helderetaal.facts.dates.dutch_date`."""
    from ..facts.dates import dutch_date as written_date

    return written_date(value, weekday=weekday)


def _same_case(written: str, word: str) -> str:
    return word.capitalize() if written[:1].isupper() else word
