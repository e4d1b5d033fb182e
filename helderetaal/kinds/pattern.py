"""Kind ``pattern``: spaCy Matcher token patterns written in YAML.

``patterns`` is a list of token patterns in spaCy's Matcher syntax (``LOWER``, ``LEMMA``,
``REGEX``, ``IN``, ``NOT_IN``, ``OP`` with ``{0,6}`` ranges, ...). Matching runs per sentence,
so a pattern never spans two sentences. Only token attributes that a blank pipeline sets
(text, lower, lemma, shape, is_* flags) work without a trained model. ``suggestions`` may give
fixed replacement texts. A ``REGEX`` runs with the time limit of every user pattern and never
sees a token longer than 256 characters.

Options: ``unless_in_clause`` (a regular expression: a match whose clause, the part of the
sentence between the commas, semicolons or colons around it, holds it is no finding; for the
passive, a "door" phrase that names who acts), ``unless_before`` (a regular expression: a match
right after words that end with it is no finding; "met het graven van" has its actor in the
sentence, "Het graven van ... duurt" has not), ``min_count`` (a letter with fewer matches gets no
finding: one or two passives read fine, a letter full of them hides who acts) and
``summary_from`` (from this many matches in one letter on, the letter gets one finding, at the
first match, that says how many there are; 0: every match is a finding). Places the writer
silenced with a directive do not count. The summary's text is the rule's ``summary_message`` (with
``{count}`` and ``{examples}``, the first three matched texts), else the rule's message with the
count added.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..finding import Match
from ..memo import settings_key
from ..safe_regex import IGNORECASE, SafePattern, UnsafeRegex, compile_user_regex
from .base import RuleKind, RuleSpec, blocks_in_scope, expect_type
from .options import Options, option

if TYPE_CHECKING:
    from ..document import Document
    from ..structure import Sentence


@dataclass(frozen=True)
class PatternOptions(Options):
    """Options of the ``pattern`` kind."""

    unless_in_clause: str = option("", "Geen melding als dit patroon (een reguliere expressie) in hetzelfde zinsdeel "
                                       "staat: tussen de komma's (of ; en :) om de plek heen. Leeg: geen uitzondering.",
                                   regex=True)
    unless_before: str = option("", "Geen melding als de woorden direct vóór de plek hierop eindigen (een reguliere "
                                    "expressie). Leeg: geen uitzondering.", regex=True)
    min_count: int = option(1, "Pas vanaf zoveel plekken in één brief komt er een melding (1: elke plek telt).",
                            minimum=1)
    summary_from: int = option(0, "Vanaf zoveel plekken in één brief komt er één melding voor de hele brief, bij de "
                                  "eerste plek, met het aantal (0: elke plek een eigen melding).", minimum=0)


#: Where a clause ends inside a sentence, for ``unless_in_clause``.
_CLAUSE_END = re.compile(r"[,;:]")


class PatternKind(RuleKind[PatternOptions]):
    """Token patterns run by spaCy's Matcher over each sentence."""

    name = "pattern"
    keys = {"patterns": True, "suggestions": False, "summary_message": False}
    options_type = PatternOptions
    known_problems = ("Zonder getraind taalmodel kent de controle geen woordsoorten en zinsdelen; een patroon "
                      "werkt dan alleen met woorden, lemma's en vormen.")

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        self.patterns = expect_type(spec, spec.data, "patterns", list, "een lijst met tokenpatronen")
        if not self.patterns or not all(isinstance(p, list) and p and all(isinstance(t, dict) for t in p)
                                        for p in self.patterns):
            raise spec.error("elk patroon moet een niet-lege lijst met tokenpatronen zijn", key="patterns")
        suggestions = spec.data.get("suggestions") or []
        if not isinstance(suggestions, list) or not all(isinstance(s, str) for s in suggestions):
            raise spec.error("'suggestions' moet een lijst met teksten zijn", key="suggestions")
        self.suggestions = tuple(suggestions)
        summary = spec.data.get("summary_message")
        if summary is not None and not isinstance(summary, str):
            raise spec.error("'summary_message' moet een tekst zijn", key="summary_message")
        self.summary_message = summary or (spec.message + " Dit staat {count} keer in de brief; alleen de eerste keer "
                                                          "is gemeld.")
        self._matchers: dict[int, Any] = {}
        self._lock = threading.Lock()
        self.anchors = _anchors([_plain(p) for p in self.patterns])

    def prepare(self) -> None:
        # Compile now, so a bad pattern is reported when the rules load, with its line.
        from ..nlp import pipeline

        self._matcher_for(pipeline("blank").vocab)

    def _matcher_for(self, vocab: Any) -> Any:
        matcher = self._matchers.get(id(vocab))
        if matcher is not None:
            return matcher
        from spacy.matcher import Matcher

        with self._lock:
            matcher = Matcher(vocab, validate=True)
            try:
                matcher.add(self.spec.id, [_plain(p) for p in self.patterns], greedy="LONGEST")
            except Exception as error:  # spaCy raises several error types for bad patterns
                first = str(error).strip().splitlines()
                detail = next((line.strip("- ") for line in first if "->" in line), first[-1] if first else "")
                raise self.spec.error(f"ongeldig tokenpatroon: {detail}", key="patterns") from None
            _limit_regex_predicates(matcher, self.spec)
            self._matchers[id(vocab)] = matcher
        return matcher

    def check(self, document: Document, options: PatternOptions) -> Iterable[Match]:
        found = list(self._found(document, options))
        if options.summary_from or options.min_count > 1:
            # A place the writer silenced with a directive is left out of the count, so a note
            # about the whole letter does not vanish with that line.
            found = [match for match in found
                     if not document.directives.suppressed(self.spec.id, document.lines.position(match.start)[0])]
        if len(found) < options.min_count:
            return
        if not options.summary_from or len(found) < options.summary_from:
            # A letter with many passives needs one note, not one per sentence (below).
            yield from found
            return
        examples: list[str] = []
        for match in found:
            text = " ".join(document.text[match.start:match.end].split())
            if text.lower() not in (example.lower() for example in examples):
                examples.append(text)
        shown = [f"'{example}'" for example in examples[:3]]
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " en " + shown[-1]
        first = found[0]
        yield Match(first.start, first.end, message=self.summary_message, suggestions=first.suggestions,
                    data={"count": len(found), "examples": listed})

    def _found(self, document: Document, options: PatternOptions) -> Iterator[Match]:
        """Every place a pattern matches, in order, before the letter-level counting of :meth:`check`.

        With the document's :attr:`~helderetaal.document.Document.block_results`, a block's places
        are kept by the block: they depend on nothing else (sentences stay in their block, and the
        ``unless`` expressions read the sentence only). Not so for an ``unless_before`` with a
        lookbehind, which may read the text before the block: such a rule matches afresh.
        """
        unless = compile_user_regex(options.unless_in_clause, IGNORECASE) if options.unless_in_clause else None
        before = (compile_user_regex(rf"(?:{options.unless_before})\s*$", IGNORECASE)
                  if options.unless_before else None)
        results = document.block_results
        if results is None or "(?<" in options.unless_before:
            yield from self._found_in(document, self.sentences(document), unless, before)
            return
        settings = settings_key(self, id(document.spacy.vocab), options.unless_in_clause, options.unless_before)
        keys = document.block_keys() if results is not None else []
        for block, sentences in blocks_in_scope(document, self.spec.scope):
            base = block.start

            def compute(sentences: list[Sentence] = sentences, base: int = base) -> tuple[tuple[int, int], ...]:
                return tuple((match.start - base, match.end - base)
                             for match in self._found_in(document, sentences, unless, before))

            for start, end in results.get((settings, keys[block.index]), block.end - base, compute):
                yield Match(base + start, base + end, suggestions=self.suggestions)

    def _found_in(self, document: Document, sentences: Iterable[Sentence], unless: SafePattern | None,
                  before: SafePattern | None) -> Iterator[Match]:
        """The places in ``sentences`` where a pattern matches, in order."""
        matcher = self._matcher_for(document.spacy.vocab)
        anchors = self.anchors
        for sentence in sentences:
            if anchors is not None and anchors.isdisjoint(document.sentence_lowers(sentence)):
                continue  # no pattern can match: each needs one of these words
            span = document.sentence_span(sentence)
            if not len(span):
                continue
            for found in sorted(matcher(span, as_spans=True), key=lambda s: s.start_char):
                if unless is not None and unless.search(
                        _clause(document.analysed, sentence.start, sentence.end, found.start_char, found.end_char)):
                    continue
                if before is not None and before.search(document.analysed, sentence.start, found.start_char):
                    continue
                yield Match(found.start_char, found.end_char, suggestions=self.suggestions)


