from __future__ import annotations

import copy
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def default_params() -> dict:
    return yaml.safe_load((ROOT / "params.yaml").read_text())


def tiny_params(**overrides) -> dict:
    """Default params at toy size: a handful of small pages."""
    p = copy.deepcopy(default_params())
    p["base"]["workers"] = 1
    p["raw"].update(
        num_images=6,
        width=320,
        height=400,
        font_px_min=12,
        font_px_max=16,
        links_min=1,
        links_max=3,
    )
    p["processed"]["width"] = 320
    p["tfrecords"]["preview_images"] = 4
    for dotted, value in overrides.items():
        section, key = dotted.split("__")
        p[section][key] = value
    return p


def ns(d: dict) -> SimpleNamespace:
    return SimpleNamespace(**d)


@pytest.fixture
def processed_cfg():
    """The processed section with the article's colour steps off, so pixels can be compared."""
    p = default_params()["processed"]
    p.update(brightness=1.0, contrast=1.0, sharpness=1.0)
    return ns(p)
