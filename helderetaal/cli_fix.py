"""The ``helderetaal fix`` command: apply the unambiguous suggestions to .txt and .md letters.

Exit codes: 0 done (or, with ``--diff``, nothing to change); 1 with ``--diff`` when there is
something to change (as ``ruff --diff``, so CI can ask "is everything fixed?"); 2 a usage,
config or input error (also when other files were fixed).
"""

from __future__ import annotations

import sys
from pathlib import Path

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # the command imports the engine only when it runs: 'helderetaal --help' stays quick
    from .fix import FixResult

EXIT_CLEAN, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@click.command("fix")
@click.argument("paths", nargs=-1, required=True, metavar="PADEN...")
@click.option("--diff", "show_diff", is_flag=True,
              help="Toon de wijzigingen als diff en schrijf niets (exitcode 1 als er iets te herstellen is).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, metavar="BESTAND",
              help="Configuratiebestand (.helderetaal.yaml of pyproject.toml). Standaard: het dichtstbijzijnde.")
@click.option("--select", "select", multiple=True, metavar="REGELS",
              help="Herstel alleen bevindingen van deze regels of categorieën (komma's of herhalen).")
@click.option("--ignore", "ignore", multiple=True, metavar="REGELS",
              help="Herstel geen bevindingen van deze regels of categorieën (komma's of herhalen).")
@click.option("--quiet", "-q", is_flag=True, help="Toon alleen fouten, niet wat er is vervangen.")
def fix(paths: tuple[str, ...], show_diff: bool, config_path: str | None, select: tuple[str, ...],
        ignore: tuple[str, ...], quiet: bool) -> None:
    """Vervang woorden waarvoor precies één suggestie is (alleen .txt en .md)."""
    from .cli import InputProblem, _overrides
    from .fix import FIXABLE_SUFFIXES, FixError, fix_file, write_fixed
    from .formatters.printable import printable, printable_path
    from .readers import InputError
    from .runner import STDIN, ConfigResolver, collect
    from .yamlfile import ConfigError

    if STDIN in paths:
        raise InputProblem("fix verandert bestanden; '-' (stdin) kan niet. Gebruik 'helderetaal check -'")
    try:
        resolver = ConfigResolver(config_path, _overrides(config_path, None, select, ignore))
    except ConfigError as error:
        raise InputProblem(f"configuratiefout: {error}") from None
    collection = collect(paths, resolver.explicit.exclude if resolver.explicit else (), resolver)
    errors: list[tuple[str, str]] = [(error.path, error.message) for error in collection.errors]
    named = {str(Path(path)) for path in paths}
    other_formats = 0
    results: list[FixResult] = []
    for path in collection.files:
        if Path(path).suffix.lower() not in FIXABLE_SUFFIXES and str(Path(path)) not in named:
            other_formats += 1  # a Word or PDF letter in a folder: counted, not an error
            continue
        try:
            results.append(fix_file(path, resolver))
        except (FixError, InputError) as error:
            errors.append((path, error.reason if not getattr(error, "line", None)
                           else f"regel {getattr(error, 'line')}: {error.reason}"))
        except ConfigError as error:
            errors.append((path, f"configuratiefout: {error}"))

    changed = [result for result in results if result.changed]
    if show_diff:
        for result in changed:
            _echo(result.diff())
    else:
        for result in changed:
            try:
                write_fixed(result)
            except FixError as error:
                errors.append((result.path, error.reason))
                continue
            if not quiet:
                for change in result.changes:
                    _echo(f"{printable_path(result.path)}:{change.line}:{change.column}: '{printable(change.old)}' "
                          f"vervangen door '{printable(change.new)}' [{change.rule}]\n")
    written = [result for result in changed if all(path != result.path for path, _ in errors)]
    for path, message in errors:
        click.echo(f"{printable_path(path)}: kan niet herstellen: {printable(message)}", err=True)
    if not quiet or errors:
        click.echo(_summary(written if not show_diff else changed, results, other_formats, len(errors),
                            show_diff), err=show_diff)
    if errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_CHANGES if show_diff and changed else EXIT_CLEAN)


def _summary(changed: list[FixResult], results: list[FixResult], other_formats: int, errors: int,
             preview: bool) -> str:
    words = sum(len(result.changes) for result in changed)
    verb = "zou" if words == 1 else "zouden"
    if preview:
        head = (f"{_plural(words, 'woord', 'woorden')} {verb} worden vervangen in "
                f"{_plural(len(changed), 'bestand', 'bestanden')} (niets geschreven)")
    else:
        head = f"{_plural(words, 'woord', 'woorden')} vervangen in {_plural(len(changed), 'bestand', 'bestanden')}"
    parts = [head]
    left = sum(result.left for result in results)
    if left:
        parts.append(f"{_plural(left, 'suggestie', 'suggesties')} niet toegepast (meer dan één keuze, een "
                     "verbogen woord of meer dan één woord; zie 'helderetaal check')")
    if other_formats:
        parts.append(f"{_plural(other_formats, 'brief', 'brieven')} in een ander formaat (Word, ODT, PDF, HTML) "
                     "niet hersteld")
    if errors:
        parts.append(_plural(errors, "bestand met een fout", "bestanden met een fout"))
    return "; ".join(parts)


def _echo(text: str) -> None:
    """Write to stdout as bytes in UTF-8, keeping CR characters (a diff of a CRLF file keeps them)."""
    stream = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
    if stream is None:
        click.echo(text, nl=False)
        return
    sys.stdout.flush()
    stream.write(text.encode("utf-8", errors="replace"))
    stream.flush()
