"""Kind ``terms``: a list of words or phrases, each with plain alternatives.

Each entry's ``term`` is a sequence of words matched on the token's lower-case form or its
lemma, so inflected forms are found (``dient`` -> ``dienen``). ``a|b`` allows either word in
one place. ``...`` marks a gap for split constructions in Dutch word order
(``vinden ... plaats`` finds "vindt de bijeenkomst plaats"); the gap stays in its sentence.
``variants`` lists other word sequences for the same term (``plaatsvinden``).

Options: ``first_only`` (flag only the first occurrence of each term: for technical terms that
need explaining once), ``skip_near_concrete`` (vague words are fine in a sentence that holds a
date, time or number), ``case_sensitive`` (for abbreviations), ``skip_if_expanded`` (an
abbreviation is fine once its expansion appears in the letter), ``defer_to`` (ids of other term
rules: a phrase one of them flags is left to that rule, so one phrase gives one finding; only rules
that run in the same check count, with the options the config gives them, so a rule switched off
silences nothing),
``every_occurrence`` (by default a term is reported once per letter, at its first occurrence in running text (a title or heading use is one of the other places);
the message says how often it occurs and the match lists the other places as ``related``, at most
:data:`MAX_RELATED`; this option reports every one; an entry with ``once: true``, a term to
explain and a ``first_only`` rule stay once per letter even then, and a term explained at one
place is not flagged at a later one), ``compounds`` (on by
default: a word whose head or first part is a listed word is flagged, naming that part), ``strict``
(off by default: also the entries marked ``strict: true``, words most readers know that a strict
editor would still replace; real letters showed them to be noise for the writer).

An entry may also carry ``clean`` (a sentence, or a list of them, that the rule must leave alone:
run as a test beside the flagged ``example``), ``skip_past`` (a vague moment in a sentence about
the past is no finding), ``source`` (the kind of source the word pair comes from,
one of :data:`SOURCE_KINDS`), ``unless`` (regular expressions; the match is skipped when one is found
in the matched text), ``unless_before`` (searched in the sentence text before the match) and
``unless_after`` (searched in the sentence text after it). Words in a term are lower case and
never match a capitalised word inside a sentence: that is a name ("Van der Plaats",
"Middelweg"). A gap never crosses a comma, semicolon, colon or bracket.
"""

from __future__ import annotations

import bisect
import functools
import re
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any, TypeVar

from ..dutch import MONTH_ALTERNATION, NUMBER_WORD_ALTERNATION, WEEKDAY_ALTERNATION
from ..finding import SEVERITIES, Match
from ..memo import DocumentMemo, settings_key
from ..safe_regex import IGNORECASE, SafePattern, UnsafeRegex, compile_user_regex
from ..structure import Block, Sentence
from .base import RuleKind, RuleSpec, blocks_in_scope, expect_type, running_rule
from .options import Options, option

if TYPE_CHECKING:
    from ..document import Document

GAP = "..."
#: Kinds of source a term entry may name: published plain-language guidance (Direct Duidelijk, B1 word
#: lists, municipal writing guides), general plain-language editing practice, or the texts of the domain
#: (street works, water, energy, housing, participation, decisions) where the word is common.
SOURCE_KINDS = ("guidance", "general", "domain")
#: Most distinct (word, lemma) pairs whose candidate entries a terms rule remembers.
_MEMO_LIMIT = 50_000
#: Most candidate lists and answers a terms rule keeps in :meth:`TermsKind._viable` together (a
#: list holds the forms of its later words; about a kilobyte an item, measured on letters).
_VIABLE_LIMIT = 2_000
#: Most other places a once-per-letter finding lists (a megabyte document repeats a word thousands
#: of times; the message still gives the full count).
MAX_RELATED = 50
#: How many tokens a split construction may span.
MAX_GAP = 12
#: Blocks too short to explain a word in: titles, headings and the letter head.
_TITLE_KINDS = frozenset({"heading", "head"})
#: A number is also written as a word ("na twee nachten zijn wij klaar").
_CONCRETE = re.compile(rf"\d|\b({MONTH_ALTERNATION}|{WEEKDAY_ALTERNATION}|{NUMBER_WORD_ALTERNATION})\b", re.IGNORECASE)
#: A month after one of these words is itself vague ("medio juni", "eind maart").
_VAGUE_MONTH = re.compile(
    r"\b(medio|begin|eind|einde|half|halverwege|rond|omstreeks|in de loop van|ergens in)\s+"
    rf"({MONTH_ALTERNATION})\b",
    re.IGNORECASE,
)
#: A bracket that only gives the short form ("voorlopig ontwerp (VO)") explains nothing.
_EXPLAINED_AFTER = re.compile(r"^\s*(\((?!\s*[A-Z][A-Z0-9&./-]{0,7}\s*\))|:|[-–—]\s|,\s*(dat|dit|wat)\s+(is|betekent|wil zeggen)\b|"
                              r",\s*(oftewel|ofwel)\b)")
#: Tokens a gap in a split construction never crosses: they end a clause.
_GAP_STOPS = frozenset({",", ";", ":", "(", ")", "[", "]", "–", "—"})
#: Tokens after which the next word starts a sentence-like unit (so its capital is not a name).
_OPENERS = frozenset({":", "\"", "“", "‘", "'", "(", "-", "–", "—", "•", "*", "/"})
_EXPLAINED_AS_SUBJECT = re.compile(r"^\s+(is|zijn)\s+(een|de|het)\b", re.IGNORECASE)
_EXPLAINED_NEXT = re.compile(r"^\s*(dat|dit|daarmee|hiermee)\s+(betekent|betekenen|wil zeggen|houdt in|is een|zijn)\b",
                             re.IGNORECASE)
_EXPLAINED_IN_SENTENCE = re.compile(r"\b(betekent|dat wil zeggen|oftewel|ofwel|dat is een|dit is een|houdt in)\b", re.IGNORECASE)


#: Keys a term entry may have.
_ENTRY_KEYS = frozenset({"term", "alternatives", "note", "severity", "explain", "variants", "expansion", "example",
                         "skip_near_concrete", "unless", "unless_before", "unless_after", "once", "clean", "source",
                         "strict", "skip_past"})

#: The compiled words of one term: a set of forms per place, ``None`` for a gap.
WordSequence = tuple["frozenset[str] | None", ...]


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
    once: bool = False
    clean: tuple[str, ...] = ()
    source: str | None = None
    #: Only checked with the rule option ``strict``: a word most readers know, that a strict
    #: editor would still replace ("werkzaamheden", "plaatsvinden").
    strict: bool = False
    unless: tuple[SafePattern, ...] = ()
    unless_before: tuple[SafePattern, ...] = ()
    unless_after: tuple[SafePattern, ...] = ()
    #: A vague moment in a sentence about the past ("enkele weken geleden vroegen wij u ...")
    #: needs no date: the reader plans nothing around it.
    skip_past: bool = False


def _compile_sequence(text: str, case_sensitive: bool) -> tuple[frozenset[str] | None, ...]:
    parts: list[frozenset[str] | None] = []
    for word in text.split():
        if word == GAP:
            parts.append(None)
        else:
            forms = word.split("|")
            # Lower-case forms for matching; a form written with capitals also matches as written.
            parts.append(frozenset(forms if case_sensitive else [*forms, *(form.lower() for form in forms)]))
    if not parts or parts[0] is None or parts[-1] is None:
        raise ValueError("een term kan niet met '...' beginnen of eindigen")
    return tuple(parts)


