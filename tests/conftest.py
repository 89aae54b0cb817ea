from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def default_params() -> dict:
    return yaml.safe_load((ROOT / "params.yaml").read_text())


def tiny_params(**overrides) -> dict:
    """Default params at toy size: a handful of small pages."""
    p = copy.deepcopy(default_params())
    p["base"]["workers"] = 1
    p["raw"].update(
        num_images=6,
        heldout_images=2,
        width=320,
        height=400,
        font_px_min=12,
        font_px_max=16,
        links_min=1,
        links_max=3,
        blur=0.6,
        noise=3.0,
        contact_sheet=4,
        # two held-out pages: reference pages, so that a toy run's held-out figures are of
        # a kind each stage can score at this size (tests/test_kinds.py draws the others)
        heldout_layouts=["references"],
    )
    p["processed"]["width"] = 320
    p["tfrecords"]["preview_images"] = 4
    for dotted, value in overrides.items():
        section, key = dotted.split("__")
        p[section][key] = value
    return p


# Raw overrides for a flat, evenly lit, sharp page: a scan rather than a photo.
FLAT = dict(
    raw__rotation_deg=0.0,
    raw__perspective=0.0,
    raw__curvature=0.0,
    raw__partial_ratio=0.0,
    raw__lighting=0.0,
    raw__blur=0.0,
    raw__noise=0.0,
    raw__jpeg_quality_min=95,
)


def real_urls() -> list[str]:
    """``tests/data/real_urls.txt``: real-world URLs of varied shapes, as printed."""
    text = (ROOT / "tests" / "data" / "real_urls.txt").read_text()
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def ns(d: dict) -> SimpleNamespace:
    return SimpleNamespace(**d)


@pytest.fixture
def processed_cfg():
    """The processed section with the article's colour steps off, so pixels can be compared."""
    p = default_params()["processed"]
    p.update(brightness=1.0, contrast=1.0, sharpness=1.0)
    return ns(p)


PROJECT_FILES = (
    "dvc.yaml",
    "stages",
    "src",
    "pipeline.config.tmpl",
    ".dvcignore",
    ".gitignore",
    "data/raw/photos/README.md",
    "docs/real-photos.json",
)


def project_env(project: Path) -> dict:
    """DVC and MLflow in a temporary project: no analytics, a store of its own, our Python."""
    return dict(
        os.environ,
        DVC_NO_ANALYTICS="1",
        MLFLOW_TRACKING_URI=f"sqlite:///{project}/test-mlflow.db",
        PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
    )


def sh(project: Path, *cmd: str) -> str:
    out = subprocess.run(cmd, cwd=project, env=project_env(project), capture_output=True, text=True)
    assert out.returncode == 0, (
        f"{' '.join(cmd)} failed:\n{out.stdout[-5000:]}\n{out.stderr[-5000:]}"
    )
    return out.stdout + out.stderr


def ran(log: str) -> set[str]:
    """The stages a `dvc repro` / `dvc exp run` log says it ran."""
    return set(re.findall(r"Running stage '(\w+)'", log))


def make_project(tmp: Path, params: dict) -> Path:
    """A committed git + DVC copy of the project's pipeline with ``params``."""
    for name in PROJECT_FILES:
        src, dst = ROOT / name, tmp / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(src, dst)
    (tmp / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))
    with open(tmp / ".gitignore", "a") as f:
        f.write("/test-mlflow.db\n")
    sh(tmp, "git", "init", "-q")
    sh(tmp, "git", "config", "user.email", "test@example.org")
    sh(tmp, "git", "config", "user.name", "test")
    sh(tmp, "dvc", "init", "-q")
    sh(tmp, "git", "add", "-A")
    sh(tmp, "git", "commit", "-qm", "toy project")
    return tmp
