"""The ``helderetaal`` command.

Exit codes: 0 no findings at or above ``--fail-on``; 1 such findings; 2 a usage, config or
input error (also when other files had findings).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from .finding import SEVERITIES, SEVERITY_WORDS, at_least
from .oserrors import reason as os_reason

if TYPE_CHECKING:
    from .config import Config
    from .resolver import ConfigResolver
    from .runner import RunResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_F = TypeVar("_F", bound=Callable[..., Any])


class UsageProblem(click.UsageError):
    """A wrong option value found after parsing (unknown profile or rule): exit code 2 with usage."""

    exit_code = EXIT_ERROR


class InputProblem(click.ClickException):
    """A usage, config or input problem: exit code 2 (click's own ClickException exits 1)."""

    exit_code = EXIT_ERROR

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"helderetaal: {self.format_message()}", err=True)


class _DutchGroup(click.Group):
    """The command group; click's own texts (usage errors, help headings) are shown in Dutch."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from .clidutch import install

        install()
        return super().main(*args, **kwargs)


@click.group(cls=_DutchGroup, subcommand_metavar="OPDRACHT [ARGUMENTEN]...",
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="helderetaal", help="Toon het versienummer en stop.")
def main() -> None:
    """helderetaal: controleert brieven aan bewoners op heldere taal."""


def _choose_format(requested: str | None) -> str:
    if requested:
        return requested
    if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in _formatters():
        return "github"
    return "text"


def _formatters() -> dict[str, Any]:
    from .formatters import FORMATTERS

    return FORMATTERS


_FORMAT_HELP = ("Uitvoer: text, json, sarif, github, gitlab of junit. Standaard text; github onder "
                "GitHub Actions.")


def _check_options(function: _F) -> _F:
    """Options shared by 'check' and 'baseline'."""
    for option in reversed((
        click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                     help="Configuratiebestand (.helderetaal.yaml of pyproject.toml). Standaard: het dichtstbijzijnde."),
        click.option("--profile", default=None,
                     help="Briefsoort: werkzaamheden, uitnodiging, besluit, participatie, algemeen "
                          "(of een profiel uit de configuratie)."),
        click.option("--select", "select", multiple=True, metavar="REGELS",
                     help="Alleen deze regels of categorieën (komma's of herhalen), bijvoorbeeld ambtelijk,vaag."),
        click.option("--ignore", "ignore", multiple=True, metavar="REGELS",
                     help="Sla deze regels of categorieën over (komma's of herhalen)."),
        click.option("--stdin-filename", default=None,
                     help="Naam voor tekst van '-' (stdin); het achtervoegsel kiest de lezer."),
        click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
                     help="Controleer zoveel bestanden tegelijk (0: kies zelf; parallel alleen als dat "
                          "sneller is)."),
        click.option("--quiet", "-q", is_flag=True, help="Geen voortgang en geen totaalregel op het scherm."),
    )):
        function = option(function)
    return function


def _names(values: tuple[str, ...]) -> list[str]:
    """``--select a,b --select c`` as ``[a, b, c]``."""
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def _overrides(config_path: str | None, profile: str | None, select: tuple[str, ...] = (),
               ignore: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """Command-line settings as config overrides; unknown profiles and rules are usage errors."""
    from .config import discover_config, known_profiles, load_config
    from .yamlfile import ConfigError

    overrides: dict[str, Any] = {}
    selected, ignored = _names(select), _names(ignore)
    if not (profile or selected or ignored):
        return None
    try:
        base = load_config(config_path) if config_path else discover_config(Path.cwd())
        ruleset = base.ruleset(prepare=False)
    except ConfigError as error:
        raise InputProblem(f"configuratiefout: {error}") from None
    if profile:
        profile = profile.strip().lower()
        if profile not in known_profiles(base.profiles):
            raise UsageProblem(f"onbekend profiel '{profile}' bij --profile "
                               f"(kies uit: {', '.join(known_profiles(base.profiles))})")
        overrides["profile"] = profile
    categories = {rule.spec.category for rule in ruleset}
    for option, names in (("--select", selected), ("--ignore", ignored)):
        for name in names:
            if ruleset.get(name) is None and name not in categories:
                raise UsageProblem(f"onbekende regel of categorie '{name}' bij {option}; "
                                   "'helderetaal rules' toont alle regels")
    if selected:
        overrides["select"] = selected
    if ignored:
        overrides["ignore"] = ignored
    return overrides


def _run_check(paths: tuple[str, ...], config_path: str | None, profile: str | None, stdin_filename: str | None,
               jobs: int, quiet: bool, select: tuple[str, ...] = (),
               ignore: tuple[str, ...] = ()) -> tuple[RunResult, list[dict[str, Any]]]:
    """Collect, check (in parallel when asked) and return (result, rule metadata)."""
    from .resolver import ConfigResolver
    from .runner import collect, run
    from .yamlfile import ConfigError

    try:
        resolver = ConfigResolver(config_path, _overrides(config_path, profile, select, ignore))
    except ConfigError as error:
        raise InputProblem(f"configuratiefout: {error}") from None
    collection = collect(paths, resolver.explicit.exclude if resolver.explicit else (), resolver)
    files, missing = collection.files, collection.errors
    if not files and not missing:
        raise InputProblem("geen brieven gevonden in " + ", ".join(paths))
    rules = _rule_metadata(resolver, files)
    progress = _progress_bar(len(files)) if _show_progress(quiet, len(files)) else None
    from concurrent.futures.process import BrokenProcessPool

    try:
        result = run(files, resolver, stdin_filename, progress=progress, jobs=jobs)
    except BrokenProcessPool:
        raise InputProblem("een controleproces stopte onverwacht (te weinig geheugen?); probeer --jobs 1") from None
    finally:
        if progress is not None:
            progress.close()
    result.errors[:0] = missing
    result.skipped = collection.skipped
    return result, rules


def _rule_metadata(resolver: ConfigResolver, files: list[str]) -> list[dict[str, Any]]:
    """Rule metadata as data for the formatters (so output code never touches rule kinds).

    Resolving every file's config here also fills the resolver's cache before workers start.
    """
    from .yamlfile import ConfigError

    rules: dict[str, dict[str, Any]] = {}
    configs: set[int] = set()
    for path in files:
        try:
            config = resolver.for_path(path)
            if id(config) in configs:
                continue
            configs.add(id(config))
            ruleset = config.ruleset()
        except ConfigError:
            continue  # reported for that file by the check itself
        for rule in ruleset:
            if rule.id in rules:
                continue
            spec = rule.spec
            rules[rule.id] = {
                "id": rule.id,
                "title": spec.title,
                "category": spec.category,
                "severity": spec.severity,
                "description": spec.explanation.wat.strip(),
                "explanation": spec.explanation.as_text(),
                "explanation_markdown": spec.explanation.as_markdown(),
                "url": spec.url,
            }
    return list(rules.values())


#: A run of fewer files than this is over before a bar helps.
PROGRESS_MIN_FILES = 20


def _show_progress(quiet: bool, files: int, stream: IO[str] | None = None,
                   environ: Mapping[str, str] | None = None) -> bool:
    """A progress bar only for long runs, on a terminal, not in CI logs and not with --quiet."""
    stream = stream if stream is not None else sys.stderr
    environ = environ if environ is not None else os.environ
    if quiet or files < PROGRESS_MIN_FILES or environ.get("CI") or environ.get("GITHUB_ACTIONS") \
            or environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class _progress_bar:
    """A one-line progress bar on stderr, redrawn in place and wiped at the end."""

    def __init__(self, total: int, stream: IO[str] | None = None, width: int = 30) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        filled = int(self.width * done / max(total, 1))
        self.stream.write(f"\r[{'#' * filled}{'-' * (self.width - filled)}] {done}/{total} brieven")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * (self.width + 30) + "\r")
            self.stream.flush()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", default=None, help=_FORMAT_HELP)
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "hint"]), default="warning",
              show_default=True, help="Exitcode 1 bij bevindingen van dit niveau of ernstiger.")
@click.option("--exit-zero", is_flag=True, help="Exitcode 0, ook bij bevindingen (fouten bij het lezen geven nog 2).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Schrijf de uitvoer naar dit bestand in plaats van naar het scherm.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None,
              help="Toon alleen bevindingen die niet in dit baseline-bestand staan (zie 'helderetaal baseline').")
@click.option("--min-severity", type=click.Choice(list(SEVERITIES)), default=None,
              help="Toon alleen bevindingen van dit niveau of ernstiger (error, warning, info, hint).")
@click.option("--statistics", is_flag=True,
              help="Toon alleen het aantal bevindingen per regel (text of json).")
@click.option("--color/--no-color", default=None,
              help="Kleur aan of uit (standaard: alleen op een terminal, niet als NO_COLOR gezet is).")
@click.option("--passport", "show_passport", is_flag=True,
              help="Toon per brief het paspoort: hoe de brief voldoet aan wat bewoners vragen (uitvoer text).")
@_check_options
def check(paths: tuple[str, ...], output_format: str | None, config_path: str | None, fail_on: str, exit_zero: bool,
          profile: str | None, stdin_filename: str | None, output: str | None, quiet: bool, color: bool | None,
          baseline_path: str | None, jobs: int, select: tuple[str, ...], ignore: tuple[str, ...],
          min_severity: str | None, statistics: bool, show_passport: bool = False) -> None:
    """Controleer brieven (bestanden of mappen; '-' leest stdin)."""
    output_format = _choose_format(output_format)
    formatters = _formatters()
    if output_format not in formatters:
        raise UsageProblem(f"onbekend formaat '{output_format}' (kies uit: {', '.join(sorted(formatters))})")
    if statistics and output_format not in ("text", "json"):
        raise UsageProblem("--statistics werkt met --format text of json")
    baseline = None
    if baseline_path:
        from .baseline import Baseline, BaselineError

        try:
            baseline = Baseline.load(baseline_path)
        except BaselineError as error:
            raise InputProblem(str(error)) from None
    result, rules = _run_check(paths, config_path, profile, stdin_filename, jobs, quiet, select, ignore)
    hidden = 0
    if baseline is not None:
        result, hidden = baseline.filter(result)
    if min_severity:
        result = _at_least(result, min_severity)

    use_color = output is None and (color if color is not None else _colour_by_default(sys.stdout))
    if statistics:
        from .formatters.text import render_statistics

        rendered = render_statistics(result, rules=rules, color=use_color, as_json=output_format == "json")
    else:
        rendered = formatters[output_format](result, color=use_color, rules=rules, fail_on=fail_on, quiet=quiet,
                                             passport=show_passport)
    if output:
        from .atomicfile import write_atomically

        try:
            write_atomically(output, rendered)
        except OSError as error:
            raise InputProblem(f"kan {output} niet schrijven: {os_reason(error)}") from None
    else:
        _write_stdout(rendered)
    if result.skipped and not quiet and output_format not in ("text", "github"):
        from .formatters.text import skipped_note

        click.echo(f"helderetaal: {skipped_note(len(result.skipped))}", err=True)
    if hidden and not quiet:
        click.echo(f"helderetaal: {hidden} bekende {'bevinding' if hidden == 1 else 'bevindingen'} uit de "
                   f"baseline niet getoond", err=True)
    if result.errors:
        sys.exit(EXIT_ERROR)
    failing = any(at_least(f.severity, fail_on) for report in result.reports for f in report.findings)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


def _write_stdout(text: str) -> None:
    """Write the report to stdout; a full disk or a closed pipe is one clear error (exit 2)."""
    try:
        click.echo(text, nl=False)
        sys.stdout.flush()
    except OSError as error:
        # Nothing more can reach this stdout; point it at nothing so the exit does not fail again.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        raise InputProblem(f"kan de uitvoer niet schrijven: {os_reason(error)}") from None


def _colour_by_default(stream: IO[str], environ: Mapping[str, str] | None = None) -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org) or the terminal is dumb."""
    environ = environ if environ is not None else os.environ
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _at_least(result: RunResult, min_severity: str) -> RunResult:
    """The result without findings below ``min_severity`` (their fingerprints go with them)."""
    from dataclasses import replace

    reports, fingerprints = [], []
    for index, report in enumerate(result.reports):
        marks = result.fingerprints[index] if index < len(result.fingerprints) else ()
        keep = [i for i, finding in enumerate(report.findings) if at_least(finding.severity, min_severity)]
        locations = {new: report.locations[old] for new, old in enumerate(keep) if old in (report.locations or {})}
        reports.append(replace(report, findings=tuple(report.findings[i] for i in keep), locations=locations))
        fingerprints.append(tuple(marks[i] for i in keep if i < len(marks)))
    # replace() keeps the rest of the result (the skipped files, the errors).
    return replace(result, reports=reports, errors=list(result.errors), fingerprints=fingerprints)


