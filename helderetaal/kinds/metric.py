"""Kind ``metric``: a readability metric of the whole letter against a threshold.

Options: ``metric`` (a key of the metrics, e.g. ``flesch_douma``), ``min`` and/or ``max``, and
``min_words`` (short texts give unstable scores, so they are not judged). A message may use
``{value}``, ``{threshold}``, ``{value_percent}``, ``{threshold_percent}`` (for shares) and
``{words}`` (the first uncommon words).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..finding import Match
from .base import RuleKind, RuleSpec

if TYPE_CHECKING:
    from ..document import Document

METRICS = ("avg_sentence_length", "flesch_douma", "brouwer_leesindex", "long_words_share", "uncommon_words_share")


class MetricKind(RuleKind):
    """Compare one document metric with a minimum or maximum."""

    name = "metric"
    defaults = {"metric": "flesch_douma", "min": None, "max": None, "min_words": 60}
    document_level = True

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        if spec.options.get("metric") not in METRICS:
            raise spec.error(f"option 'metric' must be one of {', '.join(METRICS)}", key="options")

    def check(self, document: Document, options: Mapping[str, Any]) -> Iterable[Match]:
        metrics = document.metrics
        if metrics["words"] < int(options.get("min_words") or 0):
            return
        value = metrics.get(options["metric"])
        if value is None:
            return
        low, high = options.get("min"), options.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            start, end = document.anchor()
            threshold = low if low is not None and value < low else high
            words = ", ".join(f"'{word}'" for word in (metrics.get("uncommon_words") or [])[:5])
            yield Match(start, end, data={
                "value": value,
                "threshold": threshold,
                "value_percent": _percent(value),
                "threshold_percent": _percent(threshold),
                "words": words or "-",
            })


def _percent(value: Any) -> str:
    """A share (0.083) as a Dutch percentage text ("8%")."""
    try:
        return f"{round(float(value) * 100):d}%"
    except (TypeError, ValueError):
        return str(value)
