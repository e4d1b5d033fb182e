"""Configuration: one object that reaches every rule the same way.

Discovery: ``--config FILE``; otherwise every ``.helderetaal.yaml`` / ``.helderetaal.yml`` (or
``[tool.helderetaal]`` in a ``pyproject.toml``) from the letter's folder up to the repository root
(the folder holding ``.git``) or a config with ``root: true``, merged so that the nearest file
wins; the defaults. ``extends:`` layers a file on another one, or on a config shipped by an
installed package (entry point group ``helderetaal.configs``). Example::

    extends: [../huisstijl.yaml]     # or the name of an installed house style

    rule_dirs: [huisregels]          # relative to this file
    allow: [Binckhorst, omgevingsdienst]
    profile: auto                    # or werkzaamheden, uitnodiging, besluit, participatie
    rules:
      ambtelijk: info                # a severity, or off
      zinslengte: {max_words: 25}    # options of the rule
      te-laat: {severity: error, lead_days: 21}
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .finding import ELEMENT_KEYS, SEVERITIES
from .kinds.options import Layer
from .oserrors import reason as os_reason
from .yamlfile import ConfigError, LineDict, load_yaml_file

if TYPE_CHECKING:
    from .ruleset import RuleSet

__all__ = ["CONFIG_NAMES", "Config", "ConfigError", "RuleSettings", "config_from_mapping", "discover_config",
           "find_config_file", "find_config_files", "load_config", "load_configs", "merge_configs"]

CONFIG_NAMES = (".helderetaal.yaml", ".helderetaal.yml")
_TOP_KEYS = {"rule_dirs", "rules", "allow", "profile", "profiles", "model", "exclude", "extends", "root",
             "select", "ignore", "passport"}
#: Entry point group under which an installed package names a config (a house style) to extend.
ENTRY_POINT_GROUP = "helderetaal.configs"
#: Names a config file may give a shared config in a package folder.
_PACK_CONFIG_NAMES = ("helderetaal.yaml", ".helderetaal.yaml", "helderetaal.yml", ".helderetaal.yml")
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
    #: Only these rules (ids or categories) run; None: all rules.
    select: tuple[str, ...] | None = None
    #: These rules (ids or categories) never run.
    ignore: tuple[str, ...] = ()
    #: Line of each rule id under ``rules:``, to point at unknown ids.
    rule_lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)
    #: The file that set each rule id (when several files were merged).
    rule_files: Mapping[str, Path] = field(default_factory=dict, compare=False, hash=False)
    #: ``exclude`` patterns with the folder they are relative to, from every merged file.
    exclude_from: tuple[tuple[Path, tuple[str, ...]], ...] = ()
    #: Every file this config was built from, the farthest (or extended) first.
    sources: tuple[Path, ...] = ()
    #: Top-level keys the file(s) set, so merging knows what a nearer file changes.
    given: frozenset[str] = field(default_factory=frozenset, compare=False, hash=False)
    root: bool = False
    #: The ``passport:`` section as written (keys checked by :mod:`helderetaal.passport`), and the
    #: file of its nearest layer, for errors.
    passport: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    passport_file: Path | None = field(default=None, compare=False, hash=False)

    def settings(self, rule_id: str, category: str | None = None) -> RuleSettings:
        """The settings for ``rule_id`` (defaults when the config does not name it).

        With ``category``, ``select`` and ``ignore`` (which may name categories) apply too.
        """
        settings = self.rules.get(rule_id, _DEFAULT_SETTINGS)
        if settings.enabled and not self.selects(rule_id, category):
            return _OFF
        return settings

    def selects(self, rule_id: str, category: str | None = None) -> bool:
        """False when ``select`` leaves the rule out or ``ignore`` names it (or its category)."""
        names = {rule_id, category} - {None}
        if names & set(self.ignore):
            return False
        return self.select is None or bool(names & set(self.select))

    def excludes(self, path: str | Path) -> bool:
        """True when an ``exclude`` pattern (gitignore style, relative to its file) matches ``path``."""
        if not self.exclude_from:
            return False
        target = Path(os.path.abspath(path))
        for base, patterns in self.exclude_from:
            try:
                relative = target.relative_to(base).as_posix()
            except ValueError:
                continue
            if _exclude_spec(patterns).match_file(relative):
                return True
        return False

    def ruleset(self, prepare: bool = True) -> RuleSet:
        """The bundled rules plus ``rule_dirs``, validated against this config.

        ``prepare=False`` skips the checks that need spaCy (for commands that only show rules).
        """
        from .ruleset import load_ruleset

        ruleset = load_ruleset(self.rule_dirs, prepare=prepare)
        self.validate_against(ruleset)
        return ruleset

    def validate_against(self, ruleset: RuleSet) -> None:
        """Raise :class:`ConfigError` for rule ids the rules do not know and for options a rule
        does not have or values it cannot take (at the file and line that set them)."""
        categories = {rule.spec.category for rule in ruleset}
        for key in ("select", "ignore"):
            for name in getattr(self, key) or ():
                if ruleset.get(name) is None and name not in categories:
                    raise ConfigError(self.path, f"onbekende regel of categorie '{name}' bij '{key}' "
                                      "('helderetaal rules' toont alle regels)")
        for rule_id, settings in self.rules.items():
            rule = ruleset.get(rule_id)
            if rule is None:
                raise ConfigError(self.rule_files.get(rule_id, self.path), f"onbekende regel '{rule_id}' onder 'rules' "
                                  "('helderetaal rules' toont alle regels)",
                                  self.rule_lines.get(rule_id))
            rule.options_with(settings.layer)

    def with_overrides(self, data: Mapping[str, Any]) -> Config:
        """A copy with settings from another source (e.g. editor settings) layered on top."""
        other = config_from_mapping(data, self.path, check_profile=False)
        merged = merge_configs(self, replace(other, rule_files={}, exclude_from=(), sources=()))
        _check_profile(merged.profile, merged.profiles, None, None)
        return merged


def merge_configs(base: Config, nearer: Config) -> Config:
    """``nearer`` layered on ``base``: what ``nearer`` sets wins, lists of words add up.

    A rule named in both keeps ``base``'s options unless ``nearer`` sets them again.
    """
    rules = dict(base.rules)
    rule_files = {**base.rule_files}
    for rule_id, settings in nearer.rules.items():
        earlier = rules.get(rule_id)
        if earlier is not None and settings.enabled:
            settings = RuleSettings(enabled=True, severity=settings.severity or earlier.severity,
                                    options=_merged_options(earlier.options, settings.options),
                                    source=settings.source if settings.options else earlier.source,
                                    line=settings.line if settings.options else earlier.line)
        rules[rule_id] = settings
        if rule_id in nearer.rule_files:
            rule_files[rule_id] = nearer.rule_files[rule_id]
    given = nearer.given
    return Config(
        path=nearer.path or base.path,
        rule_dirs=tuple(dict.fromkeys(base.rule_dirs + nearer.rule_dirs)),
        rules=rules,
        allow=base.allow | nearer.allow,
        profile=nearer.profile if "profile" in given else base.profile,
        profiles={**base.profiles, **nearer.profiles},
        model=nearer.model if "model" in given else base.model,
        exclude=base.exclude + nearer.exclude,
        select=nearer.select if "select" in given else base.select,
        ignore=tuple(dict.fromkeys(base.ignore + nearer.ignore)),
        rule_lines={**base.rule_lines, **nearer.rule_lines},
        rule_files=rule_files,
        exclude_from=base.exclude_from + nearer.exclude_from,
        sources=tuple(dict.fromkeys(base.sources + nearer.sources)),
        given=base.given | given,
        root=base.root or nearer.root,
        passport=_merged_options(base.passport, nearer.passport),
        passport_file=nearer.passport_file or base.passport_file,
    )


def _merged_options(earlier: Mapping[str, Any], nearer: Mapping[str, Any]) -> Mapping[str, Any]:
    """Both files' options, the nearer file's winning; key lines kept for error messages."""
    if not earlier:
        return nearer
    if not nearer:
        return earlier
    merged = LineDict({**earlier, **nearer})
    merged.line = getattr(nearer, "line", 0)
    merged.key_lines = {**getattr(earlier, "key_lines", {}), **getattr(nearer, "key_lines", {})}
    return merged


_DEFAULT_SETTINGS = RuleSettings()
_OFF = RuleSettings(enabled=False)
_SPECS: dict[tuple[str, ...], Any] = {}


def _exclude_spec(patterns: tuple[str, ...]) -> Any:
    spec = _SPECS.get(patterns)
    if spec is None:
        import pathspec

        spec = _SPECS[patterns] = pathspec.GitIgnoreSpec.from_lines(patterns)
    return spec


def known_profiles(profiles: Mapping[str, Any] = {}) -> list[str]:  # noqa: B006 - read only
    """Profile names a config or ``--profile`` may use: ``auto``, the built-in ones and ``profiles``."""
    from .facts.profile import DEFAULT_PROFILES

    return ["auto", *DEFAULT_PROFILES, *(name for name in profiles if name not in DEFAULT_PROFILES)]


def _check_profile(profile: str, profiles: Mapping[str, Any], path: str | Path | None, line: int | None) -> None:
    known = known_profiles(profiles)
    if profile not in known:
        where = "'profile'" if path else "--profile"
        raise ConfigError(path, f"onbekend profiel '{profile}' bij {where} (kies uit: {', '.join(known)})", line)


def _line(data: Any, key: Any) -> int | None:
    return data.line_of(key) if isinstance(data, LineDict) else None


def config_from_mapping(data: Any, path: str | Path | None = None, *, check_profile: bool = True) -> Config:
    """Validate a config mapping (from YAML, TOML or editor settings).

    Each top-level key has one reader in :data:`_READERS`; an error names the file and the line
    of the key. ``extends`` is not followed here; :func:`load_config` does that for files.
    """
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(path, "het instellingenbestand moet instellingen met een naam bevatten "
                          "(zoals 'allow:' of 'rules:'), geen lijst of losse tekst", _line(data, None) or 1)
    unknown = set(data) - _TOP_KEYS
    if unknown:
        key = sorted(unknown, key=str)[0]
        raise ConfigError(path, f"onbekende instelling '{key}' (bekend zijn: {', '.join(sorted(_TOP_KEYS))})",
                          _line(data, key))
    source = _Source(data, path, Path(path).resolve().parent if path else Path.cwd())
    values: dict[str, Any] = {}
    for reader in _READERS:
        values.update(reader(source, values))
    if check_profile:
        _check_profile(values["profile"], values["profiles"], path, source.line("profile"))
    exclude = values["exclude"]
    return Config(
        path=Path(path) if path else None,
        **values,
        rule_files={rule_id: Path(path) for rule_id in values["rules"]} if path else {},
        exclude_from=((source.base, exclude),) if exclude else (),
        sources=(Path(path),) if path else (),
        given=frozenset(str(key) for key in data),
        passport_file=Path(path) if path and "passport" in data else None,
    )


@dataclass(frozen=True)
class _Source:
    """The mapping one config reader reads, with its file (for errors) and folder (for paths)."""

    data: Mapping[Any, Any]
    path: str | Path | None
    base: Path

    def line(self, key: str) -> int | None:
        return _line(self.data, key)

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.path, message, self.line(key))

    def texts(self, key: str, message: str, *, one: bool = False) -> list[str] | None:
        """The list of texts under ``key`` (None when absent); ``one``: a single text counts as a list."""
        raw = self.data.get(key)
        if raw is None:
            return None
        if one and isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            raise self.error(key, message)
        return raw


_Values = dict[str, Any]


def _read_rule_dirs(source: _Source, _values: _Values) -> _Values:
    folders = source.texts("rule_dirs", "'rule_dirs' moet een lijst met mapnamen zijn", one=True) or []
    rule_dirs = []
    for folder in folders:
        resolved = (source.base / folder).resolve()
        if not resolved.is_dir():
            raise source.error("rule_dirs", f"regelmap '{folder}' bestaat niet (gezocht: {resolved})")
        rule_dirs.append(resolved)
    return {"rule_dirs": tuple(rule_dirs)}


def _read_rules(source: _Source, _values: _Values) -> _Values:
    raw = source.data.get("rules") or {}
    if not isinstance(raw, Mapping):
        raise source.error("rules", "onder 'rules' staat per regel een instelling, zoals 'ambtelijk: off'")
    rules: dict[str, RuleSettings] = {}
    rule_lines: dict[str, int] = {}
    for rule_id, value in raw.items():
        line = _line(raw, rule_id)
        if line:
            rule_lines[str(rule_id)] = line
        rules[str(rule_id)] = _rule_settings(str(rule_id), value, source.path, line)
    return {"rules": rules, "rule_lines": rule_lines}


def _read_allow(source: _Source, _values: _Values) -> _Values:
    words = source.texts("allow", "'allow' moet een lijst met woorden zijn") or []
    return {"allow": frozenset(word.strip().lower() for word in words if word.strip())}


def _read_profile(source: _Source, _values: _Values) -> _Values:
    profile = source.data.get("profile", "auto")
    if not isinstance(profile, str):
        raise source.error("profile", "'profile' moet één woord zijn, zoals auto of werkzaamheden")
    return {"profile": profile.strip().lower()}


def _read_profiles(source: _Source, _values: _Values) -> _Values:
    raw = source.data.get("profiles") or {}
    if not isinstance(raw, Mapping):
        raise source.error("profiles", "onder 'profiles' staat per profiel een lijst met onderdelen")
    profiles: dict[str, tuple[str, ...]] = {}
    for name, elements in raw.items():
        line = _line(raw, name)
        if not isinstance(elements, list) or not all(isinstance(e, str) for e in elements):
            raise ConfigError(source.path, f"profiel '{name}' moet een lijst met onderdelen zijn", line)
        bad = [e for e in elements if e not in ELEMENT_KEYS]
        if bad:
            raise ConfigError(source.path, f"profiel '{name}': onbekend onderdeel '{bad[0]}' "
                              f"(bekend zijn: {', '.join(ELEMENT_KEYS)})", line)
        profiles[str(name)] = tuple(elements)
    return {"profiles": profiles}


def _read_select_ignore(source: _Source, _values: _Values) -> _Values:
    names = {key: source.texts(key, f"'{key}' moet een lijst met regels of categorieën zijn", one=True)
             for key in ("select", "ignore")}
    select = names["select"]
    return {"select": tuple(select) if select is not None else None, "ignore": tuple(names["ignore"] or ())}


def _read_root(source: _Source, _values: _Values) -> _Values:
    root = source.data.get("root", False)
    if not isinstance(root, bool):
        raise source.error("root", "'root' moet true of false zijn")
    return {"root": root}


def _read_model(source: _Source, _values: _Values) -> _Values:
    model = source.data.get("model", "blank")
    if not isinstance(model, str):
        raise source.error("model", "'model' moet 'blank', 'auto' of de naam van een spaCy-model zijn")
    problem = model_problem(model)
    if problem:
        raise source.error("model", problem)
    return {"model": model}


def _read_exclude(source: _Source, _values: _Values) -> _Values:
    patterns = source.texts("exclude", "'exclude' moet een lijst met patronen zijn, zoals ['concepten/', '*.md']")
    return {"exclude": tuple(patterns or ())}


def _read_passport(source: _Source, _values: _Values) -> _Values:
    # The keys are checked by helderetaal.passport (PassportSettings), which knows them; here only the shape.
    raw = source.data.get("passport") or {}
    if not isinstance(raw, Mapping):
        raise source.error("passport", "onder 'passport' staan instellingen met een naam en een waarde")
    return {"passport": raw}


#: One reader per top-level key, in the order their errors are reported.
_READERS: tuple[Callable[[_Source, _Values], _Values], ...] = (
    _read_rule_dirs, _read_rules, _read_allow, _read_profile, _read_profiles, _read_select_ignore, _read_root,
    _read_model, _read_exclude, _read_passport)


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
        return f"'model' moet 'blank', 'auto' of de naam van een spaCy-model zijn (zoals nl_core_news_sm), niet '{model}'"
    try:
        spec = importlib.util.find_spec(model)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return (f"spaCy-model '{model}' is niet geïnstalleerd (installeer het met 'python -m spacy download "
                f"{model}', of gebruik model: blank)")
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
        return f"'{model}' is geen spaCy-model; gebruik model: blank, auto of bijvoorbeeld nl_core_news_sm"
    if meta.get("lang") != "nl":
        return f"spaCy-model '{model}' is voor de taal '{meta.get('lang')}', niet voor Nederlands (nl)"
    return None


def _rule_settings(rule_id: str, value: Any, path: str | Path | None, line: int | None) -> RuleSettings:
    if value is False or value == "off":
        return RuleSettings(enabled=False)
    if value is True or value == "on" or value is None:
        return RuleSettings()
    if isinstance(value, str):
        if value not in SEVERITIES:
            raise ConfigError(path, f"regel '{rule_id}': kies off, on of een niveau ({', '.join(SEVERITIES)})", line)
        return RuleSettings(severity=value)
    if not isinstance(value, Mapping):
        raise ConfigError(path, f"regel '{rule_id}': zet hier off, on, een niveau of instellingen met een naam", line)
    severity = value.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise ConfigError(path, f"regel '{rule_id}': 'severity' moet een van deze niveaus zijn: {', '.join(SEVERITIES)}",
                          _line(value, "severity") or line)
    enabled = value.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(path, f"regel '{rule_id}': 'enabled' moet true of false zijn", _line(value, "enabled") or line)
    options = LineDict((key, item) for key, item in value.items() if key not in _RULE_SETTING_KEYS)
    options.line = line or 0
    options.key_lines = {key: key_line for key in options if (key_line := _line(value, key))}
    return RuleSettings(enabled=enabled, severity=severity, options=options,
                        source=str(path) if path is not None else None, line=line)


def load_config(path: str | Path) -> Config:
    """Load a ``.helderetaal.yaml`` or a ``pyproject.toml`` (``[tool.helderetaal]``), with what it extends."""
    return _load_config(Path(path), ())


def _load_config(path: Path, chain: tuple[Path, ...]) -> Config:
    resolved = path.resolve()
    if resolved in chain:
        raise ConfigError(chain[-1], f"'extends' loopt rond: {' -> '.join(str(p) for p in (*chain, resolved))}")
    data = _pyproject_section(path) if path.name == "pyproject.toml" else load_yaml_file(path)
    if isinstance(data, Mapping) and "extends" in data:
        raw = data["extends"]
        line = _line(data, "extends")
        parents = [raw] if isinstance(raw, str) else raw
        if not isinstance(parents, list) or not all(isinstance(item, str) for item in parents):
            raise ConfigError(path, "'extends' moet een bestandsnaam of een geïnstalleerde huisstijl zijn, of een lijst daarvan",
                              line)
        body = {key: value for key, value in data.items() if key != "extends"}
        if isinstance(data, LineDict):
            body = LineDict(body)
            body.line, body.key_lines = data.line, getattr(data, "key_lines", {})
        config = Config()
        for parent in parents:
            config = merge_configs(config, _load_config(_extended_file(parent, path, line), (*chain, resolved)))
        own = config_from_mapping(body, path, check_profile=False)
        merged = merge_configs(config, own)
        _check_profile(merged.profile, merged.profiles, path, _line(data, "profile"))
        return replace(merged, given=merged.given | {"extends"})
    return config_from_mapping(data, path)


def _extended_file(name: str, config_path: Path, line: int | None) -> Path:
    """The file that ``extends: name`` means: a path relative to the config, or an installed house style."""
    if name.endswith((".yaml", ".yml", ".toml")) or "/" in name or "\\" in name or name.startswith("."):
        candidate = (config_path.resolve().parent / name)
        if not candidate.is_file():
            raise ConfigError(config_path, f"'extends': bestand '{name}' niet gevonden (gezocht: {candidate})", line)
        return candidate
    from importlib.metadata import entry_points

    found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
    if not found:
        installed = sorted({ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)})
        raise ConfigError(config_path, f"'extends': geen huisstijl '{name}' geïnstalleerd (geïnstalleerd: "
                          f"{', '.join(installed) or 'geen'}; een huisstijl is een Python-pakket met een "
                          f"entry point in de groep '{ENTRY_POINT_GROUP}')", line)
    try:
        target = found[0].load()
    except Exception as error:  # a broken third-party package must not crash the run
        raise ConfigError(config_path, f"'extends': huisstijl '{name}' kan niet laden: {error}", line) from None
    return _pack_config(target, name, config_path, line)


def _pack_config(target: Any, name: str, config_path: Path, line: int | None) -> Path:
    """An entry point names a config file or a folder (a path, or a module whose folder holds it)."""
    if hasattr(target, "__file__") and target.__file__:
        target = Path(target.__file__).parent
    elif callable(target):
        target = target()
    folder_or_file = Path(str(target))
    if folder_or_file.is_dir():
        for candidate_name in _PACK_CONFIG_NAMES:
            if (folder_or_file / candidate_name).is_file():
                return folder_or_file / candidate_name
        raise ConfigError(config_path, f"'extends': huisstijl '{name}' heeft geen helderetaal.yaml in "
                          f"{folder_or_file}", line)
    if folder_or_file.is_file():
        return folder_or_file
    raise ConfigError(config_path, f"'extends': huisstijl '{name}' wijst naar {folder_or_file}, dat niet bestaat",
                      line)


def load_configs(files: Iterable[str | Path]) -> Config:
    """The configs in ``files`` (farthest first) merged into one: nearer files win."""
    config = Config()
    for file in files:
        config = merge_configs(config, load_config(file))
    return config


def _pyproject_section(path: Path) -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(path, f"kan het bestand niet lezen ({os_reason(error)})") from None
    except tomllib.TOMLDecodeError as error:
        raise _toml_error(path, str(error)) from None
    except RecursionError:
        raise ConfigError(path, "geen geldige TOML: de waarden zijn te diep genest") from None
    return data.get("tool", {}).get("helderetaal")


#: tomllib's (and tomli's) English problem texts, by a fragment, in Dutch; the first match decides.
_TOML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("end of a table declaration", "een [ van een tabelnaam wordt niet gesloten met ]"),
    ("end of an array declaration", "een [[ van een tabelnaam wordt niet gesloten met ]]"),
    ("unclosed array", "een [ van een lijst wordt niet gesloten met ]"),
    ("unterminated string", "een aanhalingsteken wordt niet gesloten"),
    ("illegal character '\\n'", "een aanhalingsteken wordt niet gesloten op deze regel"),
    ("expected '=' after a key", "na de naam hoort een '='"),
    ("cannot overwrite a value", "dezelfde naam staat twee keer"),
    ("cannot declare", "dezelfde tabel staat twee keer"),
    ("invalid value", "een waarde die TOML niet kent (zet tekst tussen aanhalingstekens)"),
    ("invalid statement", "een regel die geen 'naam = waarde' en geen [tabel] is"),
)


def _toml_error(path: Path, message: str) -> ConfigError:
    """A TOML syntax error in Dutch, at its line ("... (at line 3, column 8)")."""
    where = re.search(r"\(at line (\d+), column (\d+)\)", message)
    lowered = message.lower()
    problem = next((dutch for fragment, dutch in _TOML_PROBLEMS if fragment in lowered),
                   "de opbouw klopt niet (kijk naar aanhalingstekens, haakjes en '=')")
    if where:
        return ConfigError(path, f"geen geldige TOML in kolom {where.group(2)}: {problem}", int(where.group(1)))
    return ConfigError(path, f"geen geldige TOML: {problem}")


def _config_in(folder: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and _pyproject_section(pyproject) is not None:
        return pyproject
    return None


def _start_folder(start: str | Path) -> Path:
    folder = Path(start).resolve()
    return folder if folder.is_dir() else folder.parent


def find_config_file(start: str | Path) -> Path | None:
    """The nearest config file for a letter in (or a folder) ``start``, walking up."""
    folder = _start_folder(start)
    for candidate_dir in (folder, *folder.parents):
        found = _config_in(candidate_dir)
        if found is not None:
            return found
    return None


def find_config_files(start: str | Path) -> tuple[Path, ...]:
    """Every config file that applies to ``start``, farthest first.

    The walk up stops after the repository root (a folder holding ``.git``) and after a config
    that says ``root: true``.
    """
    folder = _start_folder(start)
    found: list[Path] = []
    for candidate_dir in (folder, *folder.parents):
        config_file = _config_in(candidate_dir)
        if config_file is not None:
            found.append(config_file)
            if _says_root(config_file):
                break
        if (candidate_dir / ".git").exists():
            break
    return tuple(reversed(found))


def _says_root(path: Path) -> bool:
    data = _pyproject_section(path) if path.name == "pyproject.toml" else load_yaml_file(path)
    return isinstance(data, Mapping) and data.get("root") is True


def discover_config(start: str | Path) -> Config:
    """The config that applies to a letter at ``start``: every config file above it, merged."""
    return load_configs(find_config_files(start))