@dataclass(frozen=True)
class TermsOptions(Options):
    """Options of the ``terms`` kind."""

    first_only: bool = option(False, "Alleen de eerste keer dat een term in de brief staat is een melding, ook als "
                                     "every_occurrence aan staat (voor afkortingen: die legt de brief één keer uit).")
    skip_near_concrete: bool = option(False, "Geen melding in een zin met een datum, weekdag, tijd of getal.")
    case_sensitive: bool = option(False, "Hoofdletters tellen mee: de term moet precies zo geschreven zijn.",
                                  rule_file_only=True)
    skip_if_expanded: bool = option(False, "Geen melding als de brief de afkorting ergens voluit schrijft.")
    defer_to: tuple[str, ...] = option([], "Regels (id's) die voorgaan: woorden die zij melden, meldt deze regel "
                                           "niet nog eens. Een regel die uit staat, gaat niet voor.")
    every_occurrence: bool = option(False, "Elke keer dat een term in de brief staat is een melding (anders alleen "
                                           "de eerste keer, met hoe vaak de term voorkomt).")
    compounds: bool = option(True, "Ook samenstellingen: een woord dat met een term begint of eindigt "
                                   "('bestratingswerkzaamheden' bij 'werkzaamheden').")
    strict: bool = option(False, "Ook woorden die de meeste lezers wel kennen, maar die een strenge redacteur "
                                 "zou vervangen ('werkzaamheden', 'plaatsvinden').")


