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
from links_detector.reading import models, reader
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


def test_no_model_anywhere_names_where_it_looked(tmp_path, monkeypatch, capfd):
    """Neither the pipeline's model nor a shipped one: exit 2, naming both places."""
    img = tmp_path / "page.jpg"
    Image.new("RGB", (64, 64), "white").save(img)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(models, "shipped_folders", lambda: [tmp_path / "models/default"])
    assert cli.main(["read", str(img)]) == 2
    err = capfd.readouterr().err
    assert "data/saved_model" in err and "models/default" in err and "--model" in err


def test_bad_params_file_is_named(tmp_path):
    bad = tmp_path / "params.yaml"
    bad.write_text("links: [1, 2\n")
    out = run_cli("read", "--params", str(bad), "x.jpg")
    assert out.returncode == 2
    assert str(bad) in out.stderr


def test_outside_a_project_the_packaged_defaults_apply(tmp_path, monkeypatch):
    """Without ./params.yaml the reader follows the defaults shipped in the package: the
    project's params.yaml itself, not a copy; ./params.yaml wins over them."""
    monkeypatch.chdir(tmp_path)
    bare = models.ModelFiles(tmp_path, None, "given", None)
    got, where = models.settings(bare)
    assert got == load(ROOT / "params.yaml") and where == "defaults"
    assert (
        got.links.candidate_threshold
        == yaml.safe_load((ROOT / "params.yaml").read_text())["links"]["candidate_threshold"]
    )
    (tmp_path / "params.yaml").write_text(
        (ROOT / "params.yaml").read_text().replace("max_calls: 12", "max_calls: 3")
    )
    assert models.settings(bare)[0].links.max_calls == 3


def test_a_released_models_settings_win_unless_params_are_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "params.yaml").write_text(
        (ROOT / "params.yaml").read_text().replace("max_calls: 12", "max_calls: 3")
    )
    released = models.ModelFiles(tmp_path, None, "shipped", {"max_calls": 5, "gone": 1})
    got, where = models.settings(released)
    assert got.links.max_calls == 5 and not hasattr(got.links, "gone")
    assert "links_detector.json" in where
    assert models.settings(released, tmp_path / "params.yaml")[0].links.max_calls == 3


def test_the_pipelines_model_comes_first_then_the_shipped_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shipped = tmp_path / "tree/models/default"
    shipped.mkdir(parents=True)
    (shipped / "model.tflite").write_bytes(b"x")
    (shipped / "check.tflite").write_bytes(b"x")
    monkeypatch.setattr(models, "shipped_folders", lambda: [tmp_path / "none", shipped])
    got = models.locate()
    assert (got.folder, got.source, got.check) == (shipped, "shipped", shipped / "check.tflite")
    pipeline = tmp_path / "data/saved_model"
    pipeline.mkdir(parents=True)
    (pipeline / "model.tflite").write_bytes(b"x")
    got = models.locate()
    assert (got.folder, got.source, got.check) == (models.PIPELINE_MODEL, "pipeline", None)
    (tmp_path / "data/check").mkdir()
    (tmp_path / "data/check/model.tflite").write_bytes(b"x")
    assert models.locate().check == models.PIPELINE_CHECK
    assert models.locate(shipped).source == "given"
    assert models.locate(shipped, tmp_path / "c.tflite").check == tmp_path / "c.tflite"


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
