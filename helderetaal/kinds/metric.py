"""Kind ``metric``: a readability metric of the whole letter against a threshold.

Options: ``metric`` (a key of the metrics, e.g. ``flesch_douma``), ``min`` and/or ``max``, and
``min_words`` (short texts give unstable scores, so they are not judged). A message may use
``{value}``, ``{threshold}``, ``{value_percent}``, ``{threshold_percent}`` (for shares) and
``{words}`` (the first uncommon words).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..finding import Match
from .base import RuleKind
from .options import Options, option

if TYPE_CHECKING:
    from ..document import Document

Metric = Literal["avg_sentence_length", "flesch_douma", "brouwer_leesindex", "long_words_share",
                 "uncommon_words_share"]


@dataclass(frozen=True)
class MetricOptions(Options):
    """Options of the ``metric`` kind."""

    metric: Metric = option("flesch_douma", "Welke maat van de brief wordt gemeten.")
    min: float | None = option(None, "Een waarde lager dan dit is een melding.")
    max: float | None = option(None, "Een waarde hoger dan dit is een melding.")
    min_words: int = option(60, "Brieven met minder woorden worden niet beoordeeld: hun score zegt weinig.",
                            minimum=0)

    def problems(self) -> Iterator[tuple[str, str]]:
        if self.min is None and self.max is None:
            yield "min", "a metric rule needs the option 'min' or 'max' (else it can never report)"


class MetricKind(RuleKind[MetricOptions]):
    """Compare one document metric with a minimum or maximum."""

    name = "metric"
    options_type = MetricOptions
    known_problems = ("De maten zijn gemaakt voor lopende tekst. Een brief met veel opsommingen, adressen of "
                      "tabellen krijgt een score die weinig zegt over hoe leesbaar hij is.")

    def check(self, document: Document, options: MetricOptions) -> Iterable[Match]:
        metrics = document.metrics
        if metrics["words"] < options.min_words:
            return
        value = metrics.get(options.metric)
        if value is None:
            return
        low, high = options.min, options.max
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
