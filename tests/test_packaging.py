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
    declared = meta["dependencies"] + [r for g in meta["optional-dependencies"].values() for r in g]
    pins = lock()
    for req in declared:
        name, version = req.split("==")
        assert pins.get(name.lower()) == version, f"{req} vs requirements.lock"


# argument, params and logging handling, not a stage's work: a change there reruns nothing
PLUMBING = {"stage", "config", "config.params", "common.log"}
PKG = ROOT / "src/links_detector"


def module_file(name: str):
    """The file of links_detector module ``name`` (dotted, without the package), or None."""
    base = PKG.joinpath(*name.split(".")) if name else PKG
    for f in (base.with_suffix(".py"), base / "__init__.py"):
        if f.is_file():
            return f
    return None


def imported_modules(path, seen=None) -> set[str]:
    """links_detector modules that ``path`` imports, transitively (not through PLUMBING)."""
    seen = set() if seen is None else seen
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith(
            "links_detector"
        ):
            continue
        base = node.module.removeprefix("links_detector").lstrip(".")
        for alias in node.names:  # `from links_detector.pkg import mod` or `... import name`
            sub = f"{base}.{alias.name}".lstrip(".")
            name = sub if module_file(sub) else base
            f = module_file(name)
            if f and name not in seen and name not in PLUMBING:
                seen.add(name)
                imported_modules(f, seen)
    return seen


def test_each_stage_depends_on_the_code_it_runs():
    """Each stage lists its script and the code folders (or files) it imports, and nothing of
    the reader's code unless it runs it."""
    dvc = yaml.safe_load((ROOT / "dvc.yaml").read_text())
    code = dvc["vars"][0]["paths"]["code"]
    for name, stage in dvc["stages"].items():
        deps = {d.replace("${paths.code}", code) for d in stage["deps"]}
        script = f"stages/{name}.py"
        assert script in deps and script in stage["cmd"], name
        needed = imported_modules(ROOT / script) | {""}
        for mod in needed:
            f = module_file(mod).relative_to(ROOT).as_posix()
            covered = any(f == d or f.startswith(d + "/") for d in deps)
            assert covered, f"stage {name} imports {f} but no dep covers it"
        code_deps = {d for d in deps if d.startswith(code + "/")}
        for d in code_deps:
            used = any(module_file(m).relative_to(ROOT).as_posix().startswith(d) for m in needed)
            assert used, f"stage {name} depends on {d} but imports nothing from it"


def test_training_stages_do_not_depend_on_the_reader():
    dvc = yaml.safe_load((ROOT / "dvc.yaml").read_text())
    for name in ("raw", "processed", "labels", "tfrecords", "train", "evaluate"):
        deps = dvc["stages"][name]["deps"]
        assert not [d for d in deps if "/reading" in d or "/evaluation" in d], name


def test_readme_commands_and_ci():
    readme = (ROOT / "README.md").read_text()
    assert "make repro" in readme and "make test" in readme
    ci = (ROOT / ".ci/run").read_text()
    assert re.search(r"^make test$", ci, re.M)


def test_each_stage_params_key_is_in_params_yaml():
    """A params dependency of dvc.yaml that params.yaml lacks fails the stage at run time (DVC
    cannot read it); a renamed or dropped param must leave dvc.yaml too."""
    params = yaml.safe_load((ROOT / "params.yaml").read_text())
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
    for name, stage in stages.items():
        for key in stage.get("params", []):
            section, _, rest = key.partition(".")
            assert section in params, f"dvc.yaml {name}: params section {section!r}"
            if rest:
                assert rest in params[section], f"dvc.yaml {name}: {key} is not in params.yaml"
