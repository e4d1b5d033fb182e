"""Configuration: one object that reaches every rule the same way.

Discovery, nearest first: ``--config FILE``; ``.helderetaal.yaml`` / ``.helderetaal.yml`` in
the letter's folder or a parent; ``[tool.helderetaal]`` in a ``pyproject.toml`` there; the
defaults. Example::

    rule_dirs: [huisregels]          # relative to this file
    allow: [Binckhorst, omgevingsdienst]
    profile: auto                    # or werkzaamheden, uitnodiging, besluit, participatie
    rules:
      ambtelijk: info                # a severity, or off
      zinslengte: {max_words: 25}    # options of the rule
      te-laat: {severity: error, lead_days: 21}
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .finding import ELEMENT_KEYS, SEVERITIES
from .kinds.options import Layer
from .yamlfile import ConfigError, LineDict, load_yaml_file

if TYPE_CHECKING:
    from .ruleset import RuleSet

__all__ = ["CONFIG_NAMES", "Config", "ConfigError", "RuleSettings", "config_from_mapping", "discover_config",
           "find_config_file", "load_config"]

CONFIG_NAMES = (".helderetaal.yaml", ".helderetaal.yml")
_TOP_KEYS = {"rule_dirs", "rules", "allow", "profile", "profiles", "model", "exclude"}
_RULE_SETTING_KEYS = {"severity", "enabled"}


@dataclass(frozen=True)
class RuleSettings:
    """How the config changes one rule: on/off, its severity, its options."""

    enabled: bool = True
    severity: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    #: The file that set these options and the line of the rule there (for errors).
    source: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)

    @cached_property
    def layer(self) -> Layer:
        """The options as the last layer over the rule file's (see :mod:`helderetaal.kinds.options`)."""
        return Layer.of(self.options, self.source, self.line)


@dataclass(frozen=True)
class Config:
    """A validated configuration. Build it with :func:`load_config` or :func:`config_from_mapping`."""

    path: Path | None = None
    rule_dirs: tuple[Path, ...] = ()
    rules: Mapping[str, RuleSettings] = field(default_factory=dict)
    allow: frozenset[str] = frozenset()
    profile: str = "auto"
    profiles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    model: str = "blank"
    exclude: tuple[str, ...] = ()
    #: Line of each rule id under ``rules:``, to point at unknown ids.
    rule_lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)

    def settings(self, rule_id: str) -> RuleSettings:
        """The settings for ``rule_id`` (defaults when the config does not name it)."""
        return self.rules.get(rule_id, _DEFAULT_SETTINGS)

    def ruleset(self) -> RuleSet:
        """The bundled rules plus ``rule_dirs``, validated against this config."""
        from .ruleset import load_ruleset

        ruleset = load_ruleset(self.rule_dirs)
        self.validate_against(ruleset)
        return ruleset

    def validate_against(self, ruleset: RuleSet) -> None:
        """Raise :class:`ConfigError` for rule ids the rules do not know and for options a rule
        does not have or values it cannot take (at the file and line that set them)."""
        for rule_id, settings in self.rules.items():
            rule = ruleset.get(rule_id)
            if rule is None:
                raise ConfigError(self.path, f"unknown rule '{rule_id}' under 'rules'", self.rule_lines.get(rule_id))
            rule.options_with(settings.layer)

    def with_overrides(self, data: Mapping[str, Any]) -> Config:
        """A copy with settings from another source (e.g. editor settings) layered on top."""
        other = config_from_mapping(data, self.path)
        rules = dict(self.rules)
        rules.update(other.rules)
        changes: dict[str, Any] = {"rules": rules, "allow": self.allow | other.allow,
                                   "rule_lines": {**self.rule_lines, **other.rule_lines}}
        for key in ("profile", "model"):
            if key in data:
                changes[key] = getattr(other, key)
        if "rule_dirs" in data:
            changes["rule_dirs"] = self.rule_dirs + other.rule_dirs
        if "profiles" in data:
            changes["profiles"] = {**self.profiles, **other.profiles}
        return replace(self, **changes)


