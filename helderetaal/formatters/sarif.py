"""SARIF 2.1.0 for code scanning (GitHub) and other SARIF viewers.

Rule metadata comes from the caller as data (``rules=[{"id", "title", "description", "explanation",
"explanation_markdown", "url", "severity", "category"}]``): this module knows nothing about rule
kinds. Lines and columns are 1-based; a Word or ODT file's region refers to its extracted text,
and the paragraph label ("alinea 12") is added to the message.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..runner import RunResult

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}


def artifact_uri(path: str) -> dict[str, str]:
    """An ``artifactLocation``: relative paths against %SRCROOT%, absolute ones as file URIs."""
    candidate = Path(path)
    if candidate.is_absolute():
        return {"uri": candidate.as_uri()}
    return {"uri": quote(candidate.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def _rule_entry(rule: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": rule["id"],
        "name": rule["id"],
        "shortDescription": {"text": rule.get("title") or rule["id"]},
    }
    if rule.get("description"):
        entry["fullDescription"] = {"text": rule["description"]}
    if rule.get("explanation"):
        entry["help"] = {"text": rule["explanation"]}
        if rule.get("explanation_markdown"):
            entry["help"]["markdown"] = rule["explanation_markdown"]
    if rule.get("url"):
        entry["helpUri"] = rule["url"]
    if rule.get("severity"):
        entry["defaultConfiguration"] = {"level": _LEVELS.get(rule["severity"], "warning")}
    if rule.get("category"):
        entry["properties"] = {"tags": [rule["category"]], "category": rule["category"]}
    return entry


#: A snippet shows where a finding is, not the file: findings over a whole letter stay short.
MAX_SNIPPET = 200


def _snippet(text: str) -> str:
    return text if len(text) <= MAX_SNIPPET else text[: MAX_SNIPPET - 1] + "…"


def as_dict(result: RunResult, rules: Any = None, version: str | None = None) -> dict[str, Any]:
    """The SARIF log as a dict."""
    known = {rule["id"]: rule for rule in rules or ()}
    used = [f.rule for report in result.reports for f in report.findings]
    order = list(known) + [rule for rule in dict.fromkeys(used) if rule not in known]
    index = {rule_id: position for position, rule_id in enumerate(order)}
    descriptors = [_rule_entry(known.get(rule_id) or {"id": rule_id}) for rule_id in order]

    results: list[dict[str, Any]] = []
    for position, report in enumerate(result.reports):
        marks = result.fingerprints[position] if position < len(result.fingerprints) else ()
        location = artifact_uri(report.path or "stdin")
        for number, finding in enumerate(report.findings):
            message = finding.message
            label = report.location_of(number)
            if label:
                message = f"{message} ({label})"
            if finding.suggestions:
                message += f" Suggestie: {', '.join(finding.suggestions)}."
            region = {"startLine": finding.line, "startColumn": finding.column,
                      "endLine": finding.end_line, "endColumn": finding.end_column,
                      "charOffset": finding.start, "charLength": finding.end - finding.start,
                      "snippet": {"text": _snippet(finding.text)}}
            physical: dict[str, Any] = {"artifactLocation": dict(location), "region": region}
            entry: dict[str, Any] = {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": _LEVELS.get(finding.severity, "warning"),
                "message": {"text": message},
                "locations": [{"physicalLocation": physical}],
                "properties": {"category": finding.category, "severity": finding.severity},
            }
            if label:
                entry["locations"][0]["logicalLocations"] = [{"name": label, "kind": "paragraph"}]
            if number < len(marks):
                entry["partialFingerprints"] = {"helderetaal/v1": marks[number]}
            results.append(entry)

    notifications = [{
        "level": "error",
        "message": {"text": f"kan niet controleren: {error.message}"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_uri(error.path)}}],
    } for error in result.errors]
    driver: dict[str, Any] = {"name": "helderetaal", "rules": descriptors}
    if version:
        driver["version"] = version
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "invocations": [{"executionSuccessful": not result.errors,
                             "toolExecutionNotifications": notifications}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def render(result: RunResult, *, rules: Any = None, **_: Any) -> str:
    """The SARIF log as pretty-printed JSON."""
    try:
        from importlib.metadata import version

        tool_version: str | None = version("helderetaal")
    except Exception:
        tool_version = None
    return json.dumps(as_dict(result, rules, tool_version), ensure_ascii=False, indent=2) + "\n"
