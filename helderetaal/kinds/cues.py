"""Kinds ``follow_up`` and ``subject``: what a letter owes the reader once it raises a topic.

``follow_up``: when a letter mentions a ``trigger`` (cue phrases: "u heeft gereageerd", "onze
excuses voor de fout"), it must also say each item of ``requires`` (a ``label`` for the
message and its ``cues``). A letter that raises the topic and leaves items out gets one
finding at the first trigger, naming what is missing (``{missing}``). Without ``trigger`` the
rule applies to every letter of the profiles in the option ``profiles``; the finding then sits
at the salutation.

``subject``: the subject (the Onderwerp/Betreft line, else the title) must say what happens.
It is flagged when every word of it is a ``generic`` word ("Informatie", "Bewonersbrief"), a
``filler`` word, a number or part of a street or place name (a capitalised word, or a word
ending in one of ``street_suffixes``).

Cue phrases are data in the rule file, matched case-insensitively on whole words: ``*`` at the
end of a word allows any ending ("excuses*"), ``...`` allows up to five words in between
("u ... gereageerd"). Each run records what it found per letter (:func:`followed_up`), so the
letter passport reports on the same reading instead of making a second one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..finding import Match
from ..memo import DocumentMemo
from ..structure import BODY_KINDS
from .base import RuleKind, RuleSpec
from .elements import PROFILES_DOC, is_letter
from .options import Options, option

if TYPE_CHECKING:
    from ..document import Document
    from ..structure import Block

_ALL_PROFILES = ["werkzaamheden", "uitnodiging", "besluit", "participatie", "algemeen"]


@dataclass(frozen=True)
class FollowUp:
    """What one ``follow_up`` rule read in one letter: whether the topic came up, where, and
    which required items were said or missing (labels from the rule file)."""

    rule: str
    raised: bool
    trigger: str | None
    present: tuple[str, ...]
    missing: tuple[str, ...]


_RECORDS: DocumentMemo[str, FollowUp] = DocumentMemo("what the follow_up rules read, by rule id")


def followed_up(document: Document) -> Mapping[str, FollowUp]:
    """What the ``follow_up`` rules that ran over ``document`` found, by rule id."""
    return dict(_RECORDS.of(document))


def compile_cues(spec: RuleSpec, key: str, cues: Any, node: Any = None) -> re.Pattern[str]:
    """One regular expression for a list of cue phrases (see the module docstring)."""
    if not isinstance(cues, list) or not cues or not all(isinstance(c, str) and c.strip() for c in cues):
        raise spec.error(f"'{key}' moet een lijst met woorden of zinsdelen zijn (niet leeg)", key=key, node=node)
    alternatives = []
    for cue in cues:
        parts = []
        for word in cue.lower().split():
            if word == "...":
                parts.append(r"(?:\s+\S+){0,5}?")
                continue
            wild = word.endswith("*")
            body = re.escape(word.rstrip("*"))
            parts.append((r"\s+" if parts else "") + body + (r"\w*" if wild else ""))
        # "..." may stand first or last: then it adds nothing to the match.
        pattern = "".join(parts).removeprefix(r"(?:\s+\S+){0,5}?")
        alternatives.append(pattern)
    alternatives.sort(key=len, reverse=True)
    # Every alternative starts with one of these characters: a place where none stands is passed
    # over without trying each alternative there (a third of the time of a search that finds nothing).
    starts = [_first_character(cue) for cue in cues]
    opening = "" if None in starts else "(?=[" + "".join(sorted(set(map(str, starts)))) + "])"
    return re.compile(r"(?<!\w)" + opening + "(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _first_character(cue: str) -> str | None:
    """What the pattern of ``cue`` (see :func:`compile_cues`) starts with, for a character class:
    its first letter, whitespace (after a leading "..."), or None when it can start with anything."""
    words = cue.lower().split()
    if words[0] == "...":
        return r"\s" if len(words) > 1 and words[1] != "..." else None
    body = words[0].rstrip("*")
    return re.escape(body[0]) if body else None


@dataclass(frozen=True)
class FollowUpOptions(Options):
    """Options of the ``follow_up`` kind."""

    profiles: tuple[str, ...] = option(_ALL_PROFILES, f"{PROFILES_DOC} waarvoor de regel geldt.")
    min_sentences: int = option(2, "Teksten met minder zinnen zijn nog geen brief en worden niet gecontroleerd.",
                                minimum=0)


class FollowUpKind(RuleKind[FollowUpOptions]):
    """A topic is raised, but what the reader then needs to know is not said."""

    name = "follow_up"
    keys = {"trigger": False, "requires": True}
    options_type = FollowUpOptions
    known_problems = ("De regel zoekt naar vaste woorden en zinsdelen. Zegt de brief iets in eigen woorden, dan "
                      "ziet de regel dat niet; noemt de brief een woord in een andere betekenis, dan meldt hij "
                      "het ten onrechte.")

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        trigger = spec.data.get("trigger")
        self.trigger = compile_cues(spec, "trigger", trigger) if trigger is not None else None
        requires = spec.data.get("requires")
        if not isinstance(requires, list) or not requires:
            raise spec.error("'requires' moet een lijst zijn met per onderdeel {label, cues}", key="requires")
        self.requires: list[tuple[str, re.Pattern[str]]] = []
        for item in requires:
            if not isinstance(item, Mapping) or not isinstance(item.get("label"), str):
                raise spec.error("elk onderdeel van 'requires' heeft een tekst 'label' en 'cues' nodig", key="requires")
            self.requires.append((item["label"], compile_cues(spec, "cues", item.get("cues"), node=item)))

    def check(self, document: Document, options: FollowUpOptions) -> Iterable[Match]:
        record = self.read(document, options)
        _RECORDS.of(document)[self.spec.id] = record[0]
        if record[1] is not None:
            yield record[1]

    def read(self, document: Document, options: FollowUpOptions) -> tuple[FollowUp, Match | None]:
        """What this rule finds in ``document``, and the match to report, if any."""
        from ..letter import letter_of

        rule = self.spec.id
        if letter_of(document).profile not in options.profiles or not is_letter(document, options):
            return FollowUp(rule, False, None, (), ()), None
        blocks = [b for b in document.blocks if b.kind in BODY_KINDS]
        where: tuple[int, int] | None = None
        if self.trigger is not None:
            for block in blocks:
                found = self._found(document, block, -1)
                if found:
                    where = block.start + found[0], block.start + found[1]
                    break
            if where is None:
                return FollowUp(rule, False, None, (), ()), None
        # What the letter says may also stand in its title ("Denk mee over het plein").
        said = [b for b in document.blocks if b.kind != "signoff"]
        present = tuple(label for index, (label, _cues) in enumerate(self.requires)
                        if any(self._found(document, b, index) for b in said))
        missing = tuple(label for label, _ in self.requires if label not in present)
        trigger_text = " ".join(document.text[where[0]:where[1]].split()) if where else None
        record = FollowUp(rule, True, trigger_text, present, missing)
        if not missing:
            return record, None
        start, end = where if where else document.anchor()
        return record, Match(start, end, data={"missing": _and(missing)})


    def _found(self, document: Document, block: Block, which: int) -> tuple[int, ...]:
        """Where the trigger (``which`` -1) or required cue ``which`` first stands in ``block``, from
        the block's start, or ``()``: what the block alone says, kept in the language server's
        per-block results."""
        pattern = self.trigger if which < 0 else self.requires[which][1]
        assert pattern is not None

        def search() -> tuple[int, ...]:
            found = pattern.search(document.analysed, block.start, block.end)
            return (found.start() - block.start, found.end() - block.start) if found else ()

        results = document.block_results
        return search() if results is None else results.get((self, which, document.block_keys()[block.index]),
                                                             block.end - block.start, search)


def _and(labels: Sequence[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " en " + labels[-1]


@dataclass(frozen=True)
class SubjectOptions(Options):
    """Options of the ``subject`` kind."""

    profiles: tuple[str, ...] = option(_ALL_PROFILES, f"{PROFILES_DOC} waarvoor de regel geldt.")


class SubjectKind(RuleKind[SubjectOptions]):
    """The subject line does not say what happens."""

    name = "subject"
    keys = {"generic": True, "filler": False, "street_suffixes": False}
    options_type = SubjectOptions

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        self.generic = self._words("generic", required=True)
        self.filler = self._words("filler")
        suffixes = self._words("street_suffixes")
        self.street = re.compile(r"\w+(?:" + "|".join(map(re.escape, sorted(suffixes, key=len, reverse=True)))
                                 + r")$") if suffixes else None

    def _words(self, key: str, required: bool = False) -> frozenset[str]:
        words = self.spec.data.get(key)
        if words is None and not required:
            return frozenset()
        if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
            raise self.spec.error(f"'{key}' moet een lijst met woorden zijn (niet leeg)", key=key)
        return frozenset(w.lower() for w in words)

    def check(self, document: Document, options: SubjectOptions) -> Iterable[Match]:
        from ..letter import letter_of

        letter = letter_of(document)
        subject = letter.subject
        if not subject or letter.profile not in options.profiles or not self.says_nothing(subject):
            return
        span = _find(document, subject)
        yield Match(*(span or document.anchor()), data={"subject": subject})

    def says_nothing(self, subject: str) -> bool:
        """True when no word of ``subject`` tells what happens (see the module docstring)."""
        words = re.findall(r"[^\W_]+(?:[-'’][^\W_]+)*", subject)
        if not words:
            return False
        generic = False
        for index, word in enumerate(words):
            lower = word.lower()
            if lower in self.generic:
                generic = True
            elif lower in self.filler or word.isdigit():
                continue
            elif word[0].isupper() and self.street is not None and self.street.match(lower):
                continue
            elif index > 0 and word[0].isupper():
                continue  # part of a name ("Bewonersbrief De Gaarden")
            else:
                return False
        # Only names and fillers ("Kerkstraat 12-20"): a street name alone, unless a single
        # capitalised word such as "Herinrichting" (which is the first word, not a name).
        return generic or (self.street is not None and any(w[0].isupper() and self.street.match(w.lower())
                                                           for w in words))


def _find(document: Document, subject: str) -> tuple[int, int] | None:
    """Where the subject text stands in the letter (its words may be spread over whitespace)."""
    pattern = r"\s+".join(map(re.escape, subject.split()))
    found = re.search(pattern, document.analysed)
    return found.span() if found else None
