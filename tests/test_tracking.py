from types import SimpleNamespace

from links_detector.common import tracking


def cfg(**kw):
    return SimpleNamespace(**{"enabled": True, "tracking_uri": "", "experiment": "x", **kw})


def test_default_store_is_absolute_at_the_project_root(tmp_path, monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    assert tracking.tracking_uri(cfg(), tmp_path) == f"sqlite:///{tmp_path}/mlflow.db"
    # `dvc exp run --temp/--queue` run in a copy under .dvc/tmp/exps/: same store
    copy = tmp_path / ".dvc/tmp/exps/standalone/tmpab12cd"
    copy.mkdir(parents=True)
    assert tracking.tracking_uri(cfg(), copy) == f"sqlite:///{tmp_path}/mlflow.db"


def test_env_then_params_override(tmp_path, monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    assert (
        tracking.tracking_uri(cfg(tracking_uri="http://127.0.0.1:5000"), tmp_path)
        == "http://127.0.0.1:5000"
    )
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "sqlite:////elsewhere.db")
    assert (
        tracking.tracking_uri(cfg(tracking_uri="http://127.0.0.1:5000"), tmp_path)
        == "sqlite:////elsewhere.db"
    )


def test_off_switch_still_writes_the_run_file(tmp_path, monkeypatch):
    monkeypatch.setenv("LINKS_DETECTOR_MLFLOW", "off")
    run_file = tmp_path / "run.json"
    assert tracking.start_run(cfg(), run_file, {"a": 1}) is None
    assert '"run_id": null' in run_file.read_text()
    run = tracking.Run(cfg(), run_file)
    run.metrics({"loss": 1.0}, step=1)  # a no-op, not an error


def test_flatten():
    assert tracking.flatten({"train": {"steps": 3, "aug": ["crop", "contrast"]}, "a": 1}) == {
        "train.steps": 3,
        "train.aug": "crop,contrast",
        "a": 1,
    }
