"""GitLab Code Quality report (a JSON list of issues in the Code Climate format).

Each issue has ``description``, ``check_name``, ``fingerprint`` (stable across runs: see
:mod:`helderetaal.baseline`), ``severity`` (info, minor, major, critical) and
``location.path`` with ``lines.begin``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..runner import RunResult

SEVERITIES = {"error": "critical", "warning": "major", "info": "minor", "hint": "info"}


def render(result: RunResult, **_: Any) -> str:
    """The Code Quality JSON for every finding and unreadable file."""
    issues: list[dict[str, Any]] = []
    for position, report in enumerate(result.reports):
        path = report.path or "<tekst>"
        marks = result.fingerprints[position] if position < len(result.fingerprints) else ()
        for index, finding in enumerate(report.findings):
            mark = marks[index] if index < len(marks) else f"{finding.rule}:{finding.start}:{finding.end}"
            description = finding.message
            label = report.location_of(index)
            if label:
                description = f"{description} ({label})"
            issues.append({
                "type": "issue",
                "description": description,
                "check_name": finding.rule,
                "categories": ["Style"],
                # Unique per file as GitLab wants; stable when lines move.
                "fingerprint": hashlib.sha256(f"{path}\x00{mark}".encode()).hexdigest()[:40],
                "severity": SEVERITIES.get(finding.severity, "minor"),
                "location": {"path": path, "lines": {"begin": finding.line, "end": finding.end_line}},
            })
    for error in result.errors:
        issues.append({
            "type": "issue",
            "description": f"Kan niet controleren: {error.message}",
            "check_name": "leesfout",
            "categories": ["Bug Risk"],
            "fingerprint": hashlib.sha256(f"{error.path}\x00leesfout".encode()).hexdigest()[:40],
            "severity": "critical",
            "location": {"path": error.path, "lines": {"begin": 1}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
