"""`python -m pytest` from a checkout tests the installed package (issue 15, item 10)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_python_dash_m_pytest_from_the_checkout_imports_the_installed_package():
    # `python -m` puts the checkout first on sys.path; its `helderetaal/` folder has no `lsp`.
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             "tests/test_lsp.py", "tests/test_lsp_edits.py"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "No module named" not in result.stdout + result.stderr
