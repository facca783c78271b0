"""The domain layer never imports Flask, the database or the rest of the app: rules stay testable alone."""
import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "reviewapp" / "domain"
FORBIDDEN = ("flask", "flask_", "sqlalchemy", "werkzeug", "wtforms", "jinja2")


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(DOMAIN.rglob("*.py")), ids=lambda p: p.name)
def test_domain_module_imports_no_framework_and_nothing_outside_the_domain(path):
    for name in imports_of(path):
        assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
        if name.startswith("reviewapp"):
            assert name.startswith("reviewapp.domain"), f"{path.name} imports {name}"
