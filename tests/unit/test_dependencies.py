"""search builds on archive; archive never imports search (STYLE.md: dependencies one way)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(source: str, package: tuple[str, ...]) -> set[str]:
    """Every module the source imports, at the top or inside a function, relative imports
    resolved against `package` (the file's own)."""
    tree = ast.parse(source)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join((*base, node.module)) if node.module else ".".join(base)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "import_string",
            "__import__",
        ):
            found.update(arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str))
    return found


def file_imports(path: Path) -> set[str]:
    return imported_modules(path.read_text(encoding="utf-8"), path.relative_to(ROOT).parts[:-1])


def imports_search(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m == "search" or m.startswith("search."))


def test_no_module_under_archive_imports_search():
    offenders = {
        str(path.relative_to(ROOT)): names
        for path in sorted((ROOT / "archive").rglob("*.py"))
        if (names := imports_search(file_imports(path)))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "source",
    [
        "from search.highlight import highlight",
        "import search.engine",
        "def f():\n    from search import api\n",
        "import importlib\nimportlib.import_module('search.api')",
    ],
)
def test_the_check_sees_every_way_of_importing(source):
    assert imports_search(imported_modules(source, ("archive",)))


def test_a_relative_import_from_archive_does_not_count_as_search():
    assert imports_search(imported_modules("from .search_terms import x\nfrom . import selectors", ("archive",))) == []


def test_relative_imports_resolve_inside_their_own_package():
    assert file_imports(ROOT / "archive" / "views.py") >= {"archive.selectors", "archive.highlighting"}
