"""Kind ``consistency``: the letter uses one of several forms, not a mix.

``groups`` maps a name to the words of that form, e.g. ``u: [u, uw]`` and
``je: [je, jij, jou, jouw]``. When more than one group occurs, the occurrences of the less
frequent group are flagged (on a tie, the group that appears later).

Option ``after_number`` lists words that are not a form of address right after a number
("om 9.00 u" is "uur"); ``ignore_phrases`` lists regular expressions of fixed expressions whose
words do not count; ``ignore_quotes`` (on by default) leaves words between quotation marks out:
a resident quoted in the letter ("Je ziet nu al verschil") does not address the reader.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from ..finding import Match
from ..memo import settings_key
from ..safe_regex import IGNORECASE, SafePattern, UnsafeRegex, compile_user_regex
from .base import RuleKind, RuleSpec, blocks_in_scope, expect_type
from .options import Options, option

if TYPE_CHECKING:
    from ..document import Document
    from ..structure import Block, Sentence


@dataclass(frozen=True)
class ConsistencyOptions(Options):
    """Options of the ``consistency`` kind."""

    after_number: tuple[str, ...] = option(["u"], "Woorden die direct na een getal geen aanspreekvorm zijn "
                                                  "('om 9.00 u' is 'uur').")
    ignore_phrases: tuple[str, ...] = option([], "Vaste uitdrukkingen (reguliere expressies) waarvan de woorden "
                                                 "niet meetellen.", regex=True)
    ignore_quotes: bool = option(True, "Woorden tussen aanhalingstekens (een citaat van iemand anders) tellen niet "
                                       "mee.")


#: A quotation: between double quotes, or between curly single quotes (a straight ' is also the
#: apostrophe of "'s" and "'t", so it opens no quotation).
_QUOTATION = re.compile(r'"[^"\n]{1,500}"|“[^”\n]{1,500}”|„[^”“\n]{1,500}[”“]|‘[^’\n]{1,500}’')


class _Quotations:
    """The quoted stretches of a text, asked "is this offset quoted?" in logarithmic time."""

    def __init__(self, text: str) -> None:
        spans = [match.span() for match in _QUOTATION.finditer(text)]
        self.starts = [start for start, _end in spans]
        self.ends = [end for _start, end in spans]

    def holds(self, offset: int) -> bool:
        index = bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]


class ConsistencyKind(RuleKind[ConsistencyOptions]):
    """Flag the minority form when a letter mixes forms."""

    name = "consistency"
    keys = {"groups": True}
    options_type = ConsistencyOptions
    known_problems = ("Een tekst van een ander (een bewoner, een bedrijf) zonder aanhalingstekens telt mee. Staat "
                      "daarin 'je' in een brief met 'u', dan volgt een melding.")

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        groups = expect_type(spec, spec.data, "groups", dict, "een blok met per groepsnaam een lijst met woorden")
        if len(groups) < 2:
            raise spec.error("'groups' heeft minstens twee groepen nodig", key="groups")
        self.groups: dict[str, frozenset[str]] = {}
        for name, words in groups.items():
            if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
                raise spec.error(f"groep '{name}' moet een lijst met woorden zijn", key=name, node=groups)
            self.groups[str(name)] = frozenset(w.lower() for w in words)
        self._words = frozenset().union(*self.groups.values())

    def check(self, document: Document, options: ConsistencyOptions) -> Iterable[Match]:
        hits: dict[str, list[tuple[int, int]]] = {name: [] for name in self.groups}
        phrases = []
        for phrase in options.ignore_phrases:
            try:
                phrases.append(compile_user_regex(phrase, IGNORECASE))
            except UnsafeRegex as error:
                raise UnsafeRegex(f"optie 'ignore_phrases' van regel '{self.spec.id}': {error}") from None
        results = document.block_results
        settings = settings_key(self, options)
        keys = document.block_keys() if results is not None else []
        for block, sentences in blocks_in_scope(document, self.spec.scope):
            compute = partial(self._block_hits, document, block, sentences, phrases, options)
            # What a block holds depends on the block and the options alone: in the editor a
            # keystroke changes one block, and the others are not read again.
            found = compute() if results is None else results.get(
                (settings, keys[block.index]), block.end - block.start, compute)
            for name, start, end in found:
                hits[name].append((block.start + start, block.start + end))
        present = [name for name, found in hits.items() if found]
        if len(present) < 2:
            return
        majority = max(present, key=lambda name: (len(hits[name]), -hits[name][0][0]))
        for name in present:
            if name == majority:
                continue
            for start, end in hits[name]:
                yield Match(start, end, data={"majority": majority, "minority": name})

    def _block_hits(self, document: Document, block: Block, sentences: list[Sentence], phrases: list[SafePattern],
                    options: ConsistencyOptions) -> tuple[tuple[str, int, int], ...]:
        """(group, start, end) of each form of address in ``sentences``, offsets from the block's start."""
        after_number = {word.lower() for word in options.after_number}
        quoted: _Quotations | None = None
        doc = document.spacy
        found: list[tuple[str, int, int]] = []
        for sentence in sentences:
            # Only a word of a group can be a hit: the phrases and quotations are looked for in a
            # sentence that has one.
            hits = document.sentence_tokens_among(sentence, self._words)
            if not hits:
                continue
            if quoted is None and options.ignore_quotes:
                quoted = _Quotations(document.analysed[block.start:block.end])
            text = document.analysed[sentence.start : sentence.end]
            ignored = [(sentence.start + m.start(), sentence.start + m.end()) for p in phrases for m in p.finditer(text)]
            for index, before in hits:
                token = doc[index]
                lower = token.lower_
                previous = doc[before] if before >= 0 else None
                skip = (previous is not None and lower in after_number
                        and (previous.like_num or any(ch.isdigit() for ch in previous.text)))
                skip = skip or any(start <= token.idx < end for start, end in ignored) \
                    or (quoted is not None and quoted.holds(token.idx - block.start))
                if skip:
                    continue
                for name, words in self.groups.items():
                    if lower in words:
                        found.append((name, token.idx - block.start, token.idx - block.start + len(token.text)))
        return tuple(found)
