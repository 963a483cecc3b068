"""Helpers shared by test modules live in tests/support: a test module, or a folder's
conftest, imports from no other test module or conftest, so each runs alone and in any
order, and a helper is found where helpers are."""

import ast
from pathlib import Path

from bot.settings import PROJECT_ROOT

TESTS = PROJECT_ROOT / "tests"
SUPPORT = TESTS / "support"


def imported_from_tests(path: Path) -> set[str]:
    """The `tests.…` modules that `path` imports; a relative import as written (`.x`),
    which can only reach a sibling module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level:
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.ImportFrom) and node.module == "tests":
            found |= {f"tests.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests."):
            found.add(node.module or "")
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("tests.")}
    return found


def is_support(module: str) -> bool:
    return module == "tests.support" or module.startswith("tests.support.")


def test_test_modules_import_helpers_only_from_tests_support() -> None:
    offending = {
        str(path.relative_to(PROJECT_ROOT)): sorted(
            module for module in imported_from_tests(path) if not is_support(module)
        )
        for path in sorted(TESTS.rglob("*.py"))
    }
    assert {path: modules for path, modules in offending.items() if modules} == {}


def test_the_check_sees_each_form_of_import(tmp_path: Path) -> None:
    module = tmp_path / "test_example.py"
    module.write_text(
        "import tests.actions.conftest\n"
        "from tests.console.conftest import logged_in\n"
        "from tests import conversation\n"
        "from tests.support.dates import iso\n"
        "from . import sibling\n"
    )
    assert imported_from_tests(module) == {
        "tests.actions.conftest",
        "tests.console.conftest",
        "tests.conversation",
        "tests.support.dates",
        ".",
    }
