"""The one spaCy pipeline of the process, built lazily on first use.

The default is a blank Dutch pipeline with spaCy's lookup lemmatizer (from
``spacy-lookups-data``): no model download. A trained ``nl_core_news_*`` model is used only
when the config asks for it (``model: nl_core_news_sm`` or ``model: auto``) and it is installed.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is heavy: import it only when a text is first checked.
    from spacy.language import Language

_LOCK = threading.Lock()
_PIPELINES: dict[str, Language] = {}
_TRAINED = ("nl_core_news_lg", "nl_core_news_md", "nl_core_news_sm")


#: spaCy's tokenizer keeps caches that are not meant for concurrent writers.
TOKENIZE_LOCK = threading.Lock()


class ModelError(Exception):
    """The configured spaCy model is not installed."""


def pipeline(model: str = "blank") -> Language:
    """Return the shared pipeline for ``model`` ("blank", "auto" or a model name)."""
    existing = _PIPELINES.get(model)
    if existing is not None:
        return existing
    with _LOCK:
        existing = _PIPELINES.get(model)
        if existing is None:
            existing = _build(model)
            _PIPELINES[model] = existing
        return existing


def _build(model: str) -> Language:
    import spacy

    if model == "auto":
        import importlib.util

        for name in _TRAINED:
            if importlib.util.find_spec(name) is not None:
                return _load_trained(name)
        model = "blank"
    if model == "blank":
        nlp = spacy.blank("nl")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        # Only the tokenizer and lookups run: long texts cost no parser memory.
        nlp.max_length = 100_000_000
        return nlp
    return _load_trained(model)


def _load_trained(name: str) -> Language:
    import spacy

    try:
        # The parser's sentence splits are not used: helderetaal splits sentences itself.
        return spacy.load(name, exclude=["parser", "ner"])
    except OSError as error:
        raise ModelError(f"spaCy-model '{name}' is niet geïnstalleerd") from error
