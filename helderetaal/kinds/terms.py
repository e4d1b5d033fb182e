"""Kind ``terms``: a list of words or phrases, each with plain alternatives.

Each entry's ``term`` is a sequence of words matched on the token's lower-case form or its
lemma, so inflected forms are found (``dient`` -> ``dienen``). ``a|b`` allows either word in
one place. ``...`` marks a gap for split constructions in Dutch word order
(``vinden ... plaats`` finds "vindt de bijeenkomst plaats"); the gap stays in its sentence.
``variants`` lists other word sequences for the same term (``plaatsvinden``).

Options: ``first_only`` (flag only the first occurrence of each term: for technical terms that
need explaining once), ``skip_near_concrete`` (vague words are fine in a sentence that holds a
date, time or number), ``case_sensitive`` (for abbreviations), ``skip_if_expanded`` (an
abbreviation is fine once its expansion appears in the letter).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..finding import SEVERITIES, Match
from ..structure import Sentence
from .base import RuleKind, RuleSpec, expect_type

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..document import Document

GAP = "..."
#: How many tokens a split construction may span.
MAX_GAP = 12
_CONCRETE = re.compile(
    r"\d|\b(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    r"maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b",
    re.IGNORECASE,
)
_EXPLAINED_AFTER = re.compile(r"^\s*(\(|:|[-–—]\s|,\s*(dat|dit|wat)\s+(is|betekent|wil zeggen)\b|,\s*(oftewel|ofwel)\b)")
_EXPLAINED_IN_SENTENCE = re.compile(r"\b(betekent|dat wil zeggen|oftewel|ofwel|dat is een|dit is een|houdt in)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    """One entry of a term list, compiled."""

    term: str
    sequences: tuple[tuple[frozenset[str] | None, ...], ...]
    alternatives: tuple[str, ...]
    note: str
    severity: str | None
    explain: bool
    expansion: str | None
    example: str | None
    skip_near_concrete: bool | None


def _compile_sequence(text: str, case_sensitive: bool) -> tuple[frozenset[str] | None, ...]:
    parts: list[frozenset[str] | None] = []
    for word in text.split():
        if word == GAP:
            parts.append(None)
        else:
            forms = word.split("|")
            parts.append(frozenset(forms if case_sensitive else (form.lower() for form in forms)))
    if not parts or parts[0] is None or parts[-1] is None:
        raise ValueError("a term cannot start or end with '...'")
    return tuple(parts)


class TermsKind(RuleKind):
    """Match a list of terms through lemmas, with split constructions."""

    name = "terms"
    keys = {"terms": True}
    defaults = {"first_only": False, "skip_near_concrete": False, "case_sensitive": False, "skip_if_expanded": False}

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        entries = expect_type(spec, spec.data, "terms", list, "a list of terms")
        case_sensitive = bool(spec.options.get("case_sensitive", False))
        self.terms: list[Term] = []
        self.index: dict[str, list[tuple[Term, tuple[frozenset[str] | None, ...]]]] = {}
        allowed = {"term", "alternatives", "note", "severity", "explain", "variants", "expansion", "example",
                   "skip_near_concrete"}
        for entry in entries:
            if isinstance(entry, str):
                entry = {"term": entry}
            if not isinstance(entry, dict) or not isinstance(entry.get("term"), str) or not entry["term"].strip():
                raise spec.error("every entry of 'terms' needs a 'term' text", key="terms")
            node = entry if hasattr(entry, "line_of") else None
            unknown = set(entry) - allowed
            if unknown:
                raise spec.error(f"unknown key '{sorted(unknown)[0]}' in term '{entry['term']}'",
                                 key=sorted(unknown)[0], node=node)
            severity = entry.get("severity")
            if severity is not None and severity not in SEVERITIES:
                raise spec.error(f"severity of term '{entry['term']}' must be one of {', '.join(SEVERITIES)}",
                                 key="severity", node=node)
            alternatives = entry.get("alternatives") or []
            variants = entry.get("variants") or []
            if not isinstance(alternatives, list) or not all(isinstance(a, str) for a in alternatives):
                raise spec.error(f"'alternatives' of term '{entry['term']}' must be a list of texts",
                                 key="alternatives", node=node)
            if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
                raise spec.error(f"'variants' of term '{entry['term']}' must be a list of texts",
                                 key="variants", node=node)
            try:
                sequences = tuple(_compile_sequence(text, case_sensitive) for text in [entry["term"], *variants])
            except ValueError as error:
                raise spec.error(f"term '{entry['term']}': {error}", key="term", node=node) from None
            term = Term(
                term=entry["term"],
                sequences=sequences,
                alternatives=tuple(alternatives),
                note=str(entry.get("note") or ""),
                severity=severity,
                explain=bool(entry.get("explain", False)),
                expansion=entry.get("expansion"),
                example=entry.get("example"),
                skip_near_concrete=entry.get("skip_near_concrete"),
            )
            self.terms.append(term)
            for sequence in sequences:
                first = sequence[0]
                assert first is not None
                for form in first:
                    self.index.setdefault(form, []).append((term, sequence))

    def check(self, document: Document, options: Mapping[str, Any]) -> Iterable[Match]:
        case_sensitive = bool(options.get("case_sensitive"))
        seen: set[str] = set()
        text_lower = document.analysed.lower()
        for sentence in self.sentences(document):
            tokens = [token for token in document.sentence_span(sentence) if not token.is_space]
            sentence_text = document.analysed[sentence.start : sentence.end]
            taken_until = -1
            for position, token in enumerate(tokens):
                if position <= taken_until:
                    continue
                candidates = self._candidates(token, case_sensitive)
                best: tuple[Term, int, tuple] | None = None
                for term, sequence in candidates:
                    end = _match_sequence(tokens, position, sequence, case_sensitive)
                    if end is not None and (best is None or end > best[1]):
                        best = (term, end, sequence)
                if best is None:
                    continue
                term, last, sequence = best
                first_token, last_token = tokens[position], tokens[last]
                if not case_sensitive and _looks_like_name(first_token, position, term):
                    continue
                if options.get("first_only") or term.explain:
                    if term.term in seen:
                        continue
                if self._excused(document, term, options, sentence, sentence_text, last_token, text_lower):
                    continue
                seen.add(term.term)
                taken_until = last
                start, end = first_token.idx, last_token.idx + len(last_token.text)
                yield self._match(term, start, end, document.text[start:end], contiguous=None not in sequence)

    def _candidates(self, token: Token, case_sensitive: bool) -> list:
        if case_sensitive:
            return self.index.get(token.text, [])
        found = self.index.get(token.lower_, [])
        lemma = token.lemma_.lower()
        if lemma != token.lower_:
            found = found + [item for item in self.index.get(lemma, []) if item not in found]
        return found

    def _excused(self, document: Document, term: Term, options: Mapping[str, Any], sentence: Sentence,
                 sentence_text: str, last_token: Token, text_lower: str) -> bool:
        near_concrete = term.skip_near_concrete if term.skip_near_concrete is not None else options.get("skip_near_concrete")
        if near_concrete and _CONCRETE.search(sentence_text):
            return True
        if options.get("skip_if_expanded") and term.expansion and term.expansion.lower() in text_lower:
            return True
        if term.explain:
            after = document.analysed[last_token.idx + len(last_token.text) : sentence.end]
            if _EXPLAINED_AFTER.match(after) or _EXPLAINED_IN_SENTENCE.search(sentence_text):
                return True
        return False

    def _match(self, term: Term, start: int, end: int, matched: str, contiguous: bool) -> Match:
        suggestions: tuple[str, ...] = ()
        if contiguous and not term.explain:
            suggestions = tuple(
                _match_case(alternative, matched)
                for alternative in term.alternatives
                if "[" not in alternative and "..." not in alternative and alternative.strip()
            )
        alternatives = " of ".join(f"'{alternative}'" for alternative in term.alternatives)
        return Match(
            start,
            end,
            severity=term.severity,
            suggestions=suggestions,
            data={"term": term.term, "alternatives": alternatives or "een gewoner woord", "note": term.note,
                  "expansion": term.expansion or ""},
        )


def _form_matches(token: Token, forms: frozenset[str], case_sensitive: bool) -> bool:
    if case_sensitive:
        return token.text in forms
    return token.lower_ in forms or token.lemma_.lower() in forms


def _match_sequence(tokens: list, position: int, sequence: tuple, case_sensitive: bool) -> int | None:
    """Index of the last token when ``sequence`` matches from ``position``, else None."""
    index = position
    gap = False
    for part_number, part in enumerate(sequence):
        if part is None:
            gap = True
            continue
        if part_number == 0:
            if not _form_matches(tokens[index], part, case_sensitive):
                return None
            continue
        if gap:
            limit = min(len(tokens), index + 1 + MAX_GAP)
            for candidate in range(index + 1, limit):
                if _form_matches(tokens[candidate], part, case_sensitive):
                    index = candidate
                    break
            else:
                return None
            gap = False
        else:
            index += 1
            if index >= len(tokens) or not _form_matches(tokens[index], part, case_sensitive):
                return None
    return index


def _looks_like_name(token: Token, position: int, term: Term) -> bool:
    """A capitalised word inside a sentence is a name (a street, a person), not jargon."""
    if position == 0 or not token.text[:1].isupper():
        return False
    return not term.term[:1].isupper()


def _match_case(alternative: str, matched: str) -> str:
    if matched[:1].isupper() and alternative[:1].islower():
        return alternative[:1].upper() + alternative[1:]
    return alternative