def _clause(text: str, floor: int, ceiling: int, start: int, end: int) -> str:
    """The part of ``text[floor:ceiling]`` around ``start:end`` up to the nearest commas, semicolons or colons."""
    before = [m.end() for m in _CLAUSE_END.finditer(text, floor, start)]
    after = _CLAUSE_END.search(text, end, ceiling)
    return text[before[-1] if before else floor : after.start() if after else ceiling]


#: A token longer than this is a code, a URL or noise, not a word: a ``REGEX`` never matches it.
#: Patterns written for words (``[a-z]+ge[a-z]{2,}(d|t)$``) are quadratic in the token's length.
MAX_REGEX_TOKEN = 256


#: Most token texts whose answer a ``REGEX`` predicate remembers.
_REGEX_MEMO_LIMIT = 20_000


class _TokenPattern:
    """A user's ``REGEX`` as the Matcher calls it: ``search(token_text)``, with a time limit, never
    on a token longer than :data:`MAX_REGEX_TOKEN`.

    The Matcher only asks whether it matches (``bool(search(text))``), so the answer is kept per
    text: a gap of ``{0,6}`` tokens asks it of most tokens of every sentence, and letters repeat
    their words."""

    def __init__(self, pattern: Any) -> None:
        self.pattern = pattern.pattern
        self._safe = pattern
        self._answers: dict[str, bool] = {}

    def search(self, value: str) -> bool:
        answer = self._answers.get(value)
        if answer is None:
            answer = len(value) <= MAX_REGEX_TOKEN and self._safe.search(value) is not None
            if len(self._answers) >= _REGEX_MEMO_LIMIT:
                self._answers.clear()
            self._answers[value] = answer
        return answer


