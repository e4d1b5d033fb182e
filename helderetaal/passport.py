"""The letter passport: per residents' demand, at a glance, how a letter meets it.

Residents' organisations asked for a short list: inform in time, the point first, a summary,
who does what, why, what to do, a meeting nearby, clear language, participation taken
seriously, mistakes owned, and a letter that is not too long. The passport has one
:class:`Entry` per demand (:data:`DEMANDS`), each ``ok``, ``aandacht`` (needs attention) or
``nvt`` (not applicable for this letter's profile), with a reason in Dutch and the evidence:
the spans of the letter it rests on and the rules whose findings made it ``aandacht``.

Nothing here reads the letter again. Every entry is derived from what the checker already
made: the findings (after suppressions), the facts and elements, the metrics, the profile
and what the ``follow_up`` rules recorded while they ran (:func:`helderetaal.kinds.cues.followed_up`).
Which rules speak for which demand is data (:attr:`PassportSettings.rules`), so a house style
that adds or renames a rule can point the passport at it; thresholds come from the config's
``passport:`` section (see :class:`PassportSettings`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .facts import Evidence  # one type for "this span of the letter"; re-exported as part of the passport's API
from .finding import Finding
from .kinds.cues import FollowUp, followed_up
from .letter import letter_of
from .yamlfile import ConfigError

if TYPE_CHECKING:
    from .config import Config
    from .document import Document

__all__ = ["DEMANDS", "Entry", "Evidence", "Passport", "PassportSettings", "Status", "build_passport"]

#: ``ok``: the letter meets the demand; ``aandacht``: it needs work; ``nvt``: not applicable.
Status = Literal["ok", "aandacht", "nvt"]

#: The demands in the order residents listed them, with the label shown to writers.
DEMANDS: dict[str, str] = {
    "op_tijd": "Op tijd",
    "kern_voorop": "Kern voorop",
    "samenvatting": "Samenvatting",
    "wie": "Wie",
    "waarom": "Waarom",
    "wat_doen": "Wat moet ik doen",
    "bijeenkomst": "Bijeenkomst in de buurt",
    "heldere_taal": "Heldere taal",
    "participatie": "Participatie",
    "fouten_erkennen": "Fouten erkennen",
    "lengte": "Lengte",
}

#: Finding categories that are about word choice and sentence style (the "heldere taal" count).
WORD_CATEGORIES: tuple[str, ...] = ("jargon", "vague", "abbreviation", "style")

_DEFAULT_RULES: dict[str, tuple[str, ...]] = {
    "op_tijd": ("te-laat", "element-tijd"),
    "kern_voorop": ("kernboodschap-niet-voorop", "passport-onderwerp"),
    "wie": ("element-contactpersoon", "element-contact"),
    "waarom": ("element-reden",),
    "wat_doen": ("element-actie", "element-reactietermijn"),
    "bijeenkomst": ("element-bijeenkomst", "element-bijeenkomst-details"),
    "heldere_taal": ("leesbaarheid",),
    "participatie": ("passport-terugkoppeling", "passport-invloed"),
    "fouten_erkennen": ("passport-fout-erkennen", "passport-vertraging-uitleggen", "passport-lege-excuses"),
}


def _line(data: Mapping[str, Any], key: str) -> int | None:
    """The line of ``key`` in a config's ``passport:`` mapping (None for a plain dict)."""
    line_of = getattr(data, "line_of", None)
    return int(line_of(key)) if callable(line_of) else None


