import xml.etree.ElementTree as ET

import pytest

from links_detector.common import voc
from links_detector.common.boxes import Box


def sample() -> voc.Annotation:
    return voc.Annotation(
        filename="page-00001.jpg",
        width=640,
        height=480,
        depth=1,
        objects=(
            voc.VocObject(
                Box(10, 20, 90, 44), url="https://keras.io/api/", link_box=Box(10, 20, 300, 48)
            ),
            voc.VocObject(Box(100, 200, 170, 224), url="http://example.org", truncated=True),
            voc.VocObject(Box(5, 5, 50, 25)),  # a LabelImg-made object: no url, no link box
        ),
        kind="card",
    )


def test_round_trip(tmp_path):
    path = tmp_path / "a.xml"
    voc.write(path, sample())
    assert voc.read(path) == sample()


def test_labelimg_layout(tmp_path):
    """What LabelImg's reader and the article's xml_to_csv look for is where they look."""
    path = tmp_path / "a.xml"
    voc.write(path, sample())
    root = ET.parse(path).getroot()
    assert root.find("filename").text == "page-00001.jpg"
    assert [int(root.find("size")[i].text) for i in (0, 1)] == [640, 480]
    member = root.findall("object")[0]
    assert member[0].tag == "name" and member[0].text == "http"
    assert member[4].tag == "bndbox"  # the article indexes the box as member[4]
    assert [int(member[4][i].text) for i in range(4)] == [10, 20, 90, 44]
    assert member.find("difficult").text == "0"


def test_labelimg_reads_our_files(tmp_path):
    """LabelImg's own reader (the code its GUI opens files with) sees every box."""
    from libs.pascal_voc_io import PascalVocReader

    path = tmp_path / "a.xml"
    voc.write(path, sample())
    shapes = PascalVocReader(str(path)).get_shapes()
    assert [s[0] for s in shapes] == ["http"] * 3
    for (_, points, *_), obj in zip(shapes, sample().objects, strict=True):
        (x0, y0), _, (x1, y1), _ = points
        assert (x0, y0, x1, y1) == tuple(obj.box)


def test_we_read_files_labelimg_writes(tmp_path):
    """A photo labelled in LabelImg: its writer's output is read by ours."""
    from libs.pascal_voc_io import PascalVocWriter

    writer = PascalVocWriter("photos", "IMG_9140.JPG", (3024, 4032, 3), local_img_path="x")
    writer.add_bnd_box(120, 340, 410, 395, "http", 0)
    writer.add_bnd_box(900, 1200, 1180, 1260, "http", 1)
    path = tmp_path / "IMG_9140.xml"
    writer.save(str(path))
    ann = voc.read(path)
    assert (ann.filename, ann.width, ann.height, ann.depth) == ("IMG_9140.JPG", 4032, 3024, 3)
    assert [tuple(o.box) for o in ann.objects] == [(120, 340, 410, 395), (900, 1200, 1180, 1260)]
    assert [o.difficult for o in ann.objects] == [False, True]
    assert all(o.url is None and o.link_box is None for o in ann.objects)
    assert ann.kind == ""  # LabelImg knows no kind


def test_float_coordinates_accepted(tmp_path):
    path = tmp_path / "f.xml"
    path.write_text(
        "<annotation><filename>x.jpg</filename><object><name>http</name><bndbox>"
        "<xmin>1.5</xmin><ymin>2</ymin><xmax>10.25</xmax><ymax>8</ymax>"
        "</bndbox></object></annotation>"
    )
    ann = voc.read(path)
    assert ann.width is None and ann.objects[0].box == Box(1.5, 2, 10.25, 8)


@pytest.mark.parametrize(
    "text,needle",
    [
        ("<annotation><filename>x.jpg", "not readable XML"),
        ("<root/>", "expected <annotation>"),
        ("<annotation><object><name>http</name></object></annotation>", "missing <filename>"),
        (
            "<annotation><filename>x.jpg</filename><object><name>http</name></object></annotation>",
            "has no <bndbox>",
        ),
        (
            "<annotation><filename>x.jpg</filename><object><name>http</name><bndbox><xmin>a</xmin>"
            "<ymin>1</ymin><xmax>2</xmax><ymax>3</ymax></bndbox></object></annotation>",
            "<xmin> is not a number",
        ),
    ],
)
def test_errors_name_the_file(tmp_path, text, needle):
    path = tmp_path / "bad.xml"
    path.write_text(text)
    with pytest.raises(voc.VocError) as e:
        voc.read(path)
    assert str(path) in str(e.value) and needle in str(e.value)
