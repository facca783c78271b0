"""No import cycle between packages (issue 14): the demo belongs to reviewapp/demo/, the flask commands to
reviewapp/commands/, the commands import the demo and never the other way, and each of their modules imports on its
own, in a fresh interpreter."""
import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def import_graph() -> dict[str, set[str]]:
    """Module -> the reviewapp modules it imports, at the top or inside a function (a lazy import closes a cycle at
    run time just the same). The root package is left out: create_app() imports every blueprint, and every module
    is inside it."""
    paths = {_module_name(path): path for path in (ROOT / "reviewapp").rglob("*.py")}
    graph = {}
    for module, path in paths.items():
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module)
                imported.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
        graph[module] = {name for name in imported if name in paths and name not in (module, "reviewapp")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm, without recursion)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(component)
    return found


def test_no_import_cycle():
    """No two modules need each other, not even inside a package (there were: cli -> demo -> demo_conflicts -> cli;
    permissions -> panels.queries -> conflicts -> conflicts.routes -> permissions, through a blueprint package whose
    __init__ imported its routes). A blueprint is defined in its package's routes.py, so importing a package's
    queries or service never imports its views."""
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_the_cycle_that_was():
    graph = {"reviewapp.cli": {"reviewapp.demo"}, "reviewapp.demo": {"reviewapp.demo_conflicts"},
             "reviewapp.demo_conflicts": {"reviewapp.cli", "reviewapp.models"}, "reviewapp.models": set()}
    assert cycles(graph) == [{"reviewapp.cli", "reviewapp.demo", "reviewapp.demo_conflicts"}]


def test_the_demo_never_imports_the_commands():
    graph = import_graph()
    assert not {(m, i) for m, imported in graph.items() if m.startswith("reviewapp.demo")
                for i in imported if i.startswith("reviewapp.commands")}


# Where the demo and the commands are entered: the command group, the demo's loader, and the module that closed the
# old cycle. Each pulls in most of the application (about a second each), so not every module is tried alone.
ENTRY_POINTS = ["reviewapp.commands", "reviewapp.demo.loading", "reviewapp.demo.conflicts"]


def test_the_demo_and_the_commands_import_on_their_own():
    """Each entry point first, in an interpreter that has imported nothing of reviewapp: an import that works only
    after another module was imported (a hidden cycle or order dependence) fails here."""
    script = ("import importlib, sys\n"
              f"for name in {ENTRY_POINTS!r}:\n"
              "    for loaded in [m for m in sys.modules if m == 'reviewapp' or m.startswith('reviewapp.')]:\n"
              "        del sys.modules[loaded]\n"
              "    importlib.import_module(name)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_no_private_name_is_imported_from_another_package():
    """A helper that another package needs is public in a shared module (reviewapp/xlsx.py, import_uploads.py,
    domain/spreadsheet.py, ...), not borrowed by its private name (it was `_write`, `_xlsx_response`, `_keep`,
    `_Bad`, `_cell_date`, `_text`)."""
    borrowed = []
    for path in (ROOT / "reviewapp").rglob("*.py"):
        module = _module_name(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("reviewapp"):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__") \
                            and _package(node.module) != _package(module):
                        borrowed.append(f"{module}: from {node.module} import {alias.name}")
    assert borrowed == []


def _package(module: str) -> str:
    return ".".join(module.split(".")[:2])
