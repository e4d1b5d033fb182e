"""Loading rules from YAML: the bundled packs in ``rules/`` and a municipality's own folders."""

from __future__ import annotations

import functools
import os
import re
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .finding import CATEGORIES, SEVERITIES
from .kinds import KINDS, RuleKind
from .kinds.base import SCOPES, Example, Explanation, RuleSpec
from .kinds.options import Layer, Options
from .templates import TemplateError, template_fields
from .yamlfile import ConfigError, LineDict, load_yaml_file

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_COMMON_KEYS = {"id", "kind", "category", "severity", "title", "message", "explanation", "examples", "options",
                "scope", "url"}
_REQUIRED = ("id", "kind", "category", "severity", "title", "message", "explanation", "examples")
_MARKER = re.compile(r"\[\[(.+?)\]\]")
#: The optional fifth part of an explanation: where the rule is known to go wrong.
_KNOWN_PROBLEMS = "bekende_problemen"


@dataclass(frozen=True)
class Rule:
    """A loaded, compiled rule: its spec plus the kind that checks it."""

    spec: RuleSpec
    kind: RuleKind[Any]
    #: Options resolved per config layer, so a check does not validate them again per letter.
    _resolved: weakref.WeakKeyDictionary[Layer, Options] = field(
        default_factory=weakref.WeakKeyDictionary, compare=False, repr=False)

    @property
    def id(self) -> str:
        """The rule id, e.g. ``ambtelijk``."""
        return self.spec.id

    @property
    def options(self) -> Options:
        """The kind's defaults overridden by the rule file's ``options``."""
        return self.spec.options

    def options_with(self, layer: Layer | None) -> Options:
        """The rule's options with a config's (or an example's) ``layer`` on top.

        Raises :class:`ConfigError` at the layer's file and line for an unknown option or a
        wrong value.
        """
        if layer is None or not layer.values:
            return self.spec.options
        resolved = self._resolved.get(layer)
        if resolved is None:
            resolved = self._resolved[layer] = self.spec.options.apply(self.id, [layer])
        return resolved


@functools.lru_cache(maxsize=1)
def bundled_rules_dir() -> Path:
    """The folder of rule packs that ships with helderetaal (found once: every check asks)."""
    here = Path(__file__).resolve().parent
    # Installed: rules/ is packaged as helderetaal/rules (pyproject's package-dir). It is a
    # data folder, not a module, so it is found by path, not through importlib.resources
    # (which sees a namespace package there and gives no usable path on every Python).
    installed = here / "rules"
    if installed.is_dir():
        return installed
    # A source checkout (editable install): rules/ sits beside the package.
    return here.parent / "rules"


def _parse_example(spec_path: str, item: Any, node: LineDict, key: str, rule_id: str) -> Example:
    options: dict[str, Any] = {}
    profile = None
    if isinstance(item, dict):
        line = item.line if isinstance(item, LineDict) else node.line_of(key)
        unknown = sorted(set(item) - {"text", "options", "profile"}, key=str)
        if unknown:
            raise ConfigError(spec_path, f"regel '{rule_id}': onbekende sleutel '{unknown[0]}' in een voorbeeld "
                              f"bij '{key}' (bekend zijn: text, options, profile)", line)
        text = item.get("text")
        if not isinstance(item.get("options") or {}, dict):
            raise ConfigError(spec_path, f"regel '{rule_id}': 'options' van een voorbeeld moeten "
                              "instellingen met een naam zijn", line)
        options = item.get("options") or {}
        profile = item.get("profile")
        if profile is not None and not isinstance(profile, str):
            raise ConfigError(spec_path, f"regel '{rule_id}': 'profile' van een voorbeeld moet een tekst zijn", line)
    else:
        text = item
    if not isinstance(text, str) or not text.strip():
        raise ConfigError(spec_path, f"regel '{rule_id}': elk voorbeeld bij '{key}' moet een tekst zijn (niet leeg)",
                          node.line_of(key))
    marker = _MARKER.search(text)
    if marker:
        if len(_MARKER.findall(text)) > 1:
            raise ConfigError(spec_path, f"regel '{rule_id}': markeer per voorbeeld hoogstens één stuk met [[...]]",
                              node.line_of(key))
        plain = text[: marker.start()] + marker.group(1) + text[marker.end():]
        return Example(plain, (marker.start(), marker.start() + len(marker.group(1))), options, profile)
    return Example(text, None, options, profile)


