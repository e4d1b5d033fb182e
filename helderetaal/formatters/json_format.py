"""The JSON contract (version 1) that other tools parse. Keep field names; bump the version
for any incompatible change."""

from __future__ import annotations

import json
from typing import Any

from ..runner import RunResult

VERSION = 1


def as_dict(result: RunResult) -> dict[str, Any]:
    """The whole run as the contract's object."""
    return {
        "version": VERSION,
        "files": [report.to_dict() for report in result.reports],
        "errors": [error.to_dict() for error in result.errors],
    }


def render(result: RunResult, **_: Any) -> str:
    """Pretty-printed JSON, UTF-8 characters kept readable."""
    return json.dumps(as_dict(result), ensure_ascii=False, indent=2) + "\n"
