"""The lesson core must stay free of MkDocs, so it can move to another site generator."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "plugins" / "hocso" / "core"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_module_imports_mkdocs() -> None:
    modules = sorted(CORE.glob("*.py"))
    assert modules
    for path in modules:
        offending = {m for m in imported_modules(path) if m.split(".")[0].startswith("mkdocs")}
        assert not offending, f"{path.name} imports {offending}"


def test_importing_the_core_loads_no_mkdocs() -> None:
    names = ", ".join(f"hocso.core.{p.stem}" for p in sorted(CORE.glob("*.py"))
                      if p.stem != "__init__")
    code = (f"import sys, importlib\n"
            f"for name in '{names}'.split(', '): importlib.import_module(name)\n"
            f"print(sorted(m for m in sys.modules if m.startswith('mkdocs')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