_DEFAULT_SETTINGS = RuleSettings()


def _line(data: Any, key: Any) -> int | None:
    return data.line_of(key) if isinstance(data, LineDict) else None


def config_from_mapping(data: Any, path: str | Path | None = None) -> Config:
    """Validate a config mapping (from YAML, TOML or editor settings)."""
    base = Path(path).resolve().parent if path else Path.cwd()
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(path, "the configuration must be a mapping of settings", _line(data, None) or 1)
    unknown = set(data) - _TOP_KEYS
    if unknown:
        key = sorted(unknown, key=str)[0]
        raise ConfigError(path, f"unknown setting '{key}' (known: {', '.join(sorted(_TOP_KEYS))})", _line(data, key))

    rule_dirs_raw = data.get("rule_dirs") or []
    if isinstance(rule_dirs_raw, str):
        rule_dirs_raw = [rule_dirs_raw]
    if not isinstance(rule_dirs_raw, list) or not all(isinstance(d, str) for d in rule_dirs_raw):
        raise ConfigError(path, "'rule_dirs' must be a list of folder names", _line(data, "rule_dirs"))
    rule_dirs = []
    for folder in rule_dirs_raw:
        resolved = (base / folder).resolve()
        if not resolved.is_dir():
            raise ConfigError(path, f"rule folder '{folder}' not found (looked in {resolved})", _line(data, "rule_dirs"))
        rule_dirs.append(resolved)

    rules_raw = data.get("rules") or {}
    if not isinstance(rules_raw, Mapping):
        raise ConfigError(path, "'rules' must map rule ids to settings", _line(data, "rules"))
    rules: dict[str, RuleSettings] = {}
    rule_lines: dict[str, int] = {}
    for rule_id, value in rules_raw.items():
        line = _line(rules_raw, rule_id)
        if line:
            rule_lines[str(rule_id)] = line
        rules[str(rule_id)] = _rule_settings(str(rule_id), value, path, line)

    allow_raw = data.get("allow") or []
    if not isinstance(allow_raw, list) or not all(isinstance(w, str) for w in allow_raw):
        raise ConfigError(path, "'allow' must be a list of words", _line(data, "allow"))

    profile = data.get("profile", "auto")
    if not isinstance(profile, str):
        raise ConfigError(path, "'profile' must be a text such as auto or werkzaamheden", _line(data, "profile"))

    profiles_raw = data.get("profiles") or {}
    if not isinstance(profiles_raw, Mapping):
        raise ConfigError(path, "'profiles' must map profile names to lists of elements", _line(data, "profiles"))
    profiles: dict[str, tuple[str, ...]] = {}
    for name, elements in profiles_raw.items():
        line = _line(profiles_raw, name)
        if not isinstance(elements, list) or not all(isinstance(e, str) for e in elements):
            raise ConfigError(path, f"profile '{name}' must be a list of elements", line)
        bad = [e for e in elements if e not in ELEMENT_KEYS]
        if bad:
            raise ConfigError(path, f"profile '{name}': unknown element '{bad[0]}' "
                              f"(known: {', '.join(ELEMENT_KEYS)})", line)
        profiles[str(name)] = tuple(elements)

    model = data.get("model", "blank")
    if not isinstance(model, str):
        raise ConfigError(path, "'model' must be 'blank', 'auto' or a spaCy model name", _line(data, "model"))
    problem = model_problem(model)
    if problem:
        raise ConfigError(path, problem, _line(data, "model"))
    exclude = data.get("exclude") or []
    if not isinstance(exclude, list) or not all(isinstance(e, str) for e in exclude):
        raise ConfigError(path, "'exclude' must be a list of glob patterns", _line(data, "exclude"))

    return Config(
        path=Path(path) if path else None,
        rule_dirs=tuple(rule_dirs),
        rules=rules,
        allow=frozenset(word.strip().lower() for word in allow_raw if word.strip()),
        profile=profile.strip().lower(),
        profiles=profiles,
        model=model,
        exclude=tuple(exclude),
        rule_lines=rule_lines,
    )


