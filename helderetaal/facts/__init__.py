"""Facts read from a letter: dates, contacts, meetings, reasons, actions, pointers to more
information; the required elements they add up to; and a suggested summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..finding import ELEMENT_KEYS

if TYPE_CHECKING:
    from ..document import Document

#: Elements each letter profile requires (a config's ``profiles`` may change them).
DEFAULT_PROFILES: dict[str, tuple[str, ...]] = {
    "werkzaamheden": ("timing", "contact_person", "action", "reason"),
    "uitnodiging": ("meeting", "contact"),
    "besluit": ("reason", "action"),
    "participatie": ("timing", "action", "contact"),
    "algemeen": ("contact",),
}


@dataclass(frozen=True)
class Evidence:
    """Where in the letter an element was found."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Facts:
    """Everything extracted from one letter."""

    elements: dict[str, list[Evidence]] = field(default_factory=lambda: {key: [] for key in ELEMENT_KEYS})
    detected_profile: str = "algemeen"
    data: dict[str, Any] = field(default_factory=dict)
    summary: str | None = None

    def elements_dict(self) -> dict[str, Any]:
        """The JSON ``elements`` object."""
        return {
            key: {"present": bool(self.elements.get(key)), "evidence": [e.to_dict() for e in self.elements.get(key, [])]}
            for key in ELEMENT_KEYS
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON ``facts`` object."""
        return dict(self.data)


def extract_facts(document: Document) -> Facts:
    """Read the facts of a letter. (Filled in by the facts extractor.)"""
    return Facts()
