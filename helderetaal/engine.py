"""Runs the rules over a document and turns their matches into findings."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .config import Config
from .document import Document
from .dutch import fit_replacement
from .finding import CATEGORIES, ELEMENT_KEYS, Finding, Match, Place, merge_overlapping_wording, severity_rank
from .fingerprint import fingerprints
from .kinds.base import attach_running_rules
from .letter import Letter, attach_letter, build_letter
from .passport import Passport, build_passport
from .readers.base import SourceText
from .ruleset import Rule, RuleSet
from .templates import fill_template

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Report:
    """The result of checking one letter.

    ``findings`` are sorted by position. ``metrics`` holds the readability figures,
    ``elements`` the required elements (present or not, with evidence), ``facts`` what was read
    from the letter (dates, contacts, ...), ``summary`` a suggested "In het kort" text.
    ``errors`` lists rules that failed on this letter (the other rules still ran).
    """

    path: str | None
    findings: tuple[Finding, ...]
    metrics: Mapping[str, Any]
    elements: Mapping[str, Any]
    facts: Mapping[str, Any]
    summary: str | None
    profile: str | None = None
    errors: tuple[str, ...] = ()
    locations: Mapping[int, str] = field(default_factory=dict, compare=False)
    #: Where findings about the whole letter are placed: (start, end) of the salutation, else
    #: of the first line of the message.
    anchor: tuple[int, int] = (0, 0)
    #: ``fingerprints[i]`` is the stable fingerprint of ``findings[i]`` (see :mod:`helderetaal.fingerprint`).
    fingerprints: tuple[str, ...] = field(default=(), compare=False)
    #: How the letter meets the residents' demands (see :mod:`helderetaal.passport`).
    passport: Passport | None = field(default=None, compare=False)

    def location_of(self, index: int) -> str | None:
        """Where finding ``index`` sits in a Word or ODT file ("alinea 9"), else None."""
        return self.locations.get(index) if self.locations else None

    def to_dict(self) -> dict[str, Any]:
        """This report as one entry of the JSON contract's ``files`` list."""
        return {
            "path": self.path,
            "findings": [finding.to_dict() for finding in self.findings],
            "metrics": dict(self.metrics),
            "elements": dict(self.elements),
            "facts": dict(self.facts),
            "summary": self.summary,
            "passport": self.passport.to_dict() if self.passport else None,
        }


def format_message(template: str, values: Mapping[str, Any]) -> str:
    """Fill a rule message template such as ``"'{match}' is stijf"`` (plain ``{name}`` fields
    only, see :mod:`helderetaal.templates`)."""
    filled = fill_template(template, values)
    # An empty placeholder (a term without a note) must not leave a gap or a trailing space.
    return " ".join(filled.split())


def resolve_profile(document: Document, config: Config) -> str:
    """The letter profile: the letter's own directive, else the config, else detection."""
    from .letter import resolve_profile as resolve

    return resolve(document, config.profile)[0]


def understand(document: Document, config: Config) -> Letter:
    """The :class:`~helderetaal.letter.Letter` of ``document`` under ``config`` (profile first),
    registered for the rules to read."""
    letter = build_letter(document, config.profile, config.profiles)
    attach_letter(document, letter)
    return letter


def check_document(document: Document, config: Config, ruleset: RuleSet) -> Report:
    """Understand ``document`` once (the :class:`~helderetaal.letter.Letter`), then run every
    enabled rule over it."""
    letter = understand(document, config)
    findings: list[Finding] = []
    errors: list[str] = []
    running = []
    for rule in ruleset:
        settings = config.settings(rule.id, rule.spec.category)
        if settings.enabled:
            # A wrong value is the config's error, not the rule's.
            running.append((rule, settings, rule.options_with(settings.layer)))
    attach_running_rules(document, {rule.id: (rule.kind, options) for rule, _settings, options in running})
    for rule, settings, options in running:
        try:
            matches = list(rule.kind.check(document, options))
        except Exception as error:  # one failing rule must not cost the writer the other findings
            log.exception("rule %s failed on %s", rule.id, document.path)
            errors.append(f"regel '{rule.id}' kon deze brief niet controleren: {error}")
            continue
        findings.extend(_to_findings(document, rule, settings.severity, options, matches, config))
    findings.extend(_directive_findings(document, ruleset))
    findings = merge_overlapping_wording(_one_finding_per_span(_deduplicate(findings)))
    findings.sort(key=lambda f: (f.start, f.end, severity_rank(f.severity), f.rule))
    return Report(
        path=document.path,
        findings=tuple(findings),
        metrics=dict(letter.metrics),  # a plain copy: reports travel between --jobs processes (pickle)
        elements=letter.elements_dict(),
        facts=letter.facts_dict(),
        summary=letter.summary,
        profile=letter.profile,
        errors=tuple(errors),
        anchor=document.anchor(),
        passport=build_passport(document, findings, config),
    )


