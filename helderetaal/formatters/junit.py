"""JUnit XML: one test case per file. A file fails when it has findings at or above ``fail_on``;
all its findings are listed in the failure text. An unreadable file is an ``<error>``."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from ..finding import at_least
from ..runner import RunResult


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("\ufffd", text)


def render(result: RunResult, *, fail_on: str = "warning", **_: Any) -> str:
    """The JUnit XML document for the run."""
    suites = ET.Element("testsuites", name="helderetaal")
    suite = ET.SubElement(suites, "testsuite", name="helderetaal")
    tests = failures = errors = 0
    for report in result.reports:
        tests += 1
        path = report.path or "<tekst>"
        case = ET.SubElement(suite, "testcase", classname="helderetaal", name=_clean(path), file=_clean(path))
        lines = []
        for index, finding in enumerate(report.findings):
            label = report.location_of(index)
            where = f"{path}:{finding.line}:{finding.column}" + (f" ({label})" if label else "")
            lines.append(_clean(f"{where}: {finding.severity} [{finding.rule}] {finding.message}"))
        failing = [f for f in report.findings if at_least(f.severity, fail_on)]
        if failing:
            failures += 1
            count = len(report.findings)
            failure = ET.SubElement(case, "failure", type=failing[0].severity,
                                    message=f"{count} {'bevinding' if count == 1 else 'bevindingen'}")
            failure.text = "\n".join(lines)
        elif lines:
            ET.SubElement(case, "system-out").text = "\n".join(lines)
    for error in result.errors:
        tests += 1
        errors += 1
        case = ET.SubElement(suite, "testcase", classname="helderetaal", name=_clean(error.path),
                             file=_clean(error.path))
        ET.SubElement(case, "error", type="leesfout", message=_clean(error.message)).text = _clean(error.message)
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