class TermsKind(RuleKind[TermsOptions]):
    """Match a list of terms through lemmas, with split constructions."""

    name = "terms"
    keys = {"terms": True}
    options_type = TermsOptions
    known_problems = ("Een term die ook een naam is (van een straat of een bedrijf) wordt alleen overgeslagen als "
                      "hij midden in een zin met een hoofdletter staat; aan het begin van een zin volgt een melding.")

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        entries = expect_type(spec, spec.data, "terms", list, "een lijst met termen")
        self.terms: list[Term] = [self._compile_entry(entry) for entry in entries]
        # (word, lemma) -> the entries that may start there; bounded, shared by all letters.
        self._memo: dict[tuple[str, str], list[tuple[Term, WordSequence]]] = {}
        self._memo_sensitive: dict[tuple[str, str], list[tuple[Term, WordSequence]]] = {}
        self.index: dict[str, list[tuple[Term, WordSequence]]] = {}
        for term in self.terms:
            for sequence in term.sequences:
                first = sequence[0]
                assert first is not None
                for form in first:
                    self.index.setdefault(form, []).append((term, sequence))
        self._index_keys = frozenset(self.index)
        # Words that name a compound's head or first part: without and with the strict entries.
        self._parts = {False: _head_parts(self.terms, strict=False), True: _head_parts(self.terms, strict=True)}
        self._first_parts = {False: _first_parts(self.terms, strict=False),
                             True: _first_parts(self.terms, strict=True)}
        # The longest head and first part: no cut of a word leaving a longer part can match.
        self._longest = {strict: (max(map(len, self._parts[strict]), default=0),
                                  max(map(len, self._first_parts[strict]), default=0)) for strict in (False, True)}
        self._compound_memo: dict[tuple[str, bool], tuple[Term, str] | None] = {}
        # id of a candidate list -> (the list, the forms of its later words, answers of _viable).
        self._viable_memo: dict[int, tuple[list[tuple[Term, WordSequence]], frozenset[str],
                                           dict[tuple[bool, frozenset[str]], list[tuple[Term, WordSequence]]]]] = {}
        self._viable_kept = 0
        # The expansions ``skip_if_expanded`` looks for, in a fixed order (indices go into keys).
        self._expanding = tuple(term.expansion.lower() for term in self.terms if term.expansion)

    def _compile_entry(self, raw: Any) -> Term:
        """One entry of ``terms``, validated and compiled."""
        spec = self.spec
        entry: Mapping[str, Any] = {"term": raw} if isinstance(raw, str) else raw
        if not isinstance(entry, Mapping) or not isinstance(entry.get("term"), str) or not entry["term"].strip():
            raise spec.error("elke term in 'terms' heeft een tekst 'term' nodig", key="terms")
        node = entry if hasattr(entry, "line_of") else None
        unknown = sorted(set(entry) - _ENTRY_KEYS)
        if unknown:
            raise spec.error(f"onbekende sleutel '{unknown[0]}' bij term '{entry['term']}'", key=unknown[0], node=node)
        severity = entry.get("severity")
        if severity is not None and severity not in SEVERITIES:
            raise spec.error(f"severity van term '{entry['term']}' moet een van deze zijn: {', '.join(SEVERITIES)}",
                             key="severity", node=node)
        source = entry.get("source")
        if source is not None and source not in SOURCE_KINDS:
            raise spec.error(f"source van term '{entry['term']}' moet een van deze zijn: {', '.join(SOURCE_KINDS)}",
                             key="source", node=node)
        alternatives = self._texts(entry, "alternatives", node, "een lijst met teksten")
        variants = self._texts(entry, "variants", node, "een lijst met teksten")
        clean = self._texts(entry, "clean", node, "een tekst of een lijst met teksten", single=True)
        try:
            sequences = tuple(_compile_sequence(text, self.options.case_sensitive)
                              for text in [entry["term"], *variants])
        except ValueError as error:
            raise spec.error(f"term '{entry['term']}': {error}", key="term", node=node) from None
        return Term(
            term=entry["term"],
            sequences=sequences,
            alternatives=alternatives,
            note=str(entry.get("note") or ""),
            severity=severity,
            explain=bool(entry.get("explain", False)),
            expansion=entry.get("expansion"),
            example=entry.get("example"),
            skip_near_concrete=entry.get("skip_near_concrete"),
            once=bool(entry.get("once", False)),
            clean=clean,
            source=source,
            strict=bool(entry.get("strict", False)),
            skip_past=bool(entry.get("skip_past", False)),
            **{key: self._guards(entry, key, node) for key in ("unless", "unless_before", "unless_after")},
        )

    def _texts(self, entry: Mapping[str, Any], key: str, node: Any, what: str, single: bool = False) -> tuple[str, ...]:
        """The texts under ``key`` of a term entry (a single text too when ``single``)."""
        value = entry.get(key) or []
        if single and isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.spec.error(f"'{key}' van term '{entry['term']}' moet {what} zijn", key=key, node=node)
        return tuple(value)

    def _guards(self, entry: Mapping[str, Any], key: str, node: Any) -> tuple[SafePattern, ...]:
        value = entry.get(key)
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise self.spec.error(f"'{key}' van term '{entry['term']}' moet een reguliere expressie of een lijst daarvan zijn",
                                  key=key, node=node)
        compiled = []
        for item in items:
            try:
                compiled.append(compile_user_regex(item, IGNORECASE))
            except UnsafeRegex as error:
                raise self.spec.error(f"'{key}' van term '{entry['term']}': {error}", key=key, node=node) from None
        return tuple(compiled)

    def check(self, document: Document, options: Mapping[str, Any]) -> Iterable[Match]:
        claimed = _Spans(_claimed_by(document, options.get("defer_to") or (), exclude=self.spec.id))
        kept: list[tuple[Term, int, int, bool]] = []
        for term, start, end, contiguous in _scan_once(self, document, options):
            # A split construction only gives way when its own words are claimed, not its gap:
            # "vangen medio juni aan" stays stiff even though "medio" is vague.
            cores = [(start, end)] if contiguous else _edge_words(document.analysed, start, end)
            if any(claimed.overlaps(s, e) for s, e in cores):
                continue
            kept.append((term, start, end, contiguous))
        # A place the writer silenced with a directive is not the "first occurrence": the next
        # one carries the note, else the note would vanish with the silenced line.
        directives = document.directives
        kept = sorted(kept if directives.silence_nothing() else
                      (entry for entry in kept if not directives.suppressed(self.spec.id,
                                                                             document.lines.position(entry[1])[0])),
                      key=lambda entry: entry[1])
        places: dict[str, list[tuple[int, int]]] = {}
        for term, start, end, _contiguous in kept:
            places.setdefault(term.term, []).append((start, end))
        # The note of a once-per-letter term goes to its first use in running text: a title or
        # heading has no room to explain or rephrase a word, so its uses become the other places.
        lead = {name: next((spot for spot in spots if not _in_title(document, spot[0])), spots[0])
                for name, spots in places.items()}
        every = bool(options.get("every_occurrence"))
        reported: set[str] = set()
        for term, start, end, contiguous in kept:
            # A term to explain, and a rule that reports first uses only, stay once per letter.
            once = not every or term.once or term.explain or bool(options.get("first_only"))
            if once:
                # A letter about works says "werkzaamheden" seven times; the writer needs one note,
                # and the editor shows the other places beside it.
                if (start, end) != lead[term.term] or term.term in reported:
                    continue
                reported.add(term.term)
            others = tuple(spot for spot in places[term.term] if spot != (start, end)) if once else ()
            count = len(others) + 1
            yield self._match(term, start, end, document.text[start:end], contiguous=contiguous,
                              others=others[:MAX_RELATED], count=count, strict=bool(options.get("strict")))

    def scan(self, document: Document, options: Mapping[str, Any]) -> Iterator[tuple[Term, int, int, bool]]:
        """(term, start, end, contiguous) for every occurrence this rule flags, before deferring.

        With the document's :attr:`~helderetaal.document.Document.block_results`, what a block
        gives is reused when the block and all it depends on are unchanged (see :meth:`_scan_blocks`).
        """
        case_sensitive = bool(options.get("case_sensitive"))
        strict = bool(options.get("strict"))
        scan = _Scan(
            case_sensitive=case_sensitive, strict=strict,
            compounds=bool(options.get("compounds", True)) and not case_sensitive and bool(self._parts[strict]),
            expansions=_Expansions(document) if options.get("skip_if_expanded") else None)
        # Terms to explain that the letter explained at an earlier place: later uses need nothing.
        explained: set[str] = set()
        # A title or heading has no room to explain a word: its uses of a term to explain count
        # only when the text under it never explains the term ("Riolering" above "... het riool
        # (de buizen onder de straat) ...").
        held: list[tuple[Term, int, int, bool]] = []
        if document.block_results is None:
            table = _document_tokens(document)
            yield from self._scan_sentences(document, self.sentences(document), table,
                                            _token_keys(document, case_sensitive), options, scan, explained, held)
        else:
            yield from self._scan_blocks(document, options, scan, explained, held)
        yield from (use for use in held if use[0].term not in explained)

    def _scan_blocks(self, document: Document, options: Mapping[str, Any], scan: _Scan, explained: set[str],
                     held: list[tuple[Term, int, int, bool]]) -> Iterator[tuple[Term, int, int, bool]]:
        """:meth:`scan`'s sentence loop, block by block, each block's share kept in the
        document's :attr:`~helderetaal.document.Document.block_results`.

        A block's occurrences depend on its own text and on two things from the rest of the letter:
        which terms an earlier block explained (a later use is then no occurrence, and its words
        are free for other terms) and, with ``skip_if_expanded``, which expansions the letter
        writes out anywhere. Both are part of the key; what the block explains in turn is kept
        with its occurrences.
        """
        results = document.block_results
        assert results is not None
        settings = settings_key(self, _options_key(options), id(document.spacy.vocab),
                             scan.expansions.written_indices(self._expanding) if scan.expansions is not None
                             else None)
        before = frozenset(explained)
        keys = document.block_keys()
        for block, own in blocks_in_scope(document, self.spec.scope):
            key = (settings, before, keys[block.index])
            kept = results.find(key, block.end - block.start)
            if kept is None:
                kept = results.keep(key, block.end - block.start,
                                    self._scan_block(document, block, own, options, scan, before))
            found, held_here, newly = kept
            base = block.start
            for term, start, end, contiguous in found:
                yield term, base + start, base + end, contiguous
            if held_here:
                held.extend((term, base + start, base + end, contiguous) for term, start, end, contiguous in held_here)
            if newly:
                explained.update(newly)
                before = frozenset(explained)

    def _scan_block(self, document: Document, block: Block, sentences: list[Sentence], options: Mapping[str, Any],
                    scan: _Scan, before: frozenset[str]) -> _BlockScan:
        """What one block gives :meth:`_scan_blocks`, offsets relative to the block's start:
        (occurrences, held title uses, terms it explains), given the terms explained ``before`` it."""
        explained = set(before)
        held: list[tuple[Term, int, int, bool]] = []
        tokens = _block_tokens(document, block)
        base = block.start
        found = tuple((term, start - base, end - base, contiguous) for term, start, end, contiguous in
                      self._scan_sentences(document, sentences, tokens, tokens.keys(scan.case_sensitive), options,
                                           scan, explained, held))
        return (found, tuple((term, start - base, end - base, contiguous) for term, start, end, contiguous in held),
                frozenset(explained - before))

    def _scan_sentences(self, document: Document, sentences: Iterable[Sentence], table: _TokenTable | _BlockTokens,
                        token_keys: list[tuple[str, ...]], options: Mapping[str, Any], scan: _Scan,
                        explained: set[str], held: list[tuple[Term, int, int, bool]],
                        ) -> Iterator[tuple[Term, int, int, bool]]:
        """The occurrences in ``sentences``, in order; adds to ``explained`` and ``held`` as it goes.
        ``table`` holds the sentences' tokens and ``token_keys`` their lookup keys."""
        case_sensitive, strict, compounds = scan.case_sensitive, scan.strict, scan.compounds
        index_keys = self._index_keys
        # Most tokens start no term and are no compound of a listed word: only the others are visited.
        hits = self._hit_positions(table, token_keys, scan)
        for sentence in sentences:
            first, last = table.range(sentence)
            low, high = bisect.bisect_left(hits, first), bisect.bisect_left(hits, last)
            if low == high:
                continue  # no token of this sentence can start a term of this rule
            keys = frozenset(chain.from_iterable(token_keys[first:last]))
            tokens = table.tokens[first:last]
            # Where words open the sentence: found when first needed (most visited tokens start no
            # entry that can match in this sentence, and most compounds are lower case).
            initial: set[int] | None = None
            taken_until = -1
            for hit in hits[low:high]:
                position = hit - first
                if position <= taken_until:
                    continue
                token = tokens[position]
                best = None
                if not index_keys.isdisjoint(token_keys[hit]):
                    viable = self._viable(self._candidates(token, case_sensitive), keys, strict)
                    if viable:
                        if initial is None:
                            initial = _initial_positions(tokens)
                        best = self._best_match(document, sentence, tokens, position, viable, initial, case_sensitive)
                if best is None:
                    # A capitalised word inside a sentence is a name ("Middelweg"), not a compound.
                    if compounds and len(token.text) >= _MIN_PART + _MIN_REST:
                        if not token.text[:1].islower():
                            if initial is None:
                                initial = _initial_positions(tokens)
                            if position not in initial:
                                continue
                        compound = self._compound(token.text, strict)
                        if compound is not None and compound[0].term not in explained:
                            if not self._excused(document, compound[0], options, sentence,
                                                 document.analysed[sentence.start:sentence.end], token,
                                                 scan.expansions):
                                found = (compound[0], token.idx, token.idx + len(token.text), True)
                                if compound[0].explain and sentence.kind in _TITLE_KINDS:
                                    held.append(found)
                                else:
                                    yield found
                            elif compound[0].explain:
                                explained.add(compound[0].term)
                    continue
                term, last_position, sequence, trim = best
                first_token, last_token = tokens[position], tokens[last_position]
                if term.term in explained:
                    continue
                if self._excused(document, term, options, sentence, document.analysed[sentence.start:sentence.end],
                                 last_token, scan.expansions):
                    if term.explain:
                        explained.add(term.term)
                    continue
                # A split construction leaves the words in its gap free for other terms.
                taken_until = last_position if None not in sequence else position
                start, end = first_token.idx, last_token.idx + len(last_token.text) - trim
                if term.explain and sentence.kind in _TITLE_KINDS:
                    held.append((term, start, end, None not in sequence))
                else:
                    yield term, start, end, None not in sequence

    def _hit_positions(self, table: _TokenTable | _BlockTokens, token_keys: list[tuple[str, ...]],
                       scan: _Scan) -> list[int]:
        """The positions in ``table`` of the tokens :meth:`_scan_sentences` must look at, in order:
        those whose lookup keys start an entry, and (with compounds) the long words that are a
        compound of a listed word.

        Found per distinct token, not per token (a letter repeats its words), and kept with the
        table for the rule's other scans of the same tokens."""
        memo = table.memo
        key = (id(self), scan.case_sensitive, scan.strict, scan.compounds)
        found: list[int] | None = memo.get(key)
        if found is not None:
            return found
        groups = table.groups(token_keys, scan.case_sensitive)
        index_keys = self._index_keys
        positions = [position for keys, where in groups.items() if not index_keys.isdisjoint(keys)
                     for position in where]
        if scan.compounds:
            strict = scan.strict
            positions.extend(position for text, where in table.long_words().items()
                             if self._compound(text, strict) is not None for position in where)
        found = memo[key] = sorted(set(positions))
        return found

    def _best_match(self, document: Document, sentence: Sentence, tokens: list[_PlainToken], position: int,
                    viable: list[tuple[Term, WordSequence]], initial: set[int],
                    case_sensitive: bool) -> tuple[Term, int, WordSequence, int] | None:
        """The longest of the ``viable`` terms (see :meth:`_viable`) starting at token ``position``:
        (term, last token, sequence, trim)."""
        token = tokens[position]
        best: tuple[Term, int, WordSequence, int] | None = None
        for term, sequence in viable:
            found = _match_sequence(tokens, position, sequence, case_sensitive, initial)
            if found is None or (best is not None and found[0] <= best[1]):
                continue
            end, trim = found
            end_char = tokens[end].idx + len(tokens[end].text) - trim
            if _guarded(term, document.analysed, sentence, token.idx, end_char):
                continue
            best = (term, end, sequence, trim)
        return best

    def _viable(self, candidates: list[tuple[Term, WordSequence]], keys: frozenset[str],
                strict: bool) -> list[tuple[Term, WordSequence]]:
        """:func:`_viable`, kept per candidate list by the keys of the sentence that its later
        words hold: that is all the answer depends on, and most sentences hold few or none of
        them ("de" and "in" start dozens of entries and stand in every sentence)."""
        kept = self._viable_memo.get(id(candidates))
        if kept is None or kept[0] is not candidates:
            later = frozenset(form for _term, sequence in candidates for part in sequence[1:] if part is not None
                              for form in part)
            self._count_viable()
            # The list itself is kept with its answers, so its id cannot be another list's.
            kept = self._viable_memo[id(candidates)] = (candidates, later, {})
        _list, later, answers = kept
        question = (strict, keys & later)
        found = answers.get(question)
        if found is None:
            self._count_viable()
            found = answers[question] = _viable(candidates, keys, strict)
        return found

    def _count_viable(self) -> None:
        """Bound what :meth:`_viable` keeps: a long document asks many questions."""
        self._viable_kept += 1
        if self._viable_kept > _VIABLE_LIMIT:
            self._viable_memo.clear()
            self._viable_kept = 0

    def _compound(self, word: str, strict: bool = False) -> tuple[Term, str] | None:
        """(term, listed part) when ``word`` is a compound whose head or first part is a listed word.

        "bestratingswerkzaamheden" ends in "werkzaamheden"; "omgevingsvergunningaanvraag" starts
        with "omgevingsvergunning". A word with a capital inside a sentence never gets here as a
        lower-case form, and the rest of the word must itself look like a word, not a suffix
        ("mogelijkheden" is not "mogelijk" + "heden").
        """
        lower = word.lower()
        memo_key = (lower, strict)
        if memo_key in self._compound_memo:
            return self._compound_memo[memo_key]
        parts, first_parts = self._parts[strict], self._first_parts[strict]
        found: tuple[Term, str] | None = None
        pieces = [piece for piece in lower.split("-") if piece]
        if len(pieces) > 1:
            for piece in (pieces[-1], pieces[0]):
                if piece in parts:
                    found = (parts[piece], piece)
                    break
        elif lower.isalpha() and len(lower) >= _MIN_PART + _MIN_REST:
            # Only cuts that leave a part as long as a listed one: a run of letters as long as a
            # page is searched in time linear in its length, not quadratic.
            longest_head, longest_first = self._longest[strict]
            for cut in range(max(_MIN_REST, len(lower) - longest_head), len(lower) - _MIN_PART + 1):
                head = lower[cut:]
                if head in parts and _modifies(lower[:cut], head):
                    found = (parts[head], head)
                    break
            if found is None:
                for cut in range(min(len(lower) - _MIN_REST, longest_first), _MIN_PART - 1, -1):
                    first, rest = lower[:cut], lower[cut:]
                    if first in first_parts and _word_like_rest(rest):
                        found = (first_parts[first], first)
                        break
        if len(self._compound_memo) >= _MEMO_LIMIT:
            self._compound_memo.clear()
        self._compound_memo[memo_key] = found
        return found

    def _candidates(self, token: _PlainToken, case_sensitive: bool) -> list[tuple[Term, WordSequence]]:
        text = token.text if case_sensitive else token.lower_
        lemma = "" if case_sensitive else token.lemma_.lower()
        key = (text, lemma)
        memo = self._memo_sensitive if case_sensitive else self._memo
        found = memo.get(key)
        if found is not None:
            return found
        keys = [text, text + "."]
        if text.endswith(".") and len(text) > 1:
            keys.append(text[:-1])
        if not case_sensitive:
            keys.append(lemma)
            singular = _singular(text)
            if singular is not None:
                keys.append(singular)
        found = []
        seen: set[int] = set()
        for form in keys:
            for item in self.index.get(form, ()):
                # Entries are compared by identity: comparing Term dataclasses field by field
                # was the slowest part of a check.
                if id(item) not in seen:
                    seen.add(id(item))
                    found.append(item)
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[key] = found
        return found

    def _excused(self, document: Document, term: Term, options: Mapping[str, Any], sentence: Sentence,
                 sentence_text: str, last_token: _PlainToken, expansions: _Expansions | None) -> bool:
        near_concrete = term.skip_near_concrete if term.skip_near_concrete is not None else options.get("skip_near_concrete")
        if near_concrete and _is_concrete(sentence_text):
            return True
        if term.skip_past and _about_the_past(sentence_text):
            return True
        if expansions is not None and term.expansion and expansions.written(term.expansion):
            return True
        if term.explain:
            after = document.analysed[last_token.idx + len(last_token.text) : sentence.end]
            # The explanation follows the term: "Dit betekent dat de informatiemarkt ..." explains nothing.
            if (_EXPLAINED_AFTER.match(after) or _EXPLAINED_AS_SUBJECT.match(after)
                    or _EXPLAINED_IN_SENTENCE.search(after)):
                return True
            following = sentence.index + 1
            if following < len(document.sentences) and document.sentences[following].block == sentence.block:
                nxt = document.sentences[following]
                following_text = document.analysed[nxt.start : nxt.end]
                if _EXPLAINED_NEXT.match(following_text) or _defines(following_text, last_token.text):
                    return True
        return False

    def _match(self, term: Term, start: int, end: int, matched: str, contiguous: bool,
               others: tuple[tuple[int, int], ...] = (), count: int = 1, strict: bool = False) -> Match:
        suggestions: tuple[str, ...] = ()
        message: str | None = None
        part = self._compound(matched, strict) if " " not in matched and not _is_listed(term, matched) else None
        if part is not None:
            # A compound: name the listed part; an alternative for the part does not replace the word.
            message = f"In '{{match}}' zit '{part[1]}'. " + self.spec.message.replace("{match}", part[1])
        elif contiguous and not term.explain:
            suggestions = tuple(
                _match_case(alternative, matched)
                for alternative in term.alternatives
                if "[" not in alternative and "(" not in alternative and "..." not in alternative and alternative.strip()
            )
        alternatives = " of ".join(f"'{alternative}'" for alternative in term.alternatives)
        if count > 1:
            message = (message or self.spec.message) + (f" Dit staat {count} keer in de brief; alleen de "
                                                        "eerste keer is gemeld.")
        return Match(
            start,
            end,
            message=message,
            severity=term.severity,
            suggestions=suggestions,
            data={"term": term.term, "alternatives": alternatives or "een gewoner woord", "note": term.note,
                  "expansion": term.expansion or ""},
            related=others,
        )


