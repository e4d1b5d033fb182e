"""Output formats. Each module renders a :class:`~helderetaal.runner.RunResult`; none of them
knows how findings are made."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import github, gitlab, json_format, junit, sarif, text

#: name -> render(result, **context) -> str
FORMATTERS: dict[str, Callable[..., str]] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "junit": junit.render,
}


def register_formatter(name: str, render: Callable[..., Any]) -> None:
    """Add an output format under ``name``."""
    FORMATTERS[name] = render


__all__ = ["FORMATTERS", "register_formatter"]
