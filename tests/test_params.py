import re
import subprocess
import sys

import pytest
import yaml

from links_detector.config.params import FONT_FAMILIES, LAYOUTS, SCHEMA, ParamsError, load, validate

from .conftest import ROOT, default_params


def test_default_params_are_valid():
    p = load(ROOT / "params.yaml")
    assert p.raw.num_images >= 1 and p.labels.train_ratio + p.labels.test_ratio == 1


@pytest.mark.parametrize(
    "section,key,value,needle",
    [
        ("raw", "num_images", 0, "raw.num_images: must be >= 1"),
        ("raw", "num_images", "ten", "raw.num_images: expected int"),
        ("raw", "num_images", True, "raw.num_images: expected int"),
        ("raw", "http_ratio", 1.5, "raw.http_ratio: must be <= 1.0"),
        ("raw", "fonts", ["comic-sans"], "raw.fonts: unknown item 'comic-sans'"),
        ("raw", "fonts", [], "raw.fonts: must not be empty"),
        ("processed", "square_crop", "yes", "processed.square_crop: expected bool"),
        ("processed", "brightness", -1, "processed.brightness: must be >= 0.0"),
        ("raw", "links_min", 9, "raw.links_min: must be <= raw.links_max"),
        ("labels", "test_ratio", 0.5, "labels.train_ratio: train_ratio + test_ratio must be 1"),
        ("links", "score_threshold", 0.005, "links.score_threshold: must be >= saved_model."),
        ("links", "ocr_threads", 0, "links.ocr_threads: must be >= 1"),
        ("links", "candidate_threshold", 0.0, "links.candidate_threshold: must be >= saved_"),
        ("check", "min_score", 0.0, "check.min_score: must be >= saved_"),
        ("links", "check_threshold", 1.5, "links.check_threshold: must be <= 1"),
    ],
)
def test_bad_values_name_the_key(section, key, value, needle):
    p = default_params()
    p[section][key] = value
    with pytest.raises(ParamsError, match=re.escape(needle)):
        validate(p)


def test_unknown_and_missing_keys():
    p = default_params()
    p["raw"]["num_imgaes"] = 3
    with pytest.raises(ParamsError, match=r"raw\.num_imgaes: unknown key"):
        validate(p)
    p = default_params()
    p["trian"] = {}
    with pytest.raises(ParamsError, match=r"trian: unknown section"):
        validate(p)
    p = default_params()
    del p["processed"]["contrast"]
    with pytest.raises(ParamsError, match=r"processed\.contrast: missing"):
        validate(p)


def test_int_accepted_for_float():
    p = default_params()
    p["processed"]["contrast"] = 1
    assert validate(p)["processed"]["contrast"] == 1.0


def test_every_key_is_commented_with_its_type():
    """Each key in params.yaml carries '# (type) meaning', and the type is the schema's."""
    section = key = None
    seen = set()
    for line in (ROOT / "params.yaml").read_text().splitlines():
        if m := re.match(r"^(\w+):\s*$", line):
            section = m[1]
        elif m := re.match(r"^  (\w+):.*?#\s*\((\w+)\)\s+\S", line):
            key, type_name = m[1], m[2]
            assert SCHEMA[section][key].type_name == type_name, f"{section}.{key}"
            seen.add((section, key))
        elif m := re.match(r"^    (\w+):.*?#\s*\((\w+)\)\s+\S", line):
            # an entry of a mapping (the shares of raw.layouts): a known name, a number
            spec = SCHEMA[section][key]
            assert spec.type is dict and m[1] in spec.choices and m[2] == "float", line
        elif line.startswith("  ") and line.strip():
            pytest.fail(f"params.yaml line lacks a '# (type) meaning' comment: {line!r}")
    assert seen == {(s, k) for s, keys in SCHEMA.items() for k in keys}


def test_stage_stops_with_the_key_named(tmp_path):
    p = default_params()
    p["raw"]["rotation_deg"] = 90.0
    bad = tmp_path / "params.yaml"
    bad.write_text(yaml.safe_dump(p))
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "stages/raw.py"),
            "--params",
            str(bad),
            "--out",
            str(tmp_path / "raw"),
            "--heldout",
            str(tmp_path / "heldout"),
            "--contact-sheet",
            str(tmp_path / "sheet.png"),
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert "raw.rotation_deg: must be <= 45.0, got 90.0" in out.stderr
    assert not (tmp_path / "raw").exists()


def test_the_schema_names_the_generators_fonts():
    """The params schema lists the font families by name; the generator's table is keyed by the
    same names, so a family added to one and not the other fails here."""
    from links_detector.synth.fonts import FAMILIES

    assert tuple(FAMILIES) == FONT_FAMILIES


@pytest.mark.parametrize(
    "value,needle",
    [
        ({"book": 1.0, "poster": 1.0}, "raw.layouts: unknown item 'poster'; choose from book,"),
        ({"book": 1.0, "card": -0.1}, "raw.layouts.card: must be >= 0.0, got -0.1"),
        ({"book": 0, "card": 0.0}, "raw.layouts: needs at least one share > 0"),
        ({"book": "lots"}, "raw.layouts.book: expected float, got str 'lots'"),
        ({}, "raw.layouts: must not be empty"),
        ("book", "raw.layouts: expected dict (name: share) or list, got str 'book'"),
        (["book", "poster"], "raw.layouts: unknown item 'poster'"),
        (["book", "book"], "raw.layouts: has duplicate items"),
        ({"book": 1.0, "references": 0.0}, "raw.heldout_layouts: must not share items with raw.la"),
    ],
)
def test_layout_shares_are_checked(value, needle):
    p = default_params()
    p["raw"]["layouts"] = value
    with pytest.raises(ParamsError, match=re.escape(needle)):
        validate(p)


def test_layout_shares_as_a_mapping_or_a_list():
    """raw.layouts maps each layout family to its share (ints are fine); a list of names gives
    them equal shares, as the key was before it had shares."""
    p = default_params()
    p["raw"]["heldout_layouts"] = ["references"]
    p["raw"]["layouts"] = {"book": 0.25, "columns": 0.2, "card": 0.55}
    assert validate(p)["raw"]["layouts"] == {"book": 0.25, "columns": 0.2, "card": 0.55}
    p["raw"]["layouts"] = {"book": 3, "card": 1}
    assert validate(p)["raw"]["layouts"] == {"book": 3.0, "card": 1.0}
    p["raw"]["layouts"] = ["book", "card"]
    assert validate(p)["raw"]["layouts"] == {"book": 1.0, "card": 1.0}


def test_the_default_pool_is_book_pages():
    """By default the detector trains on book pages, in equal shares, and is tested on every
    other kind as held-out styles: how it carries to kinds it never saw."""
    p = load(ROOT / "params.yaml")
    assert p.raw.layouts == {"book": 1.0, "columns": 1.0, "list": 1.0}
    assert set(p.raw.heldout_layouts) | set(p.raw.layouts) == set(LAYOUTS)
