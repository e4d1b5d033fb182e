"""Shared fixtures: the installed package is tested (pyproject sets importlib import mode)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def ruleset():
    """The bundled rules."""
    from helderetaal.ruleset import load_ruleset

    return load_ruleset()
