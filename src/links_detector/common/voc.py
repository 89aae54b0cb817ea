"""Pascal VOC XML annotations, as LabelImg reads and writes them.

Each object is one link prefix (``https://`` or ``http://``): ``bndbox`` is the box around the
prefix characters, as the article labelled them. Two optional children, ignored by LabelImg,
carry what recognition is scored against: ``url`` (the whole link's text) and ``link_bndbox``
(the box around the whole link). They come after ``bndbox``, so readers that index children by
position, like the article's ``xml_to_csv`` (``member[4]`` is the box), keep working.
Saving a file from LabelImg drops these two extras; such objects then have no URL.

One optional root child, ``kind``, names what the photo shows (the generator's layout family:
``book``, ``card``, ...); evaluation reports detection per kind. A photo without it (one labelled
in LabelImg) is of no kind (``""``).
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from links_detector.common.atomic import atomic_file
from links_detector.common.boxes import Box


class VocError(ValueError):
    """An annotation file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class VocObject:
    box: Box
    name: str = "http"
    url: str | None = None
    link_box: Box | None = None
    truncated: bool = False
    difficult: bool = False


@dataclass(frozen=True)
class Annotation:
    filename: str
    width: int | None
    height: int | None
    depth: int = 3
    objects: tuple[VocObject, ...] = field(default_factory=tuple)
    folder: str = ""
    kind: str = ""  # what the photo shows (a generated page's layout family), "" = unknown


def _box_element(parent: ET.Element, tag: str, box: Box) -> None:
    b = ET.SubElement(parent, tag)
    for name, value in zip(("xmin", "ymin", "xmax", "ymax"), box.rounded(), strict=True):
        ET.SubElement(b, name).text = str(int(value))


def to_xml(ann: Annotation) -> str:
    root = ET.Element("annotation")
    ET.SubElement(root, "folder").text = ann.folder
    ET.SubElement(root, "filename").text = ann.filename
    ET.SubElement(root, "path").text = ann.filename
    ET.SubElement(ET.SubElement(root, "source"), "database").text = "links-detector"
    size = ET.SubElement(root, "size")
    ET.SubElement(size, "width").text = str(ann.width)
    ET.SubElement(size, "height").text = str(ann.height)
    ET.SubElement(size, "depth").text = str(ann.depth)
    ET.SubElement(root, "segmented").text = "0"
    if ann.kind:
        ET.SubElement(root, "kind").text = ann.kind
    for obj in ann.objects:
        o = ET.SubElement(root, "object")
        ET.SubElement(o, "name").text = obj.name
        ET.SubElement(o, "pose").text = "Unspecified"
        ET.SubElement(o, "truncated").text = str(int(obj.truncated))
        ET.SubElement(o, "difficult").text = str(int(obj.difficult))
        _box_element(o, "bndbox", obj.box)
        if obj.url is not None:
            ET.SubElement(o, "url").text = obj.url
        if obj.link_box is not None:
            _box_element(o, "link_bndbox", obj.link_box)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="unicode") + "\n"


def write(path: str | os.PathLike, ann: Annotation) -> None:
    with atomic_file(path, "w", encoding="utf-8") as f:
        f.write(to_xml(ann))


def _number(el: ET.Element | None, tag: str, path: Path) -> float:
    child = el.find(tag) if el is not None else None
    if child is None or child.text is None:
        raise VocError(f"{path}: missing <{tag}>")
    try:
        return float(child.text)
    except ValueError:
        raise VocError(f"{path}: <{tag}> is not a number: {child.text!r}") from None


def _box(el: ET.Element, path: Path) -> Box:
    return Box(*(_number(el, t, path) for t in ("xmin", "ymin", "xmax", "ymax")))


def _flag(el: ET.Element, tag: str) -> bool:
    child = el.find(tag)
    try:
        return child is not None and bool(int(float(child.text or 0)))
    except ValueError:
        return False


def read(path: str | os.PathLike) -> Annotation:
    """Parse a VOC XML file. Raises VocError naming the file on anything malformed.

    Box coordinates are kept as given (validity is checked by the caller, which knows the
    image); non-integer coordinates are accepted.
    """
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        raise VocError(f"{path}: not readable XML: {e}") from None
    if root.tag != "annotation":
        raise VocError(f"{path}: root element is <{root.tag}>, expected <annotation>")
    filename = (root.findtext("filename") or "").strip()
    if not filename:
        raise VocError(f"{path}: missing <filename>")
    size = root.find("size")
    width = height = None
    depth = 3
    if size is not None and size.find("width") is not None:
        width = int(_number(size, "width", path))
        height = int(_number(size, "height", path))
        if size.find("depth") is not None:
            depth = int(_number(size, "depth", path))
        if width <= 0 or height <= 0:
            raise VocError(f"{path}: <size> is {width}x{height}")
    objects = []
    for i, o in enumerate(root.findall("object")):
        name = (o.findtext("name") or "").strip()
        bnd = o.find("bndbox")
        if bnd is None:
            raise VocError(f"{path}: object {i} ({name!r}) has no <bndbox>")
        link = o.find("link_bndbox")
        url = o.findtext("url")
        objects.append(
            VocObject(
                box=_box(bnd, path),
                name=name,
                url=url.strip() if url else None,
                link_box=_box(link, path) if link is not None else None,
                truncated=_flag(o, "truncated"),
                difficult=_flag(o, "difficult"),
            )
        )
    return Annotation(
        filename=filename,
        width=width,
        height=height,
        depth=depth,
        objects=tuple(objects),
        folder=root.findtext("folder") or "",
        kind=(root.findtext("kind") or "").strip(),
    )
