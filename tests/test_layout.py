"""The package's layout: one folder per concern, dependencies pointing one way, no cycles.

common      boxes, images, VOC XML, atomic outputs, parallel map, logging, IoU matching,
            MLflow tracking, the TensorFlow compatibility shim
config      the params schema and its loader, the packaged defaults
synth       the page generator
dataset     preprocessing, labels, TFRecords
reading     what `links-detector read` runs: detector, prefix check, lines, OCR, URL text
detection   the OD API: pipeline config, zoo, train, evaluate, export
evaluation  the `links` stage's end-to-end scoring and the training of the prefix check
release     the shipped model folder (models/default) and its card
api         `read_links` and `Reader` for Python callers (`cli`: the same on the command line)
"""

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PKG = ROOT / "src/links_detector"
# what each package (or top-level module) may import from the project, besides itself and
# links_detector/__init__.py
ALLOWED = {
    "common": set(),
    "config": {"common"},
    "synth": {"common", "config"},
    "dataset": {"common", "config"},
    "reading": {"common", "config"},
    "detection": {"common", "config", "dataset", "reading"},
    "evaluation": {"common", "config", "dataset", "reading"},
    "release": {"common", "config"},
    "stage": {"common", "config"},
    "api": {"common", "config", "reading"},
    "cli": {"api", "common", "config", "reading"},
}
# third-party modules slow enough to import that a function may import them on use
DEFERRED = ("tensorflow", "object_detection", "google.protobuf", "mlflow")


def modules() -> dict[str, Path]:
    out = {}
    for f in sorted(PKG.rglob("*.py")):
        parts = f.relative_to(PKG).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = f
    return out


def project_imports(path: Path, name: str):
    """(imported module, node, inside a function) for each links_detector import in ``path``."""
    tree = ast.parse(path.read_text())
    inside = set()
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            inside.update(id(n) for n in ast.walk(fn) if n is not fn)
    known = modules()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                pkg = name.split(".")[: -node.level] if path.name != "__init__.py" else []
                base = ".".join([*pkg, *(node.module or "").split(".")]).strip(".")
            elif (node.module or "").startswith("links_detector"):
                base = node.module.removeprefix("links_detector").lstrip(".")
            else:
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}".lstrip(".")
                yield (sub if sub in known else base), node, id(node) in inside
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("links_detector"):
                    mod = alias.name.removeprefix("links_detector").lstrip(".")
                    yield mod, node, id(node) in inside


def top(module: str) -> str:
    return module.split(".")[0]


def test_the_concerns_are_folders():
    folders = {p.name for p in PKG.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(ALLOWED) - {"stage", "cli", "api"}
    loose = {p.stem for p in PKG.glob("*.py")}  # the entry points
    assert loose == {"__init__", "api", "cli", "stage"}, "a module outside the concern folders"


@pytest.mark.parametrize("name", sorted(m for m in modules() if m))
def test_imports_point_one_way(name):
    path = modules()[name]
    for mod, node, _ in project_imports(path, name):
        if mod == "" or top(mod) == top(name):
            continue
        assert top(mod) in ALLOWED[top(name)], (
            f"{path.relative_to(ROOT)}:{node.lineno}: {top(name)} imports {mod}"
        )


def test_no_import_cycle():
    graph = {
        name: {m for m, _, _ in project_imports(f, name) if m} for name, f in modules().items()
    }
    state: dict[str, int] = {}

    def visit(n, trail):
        state[n] = 1
        for m in graph.get(n, ()):
            if state.get(m) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail, n, m]))
            if m not in state:
                visit(m, [*trail, n])
        state[n] = 2

    for n in graph:
        if n not in state:
            visit(n, [])


def test_function_level_imports_only_defer_slow_libraries():
    """Project modules are imported at the top of a file; a function imports only a slow
    third-party library, and the line says so."""
    for name, path in modules().items():
        lines = path.read_text().splitlines()
        for mod, node, inside in project_imports(path, name):
            assert not inside, (
                f"{path.relative_to(ROOT)}:{node.lineno}: imports {mod} in a function"
            )
        tree = ast.parse(path.read_text())
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                names = (
                    [node.module]
                    if isinstance(node, ast.ImportFrom)
                    else [a.name for a in node.names]
                )
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                assert all(n.startswith(DEFERRED) for n in names), f"{where}: {names}"
                said = "\n".join(lines[node.lineno - 1 : node.end_lineno])
                assert "# deferred" in said, f"{where}: say why it is deferred"
