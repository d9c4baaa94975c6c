"""The layout shows the architecture and stays that way: no import cycles between modules, no project imports
hidden inside functions, the engine never imports the service, and study-type names live only in the engine's
registry (and what is generated from it)."""

from __future__ import annotations

import ast
import subprocess
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ROOTS = {"gridsolve": REPO / "solver_layer" / "gridsolve", "chalicelib": REPO / "chalicelib"}
PROJECT = ("gridsolve", "chalicelib", "app")


def _modules() -> dict[str, Path]:
    mods = {"app": REPO / "app.py"}
    for root in ROOTS.values():
        for path in root.rglob("*.py"):
            rel = path.relative_to(root.parent).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if "migrations" in parts:  # Alembic scripts are loaded by Alembic, not imported
                continue
            mods[".".join(parts)] = path
    return mods


MODULES = _modules()


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_pkg = MODULES[module].name == "__init__.py"
    base = module.split(".")[: len(module.split(".")) - node.level + (1 if is_pkg else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def _targets(module: str, node: ast.stmt) -> list[str]:
    out = []
    if isinstance(node, ast.Import):
        out = [a.name for a in node.names]
    elif isinstance(node, ast.ImportFrom):
        target = _resolve(module, node)
        for alias in node.names:
            sub = f"{target}.{alias.name}"
            out.append(sub if sub in MODULES else target)
    return [t for t in out if t.split(".")[0] in PROJECT]


def _imports(module: str) -> tuple[set[str], list[tuple[int, str]]]:
    """(module-level project imports, project imports made inside functions with their line)."""
    source = MODULES[module].read_text()
    lines = source.splitlines()
    tree = ast.parse(source)
    top: set[str] = set()
    hidden: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom) and "# lazy:" not in lines[inner.lineno - 1]:
                    hidden += [(inner.lineno, t) for t in _targets(module, inner)]
    for node in tree.body:
        stmts = [node]
        if isinstance(node, ast.If | ast.Try):  # `if TYPE_CHECKING:` and optional-import blocks
            stmts = [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
        for st in stmts:
            if isinstance(st, ast.Import | ast.ImportFrom):
                top.update(t for t in _targets(module, st) if t in MODULES and t != module)
    return top, hidden


GRAPH = {m: _imports(m) for m in MODULES}


def test_no_import_cycles():
    graph = {m: deps for m, (deps, _) in GRAPH.items()}
    try:
        list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


def test_no_project_imports_inside_functions():
    """Except deliberate lazy imports, each marked `# lazy: <why>` on its line (e.g. deferring numba's import)."""
    hidden = [(m, line, t) for m, (_, h) in GRAPH.items() for line, t in h]
    assert hidden == [], "imports inside functions: " + ", ".join(f"{m}:{line} {t}" for m, line, t in hidden)


def test_engine_never_imports_the_service():
    leaks = [(m, d) for m, (deps, _) in GRAPH.items() if m.startswith("gridsolve") for d in deps
             if not d.startswith("gridsolve")]
    assert leaks == []


def test_only_the_engine_seam_imports_gridsolve():
    allowed = {"chalicelib.engine", "chalicelib.http.errors"}
    users = sorted(m for m, (deps, _) in GRAPH.items() if m.split(".")[0] in ("chalicelib", "app")
                   and any(d.startswith("gridsolve") for d in deps))
    assert set(users) <= allowed, users


def test_study_type_names_only_in_the_registry():
    """`git grep` finds study-type names, as string literals, only in the engine's registry, generated artifacts
    and tests (a name may also be an ordinary word: "contingency outages" in billing, the contingency package)."""
    from gridsolve.studies import STUDY_TYPES

    allowed = ("solver_layer/gridsolve/studies/", "web/src/contract/", "tests/", "README.md", "docs/",
               "chalicelib/README.md", "web/README.md", "benchmarks/", "web/e2e/",
               "web/scripts/")  # the scripts that write test fixtures with the engine's CLI
    for name in STUDY_TYPES:
        out = subprocess.run(["git", "grep", "-l", "-e", f'"{name}"', "-e", f"'{name}'", "-e", f"`{name}`",
                              "--", "*.py", "*.ts", "*.tsx", "*.mjs"],
                             cwd=REPO, capture_output=True, text=True).stdout.split()
        stray = [f for f in out if not f.startswith(allowed) and not f.endswith(".test.ts")]
        assert stray == [], f"study type {name!r} named outside the registry: {stray}"
