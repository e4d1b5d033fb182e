"""Dutch cue words as data: the YAML lexicons in ``helderetaal/data/`` (shipped with the package).

Each file maps a group name to a list of lower-case words or phrases. :func:`lexicon` reads a
file once and returns ``{group: frozenset(phrases)}``; a missing or malformed file is a bug in
the package and raises at once, naming the file.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def lexicon(name: str) -> dict[str, frozenset[str]]:
    """The groups of lexicon ``name`` (``data/<name>.yaml``)."""
    path = resources.files("helderetaal") / "data" / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise ValueError(f"{path}: a lexicon maps group names to lists of words")
    return {str(group): frozenset(" ".join(str(w).lower().split()) for w in words) for group, words in data.items()}