def _to_findings(document: Document, rule: Rule, severity_override: str | None, options: Mapping[str, Any],
                 matches: Iterable[Match], config: Config) -> Iterable[Finding]:
    spec = rule.spec
    for match in matches:
        start, end = max(0, match.start), min(len(document.text), match.end)
        if end < start:
            continue
        text = document.text[start:end]
        if config.allow and (_allowed(text, config.allow) or _allowed_term(match.data.get("term"), config.allow)):
            continue
        line, column = document.lines.position(start)
        if document.directives.suppressed(rule.id, line):
            continue
        end_line, end_column = document.lines.position(end)
        values = {**options, **match.data, "match": _one_line(text)}
        yield Finding(
            rule=rule.id,
            category=spec.category if spec.category in CATEGORIES else "style",
            severity=severity_override or match.severity or spec.severity,
            message=format_message(match.message or spec.message, values),
            start=start,
            end=end,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            text=text,
            suggestions=_fitted(document.text, start, match.suggestions),
            related=tuple(_place(document, other_start, other_end) for other_start, other_end in match.related),
        )


def _fitted(text: str, start: int, suggestions: Iterable[str]) -> tuple[str, ...]:
    """The suggestions that read well in place of the words at ``start`` (a quick fix inserts them)."""
    before = text[max(0, start - 40):start]
    return tuple(fit for suggestion in suggestions if (fit := fit_replacement(before, suggestion)) is not None)


#: Endings of inflected Dutch words: an allowed "trottoir" also allows "trottoirs".
_INFLECTIONS = ("'s", "en", "s", "e")


def _place(document: Document, start: int, end: int) -> Place:
    line, column = document.lines.position(start)
    end_line, end_column = document.lines.position(end)
    return Place(start, end, line, column, end_line, end_column, document.text[start:end])


def _allowed(text: str, allow: frozenset[str]) -> bool:
    lowered = " ".join(text.lower().split())
    if lowered in allow:
        return True
    for word in lowered.split():
        word = word.strip(".,;:!?()'\"")
        if word in allow or any(word.endswith(ending) and word[: -len(ending)] in allow for ending in _INFLECTIONS):
            return True
    return False


def _allowed_term(term: object, allow: frozenset[str]) -> bool:
    """True when the word-list entry behind a finding is an allowed word: allowing "rijbaan" also
    allows "rijbanen" and the compounds the entry names ("werkzaamheden" in "asfaltwerkzaamheden")."""
    if not isinstance(term, str):
        return False
    words = [word.split("|")[0].lower() for word in term.split() if word != "..."]
    return " ".join(words) in allow


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 60 else flat[:57] + "..."


def _directive_findings(document: Document, ruleset: RuleSet) -> Iterable[Finding]:
    """Directives that name rules that do not exist are reported, not silently ignored."""
    for start, end, ids in document.directives.mentions:
        unknown = sorted(rule_id for rule_id in ids if ruleset.get(rule_id) is None)
        if not unknown:
            continue
        line, column = document.lines.position(start)
        end_line, end_column = document.lines.position(end)
        yield Finding(
            rule="onbekende-regel",
            category="structure",
            severity="warning",
            message=f"Deze regel bestaat niet: {', '.join(unknown)}. Kijk met 'helderetaal rules' welke regels er zijn.",
            start=start,
            end=end,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            text=document.text[start:end],
        )


def _deduplicate(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int, int]] = set()
    unique = []
    for finding in findings:
        key = (finding.rule, finding.start, finding.end)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


#: Findings about word choice. On the same words, one of them is enough, and a finding of
#: another kind (vague *planning* in a works letter) says it more specifically.
_WORDING = ("jargon", "abbreviation", "vague", "style")


def _one_finding_per_span(findings: list[Finding]) -> list[Finding]:
    """Drop word-choice findings that repeat another finding on exactly the same words.

    "in het najaar" is vague wording and, in a works letter, vague planning: the writer sees
    the planning finding once. Findings of other categories are all kept (a date can be both
    on the wrong weekday and too soon), and so are findings about the letter as a whole.
    """
    other_spans = {(f.start, f.end) for f in findings if f.category not in _WORDING}
    best: dict[tuple[int, int], Finding] = {}
    kept: list[Finding] = []
    for finding in findings:
        key = (finding.start, finding.end)
        if finding.category not in _WORDING:
            kept.append(finding)
        elif key not in other_spans:
            current = best.get(key)
            if current is None or _preference(finding) < _preference(current):
                best[key] = finding
    return kept + list(best.values())


def _preference(finding: Finding) -> tuple[int, int, str]:
    return severity_rank(finding.severity), _WORDING.index(finding.category), finding.rule


def check_source(source: SourceText, config: Config, ruleset: RuleSet | None = None) -> Report:
    """Build the document for ``source`` and check it."""
    ruleset = ruleset if ruleset is not None else config.ruleset()
    document = Document(source, model=config.model)
    report = check_document(document, config, ruleset)
    report = replace(report, fingerprints=fingerprints(document, report.findings))
    if source.locations:
        locations = {index: source.location_of(f.start) or "" for index, f in enumerate(report.findings)}
        return replace(report, locations=locations)
    return report


__all__ = ["ELEMENT_KEYS", "Report", "check_document", "check_source", "format_message", "resolve_profile", "understand"]