#: Shortest listed word that counts as part of a compound, and shortest rest of the compound.
_MIN_PART = 6
_MIN_REST = 4
#: Words before a head that make a derived word rather than a compound ("voorbereiding").
_NOT_MODIFIERS = frozenset({"over", "onder", "voor", "door", "mede", "terug", "samen", "tegen", "achter", "weder",
                            "weer", "niet", "wan", "toe", "uit", "aan", "ver", "her", "ont", "mis", "her", "onder"})
#: Endings that make a derived word, not a second word of a compound ("mogelijkheden").
_SUFFIXES = ("heid", "heden", "lijk", "lijke", "lijker", "ing", "ingen", "baar", "bare", "tje", "tjes", "je", "jes",
             "ster", "sters", "erij", "isch", "ische", "loos", "loze", "schap", "achtig", "achtige", "wijs", "ig",
             "ige", "iger", "ste", "sten", "de", "den", "te", "ten", "en", "er", "ers", "es", "e", "s", "n", "d", "t")


#: Prefixes that make a verb or noun of the head rather than a compound with it: "wegafzetting" is
#: "weg" + "afzetting", not "wegaf" + "zetting"; "verkeersgeleiding" is not about a "leiding".
_PREFIX_ENDINGS = ("af", "op", "aan", "uit", "in", "om", "toe", "be", "ge", "ver", "ont", "her")


