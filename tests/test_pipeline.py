"""A toy `dvc repro` of the real pipeline in a temporary copy of the project."""

import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from .conftest import ROOT, tiny_params

pytestmark = pytest.mark.slow


def sh(cwd, *cmd):
    env = dict(
        os.environ,
        DVC_NO_ANALYTICS="1",
        PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
    )
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    assert out.returncode == 0, f"{' '.join(cmd)} failed:\n{out.stdout}\n{out.stderr}"
    return out.stdout + out.stderr


def ran(log: str) -> set[str]:
    return set(re.findall(r"Running stage '(\w+)'", log))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("project")
    for name in ("dvc.yaml", "stages", "src", "data/raw/photos/README.md", ".dvcignore"):
        src, dst = ROOT / name, tmp / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(src, dst)
    (tmp / "params.yaml").write_text(yaml.safe_dump(tiny_params(), sort_keys=False))
    sh(tmp, "git", "init", "-q")
    sh(tmp, "dvc", "init", "-q")
    return tmp


def test_repro_builds_every_data_stage(project):
    log = sh(project, "dvc", "repro", "tfrecords")
    assert ran(log) == {"raw", "processed", "labels", "tfrecords"}
    for f in (
        "raw/generated/page-00000.jpg",
        "raw/generated/page-00000.xml",
        "processed/page-00000.jpg",
        "processed/summary.json",
        "labels/train.csv",
        "labels/test.csv",
        "labels/label_map.pbtxt",
        "tfrecords/train.record",
        "tfrecords/test.record",
        "tfrecords/preview.png",
    ):
        assert (project / "data" / f).stat().st_size > 0, f


def test_dag_order(project):
    dot = sh(project, "dvc", "dag", "--dot")
    edges = set(re.findall(r'"?(\w+)"?\s*->\s*"?(\w+)"?', dot))
    assert {("raw", "processed"), ("processed", "labels"), ("labels", "tfrecords")} <= edges


def test_unchanged_repro_does_nothing(project):
    log = sh(project, "dvc", "repro", "tfrecords")
    assert ran(log) == set()
    assert "is cached" in log or "didn't change" in log or "up to date" in log


def test_params_change_reruns_only_what_it_touches(project):
    params = yaml.safe_load((project / "params.yaml").read_text())
    params["labels"].update(train_ratio=0.5, test_ratio=0.5)
    (project / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))
    assert ran(sh(project, "dvc", "repro", "tfrecords")) == {"labels", "tfrecords"}
    params["processed"]["contrast"] = 1.1
    (project / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))
    assert ran(sh(project, "dvc", "repro", "tfrecords")) == {"processed", "labels", "tfrecords"}


def test_user_photos_are_picked_up(project):
    photos = project / "data/raw/photos"
    shutil.copy(project / "data/raw/generated/page-00001.jpg", photos / "IMG_1.jpg")
    xml = (project / "data/raw/generated/page-00001.xml").read_text()
    (photos / "IMG_1.xml").write_text(xml.replace("page-00001.jpg", "IMG_1.jpg"))
    assert ran(sh(project, "dvc", "repro", "tfrecords")) == {"processed", "labels", "tfrecords"}
    assert (project / "data/processed/photo-IMG_1.jpg").exists()
