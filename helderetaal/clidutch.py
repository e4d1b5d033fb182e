"""Dutch for click's own texts (help headings, usage errors), so the command speaks one language.

click marks its texts for :mod:`gettext` (``from gettext import gettext as _``) but ships no
translations. :func:`install` points click's modules at the table below; a text that is not in
the table (a newer click) stays English rather than breaking.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

_TEXTS: dict[str, str] = {
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon het versienummer en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Typ '{command} {option}' voor hulp.",
    "No such option: {name}": "Onbekende optie: {name}",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "Missing command.": "Geef een opdracht.",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende waarde",
    "Missing {param_type}": "Ontbrekend: {param_type}",
    "Missing parameter: {param_name}": "Ontbrekende waarde: {param_name}",
    "argument": "argument",
    "option": "optie",
    "parameter": "waarde",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Option {name!r} does not take a value.": "Optie {name!r} heeft geen waarde.",
    "Option {name!r} requires an argument.": "Optie {name!r} heeft een waarde nodig.",
    "Option {name!r} requires {nargs} arguments.": "Optie {name!r} heeft {nargs} waarden nodig.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} heeft {nargs} waarden.",
    "Got unexpected extra argument ({args})": "Onverwacht extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Onverwachte extra argumenten ({args})",
    "Did you mean {possibility}?": "Bedoelt u {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Bedoelt u een van: {possibilities}?)",
    "{value!r} is not {choice}.": "{value!r} is niet {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} is niet een van {choices}.",
    # click fills in its English type name ("integer range"), not through gettext: leave it out.
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig getal.",
    "integer": "geheel getal",
    "float": "getal",
    "{value} is not in the range {range}.": "{value} ligt niet in het bereik {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan niet gelezen worden.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} kan niet beschreven worden.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} is niet uitvoerbaar.",
    "Could not open file {filename!r}: {message}": "Kan bestand {filename!r} niet openen: {message}",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "env var: {var}": "omgevingsvariabele: {var}",
    "Aborted!": "Afgebroken.",
    "unknown error": "onbekende fout",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
}

_PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Onverwacht extra argument ({args})", "Onverwachte extra argumenten ({args})"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Optie {name!r} heeft een waarde nodig.", "Optie {name!r} heeft {nargs} waarden nodig."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Bedoelt u {possibility}?", "(Bedoelt u een van: {possibilities}?)"),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} is niet {choice}.", "{value!r} is niet een van {choices}."),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Verwacht {nargs} waarden, maar kreeg er 1.", "Verwacht {nargs} waarden, maar kreeg er {len}."),
}


def gettext(message: str) -> str:
    """The Dutch text for one of click's texts, or the text itself."""
    return _TEXTS.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The Dutch singular or plural for one of click's texts."""
    dutch = _PLURALS.get((singular, plural))
    if dutch is None:
        return singular if count == 1 else plural
    return dutch[0] if count == 1 else dutch[1]


_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils", "termui")


def _dutch_usage_pieces(original: Callable[..., list[str]]) -> Callable[..., list[str]]:
    def collect(self: object, ctx: object) -> list[str]:
        # "[OPTIONS]" is a default argument of click's Command, not a gettext text.
        return ["[OPTIES]" if piece == "[OPTIONS]" else piece for piece in original(self, ctx)]

    setattr(collect, "_helderetaal_dutch", True)
    return collect


#: Placeholders in usage and help lines: click makes them from type and parameter names, which are
#: not gettext texts ("--output FILE", "PATHS...", "INTEGER RANGE").
_METAVARS: dict[str, str] = {
    "TEXT": "TEKST", "FILE": "BESTAND", "FILENAME": "BESTAND", "PATH": "PAD", "PATHS": "PADEN",
    "DIRECTORY": "MAP", "INTEGER": "GETAL", "INTEGER RANGE": "GETAL", "FLOAT": "GETAL", "FLOAT RANGE": "GETAL",
    "BOOLEAN": "JA|NEE", "RULE_ID": "REGEL", "RULE": "REGEL", "RULES": "REGELS", "COMMAND": "OPDRACHT",
}


def _dutch_metavar(original: Callable[..., str]) -> Callable[..., str]:
    def make(self: object, *args: object, **kwargs: object) -> str:
        metavar = original(self, *args, **kwargs)
        core = metavar.strip("[]!.")
        dutch = _METAVARS.get(core)
        return metavar.replace(core, dutch, 1) if dutch else metavar

    setattr(make, "_helderetaal_dutch", True)
    return make


def install() -> None:
    """Make click's modules use the Dutch texts (idempotent)."""
    core = sys.modules.get("click.core")
    command = getattr(core, "Command", None)
    if command is not None and not getattr(command.collect_usage_pieces, "_helderetaal_dutch", False):
        command.collect_usage_pieces = _dutch_usage_pieces(command.collect_usage_pieces)
    for name in ("Parameter", "Argument", "Option"):
        parameter = getattr(core, name, None)
        make_metavar = getattr(parameter, "make_metavar", None) if parameter is not None else None
        if make_metavar is not None and "make_metavar" in vars(parameter) and not getattr(make_metavar, "_helderetaal_dutch", False):
            setattr(parameter, "make_metavar", _dutch_metavar(make_metavar))
    for name in _MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is None:
            continue
        replacements: dict[str, Callable[..., str]] = {"_": gettext, "ngettext": ngettext}
        for attribute, function in replacements.items():
            if hasattr(module, attribute):
                setattr(module, attribute, function)