@main.command("baseline")
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), required=True,
              help="Het baseline-bestand om te schrijven (bijvoorbeeld .helderetaal-baseline.json).")
@_check_options
def make_baseline(paths: tuple[str, ...], output: str, config_path: str | None, profile: str | None,
                  stdin_filename: str | None, jobs: int, quiet: bool, select: tuple[str, ...],
                  ignore: tuple[str, ...]) -> None:
    """Leg de bevindingen van vandaag vast; 'check --baseline' toont daarna alleen nieuwe."""
    from .baseline import write_baseline
    from .formatters.printable import printable, printable_path

    if "-" in paths:
        raise InputProblem("een baseline gaat over bestanden; '-' (stdin) kan niet")
    result, _ = _run_check(paths, config_path, profile, stdin_filename, jobs, quiet, select, ignore)
    try:
        count = write_baseline(result, output)
    except OSError as problem:
        raise InputProblem(f"kan {output} niet schrijven: {os_reason(problem)}") from None
    if not quiet:
        files = len(result.reports)
        click.echo(f"{count} {'bevinding' if count == 1 else 'bevindingen'} uit {files} "
                   f"{'bestand' if files == 1 else 'bestanden'} vastgelegd in {output}", err=True)
    for error in result.errors:
        click.echo(f"{printable_path(error.path)}: kan niet controleren: {printable(error.message)}", err=True)
    sys.exit(EXIT_ERROR if result.errors else EXIT_CLEAN)


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
        ruleset = config.ruleset(prepare=False)
    except ConfigError as error:
        raise InputProblem(f"configuratiefout: {error}") from None
    if output_format == "json":
        rows = [{"id": r.id, "kind": r.spec.kind, "category": r.spec.category, "severity": r.spec.severity,
                 "title": r.spec.title, "enabled": config.settings(r.id, r.spec.category).enabled, "url": r.spec.url}
                for r in ruleset]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max((len(rule.id) for rule in ruleset), default=10)
    for rule in ruleset:
        state = "" if config.settings(rule.id, rule.spec.category).enabled else "  (uit)"
        click.echo(f"{rule.id:<{width}}  {rule.spec.category:<12} {SEVERITY_WORDS[rule.spec.severity]:<12} "
                   f"{rule.spec.title}{state}")


