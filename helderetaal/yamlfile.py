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


class LineDict(dict):
    """A mapping from YAML that knows the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        """Line of ``key``, or of the mapping itself when the key is absent."""
        return getattr(self, "key_lines", {}).get(key, self.line)


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


def load_yaml(text: str, path: str | Path | None = None) -> Any:
    """Parse YAML safely; raise :class:`ConfigError` with the line of a syntax error."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or str(error)
        raise ConfigError(path, f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as error:
        raise ConfigError(path, f"invalid YAML: {error}") from None


def load_yaml_file(path: str | Path) -> Any:
    """Read and parse a YAML file; unreadable files become :class:`ConfigError`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(path, "the file is not UTF-8") from None
    except OSError as error:
        raise ConfigError(path, f"cannot read the file ({error.strerror or error})") from None
    return load_yaml(text, path)


def line_of(data: Any, key: Any = None) -> int | None:
    """Best line number for ``data`` (a LineDict) or one of its keys."""
    if isinstance(data, LineDict):
        return data.line_of(key) if key is not None else data.line
    return None
