"""Imported by the check workers' forkserver before it forks any worker.

Importing it loads spaCy, the Dutch pipeline and the bundled rules, and checks one small letter,
so every worker forked afterwards starts warm: restarting a worker after a stopped check costs
milliseconds instead of the seconds a cold start takes.
"""

from __future__ import annotations

import logging

import helderetaal


def warm_up() -> None:
    """Check a small letter once, so the pipeline and the rules are loaded and compiled."""
    try:
        helderetaal.check("Geachte bewoner,\n\nDit is een korte brief over het werk in uw straat.\n")
    except Exception:  # a broken model shows up on the first real check, with its message
        logging.getLogger("helderetaal.lsp").debug("warm-up failed", exc_info=True)


warm_up()
