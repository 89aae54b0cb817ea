from types import SimpleNamespace

import pytest

from links_detector.config.params import ParamsError, load
from links_detector.detection import pipeline_config

from .conftest import ROOT


@pytest.fixture
def train():
    return SimpleNamespace(**vars(load(ROOT / "params.yaml").train))


@pytest.fixture
def label_map(tmp_path):
    p = tmp_path / "label_map.pbtxt"
    p.write_text("item {\n  id: 1\n  name: 'http'\n}\n")
    return str(p)


def render(train, label_map, fine_tune=None):
    vals = pipeline_config.values(train, label_map, "/d/train.record", "/d/test.record", fine_tune)
    text = pipeline_config.render((ROOT / "pipeline.config.tmpl").read_text(), vals)
    return pipeline_config.parse(text)


def test_params_land_in_the_protobuf(train, label_map):
    train.image_size, train.depth_multiplier, train.batch_size, train.steps = 384, 0.75, 4, 1234
    train.augmentations = ["crop", "contrast"]
    cfg = render(train, label_map)
    ssd = cfg.model.ssd
    assert ssd.num_classes == 1
    assert ssd.image_resizer.fixed_shape_resizer.height == 384
    assert ssd.feature_extractor.depth_multiplier == pytest.approx(0.75)
    assert list(ssd.anchor_generator.multiscale_anchor_generator.aspect_ratios) == pytest.approx(
        train.anchor_aspect_ratios
    )
    assert cfg.train_config.batch_size == 4 and cfg.train_config.num_steps == 1234
    lr = cfg.train_config.optimizer.momentum_optimizer.learning_rate.cosine_decay_learning_rate
    assert lr.total_steps == 1234 and lr.learning_rate_base == pytest.approx(train.learning_rate)
    kinds = [o.WhichOneof("preprocessing_step") for o in cfg.train_config.data_augmentation_options]
    assert kinds == ["random_crop_image", "random_adjust_contrast"]
    assert cfg.eval_config.num_visualizations == 0
    assert train.gradient_clip_norm > 0
    assert cfg.train_config.gradient_clipping_by_norm == pytest.approx(train.gradient_clip_norm)
    train.gradient_clip_norm = 0.0
    assert render(train, label_map).train_config.gradient_clipping_by_norm == 0
    assert not cfg.train_config.fine_tune_checkpoint
    assert list(cfg.train_input_reader.tf_record_input_reader.input_path) == ["/d/train.record"]


def test_fine_tune_checkpoint(train, label_map):
    cfg = render(train, label_map, fine_tune="/cache/ssd/checkpoint/ckpt-0")
    assert cfg.train_config.fine_tune_checkpoint == "/cache/ssd/checkpoint/ckpt-0"
    assert cfg.train_config.fine_tune_checkpoint_type == "detection"


@pytest.mark.parametrize(
    "key,value,needle",
    [
        ("depth_multiplier", "wide", "train.depth_multiplier"),
        ("batch_size", "8 }", "train.batch_size"),
        ("fine_tune_checkpoint", None, "train.fine_tune_checkpoint"),
    ],
)
def test_bad_values_name_the_key(train, label_map, key, value, needle):
    if key == "fine_tune_checkpoint":
        with pytest.raises(ParamsError, match=needle):
            render(train, label_map, fine_tune='ckpt"-0')
        return
    setattr(train, key, value)
    with pytest.raises(ParamsError, match=needle):
        render(train, label_map)


def test_unfilled_placeholder_is_named(label_map):
    with pytest.raises(ParamsError, match=r"no value for \$\{mystery\}"):
        pipeline_config.render("model { x: ${mystery} }", {})


def test_broken_template_names_the_line():
    with pytest.raises(ParamsError, match=r"does not parse: 1:\d+"):
        pipeline_config.parse("model { ssd { num_classes: one } }")
