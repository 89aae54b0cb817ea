"""The model shipped in models/default (the release stage's folder, tracked by git): a fresh
clone reads the sample page with it, from the command line and from Python, without TensorFlow."""

import json
import re
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

SHIPPED = ROOT / "models/default"
SAMPLE = ROOT / "docs/sample-page.jpg"
# the links printed on the sample page (a held-out-style page of the generator, its annotation's
# URLs), best-scored first as the reader gives them
SAMPLE_URLS = [
    "http://font.layer.lidl/intro",
    "https://scikit-learn.org",
    "http://www.zujefiv.com",
    "https://github.com",
]
SCRIPT = Path(sys.executable).with_name("links-detector")
LOG_LINE = re.compile(r"^\d\d:\d\d:\d\d (INFO|WARNING|ERROR) +links_detector: ")


def test_the_command_reads_the_sample_with_the_shipped_model(tmp_path):
    """Outside the project (no data/saved_model, no params.yaml) the command finds the shipped
    model by itself, says so, and prints the sample page's links; its log is its own."""
    out = subprocess.run(
        [str(SCRIPT), "read", str(SAMPLE)], cwd=tmp_path, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == SAMPLE_URLS
    assert f"the shipped model {SHIPPED}" in out.stderr
    assert "check.tflite" in out.stderr and "links_detector.json (links)" in out.stderr
    noise = [line for line in out.stderr.splitlines() if not LOG_LINE.match(line)]
    assert not noise


def test_read_links_and_reader_import_no_tensorflow(tmp_path):
    code = f"""
import json, sys
from links_detector import Reader, read_links
links = read_links({str(SAMPLE)!r})
reader = Reader()
again = [reader.read({str(SAMPLE)!r}) for _ in range(2)]
print(json.dumps([links, again, "tensorflow" in sys.modules]))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    links, again, imported_tf = json.loads(out.stdout)
    assert not imported_tf
    assert [link["url"] for link in links] == SAMPLE_URLS
    assert again == [links, links]
    from PIL import Image

    w, h = Image.open(SAMPLE).size
    for link in links:
        assert set(link) == {"url", "score", "prefix_box", "link_box"}
        x0, y0, x1, y1 = link["link_box"]
        assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h
        px0, py0, px1, py1 = link["prefix_box"]
        assert x0 <= px0 + 1 and px1 <= x1 + 1 and 0.0 < link["score"] <= 1.0


def test_the_shipped_folder_is_small_and_its_card_tells_its_figures():
    sizes = {p.relative_to(SHIPPED).as_posix(): p.stat().st_size for p in SHIPPED.rglob("*")}
    assert sum(sizes.values()) <= 15_000_000
    manifest = json.loads((SHIPPED / "tfjs/model.json").read_text())
    shards = {p for group in manifest["weightsManifest"] for p in group["paths"]}
    assert shards and all(f"tfjs/{p}" in sizes for p in shards)
    info = json.loads((SHIPPED / "links_detector.json").read_text())
    card = (SHIPPED / "README.md").read_text()
    assert f"**{info['evaluate']['mAP@0.5']:.3f}**" in card
    assert f"URL recall **{info['links_stage']['reader']['url_recall']:.3f}**" in card
    assert info["git_commit"] in card
    real = info["real_photos"]
    assert real and f"({real['methods']['reader']['url_hits']} of {real['links']})" in card
