"""The commands for writers who work in Word or a browser: ``annotate`` and ``serve``.

Registered on the main group by one line in :mod:`helderetaal.cli`; heavy imports wait until a
command runs, so ``helderetaal --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from .oserrors import reason as os_reason


class _Problem(click.ClickException):
    """A problem with the input or output; exit code 2 like the other commands."""

    exit_code = 2


def _config(config_path: str | None, near: str) -> object:
    from .config import discover_config, load_config
    from .yamlfile import ConfigError

    try:
        return load_config(config_path) if config_path else discover_config(Path(near).parent)
    except ConfigError as error:
        raise _Problem(str(error)) from None


@click.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Schrijf het document met opmerkingen naar dit bestand "
                   "(standaard: naam-opmerkingen.docx naast de brief).")
@click.option("--in-place", is_flag=True, help="Zet de opmerkingen in de brief zelf (overschrijft het bestand).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Gebruik dit configuratiebestand.")
def annotate(path: str, output: str | None, in_place: bool, config_path: str | None) -> None:
    """Zet elke bevinding als opmerking in de brief (Word .docx of .odt; .txt en .md geven een nieuwe .docx)."""
    from .annotate import AnnotateError, annotate_bytes, explanations
    from .engine import check_source
    from .readers import InputError, read_bytes

    if output and in_place:
        raise click.UsageError("kies --output of --in-place, niet allebei")
    source_path = Path(path)
    try:
        data = source_path.read_bytes()
    except OSError as error:
        raise _Problem(f"{path}: kan het bestand niet lezen ({os_reason(error)})") from None
    config = _config(config_path, path)
    try:
        source = read_bytes(data, path)
        ruleset = config.ruleset()  # type: ignore[attr-defined]
        report = check_source(source, config, ruleset)  # type: ignore[arg-type]
        document, suffix = annotate_bytes(data, source, report, explanations(ruleset))
    except InputError as error:
        raise _Problem(str(error)) from None
    except AnnotateError as error:
        raise _Problem(f"{path}: {error}") from None
    if in_place:
        if source_path.suffix.lower() != suffix:
            raise _Problem(f"{path}: --in-place kan alleen bij .docx en .odt; een {source_path.suffix}-brief "
                           f"geeft een nieuwe {suffix} (gebruik --output)")
        target = source_path
    elif output:
        target = Path(output)
    else:
        target = source_path.with_name(source_path.stem + "-opmerkingen" + suffix)
    if target.resolve() == source_path.resolve() and not in_place:
        raise _Problem(f"{path}: dit zou de brief overschrijven; gebruik --in-place als u dat wilt")
    try:
        _write_bytes(target, document)
    except OSError as error:
        raise _Problem(f"kan {target} niet schrijven: {os_reason(error)}") from None
    count = len(report.findings)
    click.echo(f"{target}: {count} {'opmerking' if count == 1 else 'opmerkingen'} geplaatst"
               + (" en een voorstel voor 'In het kort'" if report.summary else ""))


def _write_bytes(target: Path, data: bytes) -> None:
    """Write beside ``target`` first and rename over it: a failed write leaves the old file whole."""
    import os
    import tempfile

    handle, temporary = tempfile.mkstemp(prefix=".helderetaal-", suffix=target.suffix, dir=target.parent or ".")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@click.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="De poort op 127.0.0.1.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Gebruik dit configuratiebestand.")
def serve(port: int, config_path: str | None) -> None:
    """Start de webpagina op http://127.0.0.1:8765 (alleen op deze computer)."""
    from importlib import import_module

    try:
        # The web page's packages are an extra; the module is imported by name so that the
        # rest of the CLI works (and type-checks) without them.
        web = import_module("helderetaal.web.app")
    except ImportError as error:
        raise _Problem(f"de webpagina heeft extra pakketten nodig: pip install 'helderetaal[web]' ({error})") \
            from None
    config = _config(config_path, str(Path.cwd() / "brief"))
    try:
        web.run(port=port, config=config)
    except web.PortTaken as error:
        raise _Problem(str(error)) from None


WEB_COMMANDS: tuple[click.Command, ...] = (annotate, serve)

__all__ = ["WEB_COMMANDS", "annotate", "serve"]
