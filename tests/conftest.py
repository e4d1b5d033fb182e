"""Shared fixtures: the installed package is tested (pyproject sets importlib import mode)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# `python -m pytest` puts the checkout first on sys.path, where `helderetaal/` lacks the server
# (`lsp/` is mapped into the package only when installed): test the installed package.
sys.path[:] = [entry for entry in sys.path if Path(entry or os.getcwd()).resolve() != ROOT]


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def ruleset():
    """The bundled rules."""
    from helderetaal.ruleset import load_ruleset

    return load_ruleset()
