"""A rule's documentation as text for ``helderetaal explain``: what, why, example, better,
known problems (as ruff's rule pages have them) and the options with the values in effect."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .finding import SEVERITY_WORDS
from .kinds.options import show_value

if TYPE_CHECKING:
    from .config import Config
    from .ruleset import Rule


def explain_text(rule: Rule, config: Config) -> str:
    """The page for ``rule`` under ``config``, in Dutch, ending with a newline."""
    spec = rule.spec
    settings = config.settings(rule.id)
    severity = settings.severity or spec.severity
    lines = [f"{spec.id}: {spec.title}", f"categorie: {spec.category}, niveau: {SEVERITY_WORDS[severity]}", ""]
    for heading, text in spec.explanation.sections():
        lines += [heading, f"  {text}", ""]
    lines += _options_lines(rule, config)
    if spec.url:
        lines.append(f"Meer: {spec.url}")
    return "\n".join(lines).rstrip("\n") + "\n"


def _options_lines(rule: Rule, config: Config) -> list[str]:
    settings = config.settings(rule.id)
    effective = rule.options_with(settings.layer)
    declared = rule.spec.options.declared()
    if not declared:
        return ["Instellingen", "  Deze regel heeft geen instellingen. U kunt hem wel uitzetten of een ander niveau "
                "geven.", ""]
    where = config.path.name if config.path else ".helderetaal.yaml"
    lines = ["Instellingen", f"  Te wijzigen in {where}, onder 'rules:' en dan '{rule.id}:'.", ""]
    for info in declared:
        origin = f"   (ingesteld in {where})" if info.name in settings.options else ""
        lines.append(f"  {info.name}: {_shown(effective[info.name], yaml=True)}{origin}")
        minimum = f", minstens {info.minimum:g}" if info.minimum is not None else ""
        details = [info.doc, f"Waarde: {info.describe_type(dutch=True)}{minimum}.",
                   f"Standaard: {_shown(rule.spec.options[info.name])}."]
        if info.rule_file_only:
            details.append("Alleen in het regelbestand in te stellen.")
        lines.append("    " + " ".join(part for part in details if part))
    lines.append("")
    return lines


def _shown(value: object, yaml: bool = False) -> str:
    """An option's value as the config writes it; an empty text is ``''`` on the setting's own
    line (what YAML needs) and "leeg ('')" in a sentence, never nothing."""
    text = show_value(value, False)
    if text.strip():
        return text
    return "''" if yaml else "leeg ('')"
