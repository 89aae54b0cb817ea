"""The evaluate stage's figures per kind of photo, without training: hand-made images, a stand-in
detector whose answers are known, and the OD API's COCO evaluator as the stage runs it."""

import json
import logging
import re
from types import SimpleNamespace

import numpy as np
import pytest

from links_detector.common import tracking, voc
from links_detector.common.boxes import Box
from links_detector.dataset import labels
from links_detector.detection import evaluate

CFG = SimpleNamespace(iou_threshold=0.5, score_threshold=0.3)
H, W = 200, 300
# labelled prefixes, normalised (ymin, xmin, ymax, xmax) as the decoder gives them
A = (0.10, 0.10, 0.20, 0.40)
B = (0.50, 0.20, 0.60, 0.50)
ELSEWHERE = (0.80, 0.60, 0.90, 0.90)  # overlaps no label
# file -> (kind, labels, detections as (box, score)): cards found exactly, books missed (one
# detection in the wrong place, one image with none), pages of no kind with nothing to find
PAGES = {
    "card-0.jpg": ("card", [A], [(A, 0.9)]),
    "card-1.jpg": ("card", [A, B], [(A, 0.95), (B, 0.85)]),
    "book-0.jpg": ("book", [A], [(ELSEWHERE, 0.8)]),
    "book-1.jpg": ("book", [B], []),
    "own-0.jpg": ("", [], []),
    "own-1.jpg": ("", [], [(B, 0.6)]),
}
# what every metrics.json block had before the per-kind figures
OLD_KEYS = {
    "mAP",
    "mAP@0.5",
    "mAP@0.75",
    "AR@100",
    "precision@threshold",
    "recall@threshold",
    "score_threshold",
    "test_images",
    "test_objects",
    "detect_ms_median",
}


def examples(pages: dict) -> list[dict]:
    """Decoded examples as ``tfrecords.iterate`` yields them; pixel value = the page's index."""
    return [
        {
            "image": np.full((H, W, 3), i, np.uint8),
            "source_id": name.encode(),
            "groundtruth_boxes": np.array(gt, np.float32).reshape(-1, 4),
        }
        for i, (name, (_, gt, _)) in enumerate(pages.items())
    ]


def detector(pages: dict):
    """A stand-in for the trained model: each page's detections, found by its pixel value."""
    answers = [dets for _, _, dets in pages.values()]

    def detect(image):
        dets = answers[int(image[0, 0, 0])]
        boxes = np.array([b for b, _ in dets], np.float32).reshape(-1, 4)
        return boxes, np.array([s for _, s in dets], np.float32)

    return detect


def kinds(pages: dict) -> dict[str, str]:
    return {name: kind for name, (kind, _, _) in pages.items()}


def test_ap_per_kind_known_answers():
    metrics, _ = evaluate.score_examples(
        detector(PAGES), examples(PAGES), CFG, "test", kinds(PAGES)
    )
    assert metrics["by_kind"] == {
        "book": {"test_images": 2, "test_objects": 2, "mAP@0.5": 0.0},
        "card": {"test_images": 2, "test_objects": 3, "mAP@0.5": 1.0},
        "none": {"test_images": 2, "test_objects": 0},  # nothing labelled: no AP, not 0 or -1
    }
    assert 0.0 < metrics["mAP@0.5"] < 1.0  # the split mixes both


def test_per_kind_figures_leave_the_split_figures_alone():
    with_kinds, curve = evaluate.score_examples(
        detector(PAGES), examples(PAGES), CFG, "test", kinds(PAGES)
    )
    plain, plain_curve = evaluate.score_examples(detector(PAGES), examples(PAGES), CFG, "test")
    assert "by_kind" not in plain and curve == plain_curve
    with_kinds.pop("by_kind")
    for m in (with_kinds, plain):
        m.pop("detect_ms_median")  # a timing
    assert with_kinds == plain


def test_an_image_missing_from_the_labels_is_an_error():
    partial = kinds(PAGES)
    del partial["book-1.jpg"]
    with pytest.raises(ValueError, match="book-1.jpg"):
        evaluate.score_examples(detector(PAGES), examples(PAGES), CFG, "test", partial)


