"""The ``helderetaal`` command.

Exit codes: 0 no findings at or above ``--fail-on``; 1 such findings; 2 a usage, config or
input error (also when other files had findings).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .finding import SEVERITIES, at_least

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class InputProblem(click.ClickException):
    """A usage, config or input problem: exit code 2 (click's own ClickException exits 1)."""

    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"helderetaal: {self.format_message()}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="helderetaal")
def main() -> None:
    """helderetaal: controleert brieven aan bewoners op heldere taal."""


def _choose_format(requested: str | None) -> str:
    if requested:
        return requested
    if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in _formatters():
        return "github"
    return "text"


def _formatters() -> dict:
    from .formatters import FORMATTERS

    return FORMATTERS


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", default=None,
              help="Uitvoer: text, json (en meer: zie --help bij 'formats'). Standaard text; github onder GitHub Actions.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Configuratiebestand (.helderetaal.yaml of pyproject.toml). Standaard: het dichtstbijzijnde.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "hint"]), default="warning",
              show_default=True, help="Exitcode 1 bij bevindingen van dit niveau of ernstiger.")
@click.option("--exit-zero", is_flag=True, help="Exitcode 0, ook bij bevindingen (fouten bij het lezen geven nog 2).")
@click.option("--profile", default=None, help="Briefsoort: werkzaamheden, uitnodiging, besluit, participatie.")
@click.option("--stdin-filename", default=None, help="Naam voor tekst van '-' (stdin); het achtervoegsel kiest de lezer.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Schrijf de uitvoer naar dit bestand in plaats van naar het scherm.")
@click.option("--quiet", "-q", is_flag=True, help="Geen voortgang en geen totaalregel op het scherm.")
@click.option("--color/--no-color", default=None, help="Kleur aan of uit (standaard: alleen op een terminal).")
def check(paths: tuple[str, ...], output_format: str | None, config_path: str | None, fail_on: str, exit_zero: bool,
          profile: str | None, stdin_filename: str | None, output: str | None, quiet: bool, color: bool | None) -> None:
    """Controleer brieven (bestanden of mappen; '-' leest stdin)."""
    from .runner import ConfigResolver, collect_paths, run
    from .yamlfile import ConfigError

    output_format = _choose_format(output_format)
    formatters = _formatters()
    if output_format not in formatters:
        raise InputProblem(f"onbekend formaat '{output_format}' (kies uit: {', '.join(sorted(formatters))})")
    try:
        resolver = ConfigResolver(config_path, {"profile": profile} if profile else None)
    except ConfigError as error:
        raise InputProblem(f"configuratiefout: {error}") from None
    files, missing = collect_paths(paths, resolver.explicit.exclude if resolver.explicit else ())
    if not files and not missing:
        raise InputProblem("geen brieven gevonden in " + ", ".join(paths))
    result = run(files, resolver, stdin_filename)
    result.errors[:0] = missing

    to_terminal = output is None and sys.stdout.isatty()
    use_color = color if color is not None else to_terminal
    rendered = formatters[output_format](result, color=use_color and output is None)
    if output:
        try:
            Path(output).write_text(rendered, encoding="utf-8")
        except OSError as error:
            raise InputProblem(f"kan {output} niet schrijven: {error.strerror or error}") from None
    else:
        click.echo(rendered, nl=False)
    if result.errors:
        sys.exit(EXIT_ERROR)
    failing = any(at_least(f.severity, fail_on) for report in result.reports for f in report.findings)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


@main.command("rules")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Neem ook de eigen regels uit dit configuratiebestand mee.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(config_path: str | None, output_format: str) -> None:
    """Toon alle regels."""
    import json

    from .config import discover_config, load_config
    from .yamlfile import ConfigError

    try:
        config = load_config(config_path) if config_path else discover_config(Path.cwd())
        ruleset = config.ruleset()
    except ConfigError as error:
        raise InputProblem(f"configuratiefout: {error}") from None
    if output_format == "json":
        rows = [{"id": r.id, "kind": r.spec.kind, "category": r.spec.category, "severity": r.spec.severity,
                 "title": r.spec.title, "enabled": config.settings(r.id).enabled} for r in ruleset]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max((len(rule.id) for rule in ruleset), default=10)
    for rule in ruleset:
        state = "" if config.settings(rule.id).enabled else "  (uit)"
        click.echo(f"{rule.id:<{width}}  {rule.spec.category:<12} {rule.spec.severity:<8} {rule.spec.title}{state}")


@main.command()
@click.argument("rule_id")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None)
def explain(rule_id: str, config_path: str | None) -> None:
    """Leg een regel uit: wat, waarom, voorbeeld, beter."""
    from .config import discover_config, load_config
    from .yamlfile import ConfigError

    try:
        config = load_config(config_path) if config_path else discover_config(Path.cwd())
        ruleset = config.ruleset()
    except ConfigError as error:
        raise InputProblem(f"configuratiefout: {error}") from None
    rule = ruleset.get(rule_id)
    if rule is None:
        raise InputProblem(f"onbekende regel '{rule_id}'; 'helderetaal rules' toont alle regels")
    spec = rule.spec
    click.echo(f"{spec.id}: {spec.title}")
    click.echo(f"categorie: {spec.category}, niveau: {spec.severity}\n")
    for heading, text in (("Wat", spec.explanation.wat), ("Waarom", spec.explanation.waarom),
                          ("Voorbeeld", spec.explanation.voorbeeld), ("Beter", spec.explanation.beter)):
        click.echo(f"{heading}\n  {text}\n")
    if spec.url:
        click.echo(f"Meer: {spec.url}")



@main.command()
@click.argument("path")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def summary(path: str, config_path: str | None, output_format: str) -> None:
    """Stel een blok 'In het kort' voor, gemaakt van wat er in de brief staat."""
    import json

    from .runner import ConfigResolver, check_one, FileError
    from .yamlfile import ConfigError

    try:
        resolver = ConfigResolver(config_path)
    except ConfigError as error:
        raise InputProblem(f"configuratiefout: {error}") from None
    outcome = check_one(path, resolver)
    if isinstance(outcome, FileError):
        raise InputProblem(f"{outcome.path}: {outcome.message}")
    if output_format == "json":
        click.echo(json.dumps({"path": outcome.path, "summary": outcome.summary}, ensure_ascii=False, indent=2))
    elif outcome.summary:
        click.echo(outcome.summary)
    else:
        click.echo("Er staat te weinig concrete informatie in de brief voor een samenvatting "
                   "(wat gebeurt er, wanneer, wat moet de lezer doen, wie is de contactpersoon).", err=True)
        sys.exit(EXIT_FINDINGS)


@main.command()
@click.option("--tcp", is_flag=True, help="Luister op TCP (alleen 127.0.0.1) in plaats van stdio.")
@click.option("--port", type=int, default=2087, show_default=True, help="TCP-poort bij --tcp.")
def lsp(tcp: bool, port: int) -> None:
    """Start de taalserver (Language Server Protocol) voor de editor."""
    from .lsp import serve

    serve(tcp=tcp, port=port)


if __name__ == "__main__":  # pragma: no cover
    main()
