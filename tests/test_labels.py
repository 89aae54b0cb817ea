import random

from links_detector.common import voc
from links_detector.common.boxes import Box
from links_detector.dataset import labels


def test_split_is_deterministic_and_order_free():
    files = [f"page-{i:05d}.jpg" for i in range(100)]
    train, test = labels.split(files, 0.2, seed=42)
    shuffled = files[:]
    random.Random(1).shuffle(shuffled)
    assert labels.split(shuffled, 0.2, seed=42) == (train, test)
    assert len(test) == 20 and len(train) == 80 and not set(train) & set(test)
    assert labels.split(files, 0.2, seed=43) != (train, test)


def test_adding_files_keeps_old_assignments():
    files = [f"page-{i:05d}.jpg" for i in range(200)]
    _, test = labels.split(files, 0.2, seed=7)
    _, test_more = labels.split(files + [f"photo-{i}.jpg" for i in range(10)], 0.2, seed=7)
    assert len(set(test) - set(test_more)) <= 2  # only the ratio boundary may move


def test_tiny_sets_keep_both_sides():
    assert labels.split(["a.jpg", "b.jpg"], 0.2, seed=0)[1] != []
    assert labels.split(["a.jpg", "b.jpg"], 0.2, seed=0)[0] != []
    assert labels.split(["a.jpg"], 0.2, seed=0) == ([], ["a.jpg"])


def test_rows_cover_objects_and_negatives():
    ann = voc.Annotation(
        "p.jpg", 100, 80, objects=(voc.VocObject(Box(1.2, 2, 30.5, 12), url="https://a.io/x"),)
    )
    assert labels.rows(ann) == [
        {
            "filename": "p.jpg",
            "width": 100,
            "height": 80,
            "class": "http",
            "xmin": 1,
            "ymin": 2,
            "xmax": 31,
            "ymax": 12,
            "url": "https://a.io/x",
            "kind": "",
        }
    ]
    neg = labels.rows(voc.Annotation("n.jpg", 100, 80))
    assert len(neg) == 1 and neg[0]["class"] == "" and neg[0]["xmin"] == ""


def test_run_writes_csvs_and_label_map(tmp_path):
    for i in range(10):
        objs = () if i % 3 == 0 else (voc.VocObject(Box(1, 1, 9, 9), url=f"https://x{i}.org"),)
        voc.write(tmp_path / f"p{i}.xml", voc.Annotation(f"p{i}.jpg", 50, 50, objects=objs))
    out = tmp_path / "labels"
    summary = labels.run(tmp_path, out, 0.2, seed=1)
    assert summary["train_images"] == 8 and summary["test_images"] == 2
    rows = labels.read_csv(out / "train.csv") + labels.read_csv(out / "test.csv")
    assert list(rows[0]) == labels.COLUMNS
    assert sorted({r["filename"] for r in rows}) == sorted(f"p{i}.jpg" for i in range(10))
    assert "name: 'http'" in (out / "label_map.pbtxt").read_text()


def test_heldout_pages_stay_out_of_the_split(tmp_path):
    for name in [f"p{i}" for i in range(10)] + ["heldout-p0", "heldout-p1"]:
        objs = (voc.VocObject(Box(1, 1, 9, 9), url=f"https://{name}.org"),)
        voc.write(tmp_path / f"{name}.xml", voc.Annotation(f"{name}.jpg", 50, 50, objects=objs))
    out = tmp_path / "labels"
    summary = labels.run(tmp_path, out, 0.2, seed=1)
    assert summary["train_images"] + summary["test_images"] == 10
    assert summary["heldout_images"] == 2 and summary["heldout_objects"] == 2
    split = labels.read_csv(out / "train.csv") + labels.read_csv(out / "test.csv")
    assert not any(r["filename"].startswith("heldout-") for r in split)
    held = labels.read_csv(out / "heldout.csv")
    assert sorted(r["filename"] for r in held) == ["heldout-p0.jpg", "heldout-p1.jpg"]


def test_kind_column_round_trip(tmp_path):
    """The VOC <kind> reaches every CSV row of its image, negatives included; no kind is empty.
    The article's columns keep their names and order, kind comes last."""
    pages = {
        "card-0": ("card", 2),
        "card-1": ("card", 0),
        "book-0": ("book", 1),
        "own-0": ("", 1),  # a photo labelled in LabelImg: no <kind>
        "own-1": ("", 0),
        "heldout-list-0": ("list", 1),
    }
    for name, (kind, n) in pages.items():
        objs = tuple(voc.VocObject(Box(1, 1 + 10 * i, 9, 9 + 10 * i)) for i in range(n))
        ann = voc.Annotation(f"{name}.jpg", 50, 50, objects=objs, kind=kind)
        voc.write(tmp_path / f"{name}.xml", ann)
    assert "<kind>" not in (tmp_path / "own-0.xml").read_text()
    out = tmp_path / "labels"
    labels.run(tmp_path, out, 0.4, seed=3)
    header = (out / "train.csv").read_text().splitlines()[0]
    assert header == "filename,width,height,class,xmin,ymin,xmax,ymax,url,kind"
    rows = [
        r for split in ("train", "test", "heldout") for r in labels.read_csv(out / f"{split}.csv")
    ]
    assert len(rows) == sum(max(n, 1) for _, n in pages.values())  # a negative is one row
    for r in rows:
        assert r["kind"] == pages[r["filename"].removesuffix(".jpg")][0], r
    found = {}
    for split in ("train", "test", "heldout"):
        found.update(labels.kinds(out / f"{split}.csv"))
    assert found == {f"{name}.jpg": kind for name, (kind, _) in pages.items()}


def test_kinds_of_a_csv_without_the_column(tmp_path):
    """labels written before the kind column read as images of no kind."""
    old = tmp_path / "test.csv"
    old.write_text("filename,width,height,class,xmin,ymin,xmax,ymax,url\na.jpg,5,5,,,,,,\n")
    assert labels.kinds(old) == {"a.jpg": ""}
