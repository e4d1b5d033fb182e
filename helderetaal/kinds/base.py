"""What every rule kind shares: the validated rule spec and the kind interface."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, cast

from ..finding import Match
from ..memo import DocumentMemo
from ..structure import BLOCK_KINDS, BODY_KINDS, PROSE_KINDS
from ..yamlfile import ConfigError, LineDict
from .options import Options, OptionsT

if TYPE_CHECKING:
    from ..document import Document
    from ..structure import Block, Sentence

#: Which part of a letter a rule reads: the block kinds of each ``scope``.
SCOPES: dict[str, frozenset[str]] = {"body": BODY_KINDS, "prose": PROSE_KINDS, "all": frozenset(BLOCK_KINDS)}


@dataclass(frozen=True)
class Example:
    """A rule example; ``span`` is set when the text marked the expected finding as [[...]]."""

    text: str
    span: tuple[int, int] | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    profile: str | None = None


@dataclass(frozen=True)
class Explanation:
    """A rule's documentation in the ruff style, in Dutch."""

    wat: str
    waarom: str
    voorbeeld: str
    beter: str
    #: Where the rule is known to go wrong (ruff's "Known problems"); empty when none are known.
    bekende_problemen: str = ""

    def sections(self) -> list[tuple[str, str]]:
        """(heading, text) in reading order; "Bekende problemen" only when some are known.

        The one place that names and orders the headings: every rendering (CLI, hover, SARIF)
        is built on it.
        """
        parts = [("Wat", self.wat), ("Waarom", self.waarom), ("Voorbeeld", self.voorbeeld), ("Beter", self.beter),
                 ("Bekende problemen", self.bekende_problemen)]
        return [(heading, text.strip()) for heading, text in parts if text.strip()]

    def as_markdown(self, leave_out: tuple[str, ...] = ()) -> str:
        """The explanation as Markdown, one paragraph per heading (without the ``leave_out`` ones;
        an editor's hover leaves out the example)."""
        return "\n\n".join(f"**{heading}**: {text}" for heading, text in self.sections() if heading not in leave_out)

    def as_text(self) -> str:
        """The explanation as plain text, one line per heading."""
        return "\n".join(f"{heading}: {text}" for heading, text in self.sections())


@dataclass(frozen=True)
class RuleSpec:
    """A rule as declared in YAML, after validation of the common keys."""

    id: str
    kind: str
    category: str
    severity: str
    title: str
    message: str
    explanation: Explanation
    flagged: tuple[Example, ...]
    clean: tuple[Example, ...]
    #: The kind's defaults with the rule file's ``options`` applied (a config may change them).
    options: Options
    scope: str
    url: str | None
    data: LineDict
    path: str
    line: int

    def error(self, message: str, key: Any = None, node: Any = None) -> ConfigError:
        """A :class:`ConfigError` that points at this rule's file and the line of ``key``."""
        line = self.line
        if isinstance(node, LineDict):
            line = node.line_of(key) if key is not None else node.line
        elif key is not None:
            line = self.data.line_of(key)
        return ConfigError(self.path, f"regel '{self.id}': {message}", line)


class RuleKind(Generic[OptionsT]):
    """Base of the rule kinds. A kind compiles its spec once and checks many documents.

    Subclasses set ``name``, ``keys`` (kind-specific keys of the rule file: name -> required)
    and ``options_type`` (the dataclass that declares the options a rule file or config may
    set), and implement :meth:`check`, which receives the resolved options.
    """

    name: ClassVar[str] = ""
    keys: ClassVar[Mapping[str, bool]] = {}
    options_type: ClassVar[type[Options]] = Options
    #: Where every rule of this kind is known to go wrong (Dutch, shown by ``helderetaal explain``).
    known_problems: ClassVar[str] = ""

    def __init__(self, spec: RuleSpec) -> None:
        self.spec = spec

    @property
    def options(self) -> OptionsT:
        """The rule file's options (kind defaults plus the rule's ``options``), before any config."""
        return cast(OptionsT, self.spec.options)

    def check(self, document: Document, options: OptionsT) -> Iterable[Match]:
        """Yield matches in ``document``."""
        raise NotImplementedError

    def prepare(self) -> None:
        """Validate what needs the language pipeline (spaCy), raising :class:`ConfigError`.

        Run when the rules load for checking; commands that only show rules skip it, so they
        start without loading spaCy.
        """

    def sentences(self, document: Document) -> Iterator[Sentence]:
        """The sentences of the part of the letter this rule reads (its ``scope``)."""
        kinds = SCOPES[self.spec.scope]
        return (sentence for sentence in document.sentences if sentence.kind in kinds)


def blocks_in_scope(document: Document, scope: str) -> list[tuple[Block, list[Sentence]]]:
    """Each block of ``document`` whose kind ``scope`` reads, with its sentences (blocks without
    any are left out), in text order; found once per document and scope (every rule asks)."""
    return _BLOCKS_IN_SCOPE.get(document, scope, lambda: _blocks_in(document, SCOPES[scope]))


def _blocks_in(document: Document, kinds: frozenset[str]) -> list[tuple[Block, list[Sentence]]]:
    found = []
    sentences = document.sentences
    at = 0
    for block in document.blocks:
        first = at
        while at < len(sentences) and sentences[at].block == block.index:
            at += 1
        if block.kind in kinds and first < at:
            found.append((block, sentences[first:at]))
    return found


_BLOCKS_IN_SCOPE: DocumentMemo[str, "list[tuple[Block, list[Sentence]]]"] = DocumentMemo("blocks per scope")


#: The rules that run on a document in the current check, with their resolved options.
_RUNNING: DocumentMemo[str, "tuple[RuleKind[Any], Options]"] = DocumentMemo("rules running on the document")


def attach_running_rules(document: Document, rules: Mapping[str, tuple[RuleKind[Any], Options]]) -> None:
    """Record which rules run on ``document`` in this check, with the options the config gives them.

    The engine does this before any rule runs. A rule that leaves words to another rule (the word
    lists' ``defer_to``) asks :func:`running_rule`, so a rule the config switched off silences nothing.
    """
    running = _RUNNING.of(document)
    running.clear()
    running.update(rules)


def running_rule(document: Document, rule_id: str) -> tuple[RuleKind[Any], Options] | None:
    """The kind and resolved options of rule ``rule_id`` when it runs on ``document``, else None."""
    return _RUNNING.of(document).get(rule_id)


def running_rules(document: Document) -> list[tuple[RuleKind[Any], Options]]:
    """The kind and resolved options of every rule that runs on ``document`` in this check."""
    return list(_RUNNING.of(document).values())


def expect_type(spec: RuleSpec, node: Mapping[str, Any], key: str, kind: type | tuple[type, ...], what: str) -> Any:
    """Return ``node[key]`` when it has the right type, else raise a ConfigError at its line."""
    value = node.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind in (int, float, (int, float)):
        raise spec.error(f"'{key}' moet {what} zijn", key=key, node=node)
    return value

