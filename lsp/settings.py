"""Editor settings for the language server.

Editors send settings under the section ``helderetaal``: the same keys as ``.helderetaal.yaml``
(``rules``, ``allow``, ``profile``, ``profiles``, ``model``), layered on top of the file
config, plus server options:

``debounce``
    Milliseconds to wait after the last keystroke before checking (default 250; 0 checks at
    once). The environment variable ``HELDERETAAL_LSP_DEBOUNCE`` sets the default.

``time_limit``
    Milliseconds one check may take (default 30000). A check that takes longer is stopped and
    the letter gets one diagnostic saying so. ``HELDERETAAL_LSP_TIME_LIMIT`` sets the default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from helderetaal import Config, ConfigError

SECTION = "helderetaal"
#: Keys of the editor settings that belong to the server, not to the checker's config.
SERVER_KEYS = frozenset({"debounce", "time_limit"})
CONFIG_KEYS = frozenset({"rules", "allow", "profile", "profiles", "model", "rule_dirs", "exclude"})
DEFAULT_DEBOUNCE_MS = 250
DEFAULT_TIME_LIMIT_MS = 30_000


def _milliseconds_from_env(name: str, default_ms: float, minimum_ms: float = 0.0) -> float:
    raw = os.environ.get(name)
    if raw:
        try:
            return max(minimum_ms, float(raw)) / 1000
        except ValueError:
            pass
    return default_ms / 1000


def default_debounce() -> float:
    """Seconds of debounce when no setting says otherwise."""
    return _milliseconds_from_env("HELDERETAAL_LSP_DEBOUNCE", DEFAULT_DEBOUNCE_MS)


def default_time_limit() -> float:
    """Seconds one check may take when no setting says otherwise."""
    return _milliseconds_from_env("HELDERETAAL_LSP_TIME_LIMIT", DEFAULT_TIME_LIMIT_MS, minimum_ms=1.0)


def _is_milliseconds(value: object, minimum: float) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= minimum


@dataclass(frozen=True)
class EditorSettings:
    """Validated editor settings."""

    overrides: Mapping[str, Any] = field(default_factory=dict)
    debounce: float = field(default_factory=default_debounce)
    time_limit: float = field(default_factory=default_time_limit)
    #: A problem with the settings, in Dutch, to show the writer (the rest still applies).
    problem: str | None = None

    def apply(self, config: Config) -> Config:
        """``config`` with these settings layered on top."""
        if not self.overrides:
            return config
        return config.with_overrides(self.overrides)


def extract_section(raw: Any) -> Mapping[str, Any] | None:
    """Find helderetaal's settings in what an editor sent.

    Editors send either the whole settings tree (``{"helderetaal": {...}, "other": ...}``) or
    just this section. Returns None when nothing usable was sent (e.g. VS Code's
    ``settings: null``, which asks the server to pull).
    """
    if not isinstance(raw, Mapping):
        return None
    if SECTION in raw:
        section = raw[SECTION]
        return section if isinstance(section, Mapping) else None
    if raw and set(raw) <= CONFIG_KEYS | SERVER_KEYS:
        return raw
    return None


def parse_settings(section: Mapping[str, Any] | None) -> EditorSettings:
    """Validate a settings section. Invalid parts are dropped and described in ``problem``."""
    if not section:
        return EditorSettings()
    problems = []
    debounce = default_debounce()
    raw_debounce = section.get("debounce")
    if raw_debounce is not None:
        if _is_milliseconds(raw_debounce, 0):
            debounce = float(raw_debounce) / 1000
        else:
            problems.append("'debounce' moet een aantal milliseconden zijn")
    time_limit = default_time_limit()
    raw_limit = section.get("time_limit")
    if raw_limit is not None:
        if _is_milliseconds(raw_limit, 1):
            time_limit = float(raw_limit) / 1000
        else:
            problems.append("'time_limit' moet een aantal milliseconden zijn (minstens 1)")
    overrides = {key: value for key, value in section.items() if key not in SERVER_KEYS and value is not None}
    unknown = sorted(set(overrides) - CONFIG_KEYS, key=str)
    for key in unknown:
        problems.append(f"onbekende instelling '{key}'")
        del overrides[key]
    if overrides:
        try:
            Config().with_overrides(overrides)
        except ConfigError as error:
            problems.append(str(error))
            overrides = {}
    problem = "; ".join(problems) if problems else None
    return EditorSettings(overrides=overrides, debounce=debounce, time_limit=time_limit, problem=problem)