@dataclass(frozen=True)
class PassportSettings:
    """Thresholds of the passport, set in the config's ``passport:`` section.

    ``max_word_findings_per_100``: more word-choice findings (jargon, vague, abbreviation, style)
    per 100 words than this is ``aandacht`` for "heldere taal" (the readability threshold is the
    ``leesbaarheid`` rule's ``min``). ``max_words``: about two A4 pages of running text.
    ``count_tips``: whether tips (severity ``hint``) count towards that rate; by default they do
    not, since a tip is a suggestion a clear letter may leave. ``min_reaction_days``: a letter
    whose only date is a reply-by date gives the reader at least this many days (the lead time
    before works and meetings is the ``te-laat`` rule's).
    ``short_letter_words``: a letter this short needs no "In het kort" block when its first
    paragraph already says what happens. ``summary_headings``: headings that open a summary.
    ``participation_profiles``: profiles in which participation is always a demand (the reason
    then says the participation rules found nothing to report on).
    ``rules``: which rules' findings speak for which demand.
    """

    max_word_findings_per_100: float = 3.0
    min_reaction_days: int = 14
    count_tips: bool = False
    max_words: int = 900
    short_letter_words: int = 250
    summary_headings: tuple[str, ...] = ("in het kort", "kort gezegd", "samenvatting", "het belangrijkste",
                                         "in het kort:")
    participation_profiles: tuple[str, ...] = ("participatie", "besluit")
    rules: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(_DEFAULT_RULES))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None, path: str | Path | None = None) -> PassportSettings:
        """Settings from a config's ``passport:`` mapping; a wrong key or value is a
        :class:`ConfigError` naming ``path``."""
        if not data:
            return cls()
        if not isinstance(data, Mapping):
            raise ConfigError(path, "onder 'passport' staan instellingen met een naam en een waarde")
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                raise ConfigError(path, f"passport: onbekende instelling '{key}' (bekend zijn: {', '.join(sorted(known))})",
                                  _line(data, key))
            default = getattr(cls(), key)
            if key == "rules":
                if not isinstance(value, Mapping) or not all(
                        k in DEMANDS and isinstance(v, list) and all(isinstance(r, str) for r in v)
                        for k, v in value.items()):
                    raise ConfigError(path, "passport: 'rules' geeft per eis "
                                      f"({', '.join(DEMANDS)}) een lijst met regel-id's", _line(data, key))
                values[key] = {**default, **{k: tuple(v) for k, v in value.items()}}
            elif isinstance(default, bool):
                if not isinstance(value, bool):
                    raise ConfigError(path, f"passport: '{key}' moet true of false zijn", _line(data, key))
                values[key] = value
            elif isinstance(default, tuple):
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ConfigError(path, f"passport: '{key}' moet een lijst met teksten zijn", _line(data, key))
                values[key] = tuple(v.lower() for v in value)
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ConfigError(path, f"passport: '{key}' moet een getal van 0 of meer zijn", _line(data, key))
            else:
                values[key] = type(default)(value)
        return cls(**values)


@dataclass(frozen=True)
class Entry:
    """How the letter meets one demand."""

    key: str
    label: str
    status: Status
    #: Why this status, in plain Dutch (one or two short sentences).
    reason: str
    evidence: tuple[Evidence, ...] = ()
    #: The rules whose findings made this entry ``aandacht``.
    rules: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "status": self.status, "reason": self.reason,
                "evidence": [e.to_dict() for e in self.evidence], "rules": list(self.rules)}


@dataclass(frozen=True)
class Passport:
    """The passport of one letter: one :class:`Entry` per demand, in :data:`DEMANDS` order."""

    entries: tuple[Entry, ...]

    def __getitem__(self, key: str) -> Entry:
        for entry in self.entries:
            if entry.key == key:
                return entry
        raise KeyError(key)

    def count(self, status: Status) -> int:
        """How many entries have ``status``."""
        return sum(entry.status == status for entry in self.entries)

    def to_dict(self) -> dict[str, Any]:
        """The JSON ``passport`` object: ``entries`` and the ``counts`` per status."""
        return {"entries": [entry.to_dict() for entry in self.entries],
                "counts": {status: self.count(status) for status in ("ok", "aandacht", "nvt")}}


def build_passport(document: Document, findings: Sequence[Finding], config: Config | None = None,
                   settings: PassportSettings | None = None) -> Passport:
    """The passport of a checked letter, from its ``findings`` and what ``document`` holds."""
    if settings is None:
        raw = getattr(config, "passport", None) if config is not None else None
        settings = PassportSettings.from_mapping(raw, getattr(config, "path", None))
    builder = _Builder(document, findings, settings)
    return Passport(tuple(builder.entry(key) for key in DEMANDS))


