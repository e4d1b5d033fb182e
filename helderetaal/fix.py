"""Applying the unambiguous suggestions to a letter (``helderetaal fix``).

A suggestion is applied only when nobody needs to choose and the sentence stays correct Dutch:

- the finding has exactly one suggestion, and both the found text and the suggestion are one
  word (``reeds`` -> ``al``; never ``riolering`` -> ``het riool`` or ``t/m`` -> ``tot en met``);
- the found word is its own base form (its lemma): a suggestion names the base form, so an
  inflected or plural word (``getracht``, ``werkzaamheden``) is left for the writer;
- no article or other determiner stands right before it: ``het trottoir`` -> ``het stoep`` would
  be wrong, because the new word may take the other article;
- the word is prose in the file: code spans, front matter, comments and other markup are never
  changed (the analysed text, where they are blanked, must hold the same word), and places where
  a directive switches the rule off have no finding to begin with;
- no other finding covers the same words with another suggestion.

A word reported once per letter is changed at its other places too (the finding's ``related``
places), each place checked on its own.

Only plain text and Markdown are changed; the file keeps its encoding, byte-order mark and line
breaks (CRLF stays CRLF), and is written atomically (:mod:`helderetaal.atomicfile`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import regex

from .atomicfile import write_atomically
from .document import Document
from .finding import Finding
from .oserrors import reason as os_reason
from .readers import InputError, SourceText, read_file
from .resolver import ConfigResolver

#: The formats ``fix`` changes: the file is the text, so a change is a change of the letter.
FIXABLE_SUFFIXES: tuple[str, ...] = (".txt", ".text", ".md", ".markdown")

_WORD = regex.compile(r"\p{L}+(?:[-'’]\p{L}+)*")
#: Words that decide the form of the noun after them (article, demonstrative, possessive).
#: Not "zijn": far more often the verb ("zijn reeds"), before words that are safe to change.
_DETERMINERS = frozenset({
    "de", "het", "een", "'t", "deze", "dit", "die", "dat", "onze", "ons", "uw", "jouw", "je", "mijn",
    "haar", "hun", "hen", "elk", "elke", "ieder", "iedere", "geen", "welk", "welke", "zo'n", "zulk", "zulke",
})

#: A verb or conjunction ends the phrase before a word: "het werk is reeds" may change "reeds".
_PHRASE_BREAKS = frozenset({
    "is", "zijn", "was", "waren", "wordt", "worden", "werd", "werden", "heeft", "hebben", "had", "hadden",
    "kan", "kunnen", "kunt", "zal", "zullen", "zult", "wil", "willen", "wilt", "moet", "moeten", "mag", "mogen",
    "gaat", "gaan", "blijft", "blijven", "en", "of", "maar", "want", "omdat", "als", "wanneer", "u", "wij", "we",
    "ik", "zij", "ze", "hij",
})
#: How far back a determiner can still belong to the word: "de [twee] [interne] afstemming".
_PHRASE_WORDS = 3


@dataclass(frozen=True)
class Change:
    """One replacement: ``old`` at ``start``-``end`` (offsets into the file's text) becomes ``new``."""

    rule: str
    start: int
    end: int
    old: str
    new: str
    line: int
    column: int


@dataclass(frozen=True)
class FixResult:
    """What fixing one letter gives: the text before and after, the changes and what was left."""

    path: str
    original: str
    fixed: str
    changes: tuple[Change, ...]
    #: Findings with suggestions that were not applied (more than one choice, or not safe).
    left: int
    encoding: str

    @property
    def changed(self) -> bool:
        """True when at least one word was replaced."""
        return bool(self.changes)

    def diff(self) -> str:
        """The changes as a unified diff (``a/PATH`` -> ``b/PATH``), as ``git diff`` shows them."""
        name = self.path.replace("\\", "/")
        lines = difflib.unified_diff(self.original.splitlines(keepends=True), self.fixed.splitlines(keepends=True),
                                     fromfile=f"a/{name}", tofile=f"b/{name}")
        out = []
        for line in lines:
            # A last line without a line break gets git's marker, so the diff still applies.
            out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
        return "".join(out)


class FixError(Exception):
    """A letter that cannot be fixed; the message is for the writer, in Dutch."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.reason = message
        super().__init__(f"{path}: {message}")


def match_case(old: str, new: str) -> str:
    """``new`` written the way ``old`` is: ``Reeds`` -> ``Al``, ``REEDS`` -> ``AL``, ``reeds`` -> ``al``."""
    if len(old) > 1 and old.isupper():
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    if new[:1].isupper() and not new.isupper():
        return new[:1].lower() + new[1:]
    return new


def plan_changes(document: Document, findings: Sequence[Finding]) -> tuple[list[Change], int]:
    """The safe changes among ``findings`` (see the module's docstring), in text order, and how
    many findings with suggestions were left for the writer."""
    findings = list(_every_place(findings))
    candidates: list[Change] = []
    with_suggestions = 0
    for finding in findings:
        if not finding.suggestions:
            continue
        with_suggestions += 1
        change = _safe_change(document, finding)
        if change is not None:
            candidates.append(change)
    candidates.sort(key=lambda change: (change.start, change.end))
    chosen: list[Change] = []
    for change in candidates:
        clash = [other for other in candidates if other is not change
                 and other.start < change.end and change.start < other.end]
        if any(other.new.lower() != change.new.lower() or (other.start, other.end) != (change.start, change.end)
               for other in clash):
            continue  # two rules disagree about these words: the writer chooses
        if chosen and chosen[-1].start == change.start and chosen[-1].end == change.end:
            continue  # two rules with the same suggestion: one change
        chosen.append(change)
    left = with_suggestions - sum(1 for finding in findings if finding.suggestions
                                  and any((c.start, c.end) == (finding.start, finding.end) for c in chosen))
    return chosen, left


def _every_place(findings: Sequence[Finding]) -> Iterator[Finding]:
    """Each finding, and a copy of it at each of its other places (a word reported once per letter)."""
    for finding in findings:
        yield finding
        for place in finding.related:
            yield replace(finding, start=place.start, end=place.end, line=place.line, column=place.column,
                          end_line=place.end_line, end_column=place.end_column, text=place.text, related=())


def _safe_change(document: Document, finding: Finding) -> Change | None:
    if len(finding.suggestions) != 1:
        return None
    old = document.text[finding.start:finding.end]
    new = finding.suggestions[0].strip()
    if old != finding.text or not _WORD.fullmatch(old) or not _WORD.fullmatch(new):
        return None
    if document.source.analysed[finding.start:finding.end] != old:
        return None  # markup, code or front matter at this place
    if new.lower() == old.lower():
        return None
    tokens = list(document.tokens_between(finding.start, finding.end))
    if len(tokens) != 1 or tokens[0].idx != finding.start or len(tokens[0].text) != len(old):
        return None  # a part of a word, or more than one token
    token = tokens[0]
    if token.lemma_.lower() != old.lower():
        return None  # inflected: the suggestion names the base form
    if _after_determiner(document, token.i):
        return None
    return Change(finding.rule, finding.start, finding.end, old, match_case(old, new), finding.line, finding.column)


def _after_determiner(document: Document, index: int) -> bool:
    """True when a determiner starts the phrase that ends at token ``index`` ("een nauwkeurige
    afstemming"): the new word might take another article or adjective ending."""
    steps = 0
    for position in range(index - 1, -1, -1):
        token = document.spacy[position]
        if token.is_space:
            if "\n" in token.text:
                return False
            continue
        if token.is_punct:
            return False
        word = token.lower_
        if word in _DETERMINERS:
            return True
        if word in _PHRASE_BREAKS:
            return False
        steps += 1
        if steps >= _PHRASE_WORDS:
            return False
    return False


def apply_changes(text: str, changes: Sequence[Change]) -> str:
    """``text`` with each change made (``changes`` in text order, not overlapping)."""
    parts: list[str] = []
    position = 0
    for change in changes:
        parts.append(text[position:change.start])
        parts.append(change.new)
        position = change.end
    parts.append(text[position:])
    return "".join(parts)


def fix_source(source: SourceText, resolver: ConfigResolver, path: str) -> FixResult:
    """Check ``source`` with the config that applies to ``path`` and plan the safe changes."""
    from .engine import check_document

    config = resolver.for_path(path)
    document = Document(source, model=config.model)
    report = check_document(document, config, config.ruleset())
    changes, left = plan_changes(document, report.findings)
    return FixResult(path=path, original=source.text, fixed=apply_changes(source.text, changes),
                     changes=tuple(changes), left=left, encoding=source.encoding)


def fix_file(path: str, resolver: ConfigResolver) -> FixResult:
    """Plan the safe changes for the letter at ``path`` (nothing is written yet).

    Raises :class:`FixError` for a file that is not plain text or Markdown, and
    :class:`~helderetaal.readers.InputError` for one that cannot be read.
    """
    if Path(path).suffix.lower() not in FIXABLE_SUFFIXES:
        raise FixError(path, "alleen .txt- en .md-bestanden kunnen worden hersteld; verbeter dit bestand zelf "
                             "(de suggesties staan bij 'helderetaal check')")
    return fix_source(read_file(path), resolver, path)


def write_fixed(result: FixResult) -> None:
    """Write ``result.fixed`` over the file, in its own encoding, atomically.

    The file is read again first: when it changed since it was checked (an editor saved it),
    nothing is written.
    """
    target = Path(result.path)
    try:
        data = target.read_bytes()
    except OSError as error:
        raise FixError(result.path, f"kan het bestand niet opnieuw lezen ({os_reason(error)})") from None
    text, encoding = result.fixed, result.encoding
    if encoding == "utf-16":
        # The reader decoded with the byte-order mark; write the same one back.
        encoding = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        current = data[2:].decode(encoding, errors="replace")
        text = "\ufeff" + text
    else:
        current = data.decode(encoding, errors="replace")
    if current != result.original:
        raise FixError(result.path, "het bestand is veranderd terwijl het werd gecontroleerd; er is niets "
                                    "geschreven, probeer het opnieuw")
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        raise FixError(result.path, f"een nieuw woord past niet in de tekenset van het bestand ({result.encoding}); "
                                    "er is niets geschreven") from None
    try:
        write_atomically(target, text, encoding=encoding)
    except OSError as error:
        raise FixError(result.path, f"kan het bestand niet schrijven ({os_reason(error)})") from None


__all__ = ["Change", "FIXABLE_SUFFIXES", "FixError", "FixResult", "InputError", "apply_changes", "fix_file",
           "fix_source", "match_case", "plan_changes", "write_fixed"]