def test_kind_table():
    table = evaluate.kind_table(
        {
            "card": {"test_images": 2, "test_objects": 3, "mAP@0.5": 1.0},
            "none": {"test_images": 2, "test_objects": 0},
        }
    )
    lines = table.splitlines()
    assert lines[0].split() == ["kind", "images", "prefixes", "AP@0.5"]
    assert lines[1].split() == ["card", "2", "3", "1.000"]
    assert lines[2].split() == ["none", "2", "0", "-"]


def write_labels(folder, pages: dict, name: str) -> None:
    anns = [
        voc.Annotation(
            f,
            W,
            H,
            objects=tuple(
                voc.VocObject(Box(x0 * W, y0 * H, x1 * W, y1 * H)) for y0, x0, y1, x1 in gt
            ),
            kind=kind,
        )
        for f, (kind, gt, _) in pages.items()
    ]
    labels.write_csv(folder / f"{name}.csv", [r for a in anns for r in labels.rows(a)])


@pytest.fixture
def stage_run(tmp_path, monkeypatch, caplog):
    """evaluate.run as the stage calls it, on PAGES (test split) and their cards and
    own photos (held-out), with a real MLflow store; returns (metrics.json, MLflow metrics)."""
    held = {f"heldout-{k}": v for k, v in PAGES.items() if not k.startswith("book")}
    records, label_dir = tmp_path / "records", tmp_path / "labels"
    records.mkdir()
    label_dir.mkdir()
    (records / "test.record").write_bytes(b"-")
    (records / "heldout.record").write_bytes(b"-")
    write_labels(label_dir, PAGES, "test")
    write_labels(label_dir, held, "heldout")
    everything = {**PAGES, **held}
    monkeypatch.setattr(evaluate, "load_detector", lambda _: detector(everything))
    decoded = examples(everything)
    monkeypatch.setattr(
        evaluate,
        "iterate",
        lambda record: decoded[len(PAGES) :] if record.stem == "heldout" else decoded[: len(PAGES)],
    )
    monkeypatch.delenv("LINKS_DETECTOR_MLFLOW", raising=False)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    mlflow_cfg = SimpleNamespace(
        enabled=True, tracking_uri=f"sqlite:///{tmp_path}/mlflow.db", experiment="evaluate-test"
    )
    run_file = tmp_path / "run.json"
    run_id = tracking.start_run(mlflow_cfg, run_file, {})
    params = SimpleNamespace(evaluate=CFG, mlflow=mlflow_cfg)
    with caplog.at_level(logging.INFO, logger=evaluate.__name__):
        evaluate.run(
            tmp_path / "ckpt",
            records / "test.record",
            tmp_path / "out",
            run_file,
            params,
            label_dir,
        )
    from mlflow.tracking import MlflowClient

    logged = MlflowClient(mlflow_cfg.tracking_uri).get_run(run_id).data.metrics
    return (tmp_path / "out/metrics.json").read_text(), logged, caplog.text


def test_metrics_json_keeps_its_keys_and_adds_kinds(stage_run):
    text, _, _ = stage_run
    metrics = json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in metrics.json"))
    assert set(metrics) == OLD_KEYS | {"by_kind", "heldout"}
    assert set(metrics["heldout"]) == OLD_KEYS | {"by_kind"}
    assert metrics["test_images"] == len(PAGES) and metrics["heldout"]["test_images"] == 4
    assert metrics["by_kind"]["card"]["mAP@0.5"] == 1.0
    assert metrics["by_kind"]["book"]["mAP@0.5"] == 0.0
    assert metrics["heldout"]["by_kind"] == {
        "card": {"test_images": 2, "test_objects": 3, "mAP@0.5": 1.0},
        "none": {"test_images": 2, "test_objects": 0},
    }


def test_mlflow_and_console_get_the_kinds(stage_run):
    _, logged, log_text = stage_run
    for name in (
        "eval/mAP",
        "eval/mAP_0.5",
        "eval/heldout.mAP_0.5",
        "eval/by_kind.card.mAP_0.5",
        "eval/by_kind.book.test_objects",
        "eval/by_kind.none.test_images",
        "eval/heldout.by_kind.card.mAP_0.5",
    ):
        assert name in logged, name
    assert "eval/by_kind.none.mAP_0.5" not in logged
    assert logged["eval/by_kind.card.mAP_0.5"] == 1.0
    assert all(re.fullmatch(r"[\w\-./ ]+", n) for n in logged)
    assert re.search(r"card\s+2\s+3\s+1\.000", log_text)
    assert re.search(r"none\s+2\s+0\s+-", log_text)