class _Builder:
    """Derives each entry; one method per demand."""

    def __init__(self, document: Document, findings: Sequence[Finding], settings: PassportSettings) -> None:
        self.document = document
        self.letter = letter = letter_of(document)
        self.findings = findings
        self.settings = settings
        self.profile = letter.profile
        self.required = letter.required
        self.records: Mapping[str, FollowUp] = followed_up(document)
        self.words = int(letter.metrics.get("words") or 0)

    # -- shared helpers -----------------------------------------------------------------------
    def entry(self, key: str) -> Entry:
        status, reason, evidence, rules = getattr(self, "_" + key)()
        return Entry(key, DEMANDS[key], status, reason, tuple(evidence), tuple(rules))

    def flagged(self, key: str) -> list[Finding]:
        wanted = self.settings.rules.get(key, ())
        return [f for f in self.findings if f.rule in wanted]

    def attention(self, key: str, lead: str = "") -> tuple[Status, str, list[Evidence], list[str]] | None:
        """``aandacht`` built from the findings of ``key``'s rules, or None when there are none."""
        found = self.flagged(key)
        if not found:
            return None
        messages = _unique(f.message for f in found)
        reason = (lead + " " if lead else "") + " ".join(messages[:2])
        return "aandacht", reason, [self.span(f.start, f.end) for f in found], _unique(f.rule for f in found)

    def span(self, start: int, end: int) -> Evidence:
        return Evidence(start, end, self.document.text[start:end])

    def element(self, key: str) -> list[Evidence]:
        element = self.letter.elements.get(key)
        return list(element.evidence) if element else []

    def not_required(self, what: str) -> tuple[Status, str, list[Evidence], list[str]]:
        return "nvt", f"Een brief van het profiel '{self.profile}' hoeft {what} niet te noemen.", [], []

    # -- the demands ----------------------------------------------------------------------------
    def _op_tijd(self) -> tuple[Status, str, list[Evidence], list[str]]:
        flagged = self.attention("op_tijd")
        if flagged:
            return flagged
        facts = self.letter
        # What the reader must be told in time: the start of the works, else the (first) meeting,
        # else the day by which the reader must react (a participation round has no start).
        target, what = facts.start, "de start"
        if target is None:
            target = next((m for m in facts.dates if m.role == "meeting"), None)
            what = "de bijeenkomst"
        if target is None:
            target = next((m for m in facts.dates if m.role == "deadline"), None)
            what = "de uiterste datum om te reageren"
        letter = facts.letter_date
        if target is None:
            timing = self.element("timing")
            if timing:
                # Without a (full) date on the letter the missing start is not the first thing to fix.
                if letter is None or letter.first is None:
                    return self.no_letter_date(timing[:1])
                return ("aandacht", f"Er staat geen dag in waarop het begint (wel '{_short(timing[0].text)}'), "
                        "dus is niet te zien of de brief op tijd komt.", timing[:1], [])
            if "timing" in self.required or "meeting" in self.required:
                return "aandacht", "Er staat niet in wanneer het begint.", [], []
            return self.not_required("een startdatum")
        if target.role == "meeting" or (self.profile == "uitnodiging" and target is facts.start):
            what = "de bijeenkomst"
        day = facts.start_date if target is facts.start else target.first
        if letter is None or letter.first is None:
            return self.no_letter_date([self.span(target.start, target.end)])
        if day is None:
            return ("aandacht", f"Bij '{_short(self.document.text[target.start:target.end])}' is niet te zien welke "
                    "dag het is, dus ook niet of de brief op tijd komt.", [self.span(target.start, target.end)], [])
        days = (day - letter.first).days
        evidence = [self.span(letter.start, letter.end), self.span(target.start, target.end)]
        if target.role == "deadline" and target is not facts.start and days < self.settings.min_reaction_days:
            return ("aandacht", f"De lezer heeft maar {max(days, 0)} dagen om te reageren (minstens "
                    f"{self.settings.min_reaction_days}).", evidence, [])
        return "ok", f"De brief is {days} dagen voor {what} verstuurd.", evidence, []

    def no_letter_date(self, evidence: list[Evidence]) -> tuple[Status, str, list[Evidence], list[str]]:
        letter = self.letter.letter_date
        if letter is None:
            return ("aandacht", "De brief heeft geen datum: zet de datum erop, dan is te zien of hij op tijd komt.",
                    evidence, [])
        written = self.span(letter.start, letter.end)
        return ("aandacht", f"Bij de datum van de brief ('{_short(written.text)}') staat geen jaar, dus is niet "
                "te zien of de brief op tijd komt.", [written, *evidence], [])

    def _kern_voorop(self) -> tuple[Status, str, list[Evidence], list[str]]:
        flagged = self.attention("kern_voorop")
        if flagged:
            return flagged
        block = self.letter.first_paragraph
        if block is None:
            return "aandacht", "De brief heeft geen eerste alinea na de aanhef.", [], []
        first = next((s for s in self.document.sentences if s.block == block.index), None)
        evidence = [self.span(first.start, first.end)] if first else []
        if self.profile == "algemeen":
            return "nvt", "Bij een algemene brief wordt de eerste alinea niet beoordeeld.", evidence, []
        return "ok", "De eerste alinea zegt wat er gebeurt.", evidence, []

    def _samenvatting(self) -> tuple[Status, str, list[Evidence], list[str]]:
        heading = self.summary_heading()
        if heading is not None:
            return "ok", "De brief heeft een blok 'In het kort'.", [heading], []
        kern = self._kern_voorop()
        if 0 < self.words <= self.settings.short_letter_words:
            if kern[0] == "ok":
                return ("ok", f"Korte brief ({self.words} woorden): de eerste alinea vat hem samen.", kern[2], [])
            if kern[0] == "nvt":
                return "nvt", f"Korte brief ({self.words} woorden): een blok 'In het kort' is niet nodig.", [], []
        suggestion = self.letter.summary
        reason = (f"Geen blok 'In het kort' bij een brief van {self.words} woorden." if kern[0] != "aandacht"
                  else "Geen blok 'In het kort', en de eerste alinea zegt de kern niet.")
        if suggestion:
            reason += " Voorstel: " + " ".join(suggestion.split())
        return "aandacht", reason, [], []

    def summary_heading(self) -> Evidence | None:
        wanted = frozenset(" ".join(h.lower().split()).rstrip(":") for h in self.settings.summary_headings)
        # Kept per block in the editor, which asks again on every keystroke.
        results = self.document.block_results
        for block in self.document.blocks:
            if block.kind not in ("heading", "paragraph"):
                continue
            text = self.document.analysed[block.start:block.end]
            if (_opens_with_label(text, wanted) if results is None else
                    results.get((_opens_with_label, wanted, text), len(text), partial(_opens_with_label, text, wanted))):
                return self.span(block.start, block.start + len(text.rstrip()))
        return None

    def _wie(self) -> tuple[Status, str, list[Evidence], list[str]]:
        person = self.element("contact_person")
        if person:
            return "ok", "De brief noemt een contactpersoon met naam en telefoon of e-mail.", person[:1], []
        flagged = self.attention("wie")
        if flagged:
            return flagged
        contact = self.element("contact")
        reason = "Er staat geen persoon met naam en telefoon of e-mail in"
        reason += ", alleen een algemeen adres of nummer." if contact else "."
        return "aandacht", reason, contact[:1], []

    def _waarom(self) -> tuple[Status, str, list[Evidence], list[str]]:
        reason = self.element("reason")
        if reason:
            return "ok", "De brief legt uit waarom.", reason[:1], []
        flagged = self.attention("waarom")
        if flagged:
            return flagged
        if "reason" in self.required:
            return "aandacht", "De brief legt niet uit waarom.", [], []
        return self.not_required("een reden")

    def _wat_doen(self) -> tuple[Status, str, list[Evidence], list[str]]:
        flagged = self.attention("wat_doen")
        if flagged:
            return flagged
        action = self.element("action")
        nothing = [a for a in self.letter.actions if a.kind == "no_action"]
        if action and nothing and len(nothing) == len(self.letter.actions) and \
                all(any(a.start <= e.start < a.end for a in nothing) for e in action):
            return "ok", "De brief zegt dat de lezer niets hoeft te doen.", [self.span(nothing[0].start, nothing[0].end)], []
        if action:
            return "ok", "De brief zegt wat de lezer moet of kan doen.", action[:1], []
        impacts = list(self.letter.impacts)
        if impacts and "action" in self.required:
            # Hinder to put up with is not an action: say plainly that nothing is asked.
            # The passport cannot tell whether hinder asks nothing of the reader (a closed road may
            # mean moving the car), so it says what it knows and what to add if it does.
            return ("ok", "De brief vraagt niets van de lezer; er staat wel in wat hij gaat merken. Moet hij toch "
                    "iets doen (bijvoorbeeld zijn auto verzetten), zeg dat dan.", impacts[:1], [])
        if "action" in self.required:
            return "aandacht", "De brief zegt niet wat de lezer moet doen.", [], []
        return self.not_required("wat de lezer moet doen")

    def _bijeenkomst(self) -> tuple[Status, str, list[Evidence], list[str]]:
        meetings = self.letter.meetings
        if "meeting" not in self.required and not meetings:
            return "nvt", "Er is geen bijeenkomst.", [], []
        flagged = self.attention("bijeenkomst")
        if flagged:
            return flagged
        complete = [m for m in meetings if not m.missing()]
        if complete:
            meeting = complete[0]
            return ("ok", f"Datum, tijd en plaats staan erin ({meeting.place}).",
                    [self.span(meeting.start, meeting.end)], [])
        if meetings:
            meeting = meetings[0]
            return ("aandacht", f"Bij de bijeenkomst ontbreekt {_and(meeting.missing())}.",
                    [self.span(meeting.start, meeting.end)], [])
        return "aandacht", "De brief nodigt uit, maar noemt geen bijeenkomst met datum, tijd en plaats.", [], []

    def _heldere_taal(self) -> tuple[Status, str, list[Evidence], list[str]]:
        found = [f for f in self.findings if f.category in WORD_CATEGORIES]
        # Tips are suggestions a good letter may ignore; they do not make a letter unclear.
        words = found if self.settings.count_tips else [f for f in found if f.severity != "hint"]
        tips = len(found) - len(words)
        readability = self.flagged("heldere_taal") or [f for f in self.findings if f.category == "readability"]
        # Compared as shown (one decimal), so "3 per 100, grens 3" is never "aandacht".
        rate = round(100 * len(words) / self.words, 1) if self.words else 0.0
        limit = self.settings.max_word_findings_per_100
        score = self.letter.metrics.get("flesch_douma")
        count = f"{len(words)} melding" + ("" if len(words) == 1 else "en")
        parts = [f"{count} over woorden en zinnen ({_number(rate)} per 100 woorden, grens {_number(limit)}"
                 + (f"; {tips} tip" + ("" if tips == 1 else "s") + " niet meegeteld" if tips else "") + ")"]
        if score is not None:
            hard = ", lager dan de grens van de regel leesbaarheid" if readability else ""
            parts.append(f"leesbaarheid (Flesch-Douma) {_number(float(score))}{hard}")
        elif readability:
            parts.append("moeilijk te lezen")
        reason = "; ".join(parts) + "."
        if readability or rate > limit:
            rules = _unique(f.rule for f in readability) + _unique(
                f.rule for f in sorted(words, key=lambda f: f.rule))[:5]
            return "aandacht", reason, [], rules
        return "ok", reason, [], []

    def _participatie(self) -> tuple[Status, str, list[Evidence], list[str]]:
        flagged = self.attention("participatie")
        if flagged:
            return flagged
        records = self.records_of("participatie")
        if records:
            said = _unique(label for record in records for label in record.present)
            if said:
                return "ok", f"De brief zegt {_and(said)}.", [], []
            # The topic came up, nothing of it was said, and the writer silenced the finding there.
            missing = _unique(label for record in records for label in record.missing)
            rules = _unique(record.rule for record in records)
            if missing:
                return "aandacht", f"De brief gaat in op inspraak, maar zegt niet {_and(missing)}.", [], rules
            return "ok", "De brief gaat in op inspraak.", [], []
        wanted = self.settings.rules.get("participatie", ())
        if not any(rule in self.records for rule in wanted):
            return "nvt", "Niet gecontroleerd: de regels voor participatie staan uit.", [], []
        # Said as what the rules found, not as a fact about the letter: their cue words may miss it.
        if self.profile in self.settings.participation_profiles:
            return ("nvt", "Geen plan, ontwerp, besluit of inspraakronde gevonden waarover de lezer iets te zeggen "
                    "heeft.", [], [])
        return "nvt", "Geen inspraak, terugkoppeling of plan gevonden waarover de lezer iets te zeggen heeft.", [], []

    def records_of(self, key: str) -> list[FollowUp]:
        """What the ``follow_up`` rules of demand ``key`` found, for letters where the topic came up."""
        wanted = self.settings.rules.get(key, ())
        return [record for rule, record in self.records.items() if rule in wanted and record.raised]

    def _fouten_erkennen(self) -> tuple[Status, str, list[Evidence], list[str]]:
        flagged = self.attention("fouten_erkennen")
        if flagged:
            return flagged
        raised = self.records_of("fouten_erkennen")
        if raised:
            return ("ok", f"De brief meldt een fout of wijziging ('{raised[0].trigger}') en legt die uit.", [], [])
        return "nvt", "De brief meldt geen fout, vertraging of wijziging.", [], []

    def _lengte(self) -> tuple[Status, str, list[Evidence], list[str]]:
        limit = self.settings.max_words
        if self.words > limit:
            return "aandacht", f"{self.words} woorden: meer dan ongeveer twee A4 ({limit} woorden).", [], []
        return "ok", f"{self.words} woorden (grens {limit}, ongeveer twee A4).", [], []


def _and(labels: Sequence[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " en " + labels[-1]


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _number(value: float) -> str:
    """A number as Dutch writers read it: one decimal, with a comma."""
    text = f"{value:.1f}".replace(".", ",")
    return text.removesuffix(",0")


def _opens_with_label(text: str, wanted: frozenset[str]) -> bool:
    """Whether ``text`` is a heading in ``wanted``, or opens with one as a label ("**In het kort:** op 4 maart ...")."""
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    label = " ".join(first_line.strip("#*_ \t").lower().split()).rstrip(":")
    inline = re.match(r"^[\s#*_]*([^:\n]{3,40}?)[\s*_]*:", first_line)
    return label in wanted or bool(inline and " ".join(inline.group(1).lower().split()) in wanted)
