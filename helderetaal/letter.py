"""The Letter: what a letter is and says, built once per document before any rule runs.

Data flows one way: ``Document`` (text, blocks, sentences, tokens) -> :class:`Letter` -> rules.
The Letter is made in this order, so that every later part can use the earlier ones:

1. the **profile** (:func:`resolve_profile`): the letter's own directive, else the CLI/config,
   else detection from the subject and the opening;
2. the typed **facts** (dates and periods, people, channels, meetings, actions, reasons,
   subject; see :mod:`helderetaal.facts`);
3. the **elements**, one entry of :data:`ELEMENTS` per element (key, label, profiles), each with
   its evidence;
4. the **metrics** and the **summary**, made with the resolved profile.

Rules get the Letter of their document with :func:`letter_of`; nothing is written onto the
Document. The engine builds it with :func:`build_letter` and registers it with
:func:`attach_letter`; a rule run outside the engine (a test, a tool) gets one built with the
defaults. Other modules (passport, caches) may read every field; all are frozen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .facts.actions import Action
from .facts.contacts import Person
from .facts.meetings import Meeting
from .facts.profile import DEFAULT_PROFILES, detect_document_profile
from .finding import ELEMENT_KEYS
from .memo import DocumentMemo

if TYPE_CHECKING:
    from .document import Document
    from .facts import Evidence, Facts
    from .facts.dates import DateMention, TimeMention, VagueMention
    from .structure import Block

__all__ = [
    "ELEMENTS", "Action", "Element", "ElementSpec", "Letter", "Meeting", "Person", "attach_letter", "build_letter",
    "letter_of", "resolve_profile",
]


@dataclass(frozen=True)
class ElementSpec:
    """One required element: its JSON key, its Dutch label and the default profiles needing it."""

    key: str
    label: str
    profiles: tuple[str, ...]


def _profiles_needing(key: str) -> tuple[str, ...]:
    return tuple(name for name, keys in DEFAULT_PROFILES.items() if key in keys)


_LABELS = {
    "timing": "wanneer het gebeurt",
    "contact": "een telefoonnummer of e-mailadres",
    "contact_person": "een contactpersoon met naam",
    "action": "wat de lezer moet doen",
    "reason": "waarom het gebeurt",
    "more_info": "waar de lezer meer kan lezen",
    "meeting": "de bijeenkomst (datum, tijd, plaats)",
}

#: The element table: one entry per element, in the order of the JSON ``elements`` object.
ELEMENTS: tuple[ElementSpec, ...] = tuple(ElementSpec(key, _LABELS[key], _profiles_needing(key))
                                          for key in ELEMENT_KEYS)


@dataclass(frozen=True)
class Element:
    """An element as found in one letter: present when it has evidence."""

    spec: ElementSpec
    evidence: tuple[Evidence, ...]
    required: bool

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def present(self) -> bool:
        return bool(self.evidence)

    def to_dict(self) -> dict[str, Any]:
        return {"present": self.present, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True)
class Letter:
    """One letter understood: profile first, then facts, elements, metrics and summary."""

    #: The resolved profile and where it came from: ``directive``, ``config`` or ``detected``.
    profile: str
    profile_source: str
    #: What detection alone would have chosen (shown beside a configured profile).
    detected_profile: str
    #: The element keys the profile requires (config ``profiles`` first, then the defaults).
    required: tuple[str, ...]
    facts: Facts = field(repr=False)
    elements: Mapping[str, Element] = field(repr=False)
    people: tuple[Person, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    actions: tuple[Action, ...] = ()
    metrics: Mapping[str, Any] = field(default_factory=dict, repr=False)
    summary: str | None = None

    # -- convenient views of the facts (typed, read-only) --------------------------------------
    @property
    def subject(self) -> str | None:
        return self.facts.subject

    @property
    def letter_date(self) -> DateMention | None:
        return self.facts.letter_date

    @property
    def dates(self) -> tuple[DateMention, ...]:
        return tuple(self.facts.dates)

    @property
    def times(self) -> tuple[TimeMention, ...]:
        return tuple(self.facts.times)

    @property
    def vague(self) -> tuple[VagueMention, ...]:
        return tuple(self.facts.vague)

    @property
    def start(self) -> DateMention | None:
        return self.facts.start

    @property
    def end(self) -> DateMention | None:
        return self.facts.end

    @property
    def start_date(self) -> date | None:
        return self.facts.start_date

    @property
    def end_date(self) -> date | None:
        return self.facts.end_date

    @property
    def impacts(self) -> tuple[Evidence, ...]:
        return tuple(self.facts.impacts)

    @property
    def first_paragraph(self) -> Block | None:
        return self.facts.first_paragraph

    def requires(self, key: str) -> bool:
        """Whether the profile requires element ``key``."""
        return key in self.required

    def present(self, key: str) -> bool:
        """Whether element ``key`` was found."""
        element = self.elements.get(key)
        return element is not None and element.present

    # -- JSON -------------------------------------------------------------------------------
    def elements_dict(self) -> Mapping[str, Any]:
        """The JSON ``elements`` object (made when first read, see :class:`Later`)."""
        return Later(self._elements_json)

    def _elements_json(self) -> dict[str, Any]:
        return {key: element.to_dict() for key, element in self.elements.items()}

    def facts_dict(self) -> Mapping[str, Any]:
        """The JSON ``facts`` object; ``profile`` is the resolved profile (made when first read,
        see :class:`Later`)."""
        return Later(self._facts_json)

    def _facts_json(self) -> dict[str, Any]:
        data = self.facts.to_dict()
        data["profile"] = self.profile
        data["detected_profile"] = self.detected_profile
        return data


class Later(Mapping[str, Any]):
    """A JSON object made by ``make`` when it is first read, then kept.

    Every check puts the letter's facts and elements into its report, and the language server
    reads neither: on ten pages, making them took 0.7 ms of every keystroke. It pickles as the
    plain dict it stands for (reports travel between ``--jobs`` processes)."""

    __slots__ = ("_make", "_data")

    def __init__(self, make: Callable[[], dict[str, Any]]) -> None:
        self._make: Callable[[], dict[str, Any]] | None = make
        self._data: dict[str, Any] | None = None

    def _made(self) -> dict[str, Any]:
        if self._data is None:
            assert self._make is not None
            self._data, self._make = self._make(), None
        return self._data

    def __getitem__(self, key: str) -> Any:
        return self._made()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())

    def __repr__(self) -> str:
        return repr(self._made())

    def __reduce__(self) -> tuple[type[dict[str, Any]], tuple[dict[str, Any]]]:
        return dict, (self._made(),)


def resolve_profile(document: Document, configured: str | None) -> tuple[str, str]:
    """The letter profile and its source: the letter's own directive, else the config
    (``auto`` or nothing means: detect), else detection."""
    if document.directives.profile:
        return document.directives.profile, "directive"
    if configured and configured != "auto":
        return configured, "config"
    return detect_document_profile(document), "detected"


def build_letter(document: Document, configured_profile: str | None = None,
                 profiles: Mapping[str, tuple[str, ...] | list[str]] | None = None) -> Letter:
    """Understand ``document``: the profile first, then facts, elements, metrics and summary.

    ``configured_profile`` is the CLI/config profile (``auto`` to detect); ``profiles`` the
    config's own profile definitions (they win over :data:`DEFAULT_PROFILES`).
    """
    from .facts import extract_facts
    from .facts.summary import build_summary

    profile, source = resolve_profile(document, configured_profile)
    detected = profile if source == "detected" else detect_document_profile(document)
    required = tuple((profiles or {}).get(profile) or DEFAULT_PROFILES.get(profile, ()))
    facts = extract_facts(document)
    evidence = {spec.key: tuple(facts.elements.get(spec.key, ())) for spec in ELEMENTS}
    elements = MappingProxyType({
        spec.key: Element(spec, evidence[spec.key], spec.key in required) for spec in ELEMENTS})
    return Letter(profile=profile, profile_source=source, detected_profile=detected, required=required, facts=facts,
                  elements=elements, people=facts.people, meetings=facts.meetings, actions=facts.actions,
                  metrics=MappingProxyType(document.metrics), summary=build_summary(facts, profile))


_LETTERS: DocumentMemo[str, Letter] = DocumentMemo("the Letter of a document")


def attach_letter(document: Document, letter: Letter) -> None:
    """Make ``letter`` the Letter the rules read for ``document`` (the engine does this once
    per check, before any rule runs)."""
    _LETTERS.of(document)["letter"] = letter


def letter_of(document: Document) -> Letter:
    """The Letter of ``document``: the engine's, else one built with the defaults."""
    return _LETTERS.get(document, "letter", lambda: build_letter(document))
