"""The architecture rules of docs/decisions.md (issue 11), read from the source with `ast`.

Every import counts, including those inside function bodies. The rules:
- no import cycle between project modules;
- the arrows between apps: privacy -> deletion -> supportrecords -> encryption, every app -> audit, and audit
  imports no other app (outbox, staffauth and config are infrastructure below the domain apps);
- inside `privacy`, a module imports only from its own layer or the layers below it;
- no project import inside a function body, except in `AppConfig.ready()`, migrations and management commands;
- no `_private` name imported from another module;
- no Django in `supportrecords/redaction`, which any app may therefore use as a library (config's log filter does).
The checker itself is tested: it finds a cycle, a wrong arrow and a hidden import in a temporary package tree.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("audit", "config", "deletion", "encryption", "outbox", "privacy", "staffauth", "supportrecords")

# app -> the apps it may import. `outbox`, `staffauth` and `config` are infrastructure: any domain app may use them,
# and they import no domain app (config only wires the apps together in settings, urls and celery, by name).
ALLOWED = {
    "audit": {"config"},  # the admin paginator only
    "config": {"audit"},
    "outbox": {"audit", "config"},
    "staffauth": {"audit", "config", "encryption"},  # second-factor secrets sealed as customer data is
    "encryption": {"audit", "config"},
    "supportrecords": {"audit", "config", "encryption", "outbox", "staffauth"},
    "deletion": {"audit", "config", "encryption", "outbox", "staffauth", "supportrecords"},
    "privacy": {"audit", "config", "encryption", "outbox", "staffauth", "supportrecords", "deletion"},
}
# Pure-Python libraries inside an app (no Django: see the last rule), usable from any app: config's log filter
# redacts secrets with the detector.
LIBRARIES = ("supportrecords.redaction",)
# config.urls, config.celery and config.errors sit at the top: they mount every app's views and tasks.
CONFIG_WIRING = {"config.urls", "config.celery", "config.errors"}

# Inside privacy, from the top layer down; a module imports its own layer or lower ones.
PRIVACY_LAYERS = (
    {"views", "forms", "urls", "admin", "tasks", "apps", "context_processors", "management"},
    {"services"},
    {"erasure"},
    {"access", "processors"},
    {"lifecycle"},
    {
        "models",
        "exceptions",
        "dispatch",
        "tokens",
        "ratelimit",
        "deadlines",
        "selectors",
        "emails",
        "certificates",
    },
)


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # the imported module, dotted (resolved to a module of the tree where a name is a module)
    names: tuple[str, ...]
    line: int
    in_function: str | None  # the enclosing function's name, None at module level


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _skipped(relative: Path) -> bool:
    return "migrations" in relative.parts or "__pycache__" in relative.parts


def modules(root: Path, apps: tuple[str, ...]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            if not _skipped(path.relative_to(root)):
                found[_module_name(root, path)] = path
    return found


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(module: str, path: Path, known: set[str]) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def walk(node: ast.AST, function: str | None) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from walk(child, child.name)
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(module, alias.name, (), child.lineno, function)
            elif isinstance(child, ast.ImportFrom):
                target = _resolve(module, path, child)
                names = tuple(alias.name for alias in child.names)
                submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in known]
                if submodules:  # `from privacy import services`: an import of privacy.services
                    for sub in submodules:
                        yield Import(module, sub, (), child.lineno, function)
                    names = tuple(n for n in names if f"{target}.{n}" not in known)
                    if not names:
                        continue
                yield Import(module, target, names, child.lineno, function)
            else:
                yield from walk(child, function)

    yield from walk(tree, None)


def graph(root: Path, apps: tuple[str, ...]) -> tuple[dict[str, Path], list[Import]]:
    found = modules(root, apps)
    known = set(found)
    edges = [imp for name, path in found.items() for imp in imports_of(name, path, known)]
    return found, edges


def _project_target(target: str, known: set[str]) -> str | None:
    """The project module an import names (a package import counts as its __init__), else None."""
    parts = target.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None


def cycles(root: Path, apps: tuple[str, ...]) -> list[list[str]]:
    """Strongly connected sets of more than one module (Tarjan), each sorted."""
    found, edges = graph(root, apps)
    known = set(found)
    successors: dict[str, set[str]] = {name: set() for name in found}
    for imp in edges:
        target = _project_target(imp.target, known)
        if target is not None and target != imp.module:
            successors[imp.module].add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(successors[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for name in sorted(found):
        if name not in index:
            connect(name)
    return result


def _app_of(module: str) -> str:
    return module.split(".")[0]


def arrow_violations(root: Path, apps: tuple[str, ...], allowed: dict[str, set[str]]) -> list[str]:
    found, edges = graph(root, apps)
    known = set(found)
    wrong = []
    for imp in edges:
        target = _project_target(imp.target, known)
        if target is None or _app_of(target) == _app_of(imp.module) or imp.module in CONFIG_WIRING:
            continue
        if target.startswith(LIBRARIES) and _app_of(imp.module) != "audit":
            continue
        if _app_of(target) not in allowed.get(_app_of(imp.module), set()):
            wrong.append(f"{imp.module}:{imp.line} imports {target}")
    return wrong


def _allowed_in_function(module: str, path: Path, function: str | None) -> bool:
    relative = path.as_posix()
    if "/management/commands/" in relative:
        return True  # a command is loaded only when run; Django's own commands import lazily too
    return module.endswith(".apps") and function == "ready"


def function_import_violations(root: Path, apps: tuple[str, ...]) -> list[str]:
    found, edges = graph(root, apps)
    known = set(found)
    return [
        f"{imp.module}:{imp.line} imports {imp.target} inside {imp.in_function}()"
        for imp in edges
        if imp.in_function is not None
        and _project_target(imp.target, known) is not None
        and not _allowed_in_function(imp.module, found[imp.module], imp.in_function)
    ]


# ---------------------------------------------------------------------------------------------------------------


def test_there_is_no_import_cycle_counting_imports_inside_functions():
    assert cycles(ROOT, APPS) == []


def test_the_apps_import_each_other_only_along_the_arrows():
    assert arrow_violations(ROOT, APPS, ALLOWED) == []


def test_audit_imports_no_other_app():
    """`config` is the project's settings and shared helpers, not an app; audit may use its paginator."""
    found, edges = graph(ROOT, APPS)
    assert [
        f"{imp.module}:{imp.line} {imp.target}"
        for imp in edges
        if _app_of(imp.module) == "audit" and _app_of(imp.target) in set(APPS) - {"audit", "config"}
    ] == []


