"""Dutch cue words as data: the YAML lexicons in ``helderetaal/data/`` (shipped with the package).

Each file maps a group name to a list of lower-case words or phrases. :func:`lexicon` reads a
file once and returns ``{group: frozenset(phrases)}``; a missing or malformed file is a bug in
the package and raises at once, naming the file. :func:`alternation` and :func:`cue_pattern`
turn a group into a regular expression: the one place where cue words become patterns.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
import re

from ..yamlfile import load_yaml


@cache
def lexicon(name: str) -> dict[str, frozenset[str]]:
    """The groups of lexicon ``name`` (``data/<name>.yaml``)."""
    path = resources.files("helderetaal") / "data" / f"{name}.yaml"
    # The one YAML reader (libyaml where installed): the pure-Python loader cost ~12 ms per start.
    data = load_yaml(path.read_text(encoding="utf-8"), str(path))
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise ValueError(f"{path}: a lexicon maps group names to lists of words")
    return {str(group): frozenset(" ".join(str(w).lower().split()) for w in words) for group, words in data.items()}


def alternation(name: str, group: str) -> str:
    """The phrases of one group as a regex alternation (no group around it): longest first, so
    that "meld u aan" wins over "meld", and the words of a phrase apart by any white space.
    A ``*`` at the start or end of a word stands for any letters there ("vervang*",
    "*bijeenkomst")."""
    phrases = sorted(lexicon(name)[group], key=lambda phrase: (-len(phrase), phrase))
    return "|".join(r"\s+".join(_word(word) for word in phrase.split()) for phrase in phrases)


def _word(word: str) -> str:
    return re.escape(word).replace(r"\*", r"\w*")


@cache
def cue_pattern(name: str, group: str) -> re.Pattern[str]:
    """One group as a case-blind pattern of whole words."""
    return re.compile(r"\b" + opening(name, group) + "(?:" + alternation(name, group) + r")\b", re.IGNORECASE)


def opening(name: str, group: str, also: str = "") -> str:
    """A lookahead for the first letters of the group's phrases (and the letters ``also``), to put
    before its :func:`alternation`; "" when a phrase may start with any letter ("*bijeenkomst").

    Python's re tries every phrase at every word of a text; most words start with none of these
    letters and are passed over at once (half the time of a search through a letter)."""
    firsts = {phrase[0] for phrase in lexicon(name)[group]} | set(also)
    if not firsts or "*" in firsts:
        return ""
    return starts_with(firsts)


def starts_with(characters: Iterable[str]) -> str:
    """A lookahead that lets ``re`` pass over every place not starting with one of ``characters``
    (the one way a pattern here says where its matches can begin)."""
    return "(?=[" + "".join(re.escape(character) for character in sorted(set(characters))) + "])"