def parse_rule(data: Any, path: str) -> Rule:
    """Validate one rule mapping from ``path`` and compile it."""
    if not isinstance(data, LineDict):
        raise ConfigError(path, "een regelbestand bevat een regel: instellingen met een naam, zoals 'id', 'kind', ...", 1)
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise ConfigError(path, "'id' mag alleen kleine letters, cijfers en streepjes bevatten", data.line_of("id"))
    # Every problem below is this rule's, at the line of the key that has it.
    def fail(message: str, key: str | None = None, node: LineDict = data) -> ConfigError:
        return ConfigError(path, f"regel '{rule_id}': {message}", node.line_of(key) if key is not None else node.line)

    kind_cls = _kind_of(data, fail)
    _check_texts(data, fail)
    explanation = _explanation(data, fail, kind_cls.known_problems)
    flagged, clean = (_examples(data, path, rule_id, fail, key) for key in ("flagged", "clean"))
    options = _options(data, path, rule_id, kind_cls, (*flagged, *clean), fail)
    scope = data.get("scope", "body")
    if not isinstance(scope, str) or scope not in SCOPES:
        raise fail(f"'scope' moet een van deze zijn: {', '.join(SCOPES)}", "scope")
    if data.get("url") is not None and not isinstance(data["url"], str):
        raise fail("'url' moet een tekst zijn", "url")
    spec = RuleSpec(
        id=rule_id,
        kind=kind_cls.name,
        category=data["category"],
        severity=data["severity"],
        title=data["title"].strip(),
        message=data["message"].strip(),
        explanation=explanation,
        flagged=flagged,
        clean=clean,
        options=options,
        scope=scope,
        url=data.get("url"),
        data=data,
        path=path,
        line=data.line,
    )
    return Rule(spec, kind_cls(spec))


_Fail = Callable[..., ConfigError]


def _kind_of(data: LineDict, fail: _Fail) -> type[RuleKind[Any]]:
    """The rule's kind, after checking the keys every rule and this kind need."""
    for key in _REQUIRED:
        if key not in data:
            raise fail(f"de sleutel '{key}' ontbreekt")
    kind_name = data["kind"]
    if not isinstance(kind_name, str) or kind_name not in KINDS:
        raise fail(f"onbekende soort (kind) '{kind_name}' (bekend zijn: {', '.join(sorted(KINDS))})", "kind")
    kind_cls = KINDS[kind_name]
    unknown = set(data) - _COMMON_KEYS - set(kind_cls.keys)
    if unknown:
        key = sorted(unknown, key=str)[0]
        raise fail(f"onbekende sleutel '{key}'", key)
    for key, required in kind_cls.keys.items():
        if required and key not in data:
            raise fail(f"soort '{kind_name}' heeft de sleutel '{key}' nodig")
    return kind_cls


def _check_texts(data: LineDict, fail: _Fail) -> None:
    """Category, severity, title and message."""
    if data["category"] not in CATEGORIES:
        raise fail(f"'category' moet een van deze zijn: {', '.join(CATEGORIES)}", "category")
    if data["severity"] not in SEVERITIES:
        raise fail(f"'severity' moet een van deze niveaus zijn: {', '.join(SEVERITIES)}", "severity")
    for key in ("title", "message"):
        if not isinstance(data[key], str) or not data[key].strip():
            raise fail(f"'{key}' moet een tekst zijn (niet leeg)", key)
    try:
        template_fields(data["message"])
    except TemplateError as error:
        raise fail(f"'message': {error}", "message") from None


_HEADINGS = ("wat", "waarom", "voorbeeld", "beter")


def _explanation(data: LineDict, fail: _Fail, kind_problems: str) -> Explanation:
    """The four texts, plus the rule's own known problems and those of its kind."""
    explanation = data["explanation"]
    if not isinstance(explanation, dict) or not set(_HEADINGS) <= set(explanation) <= {*_HEADINGS, _KNOWN_PROBLEMS} \
            or not all(isinstance(text, str) and text.strip() for text in explanation.values()):
        raise fail(f"'explanation' moet precies de teksten wat, waarom, voorbeeld en beter hebben "
                   f"(en eventueel {_KNOWN_PROBLEMS})", "explanation")
    problems = " ".join(text for text in (explanation.get(_KNOWN_PROBLEMS, "").strip(), kind_problems) if text)
    return Explanation(wat=explanation["wat"].strip(), waarom=explanation["waarom"].strip(),
                       voorbeeld=explanation["voorbeeld"].strip(), beter=explanation["beter"].strip(),
                       bekende_problemen=problems)


