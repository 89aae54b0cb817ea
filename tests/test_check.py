"""The prefix check: the network the reader runs (TensorFlow Lite), its patches, its file, and its
place in the reader (a doubtful detection it rejects costs no Tesseract call)."""

import numpy as np
import pytest

from links_detector.common.boxes import Box
from links_detector.evaluation import check_training
from links_detector.reading import check, ocr, recognize

from .test_reader import _paragraph, pages


def test_a_patch_is_the_same_for_light_on_dark_print():
    img, box = _paragraph(["see https://example.org/a for it"])
    dark, dbox = _paragraph(["see https://example.org/a for it"], dark=True)
    assert dbox == box
    light = check.patch(np.asarray(img.convert("L")), box)
    inverted = check.patch(np.asarray(dark.convert("L")), box)
    assert light.shape == (check.PATCH_H, check.PATCH_W)
    both = check.patches(np.asarray(img.convert("L")), [box, box.shift(0, 2 * box.height)])
    np.testing.assert_array_equal(both[0], light)  # a patch is its own, whatever the batch
    assert light.max() > 0.5  # ink is positive
    assert np.abs(light - inverted).mean() < 0.05


def test_a_box_off_the_page_gives_an_empty_patch():
    g = np.full((100, 100), 200, np.uint8)
    assert not check.patch(g, Box(150, 150, 190, 160)).any()


def test_a_missing_or_foreign_check_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"model\.tflite.*dvc repro check"):
        check.PrefixCheck(tmp_path / "model.tflite")
    bad = tmp_path / "bad.tflite"
    bad.write_bytes(b"not a flatbuffer at all" * 10)
    with pytest.raises(ValueError, match=r"bad\.tflite: not a prefix check"):
        check.PrefixCheck(bad)


@pytest.mark.slow
def test_a_check_with_nothing_to_learn_passes_every_detection(tmp_path):
    (tmp_path / check.MODEL_FILE).write_bytes(
        check_training.to_tflite(check_training.passing_model())
    )
    c = check.PrefixCheck(tmp_path)  # a folder: its model.tflite
    img, box = _paragraph(["see https://example.org/a for it"])
    g = np.asarray(img.convert("L"))
    boxes = [box, box.shift(0, 3 * box.height), Box(0, 0, 40, 10)]
    assert c.probability(g, boxes, [0.1, 0.05, 0.2]).tolist() == [1.0, 1.0, 1.0]


def test_a_doubtful_box_the_check_rejects_costs_no_tesseract_call(monkeypatch):
    img, box = _paragraph(["see https://youtube.com/v2 for it"])
    calls = []
    for name in ("read", "words"):
        real = getattr(ocr.Engine, name)

        def counted(self, *a, _real=real, **k):
            calls.append(a)
            return _real(self, *a, **k)

        monkeypatch.setattr(ocr.Engine, name, counted)
    got = recognize.read_links(img, [box], [0.2], doubtful=[True], passed=[False])
    assert [link.url for link in got.links] == [None] and calls == []
    got = recognize.read_links(img, [box], [0.2], doubtful=[True], passed=[True])
    assert [link.url for link in got.links] == ["https://youtube.com/v2"] and calls
    calls.clear()  # a sure detection is read whatever the check says
    got = recognize.read_links(img, [box], [0.9], doubtful=[False], passed=[False])
    assert [link.url for link in got.links] == ["https://youtube.com/v2"] and calls


def _examples(first, n=6):
    """Patches of the printed prefixes of generated pages ``first`` on (1) and of boxes of the
    same size on the words around them (0)."""
    x, s, y = [], [], []
    for img, ann in pages(first + n, raw__font_px_min=26, raw__font_px_max=34)[first:]:
        g = np.asarray(img.convert("L"))
        for o in ann.objects:
            b = o.box
            words = [b.shift(dx * b.width, dy * b.height) for dx, dy in ((-2, -2), (2, 2), (3, -4))]
            boxes = [b, *words]
            p, ls = check.features(g, boxes, [0.2] * len(boxes))
            x.append(p)
            s.append(ls)
            y += [1.0] + [0.0] * len(words)
    return np.concatenate(x), np.concatenate(s), np.array(y, np.float32)


@pytest.mark.slow
def test_the_tflite_check_is_the_trained_keras_network(tmp_path):
    """``PrefixCheck`` (TensorFlow Lite) gives what Keras gives for the trained network, at
    any batch size, and training on prefixes against words learns to tell them apart on
    other pages."""
    x, s, y = _examples(0)
    model = check_training.train(x, s, y, seed=3, epochs=30, positive_weight=3.0)
    (tmp_path / "model.tflite").write_bytes(check_training.to_tflite(model))
    c = check.PrefixCheck(tmp_path / "model.tflite")
    xt, st, yt = _examples(6)
    np.testing.assert_allclose(c.run(xt[:3], st[:3]), c.run(xt, st)[:3], atol=1e-6)
    ours = c.run(xt, st)
    np.testing.assert_allclose(ours, model.predict([xt, st], verbose=0)[:, 0], atol=1e-4)
    # every prefix scores above most words
    assert np.mean(ours[yt == 0] < ours[yt == 1].min()) > 0.8, (ours[yt == 1], ours[yt == 0])
