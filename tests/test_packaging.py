"""The project's own files agree with each other: pins, DVC deps, README and CI."""

import ast
import re
import tomllib

import yaml

from .conftest import ROOT


def lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_pyproject_pins_match_the_lock():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = meta["dependencies"] + meta["optional-dependencies"]["dev"]
    pins = lock()
    for req in declared:
        name, version = req.split("==")
        assert pins.get(name.lower()) == version, f"{req} vs requirements.lock"


PLUMBING = {"stage", "params", "log"}  # argument and params handling, not a stage's work


def imported_modules(path, seen=None) -> set[str]:
    """links_detector modules that ``path`` imports, transitively (not through PLUMBING)."""
    seen = set() if seen is None else seen
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level == 1 or mod.startswith("links_detector"):
                base = mod.removeprefix("links_detector").lstrip(".")
                names = [base] if base else [a.name for a in node.names]
        for name in names:
            f = ROOT / "src/links_detector" / f"{name}.py"
            if f.exists() and name not in seen and name not in PLUMBING:
                seen.add(name)
                imported_modules(f, seen)
    return seen


def test_each_stage_depends_on_the_code_it_runs():
    dvc = yaml.safe_load((ROOT / "dvc.yaml").read_text())
    code = dvc["vars"][0]["paths"]["code"]
    for name, stage in dvc["stages"].items():
        deps = {d.replace("${paths.code}", code) for d in stage["deps"]}
        script = f"stages/{name}.py"
        assert script in deps and script in stage["cmd"], name
        needed = imported_modules(ROOT / script) | {"__init__"}
        for mod in needed:
            assert f"{code}/{mod}.py" in deps, f"stage {name} imports {mod}.py but lacks the dep"


def test_readme_commands_and_ci():
    readme = (ROOT / "README.md").read_text()
    assert "make repro" in readme and "make test" in readme
    ci = (ROOT / ".ci/run").read_text()
    assert re.search(r"^make test$", ci, re.M)
