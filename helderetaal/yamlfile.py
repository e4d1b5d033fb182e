"""Safe YAML loading that remembers line numbers, so errors can name file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .oserrors import reason as os_reason


class ConfigError(Exception):
    """A config or rule file is wrong. ``str()`` names the file and, where known, the line."""

    def __init__(self, path: str | Path | None, message: str, line: int | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.reason = message
        where = self.path or "<config>"
        if line:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")


class LineDict(dict[Any, Any]):
    """A mapping from YAML that knows the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        """Line of ``key``, or of the mapping itself when the key is absent."""
        key_lines: dict[Any, int] = getattr(self, "key_lines", {})
        return key_lines.get(key, self.line)


# libyaml's parser is many times faster than the pure-Python one (the rule packs are large);
# both only build plain data.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[misc, valid-type]
    """A safe loader (no arbitrary objects) whose mappings are :class:`LineDict`."""


class _DutchProblem(yaml.constructor.ConstructorError):
    """A problem this module finds while building a mapping; its text is already Dutch."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Any:
    data = LineDict()
    data.line = node.start_mark.line + 1
    yield data
    loader.flatten_mapping(node)
    key_lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise _DutchProblem(None, None, "een naam moet een gewone tekst zijn, geen lijst of blok",
                                key_node.start_mark) from None
        if key in key_lines:
            raise _DutchProblem(None, None, f"de naam '{key}' staat twee keer in dit blok", key_node.start_mark)
        key_lines[key] = key_node.start_mark.line + 1
        data[key] = loader.construct_object(value_node, deep=True)
    data.key_lines = key_lines


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


#: Deeper nesting overflows libyaml's recursive composer (a crash, not an exception).
MAX_DEPTH = 64
#: More values than this, counting each alias as the values it repeats, is an alias bomb.
MAX_EXPANDED_VALUES = 1_000_000
_OPENS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSES = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_shape(text: str, path: str | Path | None) -> None:
    """Refuse YAML nested too deeply, aliases that expand without bound ("billion laughs"),
    and aliases to themselves, before anything is built. One flat pass over the parser's events."""
    open_sizes: list[int] = []
    open_anchors: list[str | None] = []
    sizes: dict[str, int] = {}
    for event in yaml.parse(text, Loader=_SafeBase):
        if isinstance(event, _OPENS):
            if len(open_sizes) >= MAX_DEPTH:
                raise ConfigError(path, f"ongeldige YAML: meer dan {MAX_DEPTH} niveaus diep genest", _line_of(event))
            open_sizes.append(1)
            open_anchors.append(event.anchor)
            continue
        if isinstance(event, _CLOSES):
            size = open_sizes.pop()
            anchor = open_anchors.pop()
            if anchor:
                sizes[anchor] = size
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor in open_anchors:
                raise ConfigError(path, f"ongeldige YAML: de verwijzing '*{event.anchor}' verwijst naar zichzelf",
                                  _line_of(event))
            size = sizes.get(event.anchor or "", 1)
        else:
            continue
        if open_sizes:
            open_sizes[-1] += size
            size = open_sizes[-1]
        if size > MAX_EXPANDED_VALUES:
            limit = f"{MAX_EXPANDED_VALUES:,}".replace(",", ".")
            raise ConfigError(path, f"ongeldige YAML: de verwijzingen worden samen meer dan {limit} waarden",
                              _line_of(event))


def _line_of(event: yaml.Event) -> int | None:
    """The 1-based line where a parser event starts (None when the parser did not say)."""
    return event.start_mark.line + 1 if event.start_mark is not None else None


#: What the YAML parsers (libyaml and PyYAML) say, in the words of a writer who edits a config:
#: the first fragment found in the parser's English text decides.
_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("nesting depth", f"meer dan {MAX_DEPTH} niveaus diep genest"),
    ("tab", "een tab: spring in met spaties"),
    ("undefined alias", "een verwijzing (*naam) naar iets dat niet bestaat"),
    ("tag", "een YAML-tag (!!...) die hier niet mag"),
    ("could not find expected ':'", "een dubbele punt ontbreekt"),
    ("mapping values are not allowed", "een dubbele punt waar die niet kan (zet een tekst met ': ' tussen "
                                       "aanhalingstekens)"),
    ("expected ',' or ']'", "een [ wordt niet gesloten met ]"),
    ("expected ',' or '}'", "een { wordt niet gesloten met }"),
    ("unclosed", "een [ of { wordt niet gesloten"),
    ("end of stream", "het bestand houdt op voordat een aanhalingsteken of haakje gesloten is"),
    ("escape", "een onbekende code met \\ in een tekst tussen dubbele aanhalingstekens"),
    ("cannot start any token", "een teken waarmee een waarde niet kan beginnen (zet de tekst tussen "
                               "aanhalingstekens)"),
    ("expected node content", "hier ontbreekt een waarde"),
    ("expected key", "de inspringing klopt niet"),
    ("not allowed", "de inspringing klopt niet"),
    ("indentation", "de inspringing klopt niet"),
    ("document", "er staat meer dan één YAML-document in het bestand (---)"),
)


def _dutch_problem(problem: str) -> str:
    lowered = problem.lower()
    for fragment, dutch in _PROBLEMS:
        if fragment in lowered:
            return dutch
    return "de opbouw klopt niet (kijk naar de inspringing, dubbele punten, aanhalingstekens en haakjes)"


def load_yaml(text: str, path: str | Path | None = None) -> Any:
    """Parse YAML safely; raise :class:`ConfigError` with the line of a syntax error."""
    try:
        _check_shape(text, path)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or str(error)
        if isinstance(error, _DutchProblem):
            raise ConfigError(path, f"ongeldige YAML: {problem}", line) from None
        lines = text.splitlines()
        if mark and mark.line < len(lines) and "\t" in lines[mark.line][:mark.column + 1]:
            problem = "tab"  # libyaml only says it found a character "that cannot start any token"
        raise ConfigError(path, f"ongeldige YAML: {_dutch_problem(problem)}", line) from None
    except yaml.YAMLError as error:
        raise ConfigError(path, f"ongeldige YAML: {_dutch_problem(str(error))}") from None
    except RecursionError:
        raise ConfigError(path, f"ongeldige YAML: meer dan {MAX_DEPTH} niveaus diep genest") from None


def load_yaml_file(path: str | Path) -> Any:
    """Read and parse a YAML file; unreadable files become :class:`ConfigError`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(path, "het bestand is geen UTF-8 (sla het op als UTF-8)") from None
    except OSError as error:
        raise ConfigError(path, f"kan het bestand niet lezen ({os_reason(error)})") from None
    from .cache import cached_yaml  # the parsed text is kept in the user cache (speed's module)

    return cached_yaml(text, lambda source: load_yaml(source, path), LineDict)


def line_of(data: Any, key: Any = None) -> int | None:
    """Best line number for ``data`` (a LineDict) or one of its keys."""
    if isinstance(data, LineDict):
        return data.line_of(key) if key is not None else data.line
    return None
