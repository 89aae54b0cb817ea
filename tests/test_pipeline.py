"""A toy `dvc repro` of the real pipeline in a temporary copy of the project."""

import re
import shutil

import pytest
import yaml

from .conftest import make_project, ran, sh, tiny_params

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("project"), tiny_params())


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