#: Prefixes that may straddle a wrong cut: "bewonersoverleggen" is "bewoners" + "overleggen",
#: so its cut before "verleggen" leaves the "o" of "over" on the modifier.
_STRADDLING = ("over", "onder", "voor", "door", "ver", "ont", "her", "aan", "uit", "toe", "af", "op", "om", "be",
               "ge")


def _modifies(modifier: str, head: str) -> bool:
    """True when ``modifier`` can be the first part of a compound with ``head``."""
    if modifier in _NOT_MODIFIERS or modifier.endswith(_PREFIX_ENDINGS):
        return False
    return not any(modifier.endswith(prefix[:k]) and head.startswith(prefix[k:])
                   for prefix in _STRADDLING for k in range(1, len(prefix)))


def _head_parts(terms: Iterable[Term], strict: bool) -> dict[str, Term]:
    """Single words long enough to be the head of a compound (strict entries only when ``strict``)."""
    parts: dict[str, Term] = {}
    for term in terms:
        if term.strict and not strict:
            continue
        for sequence in term.sequences:
            if len(sequence) == 1 and sequence[0] is not None:
                for form in sequence[0]:
                    if len(form) >= _MIN_PART and form.isalpha() and form.islower():
                        parts.setdefault(form, term)
    return parts


def _in_title(document: Document, offset: int) -> bool:
    """True when ``offset`` lies in a title, a heading or the letter head."""
    sentence = document.sentence_at(offset)
    return sentence is not None and sentence.kind in _TITLE_KINDS


def _first_parts(terms: Iterable[Term], strict: bool) -> dict[str, Term]:
    """Words that may open a compound: the entry's own word, never an inflected form
    ("behoefteonderzoek" is not "behoeft" + "eonderzoek")."""
    parts: dict[str, Term] = {}
    for term in terms:
        main = term.term.split("|")[0]
        if (not term.strict or strict) and " " not in main and len(main) >= _MIN_PART and main.isalpha() \
                and main.islower():
            parts.setdefault(main, term)
    return parts


def _word_like_rest(rest: str) -> bool:
    """True when ``rest`` (what follows a first part) reads as a word of its own."""
    for link in ("s", "en", "e", "-", ""):
        if rest.startswith(link):
            body = rest[len(link):]
            if len(body) >= _MIN_REST and body not in _SUFFIXES and not any(
                    body == suffix or (body.endswith(suffix) and len(body) - len(suffix) < 3) for suffix in _SUFFIXES):
                return True
    return False


