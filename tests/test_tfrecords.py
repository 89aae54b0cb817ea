"""Records written by the stage decode with the OD API's own TfExampleDecoder."""

import numpy as np
import pytest

from links_detector import CLASS_ID
from links_detector.dataset import labels, preprocess, tfrecords
from links_detector.synth import generate

from .conftest import ns, tiny_params


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("records")
    p = tiny_params(raw__num_images=8, raw__links_min=0, raw__links_max=1)
    generate.generate(tmp / "raw", ns(p["raw"]), seed=2, workers=1)
    preprocess.run([(tmp / "raw", "")], tmp / "processed", ns(p["processed"]), workers=1)
    labels.run(tmp / "processed", tmp / "labels", 0.25, seed=2)
    summary = tfrecords.run(tmp / "labels", tmp / "processed", tmp / "tfrecords", 4)
    return tmp, summary


def test_decoder_reads_the_boxes_and_classes(built):
    tmp, summary = built
    for split in ("train", "test"):
        rows = labels.read_csv(tmp / "labels" / f"{split}.csv")
        decoded = tfrecords.decode(tmp / "tfrecords" / f"{split}.record")
        assert len(decoded) == summary[f"{split}_examples"] == len({r["filename"] for r in rows})
        for d in decoded:
            name = d["filename"].decode()
            mine = [r for r in rows if r["filename"] == name and r["class"]]
            h, w = d["image"].shape[:2]
            assert (w, h) == (int(mine[0]["width"]), int(mine[0]["height"])) if mine else True
            assert d["image"].shape[2] == 3
            want = np.array(
                [
                    [
                        float(r["ymin"]) / h,
                        float(r["xmin"]) / w,
                        float(r["ymax"]) / h,
                        float(r["xmax"]) / w,
                    ]
                    for r in mine
                ]
            )
            assert np.allclose(d["groundtruth_boxes"], want.reshape(-1, 4), atol=1e-6)
            assert list(d["groundtruth_classes"]) == [CLASS_ID] * len(mine)


def test_negatives_and_preview(built):
    tmp, summary = built
    decoded = tfrecords.decode(tmp / "tfrecords" / "train.record")
    decoded += tfrecords.decode(tmp / "tfrecords" / "test.record")
    assert (
        sum(len(d["groundtruth_boxes"]) for d in decoded)
        == summary["train_objects"] + summary["test_objects"]
        > 0
    )
    assert any(len(d["groundtruth_boxes"]) == 0 for d in decoded)  # pages without links
    assert (tmp / "tfrecords" / "preview.png").stat().st_size > 0