def model_problem(model: str) -> str | None:
    """Why ``model`` cannot be used, or None: 'blank', 'auto', or an installed Dutch spaCy pipeline.

    Checked without importing anything: a name that is not a spaCy pipeline package (``tqdm``)
    must not be imported, and a pipeline that is not installed must fail here, once, instead of
    in every file's check.
    """
    if model in ("blank", "auto"):
        return None
    import importlib.util
    import json

    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", model):
        return f"'model' must be 'blank', 'auto' or the name of a spaCy pipeline such as nl_core_news_sm, not '{model}'"
    try:
        spec = importlib.util.find_spec(model)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return (f"spaCy model '{model}' is not installed (install it with 'python -m spacy download {model}', "
                "or use model: blank)")
    meta = None
    for folder in spec.submodule_search_locations or ():
        candidate = Path(folder) / "meta.json"
        if candidate.is_file():
            try:
                meta = json.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                meta = None
            break
    if not isinstance(meta, dict) or "lang" not in meta:
        return f"'{model}' is not a spaCy pipeline; use model: blank, auto or e.g. nl_core_news_sm"
    if meta.get("lang") != "nl":
        return f"spaCy model '{model}' is for language '{meta.get('lang')}', not Dutch (nl)"
    return None


def _rule_settings(rule_id: str, value: Any, path: str | Path | None, line: int | None) -> RuleSettings:
    if value is False or value == "off":
        return RuleSettings(enabled=False)
    if value is True or value == "on" or value is None:
        return RuleSettings()
    if isinstance(value, str):
        if value not in SEVERITIES:
            raise ConfigError(path, f"rule '{rule_id}': use off, on or a severity ({', '.join(SEVERITIES)})", line)
        return RuleSettings(severity=value)
    if not isinstance(value, Mapping):
        raise ConfigError(path, f"rule '{rule_id}': settings must be off, a severity or a mapping", line)
    severity = value.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise ConfigError(path, f"rule '{rule_id}': severity must be one of {', '.join(SEVERITIES)}",
                          _line(value, "severity") or line)
    enabled = value.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(path, f"rule '{rule_id}': 'enabled' must be true or false", _line(value, "enabled") or line)
    options = LineDict((key, item) for key, item in value.items() if key not in _RULE_SETTING_KEYS)
    options.line = line or 0
    options.key_lines = {key: key_line for key in options if (key_line := _line(value, key))}
    return RuleSettings(enabled=enabled, severity=severity, options=options,
                        source=str(path) if path is not None else None, line=line)


def load_config(path: str | Path) -> Config:
    """Load a ``.helderetaal.yaml`` or a ``pyproject.toml`` (``[tool.helderetaal]``)."""
    path = Path(path)
    if path.name == "pyproject.toml":
        return config_from_mapping(_pyproject_section(path), path)
    return config_from_mapping(load_yaml_file(path), path)


def _pyproject_section(path: Path) -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(path, f"cannot read the file ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"invalid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(path, "invalid TOML: values are nested too deeply") from None
    return data.get("tool", {}).get("helderetaal")


def find_config_file(start: str | Path) -> Path | None:
    """The nearest config file for a letter in (or a folder) ``start``, walking up."""
    folder = Path(start).resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate_dir in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = candidate_dir / name
            if candidate.is_file():
                return candidate
        pyproject = candidate_dir / "pyproject.toml"
        if pyproject.is_file() and _pyproject_section(pyproject) is not None:
            return pyproject
    return None


def discover_config(start: str | Path) -> Config:
    """The config that applies to a letter at ``start`` (defaults when none is found)."""
    found = find_config_file(start)
    return load_config(found) if found else Config()
