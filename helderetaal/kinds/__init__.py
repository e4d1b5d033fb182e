"""Rule kinds: a small registry of the ways a YAML rule can look at a letter."""

from __future__ import annotations

from typing import Any, TypeVar

from .base import Example, Explanation, RuleKind, RuleSpec
from .consistency import ConsistencyKind
from .cues import FollowUpKind, SubjectKind
from .elements import ElementDetailKind, ElementKind
from .length import LengthKind
from .metric import MetricKind
from .opening import OpeningKind
from .pattern import PatternKind
from .regex_kind import RegexKind
from .terms import TermsKind
from .timing import TimingKind

KINDS: dict[str, type[RuleKind[Any]]] = {}
K = TypeVar("K", bound="type[RuleKind[Any]]")


def register_kind(kind: K) -> K:
    """Make a rule kind available to rule files under ``kind.name`` (usable as a decorator)."""
    KINDS[kind.name] = kind
    return kind


_kind: type[RuleKind[Any]]
for _kind in (TermsKind, PatternKind, LengthKind, ConsistencyKind, MetricKind, RegexKind):
    register_kind(_kind)
for _kind in (ElementKind, ElementDetailKind, TimingKind, OpeningKind):
    register_kind(_kind)
for _kind in (FollowUpKind, SubjectKind):
    register_kind(_kind)

__all__ = ["KINDS", "Example", "Explanation", "RuleKind", "RuleSpec", "register_kind"]
