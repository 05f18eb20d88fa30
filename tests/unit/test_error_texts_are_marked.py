"""Every refusal a person can read is marked for translation where it is written.

A domain error's text is its msgid: `N_("…")` with `%(name)s` placeholders, the values
passed as `params`. An f-string, a bare string or a string built at run time would reach
an Arabic phone in English, because `pybabel extract` never sees it. This test reads the
source of everything that raises errors people see and fails on any such text.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from facilitator.core.config import PACKAGE_DIR

# Where refusals that phones and facilitators read are raised. (reports/ raises the
# facilitator's export errors, which are not translated yet; reports/cover.py is the
# report panel's form and is translated like the rest. workshops/session_templates.py
# raises TemplateError to whoever writes a template file, in English, when it is loaded.)
SOURCES = sorted(
    [path for path in (PACKAGE_DIR / "workshops").glob("*.py") if path.name != "session_templates.py"]
    + [PACKAGE_DIR / name for name in ("web/sockets.py", "accounts/auth.py", "app.py", "core/i18n.py")]
    + [*(PACKAGE_DIR / "web" / "views").glob("*.py")]
    + [*(PACKAGE_DIR / "usecases").glob("*.py")]
    + [PACKAGE_DIR / "reports" / "cover.py"]
)


def error_classes() -> set[str]:
    """The names of every WorkshopError subclass the sources may raise with a message
    (`NoteTooLong(limit, length)` takes numbers: its own text is checked in its class)."""
    import facilitator.reports.errors  # noqa: F401  (subclasses defined there too)
    import facilitator.web.sockets  # noqa: F401
    from facilitator.workshops.errors import WorkshopError

    names, todo = set(), [WorkshopError]
    while todo:
        cls = todo.pop()
        parameters = list(inspect.signature(cls.__init__).parameters)
        if parameters[1:2] == ["message"]:
            names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def is_marked(node: ast.AST) -> bool:
    """`N_("a literal")`."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "N_"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def unmarked_texts(path: Path, classes: set[str]) -> list[str]:
    """"file:line Class(text)" for every error text in `path` that is not `N_("…")`."""
    where = path.relative_to(PACKAGE_DIR) if path.is_relative_to(PACKAGE_DIR) else path.name
    problems = []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in classes:
            texts = list(node.args[:1]) + [k.value for k in node.keywords if k.arg == "message"]
            for text in texts:
                if not is_marked(text):
                    problems.append(f"{where}:{node.lineno} {node.func.id}({ast.unparse(text)[:60]})")
        if isinstance(node, ast.ClassDef):
            for inner in ast.walk(node):
                # super().__init__("…") inside an error class: a literal text must be marked too.
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr == "__init__"
                    and inner.args
                    and isinstance(inner.args[0], (ast.Constant, ast.JoinedStr, ast.BinOp))
                    and not is_marked(inner.args[0])
                ):
                    problems.append(f"{where}:{inner.lineno} {node.name}: super().__init__({ast.unparse(inner.args[0])[:60]})")
            for statement in node.body if node.name in classes else ():
                if isinstance(statement, ast.Assign) and any(getattr(t, "id", "") == "message" for t in statement.targets):
                    if not is_marked(statement.value):
                        problems.append(f"{where}:{statement.lineno} {node.name}.message")
    return problems


def test_every_domain_error_text_is_a_marked_literal():
    classes = error_classes()
    problems = [problem for path in SOURCES for problem in unmarked_texts(path, classes)]
    assert problems == [], "texts that bypass translation (use N_(\"…\") with params):\n" + "\n".join(problems)


def test_the_check_finds_an_unmarked_text(tmp_path):
    """The scan itself: an f-string and a bare string are caught, a marked text is not."""
    source = tmp_path / "example.py"
    source.write_text(
        'raise InvalidInput(f"The title is longer than {limit}.")\n'
        'raise InvalidInput("Say which phase.")\n'
        'raise InvalidInput(N_("Say which phase."))\n'
        'raise NotAllowed()\n'
    )
    found = unmarked_texts(source, {"InvalidInput", "NotAllowed"})
    assert [line.split(" ", 1)[0] for line in found] == ["example.py:1", "example.py:2"]


def test_every_fixed_refusal_of_the_socket_edge_is_marked():
    """BUSY, SLOW_DOWN, ...: sockets.py writes them as {"code", "message": N_("…")}."""
    tree = ast.parse((PACKAGE_DIR / "web" / "sockets.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            keys = [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
            if "message" in keys:
                message = node.value.values[keys.index("message")]
                assert is_marked(message), f"sockets.py:{node.lineno} {ast.unparse(node.targets[0])}"