def test_privacy_modules_import_only_their_layer_or_the_layers_below():
    layer_of = {name: depth for depth, layer in enumerate(PRIVACY_LAYERS) for name in layer}
    found, edges = graph(ROOT, ("privacy",))
    submodules = {name.split(".")[1] for name in found if name.count(".") == 1}
    assert submodules <= set(layer_of) | {"__init__"}, submodules - set(layer_of)
    upward = []
    for imp in edges:
        if not imp.target.startswith("privacy.") or imp.module == "privacy":
            continue
        source, target = imp.module.split(".")[1], imp.target.split(".")[1]
        if source in layer_of and target in layer_of and layer_of[target] < layer_of[source]:
            upward.append(f"{imp.module}:{imp.line} imports {imp.target}")
    assert upward == []


def test_no_project_import_inside_a_function_body_except_app_ready():
    assert function_import_violations(ROOT, APPS) == []


def test_no_private_name_is_imported_from_another_module():
    found, edges = graph(ROOT, APPS)
    assert [
        f"{imp.module}:{imp.line} {imp.target}.{name}"
        for imp in edges
        if _project_target(imp.target, set(found)) is not None
        for name in imp.names
        if name.startswith("_") and not name.startswith("__")
    ] == []


def test_redaction_imports_nothing_from_django():
    found, edges = graph(ROOT, ("supportrecords",))
    assert [
        f"{imp.module}:{imp.line}"
        for imp in edges
        if imp.module.startswith("supportrecords.redaction") and imp.target.split(".")[0] == "django"
    ] == []


# The checker fails when it should ---------------------------------------------------------------------------------


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def clean_tree(tmp_path):
    return _tree(
        tmp_path,
        {
            "alpha/__init__.py": "",
            "alpha/services.py": "from alpha import tasks\nfrom beta.models import Thing\n",
            "alpha/tasks.py": "from alpha.models import Row\n",
            "alpha/models.py": "",
            "beta/__init__.py": "",
            "beta/models.py": "",
        },
    )


def test_the_checker_passes_a_clean_tree(clean_tree):
    apps = ("alpha", "beta")
    assert cycles(clean_tree, apps) == []
    assert arrow_violations(clean_tree, apps, {"alpha": {"beta"}, "beta": set()}) == []
    assert function_import_violations(clean_tree, apps) == []


def test_the_checker_finds_a_cycle_hidden_in_a_function_body(clean_tree):
    _tree(clean_tree, {"alpha/models.py": "def later():\n    from alpha.services import go\n"})
    assert cycles(clean_tree, ("alpha", "beta")) == [["alpha.models", "alpha.services", "alpha.tasks"]]
    assert function_import_violations(clean_tree, ("alpha", "beta")) == [
        "alpha.models:2 imports alpha.services inside later()"
    ]


def test_the_checker_finds_a_cycle_through_a_relative_import_between_apps(clean_tree):
    _tree(clean_tree, {"beta/models.py": "from alpha import services\n", "alpha/tasks.py": "from . import models\n"})
    assert cycles(clean_tree, ("alpha", "beta")) == [["alpha.services", "beta.models"]]
    assert arrow_violations(clean_tree, ("alpha", "beta"), {"alpha": {"beta"}, "beta": set()}) == [
        "beta.models:1 imports alpha.services"
    ]


def test_the_checker_allows_imports_in_app_ready_only(clean_tree):
    _tree(
        clean_tree,
        {
            "alpha/apps.py": "class C:\n    def ready(self):\n        from alpha import tasks\n",
            "beta/apps.py": "class C:\n    def other(self):\n        from beta import models\n",
        },
    )
    assert function_import_violations(clean_tree, ("alpha", "beta")) == [
        "beta.apps:3 imports beta.models inside other()"
    ]
