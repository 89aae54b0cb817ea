"""`links-detector read` without a trained model: arguments, missing model, settings, HTML."""

import re
import subprocess
import sys
from pathlib import Path

import yaml
from PIL import Image

from links_detector import cli
from links_detector.common.boxes import Box
from links_detector.config.params import load
from links_detector.reading import reader
from links_detector.reading.recognize import Link

from .conftest import ROOT

SCRIPT = Path(sys.executable).with_name("links-detector")


def run_cli(*args, cwd=ROOT):
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True)


def test_console_script_is_installed_and_explains():
    out = run_cli("read", "--help")
    assert out.returncode == 0
    for flag in ("--model", "--json", "--html", "IMAGE"):
        assert flag in out.stdout
    assert "saved_model" in out.stdout


def test_missing_model_names_the_stage(tmp_path):
    img = tmp_path / "page.jpg"
    Image.new("RGB", (64, 64), "white").save(img)
    out = run_cli("read", "--model", str(tmp_path / "nowhere"), str(img))
    assert out.returncode == 2
    assert "nowhere" in out.stderr
    assert "dvc repro saved_model" in out.stderr
    assert out.stdout == ""


def test_missing_default_model_outside_a_project(tmp_path):
    img = tmp_path / "page.jpg"
    Image.new("RGB", (64, 64), "white").save(img)
    out = run_cli("read", str(img), cwd=tmp_path)
    assert out.returncode == 2
    assert "data/saved_model" in out.stderr and "saved_model` stage" in out.stderr


def test_bad_params_file_is_named(tmp_path):
    bad = tmp_path / "params.yaml"
    bad.write_text("links: [1, 2\n")
    out = run_cli("read", "--params", str(bad), "x.jpg")
    assert out.returncode == 2
    assert str(bad) in out.stderr


def test_outside_a_project_the_packaged_defaults_apply(tmp_path, monkeypatch):
    """Without ./params.yaml the command reads the defaults shipped in the package: the
    project's params.yaml itself, not a copy."""
    monkeypatch.chdir(tmp_path)
    assert cli.settings(None) == load(ROOT / "params.yaml")
    assert (
        cli.settings(None).links.candidate_threshold
        == yaml.safe_load((ROOT / "params.yaml").read_text())["links"]["candidate_threshold"]
    )
    (tmp_path / "params.yaml").write_text(
        (ROOT / "params.yaml").read_text().replace("max_calls: 12", "max_calls: 3")
    )
    assert cli.settings(None).links.max_calls == 3  # ./params.yaml wins


def page_with_links(tmp_path, n=3):
    img = tmp_path / "photo.png"
    Image.new("RGB", (800, 600), "white").save(img)
    links = [
        Link(
            f"https://example.org/{i}?a=1&b=<{i}>",
            0.9 - i / 10,
            Box(10, 10 + 50 * i, 60, 30 + 50 * i),
            Box(10, 10 + 50 * i, 300, 30 + 50 * i),
        )
        for i in range(n)
    ]
    return reader.Page(str(img), 800, 600, links, 10.0, 20.0, 35.0), img


def test_json_record_schema(tmp_path):
    page, _ = page_with_links(tmp_path)
    rec = page.as_json()
    assert set(rec) == {"image", "width", "height", "links", "timings_ms"}
    assert (rec["width"], rec["height"]) == (800, 600)
    assert set(rec["timings_ms"]) == {"detect", "ocr", "total"}
    for link in rec["links"]:
        assert set(link) == {"url", "score", "prefix_box", "link_box"}
        assert len(link["prefix_box"]) == 4 and len(link["link_box"]) == 4
        assert link["link_box"][2] > link["prefix_box"][2]


def test_html_has_a_clickable_area_and_a_list_item_per_link(tmp_path):
    page, img = page_with_links(tmp_path, 3)
    out = reader.html([(page, img)])
    areas = re.findall(r'<a class="link" href="([^"]+)" [^>]*style="([^"]+)"', out)
    assert len(areas) == 3
    assert areas[0][0] == "https://example.org/0?a=1&amp;b=&lt;0&gt;"  # escaped
    # placed where the link sits: 10/800 of the width from the left, 10/600 from the top
    assert "left:1.250%;top:1.667%" in areas[0][1]
    assert out.count("<li><a href=") == 3
    assert "data:image/jpeg;base64," in out  # self-contained


def test_html_says_when_a_photo_has_no_links(tmp_path):
    page, img = page_with_links(tmp_path, 0)
    assert "no links found" in reader.html([(page, img)])