def _is_listed(term: Term, matched: str) -> bool:
    """True when ``matched`` is one of the term's own forms (not a compound of them)."""
    lower = matched.lower().rstrip(".")
    return any(len(sequence) == 1 and sequence[0] is not None and lower in sequence[0] for sequence in term.sequences)


def _form_matches(token: _PlainToken, forms: frozenset[str], case_sensitive: bool, initial: bool = True) -> bool:
    if case_sensitive:
        return token.text in forms
    if not initial and token.text[:1].isupper() and token.text not in forms and not token.text.isupper():
        return False  # a capitalised word inside a sentence is a name: "Van der Plaats", "Middelweg"
    if token.lower_ in forms or token.lemma_.lower() in forms:
        return True
    singular = _singular(token.lower_)
    return singular is not None and singular in forms


def _text_matches(text: str, forms: frozenset[str], case_sensitive: bool) -> bool:
    return (text if case_sensitive else text.lower()) in forms


def _match_at(tokens: list[_PlainToken], index: int, forms: frozenset[str], case_sensitive: bool, initial: bool) -> tuple[int, int]:
    """(tokens consumed, characters to trim from the end) when ``tokens[index]`` matches one of ``forms``.

    The tokenizer is not consistent with abbreviations: "i.o.v." may come as "i.o.v" + ".", and a
    final "K&L." as one token. Both spellings match, and a sentence's full stop is not part of the match.
    """
    token = tokens[index]
    if _form_matches(token, forms, case_sensitive, initial):
        return 1, 0
    if not initial and not case_sensitive and token.text[:1].isupper() and not token.text.isupper():
        return 0, 0
    text = token.text
    if text.endswith(".") and len(text) > 1 and _text_matches(text[:-1], forms, case_sensitive):
        return 1, 1
    if index + 1 < len(tokens) and tokens[index + 1].text == "." and tokens[index + 1].idx == token.idx + len(text):
        if _text_matches(text + ".", forms, case_sensitive):
            return 2, 0
    return 0, 0


def _viable(candidates: list[tuple[Term, WordSequence]], keys: frozenset[str],
            strict: bool) -> list[tuple[Term, WordSequence]]:
    """The ``candidates`` that may match in a sentence whose tokens' lookup keys are ``keys``:
    strict entries only when ``strict``, and each later word of the term somewhere in the sentence."""
    kept = []
    for term, sequence in candidates:
        if term.strict and not strict:
            continue
        for part in sequence[1:]:
            if part is not None and part.isdisjoint(keys):
                break
        else:
            kept.append((term, sequence))
    return kept


class _PlainToken:
    """The token attributes the term matcher reads, read from spaCy once per document.

    A spaCy ``Token`` looks each string up again on every access; a scan reads them many times.
    """

    __slots__ = ("text", "lower_", "lemma_", "idx", "is_alpha", "like_num")

    def __init__(self, text: str, lower_: str, lemma_: str, idx: int, is_alpha: bool, like_num: bool) -> None:
        self.text = text
        self.lower_ = lower_
        self.lemma_ = lemma_
        self.idx = idx
        self.is_alpha = is_alpha
        self.like_num = like_num


#: Per-document memos (see :mod:`helderetaal.memo`), shared by all term rules. They hold one
#: entry per document, not per sentence: per-sentence copies took several hundred bytes per
#: character of a long text. A sentence's share is a slice, made when it is read.
_PLAIN_TOKENS: DocumentMemo[str, _TokenTable] = DocumentMemo("terms: plain tokens")
_LOOKUP_KEYS: DocumentMemo[bool, list[tuple[str, ...]]] = DocumentMemo("terms: lookup keys per token")
_SCANS: DocumentMemo[tuple[str, int, tuple[tuple[str, str], ...]], list[tuple[Term, int, int, bool]]] = DocumentMemo(
    "terms: occurrences per rule and options")


class _TokenTable:
    """Every token of a document but whitespace, as :class:`_PlainToken`, and where each
    sentence's tokens are in that list (machine-word arrays indexed by ``Sentence.index``)."""

    __slots__ = ("tokens", "starts", "sentences", "first", "last", "memo")

    def __init__(self, document: Document) -> None:
        self.tokens, self.starts = _read_tokens(document.spacy)
        #: What the rules' scans of these tokens share (see :func:`_groups`).
        self.memo: dict[Any, Any] = {}
        self.sentences = document.sentences
        import numpy

        offsets = numpy.frombuffer(self.starts, dtype=numpy.int64) if self.starts else numpy.zeros(0, numpy.int64)
        count = len(self.sentences)
        starts = numpy.fromiter((s.start for s in self.sentences), numpy.int64, count)
        ends = numpy.fromiter((s.end for s in self.sentences), numpy.int64, count)
        self.first: array[int] = array("q", numpy.searchsorted(offsets, starts).astype(numpy.int64).tobytes())
        self.last: array[int] = array("q", numpy.searchsorted(offsets, ends).astype(numpy.int64).tobytes())

    def range(self, sentence: Sentence) -> tuple[int, int]:
        """Where the sentence's tokens are in :attr:`tokens`: [first, last)."""
        index = sentence.index
        if index < len(self.sentences) and self.sentences[index] is sentence:
            return self.first[index], self.last[index]
        return bisect.bisect_left(self.starts, sentence.start), bisect.bisect_left(self.starts, sentence.end)

    def groups(self, token_keys: list[tuple[str, ...]], case_sensitive: bool) -> dict[tuple[str, ...], list[int]]:
        """See :func:`_groups`."""
        return _groups(self.memo, token_keys, case_sensitive)

    def long_words(self) -> dict[str, list[int]]:
        """See :func:`_long_words`."""
        return _long_words(self.memo, self.tokens)


K = TypeVar("K")


def _groups(memo: dict[Any, Any], token_keys: list[tuple[str, ...]],
            case_sensitive: bool) -> dict[tuple[str, ...], list[int]]:
    """The positions of the tokens by their lookup keys ``token_keys``, made once per table."""
    key = ("groups", case_sensitive)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _positions_by(enumerate(token_keys))
    return found


def _long_words(memo: dict[Any, Any], tokens: list[_PlainToken]) -> dict[str, list[int]]:
    """The positions of the tokens long enough to be a compound of a listed word, by their text."""
    found = memo.get("long words")
    if found is None:
        shortest = _MIN_PART + _MIN_REST
        found = memo["long words"] = _positions_by(
            (position, token.text) for position, token in enumerate(tokens) if len(token.text) >= shortest)
    return found


def _positions_by(keyed: Iterable[tuple[int, K]]) -> dict[K, list[int]]:
    """The positions of ``(position, key)`` pairs grouped by key, in order."""
    found: dict[K, list[int]] = {}
    for position, key in keyed:
        where = found.get(key)
        if where is None:
            found[key] = [position]
        else:
            where.append(position)
    return found


def _document_tokens(document: Document) -> _TokenTable:
    """The document's :class:`_TokenTable`, made once.

    Read column by column from the Doc's arrays; equal strings are one shared object (a long
    letter repeats its words), so a token costs its object and no strings of its own."""
    cache = _PLAIN_TOKENS.of(document)
    found = cache.get("document")
    if found is None:
        found = cache["document"] = _TokenTable(document)
    return found


