"""Rule options: each kind declares its options once, as a frozen dataclass.

A kind's :class:`Options` subclass names every option that a rule file or a config may set,
with its type (a ``Literal[...]`` gives the allowed values), its default and a short Dutch
description for ``helderetaal explain`` (as yamllint's rules declare ``CONF`` and ``DEFAULT``).

Values resolve in layers: the kind's defaults, then the rule file's ``options``, then the
config's settings for the rule (or an example's ``options``). A wrong value is a
:class:`~helderetaal.yamlfile.ConfigError` that names the file and line of the layer that set
it. Lists become tuples, so resolved options are hashable and safe to share between threads.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar, Literal, TypeVar, Union, get_args, get_origin

from ..safe_regex import IGNORECASE, UnsafeRegex, compile_user_regex
from ..yamlfile import ConfigError, LineDict

OptionsT = TypeVar("OptionsT", bound="Options")


def option(default: Any, doc: str, *, minimum: float | None = None, regex: bool = False,
           rule_file_only: bool = False) -> Any:
    """Declare one option: its default, a one-line description (Dutch, for writers' teams), an
    optional lower bound for numbers, for texts whether they are regular expressions, and whether
    only the rule file may set it (the kind compiles it when the rules load)."""
    metadata = {"doc": doc, "minimum": minimum, "regex": regex, "rule_file_only": rule_file_only}
    return field(default=tuple(default) if isinstance(default, list) else default, metadata=metadata)


@dataclass(frozen=True, eq=False)
class Layer:
    """One source of option values: a rule file's ``options``, an example's, or a config's.

    Layers compare by identity: a rule remembers the options it resolved for each one.
    """

    values: Mapping[str, Any]
    path: str | None
    #: Line of the mapping itself, used when a key has no line of its own (TOML, editor settings).
    line: int | None = None
    key_lines: Mapping[Any, int] = field(default_factory=dict)
    #: The rule file itself: the only layer that may set options marked ``rule_file_only``.
    rule_file: bool = False

    @classmethod
    def of(cls, values: Mapping[str, Any], path: str | None, line: int | None = None,
           rule_file: bool = False) -> Layer:
        """A layer from a mapping read from ``path``; a :class:`LineDict` brings its key lines.
        ``line`` (say, of the ``options:`` key) is named for an error about no key in particular."""
        if isinstance(values, LineDict):
            return cls(values, path, line or values.line or None, getattr(values, "key_lines", {}), rule_file)
        return cls(values, path, line, rule_file=rule_file)

    def line_of(self, key: str) -> int | None:
        """The line that set ``key`` in this layer's file, else the mapping's line."""
        return self.key_lines.get(key, self.line)


@dataclass(frozen=True)
class OptionInfo:
    """What :meth:`Options.declared` tells about one option (for ``explain`` and validation)."""

    name: str
    hint: Any
    default: Any
    doc: str
    minimum: float | None
    regex: bool
    rule_file_only: bool

    def describe_type(self, dutch: bool = False) -> str:
        """The accepted values in words, e.g. ``one of sentence, paragraph`` (or in Dutch, for ``explain``)."""
        return _describe(self.hint, self.regex, _DUTCH if dutch else _ENGLISH)


@dataclass(frozen=True)
class Options(Mapping[str, Any]):
    """Base of the per-kind option dataclasses. A kind with no options uses it as is.

    Read an option as an attribute (``options.max_words``). Options are also a read-only
    mapping, so a message template can use them (``{limit}``, ``{lead_days}``).
    """

    _info: ClassVar[dict[type, tuple[OptionInfo, ...]]] = {}
    # Rules read their options as a mapping many times per check: the names are worked out once.
    _names: ClassVar[dict[type, tuple[str, ...]]] = {}
    _name_sets: ClassVar[dict[type, frozenset[str]]] = {}

    @classmethod
    def declared(cls) -> tuple[OptionInfo, ...]:
        """The declared options, in declaration order."""
        known = Options._info.get(cls)
        if known is None:
            hints = typing.get_type_hints(cls)
            known = tuple(
                OptionInfo(item.name, hints[item.name], item.default, item.metadata.get("doc", ""),
                           item.metadata.get("minimum"), item.metadata.get("regex", False),
                           item.metadata.get("rule_file_only", False))
                for item in fields(cls)
            )
            Options._info[cls] = known
        return known

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The option names, in declaration order."""
        known = Options._names.get(cls)
        if known is None:
            known = Options._names[cls] = tuple(info.name for info in cls.declared())
            Options._name_sets[cls] = frozenset(known)
        return known

    @classmethod
    def resolve(cls: type[OptionsT], rule_id: str, layers: Sequence[Layer]) -> OptionsT:
        """The kind's defaults with ``layers`` applied in order (each validated at its own file and line)."""
        return cls().apply(rule_id, layers)

    def apply(self: OptionsT, rule_id: str, layers: Sequence[Layer]) -> OptionsT:
        """These options with ``layers`` applied in order; a wrong value names its layer's file and line."""
        declared = {info.name: info for info in self.declared()}
        values: dict[str, Any] = {}
        set_by: dict[str, Layer] = {}
        for layer in layers:
            for key, raw in layer.values.items():
                info = declared.get(key) if isinstance(key, str) else None
                if info is None:
                    raise ConfigError(layer.path, f"regel '{rule_id}' heeft geen optie '{key}' "
                                      f"(opties: {', '.join(declared) or 'geen'})", layer.line_of(str(key)))
                if info.rule_file_only and not layer.rule_file:
                    raise ConfigError(layer.path, f"regel '{rule_id}': optie '{key}' kan alleen in het regelbestand "
                                      "staan (de regel wordt ermee gebouwd als de regels laden)", layer.line_of(key))
                try:
                    values[key] = _convert(info, raw)
                except ValueError as problem:
                    raise ConfigError(layer.path, f"regel '{rule_id}': optie '{key}' {problem}",
                                      layer.line_of(key)) from None
                set_by[key] = layer
        resolved = replace(self, **values) if values else self
        for key, reason in resolved.problems():
            # A missing value is the fault of the last layer (the rule file, when only it is given).
            blamed = set_by.get(key) or (layers[-1] if layers else None)
            path, line = (blamed.path, blamed.line_of(key)) if blamed else (None, None)
            raise ConfigError(path, f"regel '{rule_id}': {reason}", line)
        return resolved

    def problems(self) -> Iterator[tuple[str, str]]:
        """(option, problem) for combinations of values that cannot work; a kind overrides this."""
        return iter(())

    def __getitem__(self, key: str) -> Any:
        names = Options._name_sets.get(type(self))
        if names is None:
            self.names()
            names = Options._name_sets[type(self)]
        if key in names:
            return getattr(self, key)
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self.names())


