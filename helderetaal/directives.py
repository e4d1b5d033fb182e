"""Inline directives in a letter's comments.

Markdown and plain text::

    <!-- helderetaal-disable-file ambtelijk -->
    <!-- helderetaal-disable ambtelijk, vaag -->   ...   <!-- helderetaal-enable -->
    <!-- helderetaal-disable-line -->            (on the line it stands on)
    <!-- helderetaal-disable-next-line zinslengte -->
    <!-- helderetaal-profile: uitnodiging -->

In plain text the same words may stand on a line of their own after ``#``. Without rule ids a
directive applies to every rule.

This module is the one home of that syntax: the readers find directives with
:func:`is_directive` and :data:`HASH_DIRECTIVE`, the engine reads them with
:func:`parse_directives`, and editors write them with :func:`directive_comment` and find
existing ones with :func:`directive_pattern`. It imports no other module of the package, so
every reader can use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .positions import LineIndex
    from .readers.base import Comment

PREFIX = "helderetaal-"
#: The verbs, longest first where one starts another (``disable-file`` before ``disable``).
VERBS = ("disable-file", "disable-next-line", "disable-line", "disable", "enable", "profile")
Verb = Literal["disable-file", "disable-next-line", "disable-line", "disable", "enable", "profile"]

_DIRECTIVE = re.compile(PREFIX + "(" + "|".join(VERBS) + r")\s*:?\s*([^\r\n]*?)\s*$")
#: The rule ids in the rest of a directive ("ambtelijk, vaag").
RULE_IDS = re.compile(r"[\w.-]+")
#: A whole line ``# helderetaal-...`` in a plain-text letter; group 1 is the directive.
HASH_DIRECTIVE = re.compile(r"^[ \t]*#[ \t]*(" + PREFIX + r"[^\r\n]*)", re.MULTILINE)


def is_directive(comment_body: str) -> bool:
    """True when a comment's text holds a helderetaal directive (the reader keeps it as a comment)."""
    return PREFIX in comment_body


def directive_comment(verb: Verb, rule_ids: tuple[str, ...] = ()) -> str:
    """The HTML-comment form of a directive: ``<!-- helderetaal-disable-line ambtelijk -->``."""
    rest = " " + ", ".join(rule_ids) if rule_ids else ""
    return f"<!-- {PREFIX}{verb}{rest} -->"


def directive_pattern(verb: Verb, hash_line: bool = False) -> re.Pattern[str]:
    """A pattern for an existing directive with ``verb``, as an HTML comment or (``hash_line``)
    a ``#`` line of a plain-text letter; its group ``ids`` holds the rule ids as written.
    ``disable`` does not match ``disable-file``."""
    if hash_line:
        return re.compile(rf"^[ \t]*#[ \t]*{PREFIX}{verb}(?![\w-])(?P<ids>[^\r\n]*?)[ \t]*$", re.MULTILINE)
    return re.compile(rf"<!--[ \t]*{PREFIX}{verb}(?![\w-])(?P<ids>[^\r\n]*?)[ \t]*-->")

#: Stands for "every rule" in a directive without ids.
ALL = "*"


@dataclass
class Directives:
    """Which rules are switched off where, and the profile a letter declares for itself."""

    file_rules: set[str] = field(default_factory=set)
    line_rules: dict[int, set[str]] = field(default_factory=dict)
    ranges: list[tuple[set[str], int, int]] = field(default_factory=list)
    profile: str | None = None
    #: (offset, rule ids) of every directive, so unknown rule ids can be reported.
    mentions: list[tuple[int, int, set[str]]] = field(default_factory=list)

    def silence_nothing(self) -> bool:
        """True when no directive switches a rule off anywhere (a place needs no line looked up)."""
        return not (self.file_rules or self.line_rules or self.ranges)

    def suppressed(self, rule: str, line: int) -> bool:
        """True when ``rule`` is switched off on 1-based ``line``."""
        if _hits(self.file_rules, rule):
            return True
        if _hits(self.line_rules.get(line, set()), rule):
            return True
        return any(first <= line <= last and _hits(rules, rule) for rules, first, last in self.ranges)


def _hits(rules: set[str], rule: str) -> bool:
    return ALL in rules or rule in rules


def parse_directives(comments: list[Comment], lines: LineIndex) -> Directives:
    """Read the directives out of a document's comments."""
    result = Directives()
    open_ranges: list[tuple[set[str], int]] = []
    for comment in comments:
        for raw in comment.body.splitlines() or [comment.body]:
            match = _DIRECTIVE.search(raw.strip().removesuffix("-->").strip())
            if not match:
                continue
            verb, rest = match.groups()
            line = lines.position(comment.start)[0]
            if verb == "profile":
                result.profile = rest.strip().lower() or None
                continue
            ids = set(RULE_IDS.findall(rest)) or {ALL}
            if ids != {ALL}:
                result.mentions.append((comment.start, comment.end, ids))
            if verb == "disable-file":
                result.file_rules |= ids
            elif verb == "disable-line":
                result.line_rules.setdefault(line, set()).update(ids)
            elif verb == "disable-next-line":
                end_line = lines.position(comment.end)[0]
                result.line_rules.setdefault(end_line + 1, set()).update(ids)
            elif verb == "disable":
                open_ranges.append((ids, line))
            elif verb == "enable":
                still_open = []
                for rules, first in open_ranges:
                    closing = rules if ALL in ids else rules & ids
                    if closing:
                        result.ranges.append((closing, first, line))
                    if rules - closing and ALL not in ids:
                        still_open.append((rules - closing, first))
                open_ranges = still_open
    last_line = len(lines)
    for rules, first in open_ranges:
        result.ranges.append((rules, first, last_line))
    return result