#: The token attributes :class:`_PlainToken` is made of, in the order :func:`_tokens_of` reads them.
_COLUMNS_READ = ("ORTH", "LOWER", "LEMMA", "IDX", "IS_ALPHA", "LIKE_NUM", "IS_SPACE")


def _read_tokens(doc: Any) -> tuple[list[_PlainToken], array[int]]:
    if not len(doc):
        return [], array("q")
    return _tokens_of(doc, doc.to_array(list(_COLUMNS_READ)))


def _tokens_of(doc: Any, columns: Any) -> tuple[list[_PlainToken], array[int]]:
    """:class:`_PlainToken` of the rows of ``columns`` (:data:`_COLUMNS_READ` of ``doc``'s tokens)
    but whitespace, and their start offsets."""
    starts: array[int] = array("q")
    if not len(columns):
        return [], starts
    import numpy

    columns = columns[~columns[:, 6].astype(bool)]
    strings = doc.vocab.strings

    def texts(column: Any) -> list[str]:
        hashes, inverse = numpy.unique(column, return_inverse=True)
        names = numpy.array([strings[int(value)] for value in hashes.tolist()], dtype=object)
        found: list[str] = names[inverse.reshape(-1)].tolist()
        return found

    offsets = columns[:, 3].astype(numpy.int64)
    starts.frombytes(offsets.tobytes())
    tokens = list(map(_PlainToken, texts(columns[:, 0]), texts(columns[:, 1]), texts(columns[:, 2]),
                      offsets.tolist(), columns[:, 4].astype(bool).tolist(), columns[:, 5].astype(bool).tolist()))
    return tokens, starts


#: The shortest unknown word whose plural ending is taken off.
_MIN_PLURAL = 8


# A compound the lemma table does not know ("gebiedstafels", "wijkschouwen") is looked up by its
# singular too, as the table's words are by their lemma.
@functools.lru_cache(maxsize=65536)
def _singular(lower: str) -> str | None:
    """The singular of a plural the lemma table does not know ("gebiedstafels" -> "gebiedstafel"),
    else None."""
    from ..nlp import knows_word  # here: the small commands load the rules but no language data

    if len(lower) < _MIN_PLURAL or not lower.isalpha() or knows_word(lower):
        return None
    if lower.endswith("en"):
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith("ss"):
        return lower[:-1]
    return None


def _token_keys(document: Document, case_sensitive: bool) -> list[tuple[str, ...]]:
    """The lookup keys of each token of :func:`_document_tokens`, found once per document."""
    cache = _LOOKUP_KEYS.of(document)
    keys = cache.get(case_sensitive)
    if keys is None:
        keys = cache[case_sensitive] = _lookup_keys(_document_tokens(document).tokens, case_sensitive)
    return keys


def _lookup_keys(tokens: list[_PlainToken], case_sensitive: bool) -> list[tuple[str, ...]]:
    """The forms under which each of ``tokens`` is looked up in a rule's index; tokens with the
    same strings share one tuple."""
    made: dict[tuple[str, str], tuple[str, ...]] = {}
    keys = []
    for token in tokens:
        text = token.text if case_sensitive else token.lower_
        lemma = "" if case_sensitive else token.lemma_
        entry = made.get((text, lemma))
        if entry is None:
            found = [text, text + "."]
            if text.endswith(".") and len(text) > 1:
                found.append(text[:-1])
            if not case_sensitive:
                found.append(lemma.lower())
                singular = _singular(text)
                if singular is not None:
                    found.append(singular)
            entry = made[(text, lemma)] = tuple(found)
        keys.append(entry)
    return keys


def _initial_positions(tokens: list[_PlainToken]) -> set[int]:
    """Positions where a word opens the sentence (or a quote, a list item, the part after a colon)."""
    positions: set[int] = set()
    seen_word = False
    previous = ""
    for position, token in enumerate(tokens):
        if not seen_word or previous in _OPENERS or previous in {".", "!", "?"}:
            positions.add(position)
        if token.is_alpha or token.like_num:
            seen_word = True
        previous = token.text
    return positions


def _match_sequence(tokens: list[_PlainToken], position: int, sequence: WordSequence, case_sensitive: bool,
                    initial: set[int] | None = None) -> tuple[int, int] | None:
    """(index of the last token, characters to trim) when ``sequence`` matches from ``position``.

    A gap tries every place the next word occurs (within :data:`MAX_GAP` tokens, not across a
    clause mark), so "nemen het plein in juni in gebruik" finds the second "in".
    """
    initial = initial if initial is not None else {0}
    first = sequence[0]
    if first is None:  # compiling refuses a leading gap
        return None
    consumed, trim = _match_at(tokens, position, first, case_sensitive, position in initial)
    if not consumed:
        return None
    return _match_rest(tokens, position + consumed - 1, trim, sequence, 1, case_sensitive, initial)


def _match_rest(tokens: list[_PlainToken], index: int, trim: int, sequence: WordSequence, part_number: int, case_sensitive: bool,
                initial: set[int]) -> tuple[int, int] | None:
    if part_number >= len(sequence):
        return index, trim
    part = sequence[part_number]
    if part is None:
        following = sequence[part_number + 1]
        if following is None:  # two gaps in a row are one gap
            return _match_rest(tokens, index, trim, sequence, part_number + 1, case_sensitive, initial)
        for candidate in range(index + 1, min(len(tokens), index + 1 + MAX_GAP)):
            consumed, trim = _match_at(tokens, candidate, following, case_sensitive, candidate in initial)
            if consumed:
                found = _match_rest(tokens, candidate + consumed - 1, trim, sequence, part_number + 2,
                                    case_sensitive, initial)
                if found is not None:
                    return found
            if tokens[candidate].text in _GAP_STOPS:
                return None
        return None
    if index + 1 >= len(tokens):
        return None
    consumed, trim = _match_at(tokens, index + 1, part, case_sensitive, index + 1 in initial)
    if not consumed:
        return None
    return _match_rest(tokens, index + consumed, trim, sequence, part_number + 1, case_sensitive, initial)


def _about_the_past(sentence_text: str) -> bool:
    """Whether a sentence speaks of the past (the letter layer's test, imported on first use so
    that listing the rules does not load it)."""
    from ..facts.dates import is_past_sentence

    return is_past_sentence(sentence_text)


def _is_concrete(sentence_text: str) -> bool:
    """True when the sentence holds a date, a weekday, a time or a number."""
    return bool(_CONCRETE.search(_VAGUE_MONTH.sub(" ", sentence_text)))


def _edge_words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The first and the last word of the span [start, end)."""
    words = list(re.finditer(r"\S+", text[start:end]))
    if not words:
        return [(start, end)]
    first, last = words[0], words[-1]
    return [(start + first.start(), start + first.end()), (start + last.start(), start + last.end())]


def _guarded(term: Term, text: str, sentence: Sentence, start: int, end: int) -> bool:
    """True when one of the term's ``unless`` expressions rules this occurrence out."""
    if term.unless:
        matched = " ".join(text[start:end].split())
        if any(pattern.search(matched) for pattern in term.unless):
            return True
    if term.unless_before and any(pattern.search(text[sentence.start : start]) for pattern in term.unless_before):
        return True
    if term.unless_after and any(pattern.search(text[end : sentence.end]) for pattern in term.unless_after):
        return True
    return False


