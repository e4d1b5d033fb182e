"""Rule message templates: plain ``{name}`` fields, nothing else.

A message comes from a rule file, which may come from a pull request. Python's ``str.format``
would follow attributes and indexes (``{options.__class__...}``) into the process and could
print its environment into CI annotations; these templates only look names up in the values
they are given. ``{{`` and ``}}`` stand for literal braces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_PIECE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class TemplateError(ValueError):
    """A template that is not made of plain ``{name}`` fields."""


def template_fields(template: str) -> list[str]:
    """The field names of ``template``; raises :class:`TemplateError` for anything but ``{name}``."""
    fields = []
    for piece in _PIECE.finditer(template):
        token = piece.group()
        if token in ("{{", "}}"):
            continue
        name = piece.group(1)
        if name is None:
            raise TemplateError(f"a lone '{token}' (write '{token * 2}' for the character itself)")
        if not _NAME.fullmatch(name):
            raise TemplateError(f"'{{{name}}}' is not a plain field; write '{{name}}' with letters, digits "
                                "and '_' only (no dots, brackets, '!' or ':')")
        fields.append(name)
    return fields


def fill_template(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with each ``{name}`` replaced by ``str(values[name])``.

    An unknown name stays visible as ``{name}``; anything that is not a plain field is kept as
    written (templates from rule files are checked with :func:`template_fields` when they load).
    """

    def replace(piece: re.Match[str]) -> str:
        token = piece.group()
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = piece.group(1)
        if name is not None and _NAME.fullmatch(name) and name in values:
            return str(values[name])
        return token

    return _PIECE.sub(replace, template)