def _convert(info: OptionInfo, value: Any) -> Any:
    """``value`` checked against the option's type, lists as tuples; ValueError says what is wrong."""
    converted = _as(info.hint, value)
    if converted is _WRONG:
        if get_origin(info.hint) is Literal:
            choices = ", ".join(str(allowed) for allowed in get_args(info.hint))
            raise ValueError(f"is {show_value(value)}; kies uit: {choices}")
        raise ValueError(f"is {show_value(value)}, maar moet {_describe(info.hint, info.regex, _DUTCH)} zijn")
    if info.minimum is not None and isinstance(converted, (int, float)) and converted < info.minimum:
        raise ValueError(f"is {show_value(value)}, maar moet minstens {info.minimum:g} zijn")
    if info.regex:
        for pattern in converted if isinstance(converted, tuple) else (converted,):
            if isinstance(pattern, str):
                try:
                    compile_user_regex(pattern, IGNORECASE)
                except UnsafeRegex as error:
                    raise ValueError(f"bevat een reguliere expressie die niet werkt: {error}") from None
    return converted


_WRONG = object()


def _as(hint: Any, value: Any) -> Any:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        for alternative in get_args(hint):
            converted = _as(alternative, value)
            if converted is not _WRONG:
                return converted
        return _WRONG
    if hint is type(None):
        return None if value is None else _WRONG
    if origin is Literal:
        return value if any(value == allowed and type(value) is type(allowed) for allowed in get_args(hint)) else _WRONG
    if origin is tuple:
        if not isinstance(value, (list, tuple)):
            return _WRONG
        (item_hint, _ellipsis) = get_args(hint)
        items = tuple(_as(item_hint, item) for item in value)
        return _WRONG if any(item is _WRONG for item in items) else items
    if hint is bool:
        return value if isinstance(value, bool) else _WRONG
    if hint is int:
        return value if isinstance(value, int) and not isinstance(value, bool) else _WRONG
    if hint is float:
        # An int stays an int, so a message shows the threshold as written ("60", not "60.0").
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else _WRONG
    if hint is str:
        return value if isinstance(value, str) else _WRONG
    raise TypeError(f"unsupported option type {hint!r}")  # a declaration error, found by the tests


_ENGLISH = {"or": "or", "null": "null", "one of": "one of", "list of": "a list of", "regexes": "regular expressions",
            bool: "true or false", int: "a whole number", float: "a number", str: "a text", "regex": "a regular expression",
            "values from": "values from", (str,): "texts", (int,): "whole numbers", (float,): "numbers"}
_DUTCH = {"or": "of", "null": "leeg (null)", "one of": "een van", "list of": "een lijst van",
          "regexes": "reguliere expressies", bool: "true of false", int: "een geheel getal", float: "een getal",
          str: "een tekst", "regex": "een reguliere expressie", "values from": "waarden uit", (str,): "teksten",
          (int,): "gehele getallen", (float,): "getallen"}


def _describe(hint: Any, regex: bool = False, words: Mapping[Any, str] = _ENGLISH) -> str:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        parts = [_describe(alternative, regex, words) for alternative in get_args(hint) if alternative is not type(None)]
        text = f" {words['or']} ".join(parts)
        return f"{text} {words['or']} {words['null']}" if type(None) in get_args(hint) else text
    if origin is Literal:
        return f"{words['one of']} " + ", ".join(str(allowed) for allowed in get_args(hint))
    if origin is tuple:
        item = get_args(hint)[0]
        if regex:
            return f"{words['list of']} {words['regexes']}"
        if get_origin(item) is Literal:
            return f"{words['list of']} {words['values from']} " + ", ".join(str(a) for a in get_args(item))
        return f"{words['list of']} {words.get((item,), repr(item))}"
    if hint is str and regex:
        return words["regex"]
    return words.get(hint, repr(hint))


def show_value(value: Any, quote: bool = True) -> str:
    """A value as written in YAML: ``null``, ``true``, ``'woord'`` (``woord`` without ``quote``), ``[a, b]``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'" if quote else value
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show_value(item, quote) for item in value) + "]"
    if isinstance(value, Mapping):
        return "een mapping"
    return str(value)
