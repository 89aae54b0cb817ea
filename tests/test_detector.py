"""Tiling whole photos into the squares training saw, and merging detections."""

import cv2
import numpy as np
import pytest
from PIL import Image

from links_detector.reading import detector, reader


@pytest.mark.parametrize(
    "size, expected",
    [
        ((1024, 1024), [(0, 0, 1024)]),
        ((1024, 1365), [(0, 0, 1024), (0, 341, 1024)]),
        ((1365, 1024), [(0, 0, 1024), (341, 0, 1024)]),
        ((1000, 3000), [(0, 0, 1000), (0, 1000, 1000), (0, 2000, 1000)]),
        ((1000, 2100), [(0, 0, 1000), (0, 550, 1000), (0, 1100, 1000)]),
    ],
)
def test_tiles_cover_the_photo_with_squares(size, expected):
    w, h = size
    got = detector.tiles(w, h, True)
    assert got == expected
    covered = np.zeros((h, w), bool)
    for left, top, side in got:
        covered[top : top + side, left : left + side] = True
    assert covered.all()


def test_one_tile_without_square_crop():
    assert detector.tiles(1024, 1365, False) == [(0, 0, 0)]


def test_nms_keeps_the_best_of_overlapping_boxes():
    boxes = np.array([[0, 0, 10, 10], [1, 0, 11, 10], [50, 50, 60, 60], [0, 0, 10, 10.5]], float)
    scores = np.array([0.5, 0.9, 0.3, 0.2])
    assert detector.nms(boxes, scores, 0.5) == [1, 2]
    assert detector.nms(boxes, scores, 0.99) == [1, 0, 2, 3]


def test_nearest_tile_splits_the_overlap_in_the_middle():
    squares = [(0, 0, 1024), (0, 341, 1024)]
    cx = np.array([500.0, 500.0, 500.0])
    cy = np.array([100.0, 600.0, 1300.0])
    assert list(detector._nearest_tile(cx, cy, squares)) == [0, 0, 1]


def test_model_folder_without_a_savedmodel_names_the_stage(tmp_path):
    with pytest.raises(detector.ModelMissing, match="dvc repro saved_model"):
        detector.find_saved_model(tmp_path)
    (tmp_path / "saved_model").mkdir()
    (tmp_path / "saved_model" / "saved_model.pb").write_bytes(b"")
    assert detector.find_saved_model(tmp_path) == tmp_path / "saved_model"


def test_model_info_round_trip(tmp_path, processed_cfg):
    detector.write_model_info(tmp_path, processed_cfg)
    (tmp_path / "saved_model").mkdir()
    other = type(processed_cfg)(**{**vars(processed_cfg), "width": 7})
    got = detector.model_info(tmp_path / "saved_model", other)
    assert got.width == processed_cfg.width  # the model's own record wins over params
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert detector.model_info(tmp_path / "a" / "b", other).width == 7


def test_huge_jpeg_is_decoded_small(tmp_path):
    path = tmp_path / "huge.jpg"
    Image.new("L", (12000, 9000), 255).save(path, quality=50)
    img, w, h = reader.load_photo(path, 2048)
    assert (w, h) == (12000, 9000)
    assert max(img.size) <= 2048
    assert img.size[0] / img.size[1] == pytest.approx(12000 / 9000, rel=0.01)


def test_exif_rotated_photo_reports_its_displayed_size(tmp_path):
    path = tmp_path / "turned.jpg"
    img = Image.new("RGB", (300, 200), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 on display
    img.save(path, exif=exif)
    photo, w, h = reader.load_photo(path, 4096)
    assert (w, h) == (200, 300)
    assert photo.size == (200, 300)


def test_corrupt_image_error_names_the_file(tmp_path):
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(reader.images.ImageError, match="broken.jpg"):
        reader.load_photo(path, 4096)


def test_smaller_tiles_make_rows_and_columns_that_cover_the_photo():
    """``tile_px``: squares smaller than the photo's short side (small print enlarged)."""
    got = detector.tiles(1024, 1365, True, 768)
    assert got == [(0, 0, 768), (256, 0, 768), (0, 597, 768), (256, 597, 768)]
    covered = np.zeros((1365, 1024), bool)
    for left, top, side in got:
        covered[top : top + side, left : left + side] = True
    assert covered.all()
    assert detector.tiles(1024, 1365, True, 4096) == detector.tiles(1024, 1365, True)
    assert detector.tiles(1024, 1365, False, 768) == [(0, 0, 0)]


def test_model_resize_is_the_od_api_resizer():
    """The squares are resized before the model as its ``fixed_shape_resizer`` would (TF1
    ``resize_images``, no half-pixel shift): the model must see what training fed it."""
    import tensorflow as tf

    rng = np.random.default_rng(0)
    page = cv2.GaussianBlur(rng.integers(0, 256, (1024, 1024), np.uint8), (0, 0), 2)
    page[::97] = 0  # sharp lines: where a shifted resize differs most
    want = tf.compat.v1.image.resize_images(page[None, :, :, None].astype(np.float32), [320, 320])
    want = want.numpy()[0, :, :, 0]
    got = detector.model_resize(page, (320, 320)).astype(np.float32)
    assert got.shape == (320, 320)
    assert np.abs(got - want).mean() < 0.5 and np.abs(got - want).max() <= 6
    half_pixel = cv2.resize(page, (320, 320), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    assert np.abs(half_pixel - want).mean() > 2  # the test tells the two apart


def test_input_size_from_the_exported_pipeline_config(tmp_path):
    config = tmp_path / "pipeline.config"
    assert detector.input_size(config) is None
    config.write_text(
        "model {\n  ssd {\n    image_resizer {\n      fixed_shape_resizer {\n"
        "        height: 320\n        width: 384\n      }\n    }\n  }\n}\n"
    )
    assert detector.input_size(config) == (384, 320)
    config.write_text("image_resizer { keep_aspect_ratio_resizer { min_dimension: 600 } }")
    assert detector.input_size(config) is None


def test_detect_maps_each_squares_boxes_back_to_the_photo(processed_cfg):
    """Four squares run side by side (threads), each resized to the model's input; a box in
    the middle of each comes back in the photo's pixels, once each."""
    det = detector.Detector.__new__(detector.Detector)
    det.pre, det.input_px, det._threads, det.lite = processed_cfg, (320, 320), None, None
    seen = []

    def run(rgb):
        seen.append(rgb.shape)
        # normalised ymin, xmin, ymax, xmax: the middle of the square
        return np.array([[0.45, 0.4, 0.55, 0.6]]), np.array([0.9])

    det._run = run
    image = Image.new("L", (1024, 1365), 255)
    boxes, scores = det.detect(image, 0.5, 0.3, tile_px=768)
    assert seen == [(320, 320, 3)] * 4
    centres = sorted((round((b.xmin + b.xmax) / 2), round((b.ymin + b.ymax) / 2)) for b in boxes)
    assert centres == [(384, 384), (384, 981), (640, 384), (640, 981)]
    assert scores == [0.9] * 4
    assert all(b.width == pytest.approx(0.2 * 768) for b in boxes)