@main.command()
@click.argument("rule_id")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None)
def explain(rule_id: str, config_path: str | None) -> None:
    """Leg een regel uit: wat, waarom, voorbeeld, beter."""
    from .config import discover_config, load_config
    from .yamlfile import ConfigError

    try:
        config = load_config(config_path) if config_path else discover_config(Path.cwd())
        ruleset = config.ruleset(prepare=False)
    except ConfigError as error:
        raise InputProblem(f"configuratiefout: {error}") from None
    rule = ruleset.get(rule_id)
    if rule is None:
        raise InputProblem(f"onbekende regel '{rule_id}'; 'helderetaal rules' toont alle regels")
    from .ruledoc import explain_text

    click.echo(explain_text(rule, config), nl=False)



@main.command("config")
@click.argument("path")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Dit configuratiebestand in plaats van de gevonden bestanden.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show_config(path: str, config_path: str | None, output_format: str) -> None:
    """Toon welke configuratie en regels gelden voor een brief (of een map)."""
    import json

    from .resolver import ConfigResolver
    from .yamlfile import ConfigError

    try:
        resolver = ConfigResolver(config_path)
        config = resolver.explicit if resolver.explicit is not None else _config_for(path)
        ruleset = config.ruleset(prepare=False)
    except ConfigError as error:
        raise InputProblem(f"configuratiefout: {error}") from None
    rows: list[dict[str, Any]] = []
    for rule in ruleset:
        settings = config.settings(rule.id, rule.spec.category)
        rows.append({"id": rule.id, "category": rule.spec.category, "enabled": settings.enabled,
                     "severity": settings.severity or rule.spec.severity, "default_severity": rule.spec.severity,
                     "options": {**rule.spec.options, **settings.options}})
    excluded = config.excludes(path)
    files = [str(source.resolve()) for source in config.sources]
    rule_dirs = [str(folder) for folder in config.rule_dirs]
    data = {"path": path, "files": files, "excluded": excluded,
            "profile": config.profile, "model": config.model, "allow": sorted(config.allow),
            "select": list(config.select) if config.select is not None else None, "ignore": list(config.ignore),
            "rule_dirs": rule_dirs, "rules": rows}
    if output_format == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"brief: {path}")
    if config.sources:
        click.echo("configuratie (de laatste gaat voor):")
        for source in files:
            click.echo(f"  {source}")
    else:
        click.echo("configuratie: geen bestand gevonden, de standaardinstellingen gelden")
    click.echo(f"uitgesloten (exclude): {'ja' if excluded else 'nee'}")
    click.echo(f"profiel: {config.profile}    model: {config.model}")
    if config.allow:
        click.echo(f"toegestane woorden: {', '.join(sorted(config.allow))}")
    if config.rule_dirs:
        click.echo(f"eigen regels uit: {', '.join(rule_dirs)}")
    on = [row for row in rows if row["enabled"]]
    click.echo(f"regels: {len(on)} aan, {len(rows) - len(on)} uit")
    width = max((len(row["id"]) for row in rows), default=10)
    for row in rows:
        state = SEVERITY_WORDS[row["severity"]] if row["enabled"] else "uit"
        changed = [] if row["severity"] == row["default_severity"] or not row["enabled"] else [
            f"standaard {SEVERITY_WORDS[row['default_severity']]}"]
        changed += [f"{key}={value}" for key, value in sorted(row["options"].items())
                    if config.settings(row["id"]).options.get(key, _UNSET) is not _UNSET]
        extra = f"  ({', '.join(changed)})" if changed else ""
        click.echo(f"  {row['id']:<{width}}  {state}{extra}")


_UNSET = object()


def _config_for(path: str) -> Config:
    from .config import discover_config

    target = Path(path)
    return discover_config(target if target.is_dir() else target.parent)


@main.command()
@click.argument("path")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def summary(path: str, config_path: str | None, output_format: str) -> None:
    """Stel een blok 'In het kort' voor, gemaakt van wat er in de brief staat."""
    import json

    from .resolver import ConfigResolver
    from .runner import FileError, check_one
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


for _web_command in __import__("helderetaal.cli_web", fromlist=["WEB_COMMANDS"]).WEB_COMMANDS: main.add_command(_web_command)  # noqa: E701  annotate, serve (issue 13)
main.add_command(__import__("helderetaal.cli_fix", fromlist=["fix"]).fix)  # fix (issue 15, newuser)


if __name__ == "__main__":  # pragma: no cover
    main()
