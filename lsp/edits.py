"""Text edits behind the code actions, as (start, end, new_text) in code-point offsets.

Kept apart from the protocol so each edit can be checked on plain strings: the directive
edits must be read back by :mod:`helderetaal.directives`, the allow-list edit must leave the
rest of ``.helderetaal.yaml`` as it was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from collections.abc import Sequence
from typing import Any

import yaml

from helderetaal.directives import RULE_IDS, directive_comment, directive_pattern
from helderetaal.readers.markdown import FRONT_MATTER
from helderetaal.structure import BODY_KINDS, Block, find_blocks

from .positions import PositionMap


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``new_text``."""

    start: int
    end: int
    new_text: str

    def apply(self, text: str) -> str:
        return text[: self.start] + self.new_text + text[self.end :]


# -- inline directives ------------------------------------------------------------------------


def _add_to_directive(text: str, match: re.Match[str], rule: str) -> Edit | None:
    ids = RULE_IDS.findall(match.group("ids"))
    if not ids or rule in ids:
        return None  # switches off every rule already, or this one
    end = match.end("ids")
    return Edit(end, end, f", {rule}")


def disable_line_edit(text: str, positions: PositionMap, line: int, rule: str) -> Edit | None:
    """Switch ``rule`` off on 0-based ``line`` with ``<!-- helderetaal-disable-line RULE -->``
    at the end of that line (the directive applies to the line it stands on)."""
    start, end = positions.line_starts[line], positions.line_end(line)
    existing = directive_pattern("disable-line").search(text, start, end)
    if existing:
        return _add_to_directive(text, existing, rule)
    content = text[start:end]
    stripped_end = start + len(content.rstrip(" \t"))
    return Edit(stripped_end, stripped_end, " " + directive_comment("disable-line", (rule,)))


def disable_file_edit(text: str, fmt: str, rule: str, newline: str = "\n") -> Edit | None:
    """Switch ``rule`` off in the whole letter: extend an existing ``disable-file`` directive,
    else put ``<!-- helderetaal-disable-file RULE -->`` on a line of its own at the top
    (after a BOM, and after Markdown front matter)."""
    for hash_line in (False, True):
        if hash_line and fmt == "md":
            continue  # '#' lines are headings in Markdown
        match = directive_pattern("disable-file", hash_line).search(text)
        if match:
            return _add_to_directive(text, match, rule)
    comment = directive_comment("disable-file", (rule,))
    at = 1 if text.startswith("\ufeff") else 0
    if fmt == "md":
        front = FRONT_MATTER.match(text)
        if front:
            at = front.end()
            if not front.group().endswith(("\n", "\r")):
                return Edit(at, at, f"{newline}{comment}{newline}")
    return Edit(at, at, f"{comment}{newline}")


# -- "In het kort" -----------------------------------------------------------------------------
SUMMARY_HEADING = "In het kort"
_HAS_SUMMARY = re.compile(r"^[ \t>#*_-]*in het kort\b", re.IGNORECASE | re.MULTILINE)


def has_summary(analysed: str) -> bool:
    """True when the letter already has an "In het kort" block."""
    return bool(_HAS_SUMMARY.search(analysed))


def summary_edit(text: str, analysed: str, fmt: str, summary: str, newline: str = "\n",
                 blocks: Sequence[Block] | None = None) -> Edit | None:
    """Insert the suggested summary right after the salutation (or, without one, before the
    first block of the message).

    ``blocks`` are the checked Document's blocks (one split per letter); without them the text
    is split here, for callers that have no Document.
    """
    summary = summary.strip()
    if not summary or has_summary(analysed):
        return None
    body = newline.join(line.rstrip() for line in summary.splitlines())
    if not _HAS_SUMMARY.match(body):
        heading = f"## {SUMMARY_HEADING}" if fmt == "md" else SUMMARY_HEADING
        body = f"{heading}{newline}{newline if fmt == 'md' else ''}{body}"
    if blocks is None:
        blocks = find_blocks(analysed)
    salutation = next((block for block in blocks if block.kind == "salutation"), None)
    if salutation is not None:
        positions = PositionMap(text)
        end = positions.line_end(positions.line_of(salutation.start))
        return Edit(end, end, f"{newline}{newline}{body}")
    first = next((block for block in blocks if block.kind in BODY_KINDS), None)
    if first is None:
        return None
    positions = PositionMap(text)
    start = positions.line_starts[positions.line_of(first.start)]
    return Edit(start, start, f"{body}{newline}{newline}")


# -- allow-list in .helderetaal.yaml ------------------------------------------------------------
_ALLOW_KEY = re.compile(r"^allow[ \t]*:(?P<rest>[^\r\n]*)(?=\r\n|\r|\n|\Z)", re.MULTILINE)
_WORD = re.compile(r"^[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){0,2}$")


def allowable(text: str) -> str | None:
    """The allow-list entry for a finding's text: one word or a short phrase, else None."""
    flat = " ".join(text.split()).strip(".,;:!?()'\"")
    if not flat or len(flat) > 40 or not _WORD.match(flat):
        return None
    return flat.lower()


def _scalar(word: str) -> str:
    return json.dumps(word, ensure_ascii=False)


def _load(text: str) -> Any:
    try:
        return yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError:
        return None


def allow_edit(config_text: str, word: str) -> Edit | None:
    """Add ``word`` to ``allow:`` in a ``.helderetaal.yaml`` text, keeping everything else.

    Returns None when the word is already allowed or the file cannot be edited safely (it is
    not valid YAML, or the edit would not give the expected result).
    """
    before = _load(config_text)
    if before is None or not isinstance(before, dict):
        return None
    current = before.get("allow") or []
    if not isinstance(current, list):
        return None
    if word.lower() in {str(item).strip().lower() for item in current}:
        return None
    newline = "\r\n" if "\r\n" in config_text else "\n"
    edit = _allow_edit(config_text, word, newline)
    after = _load(edit.apply(config_text))
    if not isinstance(after, dict):
        return None
    expected = {**before, "allow": [*current, word]}
    return edit if after == expected else None


def _allow_edit(text: str, word: str, newline: str) -> Edit:
    key = _ALLOW_KEY.search(text)
    item = _scalar(word)
    if key is None:
        prefix = "" if not text or text.endswith(("\n", "\r")) else newline
        return Edit(len(text), len(text), f"{prefix}allow:{newline}  - {item}{newline}")
    rest = key.group("rest")
    value = rest.split("#", 1)[0].strip() if not rest.strip().startswith(("'", '"')) else rest.strip()
    if value.startswith("[") and value.endswith("]"):
        close = key.start("rest") + rest.rindex("]")
        inner = value[1:-1].strip()
        return Edit(close, close, f", {item}" if inner else item)
    if value in ("", "~", "null"):
        # A block list (or nothing) follows: add an item after the last one.
        lines_after = text[key.end():]
        position = offset = key.end()
        indent = "  "
        for line in re.finditer(r"(\r\n|\r|\n)([^\r\n]*)", lines_after):
            content = line.group(2)
            if not content.strip() or content.lstrip().startswith("#"):
                continue
            stripped = content.lstrip(" ")
            if stripped.startswith("- ") or stripped == "-":
                indent = content[: len(content) - len(stripped)]
                position = offset + line.end()
                continue
            break
        if value in ("~", "null"):
            start = key.start("rest")
            return Edit(start, key.end(), f"{newline}{indent}- {item}")
        return Edit(position, position, f"{newline}{indent}- {item}")
    # Some other form (a single scalar, a multi-line flow list): rewrite just the value.
    start = key.start("rest")
    return Edit(start, key.end(), f"{newline}  - {item}")