def _limit_regex_predicates(matcher: Any, spec: RuleSpec) -> None:
    """Give the Matcher's ``REGEX`` predicates the time limit of every user pattern.

    spaCy compiles a ``REGEX`` value with ``re`` and searches each token with it, without a limit:
    ``(a+)+$`` on one long token stalls the check. Each predicate's pattern is replaced by the same
    pattern compiled by :func:`~helderetaal.safe_regex.compile_user_regex` (which also refuses it
    when it backtracks catastrophically on short texts).
    """
    for predicate in getattr(matcher, "_extra_predicates", ()):
        value: Any = getattr(predicate, "value", None)  # spaCy's private predicate: no types
        if type(predicate).__name__ != "_RegexPredicate" or not hasattr(value, "pattern"):
            continue
        try:
            predicate.value = _TokenPattern(compile_user_regex(value.pattern, value.flags & ~re.UNICODE))
        except UnsafeRegex as error:
            raise spec.error(f"ongeldig tokenpatroon: REGEX '{value.pattern}': {error}", key="patterns") from None


_OPTIONAL = ("?", "*", "!")


def _anchors(patterns: list[list[dict[str, Any]]]) -> frozenset[str] | None:
    """Lower-case words of which every match holds at least one, or None when unknown.

    A pattern's anchor is a token it always needs (no optional ``OP``) whose ``LOWER`` is a
    word or an ``IN`` list. Sentences without any anchor are skipped without running the
    Matcher: their result would be empty anyway.
    """
    words: set[str] = set()
    for pattern in patterns:
        anchor = None
        for spec in pattern:
            op = spec.get("OP")
            if op is not None and (op in _OPTIONAL or (isinstance(op, str) and op.startswith("{0"))
                                   or (isinstance(op, str) and op.startswith("{,"))):
                continue
            lower = spec.get("LOWER")
            if isinstance(lower, str):
                anchor = {lower}
            elif isinstance(lower, dict) and isinstance(lower.get("IN"), list) \
                    and all(isinstance(item, str) for item in lower["IN"]):
                anchor = set(lower["IN"])
            if anchor is not None:
                break
        if not anchor or any(not word.strip() or word != word.lower() for word in anchor):
            return None
        words |= anchor
    return frozenset(words)


def _plain(value: Any) -> Any:
    """LineDicts back to plain dicts: spaCy's pattern validator wants exact types."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
