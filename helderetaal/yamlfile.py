"""Safe YAML loading that remembers line numbers, so errors can name file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


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
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain value", key_node.start_mark
            ) from None
        if key in key_lines:
            raise yaml.constructor.ConstructorError(
                None, None, f"key '{key}' appears twice", key_node.start_mark
            )
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
                raise ConfigError(path, f"invalid YAML: nested more than {MAX_DEPTH} levels deep",
                                  _line_of(event))
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
                raise ConfigError(path, f"invalid YAML: alias '*{event.anchor}' refers to itself", _line_of(event))
            size = sizes.get(event.anchor or "", 1)
        else:
            continue
        if open_sizes:
            open_sizes[-1] += size
            size = open_sizes[-1]
        if size > MAX_EXPANDED_VALUES:
            raise ConfigError(path, f"invalid YAML: its aliases expand to more than {MAX_EXPANDED_VALUES:,} values",
                              _line_of(event))


def _line_of(event: yaml.Event) -> int | None:
    """The 1-based line where a parser event starts (None when the parser did not say)."""
    return event.start_mark.line + 1 if event.start_mark is not None else None


def load_yaml(text: str, path: str | Path | None = None) -> Any:
    """Parse YAML safely; raise :class:`ConfigError` with the line of a syntax error."""
    try:
        _check_shape(text, path)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or str(error)
        if "nesting depth" in problem:
            # Newer libyaml builds stop deep nesting themselves; say it the same way either way.
            problem = f"nested more than {MAX_DEPTH} levels deep"
        raise ConfigError(path, f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as error:
        raise ConfigError(path, f"invalid YAML: {error}") from None
    except RecursionError:
        raise ConfigError(path, "invalid YAML: nested too deeply") from None


def load_yaml_file(path: str | Path) -> Any:
    """Read and parse a YAML file; unreadable files become :class:`ConfigError`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(path, "the file is not UTF-8") from None
    except OSError as error:
        raise ConfigError(path, f"cannot read the file ({error.strerror or error})") from None
    from .cache import cached_yaml  # the parsed text is kept in the user cache (speed's module)

    return cached_yaml(text, lambda source: load_yaml(source, path), LineDict)


def line_of(data: Any, key: Any = None) -> int | None:
    """Best line number for ``data`` (a LineDict) or one of its keys."""
    if isinstance(data, LineDict):
        return data.line_of(key) if key is not None else data.line
    return None
