"""The layout keeps its architecture (docs/architecture.md): each package imports only the
layers below it, and no two modules import each other, even through others or inside a
function. Read from the source with `ast`; nothing is imported."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "facilitator"

# Lowest first. A module may import its own package and the layers below its own; packages
# on one layer are independent of each other. The entry points at the top may import all.
LAYERS = [
    {"core", "store"},  # what every layer may use; storage
    {"workshops"},  # the domain: plain Python over the models
    {"accounts"},  # the facilitator's passcode and sign-ins
    {"reports"},  # exports, read from the domain
    {"live"},  # the real-time machinery
    {"usecases"},  # every use case, in the one unit of work
    {"web"},  # the HTTP and Socket.IO edge
    {"<top>"},  # app, cli, serve, banner
]
LAYER_OF = {package: index for index, packages in enumerate(LAYERS) for package in packages}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "versions" in path.relative_to(PACKAGE).parts[:-1]:
            continue  # migration revisions: history, frozen as written
        found[module_name(path)] = path
    return found


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYER_OF) else "<top>"


def imports_of(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every facilitator module that `module` imports, at the top or inside a function."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("facilitator"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("facilitator"):
                continue
            for alias in node.names:  # `from facilitator.workshops import notes` names a module
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in known else target)
    return {name for name in found if name in known and name != module}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    known = modules()
    return {module: imports_of(module, path, known) for module, path in known.items()}


def test_the_layout_has_the_packages_the_architecture_names():
    packages = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}
    assert packages == set(LAYER_OF) - {"<top>"}, "a package was added or removed: place it in LAYERS and docs/architecture.md"


def test_no_package_imports_a_layer_above_it_or_beside_it(graph):
    wrong = []
    for module, targets in sorted(graph.items()):
        package = package_of(module)
        for target in sorted(targets):
            other = package_of(target)
            if other != package and LAYER_OF[other] >= LAYER_OF[package]:
                wrong.append(f"{module} ({package}) imports {target} ({other})")
    assert not wrong, "imports against the layers (docs/architecture.md):\n" + "\n".join(wrong)


def test_no_modules_import_each_other_even_through_others(graph):
    """Tarjan's strongly connected components: any with more than one module is a circle."""
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert not circles, "modules that import each other: " + "; ".join(" <-> ".join(c) for c in circles)


def test_the_rule_catches_an_import_upwards_and_a_circle(tmp_path):
    """The checks above can fail: a domain module importing the web edge, and two modules
    importing each other, are both found in a made-up layout."""
    known = {"facilitator.workshops.a": tmp_path / "a.py", "facilitator.web.b": tmp_path / "b.py"}
    (tmp_path / "a.py").write_text("def f():\n    from facilitator.web import b\n")
    (tmp_path / "b.py").write_text("from facilitator.workshops.a import f\n")
    made_up = {module: imports_of(module, path, known) for module, path in known.items()}
    assert made_up == {"facilitator.workshops.a": {"facilitator.web.b"}, "facilitator.web.b": {"facilitator.workshops.a"}}
    with pytest.raises(AssertionError, match="workshops.a \\(workshops\\) imports facilitator.web.b"):
        test_no_package_imports_a_layer_above_it_or_beside_it(made_up)
    with pytest.raises(AssertionError, match="import each other"):
        test_no_modules_import_each_other_even_through_others(made_up)
