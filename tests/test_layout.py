"""The package's layout: sub-packages in layers, no import circles, modules of a readable size."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kzmach"
#: Each part of the package and its layer: a module may import only from its own layer or
#: a lower one (analysis is pure functions on frames, so the build may use its checks).
LAYERS = {
    "_version": 0,
    "paths": 0,
    "errors": 0,
    "files": 0,
    "frames": 0,
    "metadata": 1,
    "text": 2,
    "analysis": 3,
    "raw": 4,
    "pipeline": 5,
    "data": 6,
    "api": 7,
    "report": 8,
    "cli": 9,
    "__init__": 9,
}
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path, known: set[str]) -> set[str]:
    """Every kzmach module ``path`` imports, at any depth (in functions too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import of {node.module}"
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            names = [n if n in known else node.module for n in names]
        else:
            continue
        found |= {n for n in names if n in known and n.startswith("kzmach")}
    return found


def graph() -> dict[str, set[str]]:
    known = set(modules())
    return {name: imported(path, known) - {name} for name, path in modules().items()}


def layer(module: str) -> int:
    parts = module.split(".")
    key = parts[1] if len(parts) > 1 else "__init__"
    return LAYERS[key]


def test_every_part_of_the_package_has_a_layer():
    tops = {name.split(".")[1] for name in modules() if "." in name}
    assert tops <= set(LAYERS), f"unlayered: {sorted(tops - set(LAYERS))}"


def find_circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the import circles of ``edges`` found by a depth-first walk."""
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                circles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    return circles


def test_no_import_circles():
    circles = find_circles(graph())
    assert not circles, "import circles:\n" + "\n".join(" -> ".join(c) for c in circles)


def test_the_walk_finds_a_circle_when_there_is_one():
    fake = {"kzmach.a": {"kzmach.b"}, "kzmach.b": {"kzmach.c"}, "kzmach.c": {"kzmach.a"}}
    assert find_circles(fake) == [["kzmach.a", "kzmach.b", "kzmach.c", "kzmach.a"]]
    assert find_circles({"kzmach.a": {"kzmach.b"}, "kzmach.b": set()}) == []


def test_lower_layers_never_import_higher_ones():
    wrong = [
        f"{source} (layer {layer(source)}) imports {target} (layer {layer(target)})"
        for source, targets in graph().items()
        for target in sorted(targets)
        if layer(target) > layer(source)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_is_too_long(name):
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it (at most {MAX_LINES})"


def test_every_sub_package_has_a_readme():
    for init in PACKAGE.rglob("__init__.py"):
        if init.parent == PACKAGE:
            continue
        readme = init.parent / "README.md"
        assert readme.is_file(), f"{init.parent.relative_to(PACKAGE.parent)} has no README.md"


def test_every_facade_function_that_reads_data_takes_as_of():
    import inspect

    import kzmach.api

    # no dated data: the catalogue, the checks, fits of a series given, the order's own text
    timeless = {
        "indicators",
        "check",
        "log_linear_trend",
        "forecast",
        "roadmap_glossary",
        "roadmap_document",
    }
    for name in kzmach.api.__all__:
        if name in timeless:
            continue
        parameters = inspect.signature(getattr(kzmach.api, name)).parameters
        assert "as_of" in parameters, f"kzmach.{name} does not take as_of"


def test_the_facade_only_loads_cuts_and_hands_over():
    """kzmach.api holds no analysis (statsmodels' api.py): no loops, a few statements each."""
    bodies = [
        node
        for path in sorted((PACKAGE / "api").glob("*.py"))
        for node in ast.parse(path.read_text(encoding="utf-8")).body
    ]
    assert len(bodies) > 40  # the facade's modules were read
    for node in bodies:
        if not isinstance(node, ast.FunctionDef):
            continue
        loops = [
            n
            for n in ast.walk(node)
            if isinstance(n, (ast.For, ast.While, ast.ListComp, ast.DictComp, ast.SetComp))
        ]
        statements = sum(isinstance(n, ast.stmt) for n in ast.walk(node)) - 1
        assert not loops, f"kzmach.api.{node.name} computes: move it to kzmach.analysis"
        assert statements <= 12, f"kzmach.api.{node.name} has {statements} statements"


#: The longest a function's body may be, its docstring aside: a longer one is split into
#: named steps (load, process, save) that read as what they do.
MAX_FUNCTION_LINES = 60


def _body_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    body = function.body
    first = body[0]
    docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    if docstring and isinstance(first.value.value, str) and len(body) > 1:
        body = body[1:]
    return (body[-1].end_lineno or body[-1].lineno) - body[0].lineno + 1


def test_no_function_body_is_longer_than_sixty_lines():
    too_long = [
        f"{name}.{node.name} ({_body_lines(node)} lines)"
        for name, path in modules().items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and _body_lines(node) > MAX_FUNCTION_LINES
    ]
    assert too_long == []


def test_the_function_length_rule_counts_code_not_docstrings():
    source = 'def f():\n    """Doc.\n\n    More.\n    """\n    a = 1\n    return a\n'
    (function,) = ast.parse(source).body
    assert isinstance(function, ast.FunctionDef)
    assert _body_lines(function) == 2