def _examples(data: LineDict, path: str, rule_id: str, fail: _Fail, key: str) -> tuple[Example, ...]:
    """The ``flagged`` or ``clean`` examples."""
    examples = data["examples"]
    if not isinstance(examples, LineDict) or set(examples) - {"flagged", "clean"}:
        raise fail("'examples' moet de lijsten 'flagged' en 'clean' hebben", "examples")
    items = examples.get(key)
    if not isinstance(items, list) or not items:
        raise fail(f"'examples.{key}' heeft minstens één voorbeeld nodig", key, examples)
    return tuple(_parse_example(path, item, examples, key, rule_id) for item in items)


def _options(data: LineDict, path: str, rule_id: str, kind_cls: type[RuleKind[Any]], examples: tuple[Example, ...],
             fail: _Fail) -> Options:
    """The kind's defaults with the rule file's ``options``; each example's options are checked too."""
    options = data.get("options") or LineDict()
    if not isinstance(options, dict):
        raise fail("'options' moeten instellingen met een naam zijn", "options")
    merged = kind_cls.options_type.resolve(rule_id, [Layer.of(options, path, data.line_of("options"), rule_file=True)])
    for example in examples:
        if example.options:
            merged.apply(rule_id, [Layer.of(example.options, path)])
    return merged


def load_rule_file(path: Path) -> list[Rule]:
    """Load the rule (or list of rules) in one YAML file."""
    data = load_yaml_file(path)
    if isinstance(data, list):
        if not data:
            # An empty list would load nothing without a word; a rule file always holds a rule.
            raise ConfigError(path, "het regelbestand bevat een lege lijst; schrijf er een regel in (id, kind, ...)", 1)
        return [parse_rule(item, str(path)) for item in data]
    return [parse_rule(data, str(path))]


@dataclass(frozen=True)
class RuleSet:
    """All rules of a run, in a stable order, indexed by id."""

    rules: tuple[Rule, ...]
    _by_id: dict[str, Rule] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {rule.id: rule for rule in self.rules})

    def get(self, rule_id: str) -> Rule | None:
        """The rule with this id, or None."""
        return self._by_id.get(rule_id)

    def ids(self) -> list[str]:
        """All rule ids."""
        return [rule.id for rule in self.rules]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)


_CACHE: dict[tuple[tuple[tuple[str, int], ...], bool], RuleSet] = {}
_LOCK = threading.Lock()


def _rule_files(folder: Path) -> list[tuple[str, int]]:
    """The ``*.yaml`` and ``*.yml`` files of ``folder`` in order, as (path, mtime): the cache key.

    Read with one ``os.scandir``: every check asks (a changed rule file must be read again), and
    ``Path.glob`` with a ``stat`` per file cost a short letter's check a tenth of its time. Names
    match and sort as ``glob`` matched and sorted them (case-insensitively where paths are).
    """
    if not folder.is_dir():
        raise ConfigError(folder, "regelmap niet gevonden")
    try:
        with os.scandir(folder) as entries:
            found = [(os.path.normcase(entry.name), entry) for entry in entries
                     if os.path.normcase(entry.name).endswith((".yaml", ".yml"))]
    except OSError:
        return []  # as glob: a folder that cannot be listed holds no rules
    found.sort(key=lambda item: item[0])
    # entry.path is str(folder / name): a Path per file is made only when the rules are read.
    return [(entry.path, entry.stat().st_mtime_ns) for _name, entry in found]


def load_ruleset(extra_dirs: Sequence[Path] = (), include_bundled: bool = True, *, prepare: bool = True) -> RuleSet:
    """The bundled rules plus the rules in ``extra_dirs``; cached while the files are unchanged.

    ``prepare=False`` skips the checks that need spaCy (token patterns): for commands that
    only show rules.
    """
    folders = ([bundled_rules_dir()] if include_bundled else []) + [Path(d) for d in extra_dirs]
    key = tuple(item for folder in folders for item in _rule_files(folder))
    cached = _CACHE.get((key, True)) or (None if prepare else _CACHE.get((key, False)))
    if cached is not None:
        return cached
    with _LOCK:
        cached = _CACHE.get((key, True)) or (None if prepare else _CACHE.get((key, False)))
        if cached is not None:
            return cached
        rules: list[Rule] = []
        seen: dict[str, str] = {}
        for file in (Path(name) for name, _mtime in key):
            for rule in load_rule_file(file):
                if rule.id in seen:
                    raise ConfigError(file, f"de regel-id '{rule.id}' staat al in {seen[rule.id]}", rule.spec.line)
                seen[rule.id] = str(file)
                rules.append(rule)
        if prepare:
            for rule in rules:
                rule.kind.prepare()
        ruleset = RuleSet(tuple(rules))
        _CACHE[(key, prepare)] = ruleset
        return ruleset
