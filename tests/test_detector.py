"""Tiling whole photos into the squares training saw, and merging detections."""

import numpy as np
import pytest
from PIL import Image

from links_detector import detector, read


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
    img, w, h = read.load_photo(path, 2048)
    assert (w, h) == (12000, 9000)
    assert max(img.size) <= 2048
    assert img.size[0] / img.size[1] == pytest.approx(12000 / 9000, rel=0.01)


def test_exif_rotated_photo_reports_its_displayed_size(tmp_path):
    path = tmp_path / "turned.jpg"
    img = Image.new("RGB", (300, 200), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 on display
    img.save(path, exif=exif)
    photo, w, h = read.load_photo(path, 4096)
    assert (w, h) == (200, 300)
    assert photo.size == (200, 300)


def test_corrupt_image_error_names_the_file(tmp_path):
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(read.images.ImageError, match="broken.jpg"):
        read.load_photo(path, 4096)


def test_smaller_tiles_make_rows_and_columns_that_cover_the_photo():
    """links.tile_px: squares smaller than the photo's short side (small print enlarged)."""
    got = detector.tiles(1024, 1365, True, 768)
    assert got == [(0, 0, 768), (256, 0, 768), (0, 597, 768), (256, 597, 768)]
    covered = np.zeros((1365, 1024), bool)
    for left, top, side in got:
        covered[top : top + side, left : left + side] = True
    assert covered.all()
    assert detector.tiles(1024, 1365, True, 4096) == detector.tiles(1024, 1365, True)
    assert detector.tiles(1024, 1365, False, 768) == [(0, 0, 0)]