def _defines(sentence_text: str, word: str) -> bool:
    """Whether a sentence defines ``word``: "Een warmtenet is een net van buizen ..."."""
    head = sentence_text.lstrip()[: len(word) + 24].lower()
    for article in ("een ", "de ", "het ", ""):
        if head.startswith(article + word.lower()):
            rest = head[len(article) + len(word):]
            return bool(_DEFINING_VERB.match(rest))
    return False


#: What a defining sentence says after the word it defines.
#: ("De proefsleuven zijn gegraven" is no definition: "is/zijn" needs the noun it defines by.)
_DEFINING_VERB = re.compile(r"\s+(?:(?:is|zijn)\s+(?:een|de|het)|betekent|betekenen|wil\s+zeggen)\b")


class _Spans:
    """Spans that answer "does any of you overlap [start, end)?" in logarithmic time (a letter
    with thousands of findings made the pairwise test quadratic)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._max_end: list[int] = []
        furthest = -1
        for _, end in ordered:
            furthest = max(furthest, end)
            self._max_end.append(furthest)

    def overlaps(self, start: int, end: int) -> bool:
        count = bisect.bisect_left(self._starts, end)  # the spans that start before ``end``
        return count > 0 and self._max_end[count - 1] > start


def _claimed_by(document: Document, rule_ids: Iterable[str], exclude: str) -> list[tuple[int, int]]:
    """Spans that the term rules ``rule_ids`` flag in ``document``, with the options this check
    gives them. A rule that does not run in this check (switched off in the config) claims nothing."""
    spans: list[tuple[int, int]] = []
    for rule_id in rule_ids:
        running = running_rule(document, rule_id) if rule_id != exclude else None
        if running is None:
            continue
        other, options = running
        if not isinstance(other, TermsKind):
            continue
        spans.extend((start, end) for _term, start, end, _c in _scan_once(other, document, options))
    return spans


def _scan_once(kind: TermsKind, document: Document, options: Mapping[str, Any]) -> list[tuple[Term, int, int, bool]]:
    """``kind.scan`` with these options, run once per document: a rule that others defer to is
    scanned for its own findings and for theirs."""
    cache = _SCANS.of(document)
    key = (kind.spec.id, id(kind), _options_key(options))
    found: list[tuple[Term, int, int, bool]] | None = cache.get(key)
    if found is None:
        found = cache[key] = list(kind.scan(document, options))
    return found


def _options_key(options: Mapping[str, Any]) -> Any:
    """``options`` as (part of) a dict key."""
    try:
        hash(options)  # resolved options are frozen: hashable
        return options
    except TypeError:  # a plain mapping of options (a caller outside the engine)
        return tuple(sorted((name, repr(value)) for name, value in options.items()))


@dataclass(frozen=True)
class _Scan:
    """What one scan of a rule reads from its options, and the letter's expansions."""

    case_sensitive: bool
    strict: bool
    compounds: bool
    #: Set when the rule has ``skip_if_expanded``.
    expansions: _Expansions | None


class _Expansions:
    """Which expansions (of abbreviations) the letter writes out anywhere, found when asked."""

    __slots__ = ("_analysed", "_text", "_written", "_results")

    def __init__(self, document: Document) -> None:
        self._analysed = document.analysed
        self._text = document.analysed.lower()
        self._written: dict[str, bool] = {}
        self._results = document.block_results

    def written(self, expansion: str) -> bool:
        """Whether the letter holds ``expansion`` (any case)."""
        found = self._written.get(expansion)
        if found is None:
            found = self._written[expansion] = expansion.lower() in self._text
        return found

    def written_indices(self, expansions: tuple[str, ...]) -> tuple[int, ...]:
        """The indices of the ``expansions`` (lower case) that the letter holds.

        With the document's block results, each paragraph's share is kept: an expansion on one
        line never spans a blank line, and a keystroke changes one paragraph of many."""
        results = self._results
        if results is None or any("\n" in expansion or "\r" in expansion for expansion in expansions):
            return tuple(index for index, expansion in enumerate(expansions) if self.written(expansion))
        from ..facts.chunks import paragraph_shares  # what the facts keep per paragraph, too

        key = settings_key(_Expansions, expansions)
        held: set[int] = set()
        for _start, piece, share in paragraph_shares(self._analysed, results):
            indices = share.get(key)
            if indices is None:
                indices = share[key] = _indices_in(expansions, piece)
            held.update(indices)
        return tuple(sorted(held))


def _indices_in(expansions: tuple[str, ...], piece: str) -> frozenset[int]:
    lowered = piece.lower()
    return frozenset(index for index, expansion in enumerate(expansions) if expansion.lower() in lowered)


#: What :meth:`TermsKind._scan_block` keeps of a block: its occurrences, its held title uses
#: (both relative to the block's start) and the terms it explains.
_BlockScan = tuple["tuple[tuple[Term, int, int, bool], ...]", "tuple[tuple[Term, int, int, bool], ...]",
                   "frozenset[str]"]


class _BlockTokens:
    """The tokens of one block but whitespace, as :class:`_PlainToken` (the per-block twin of
    :class:`_TokenTable`, for a block whose scan is not kept yet), with their lookup keys."""

    __slots__ = ("tokens", "starts", "_keys", "memo")

    def __init__(self, document: Document, block: Block) -> None:
        rows = document.token_columns(_COLUMNS_READ, document.token_index(block.start), document.token_index(block.end))
        self.tokens, self.starts = _tokens_of(document.spacy, rows)
        self._keys: dict[bool, list[tuple[str, ...]]] = {}
        self.memo: dict[Any, Any] = {}

    def range(self, sentence: Sentence) -> tuple[int, int]:
        """Where the sentence's tokens are in :attr:`tokens`: [first, last)."""
        return bisect.bisect_left(self.starts, sentence.start), bisect.bisect_left(self.starts, sentence.end)

    def keys(self, case_sensitive: bool) -> list[tuple[str, ...]]:
        """The lookup keys of each of :attr:`tokens` (see :func:`_token_keys`)."""
        keys = self._keys.get(case_sensitive)
        if keys is None:
            keys = self._keys[case_sensitive] = _lookup_keys(self.tokens, case_sensitive)
        return keys

    def groups(self, token_keys: list[tuple[str, ...]], case_sensitive: bool) -> dict[tuple[str, ...], list[int]]:
        """See :func:`_groups`."""
        return _groups(self.memo, token_keys, case_sensitive)

    def long_words(self) -> dict[str, list[int]]:
        """See :func:`_long_words`."""
        return _long_words(self.memo, self.tokens)


_BLOCK_TOKENS: DocumentMemo[int, _BlockTokens] = DocumentMemo("terms: plain tokens per block")


def _block_tokens(document: Document, block: Block) -> _BlockTokens:
    """The :class:`_BlockTokens` of ``block``, made once per document (all term rules share them)."""
    return _BLOCK_TOKENS.get(document, block.index, lambda: _BlockTokens(document, block))


def _match_case(alternative: str, matched: str) -> str:
    if matched[:1].isupper() and alternative[:1].islower():
        return alternative[:1].upper() + alternative[1:]
    return alternative
