"""The font families the page generator can print with, found among the installed Debian fonts.

Each family names its files (regular, italic or oblique, bold) and the Debian package that ships
them; ``scripts/setup.sh`` installs those packages. A family missing on this machine is an error
that names the package, not a silent fallback.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


@dataclass(frozen=True)
class Family:
    name: str
    kind: str  # "serif", "sans" or "mono"
    regular: str
    italic: str
    bold: str
    package: str
    light: str = ""  # a thin face, where the family has one (cards print titles in it)


FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        Family(
            "dejavu-serif",
            "serif",
            "DejaVuSerif.ttf",
            "DejaVuSerif-Italic.ttf",
            "DejaVuSerif-Bold.ttf",
            "fonts-dejavu-extra",
        ),
        Family(
            "dejavu-sans",
            "sans",
            "DejaVuSans.ttf",
            "DejaVuSans-Oblique.ttf",
            "DejaVuSans-Bold.ttf",
            "fonts-dejavu-extra",
            light="DejaVuSans-ExtraLight.ttf",
        ),
        Family(
            "dejavu-mono",
            "mono",
            "DejaVuSansMono.ttf",
            "DejaVuSansMono-Oblique.ttf",
            "DejaVuSansMono-Bold.ttf",
            "fonts-dejavu-extra",
        ),
        Family(
            "liberation-serif",
            "serif",
            "LiberationSerif-Regular.ttf",
            "LiberationSerif-Italic.ttf",
            "LiberationSerif-Bold.ttf",
            "fonts-liberation",
        ),
        Family(
            "liberation-sans",
            "sans",
            "LiberationSans-Regular.ttf",
            "LiberationSans-Italic.ttf",
            "LiberationSans-Bold.ttf",
            "fonts-liberation",
        ),
        Family(
            "liberation-mono",
            "mono",
            "LiberationMono-Regular.ttf",
            "LiberationMono-Italic.ttf",
            "LiberationMono-Bold.ttf",
            "fonts-liberation",
        ),
        Family(
            "free-serif",
            "serif",
            "FreeSerif.ttf",
            "FreeSerifItalic.ttf",
            "FreeSerifBold.ttf",
            "fonts-freefont-ttf",
        ),
        Family(
            "free-sans",
            "sans",
            "FreeSans.ttf",
            "FreeSansOblique.ttf",
            "FreeSansBold.ttf",
            "fonts-freefont-ttf",
        ),
        Family(
            "free-mono",
            "mono",
            "FreeMono.ttf",
            "FreeMonoOblique.ttf",
            "FreeMonoBold.ttf",
            "fonts-freefont-ttf",
        ),
        Family(
            "eb-garamond",
            "serif",
            "EBGaramond12-Regular.otf",
            "EBGaramond12-Italic.otf",
            "EBGaramond12-Bold.otf",
            "fonts-ebgaramond",
        ),
        Family(
            "libertine",
            "serif",
            "LinLibertine_R.otf",
            "LinLibertine_RI.otf",
            "LinLibertine_RB.otf",
            "fonts-linuxlibertine",
        ),
        Family(
            "biolinum",
            "sans",
            "LinBiolinum_R.otf",
            "LinBiolinum_RI.otf",
            "LinBiolinum_RB.otf",
            "fonts-linuxlibertine",
        ),
        Family(
            "nimbus-roman",
            "serif",
            "NimbusRoman-Regular.otf",
            "NimbusRoman-Italic.otf",
            "NimbusRoman-Bold.otf",
            "fonts-urw-base35",
        ),
        Family(
            "century-c059",
            "serif",
            "C059-Roman.otf",
            "C059-Italic.otf",
            "C059-Bold.otf",
            "fonts-urw-base35",
        ),
        Family(
            "palatino-p052",
            "serif",
            "P052-Roman.otf",
            "P052-Italic.otf",
            "P052-Bold.otf",
            "fonts-urw-base35",
        ),
        Family(
            "bookman",
            "serif",
            "URWBookman-Light.otf",
            "URWBookman-LightItalic.otf",
            "URWBookman-Demi.otf",
            "fonts-urw-base35",
        ),
        Family(
            "nimbus-sans",
            "sans",
            "NimbusSans-Regular.otf",
            "NimbusSans-Italic.otf",
            "NimbusSans-Bold.otf",
            "fonts-urw-base35",
        ),
        Family(
            "nimbus-mono",
            "mono",
            "NimbusMonoPS-Regular.otf",
            "NimbusMonoPS-Italic.otf",
            "NimbusMonoPS-Bold.otf",
            "fonts-urw-base35",
        ),
    )
}


class FontMissing(RuntimeError):
    pass


@functools.cache
def _index() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root in FONT_DIRS:
        if root.is_dir():
            for p in sorted(root.rglob("*")):
                if p.suffix.lower() in (".ttf", ".otf"):
                    found.setdefault(p.name, p)
    return found


def path(file_name: str, family: Family | None = None) -> Path:
    p = _index().get(file_name)
    if p is None:
        pkg = f" (Debian package {family.package}; run scripts/setup.sh)" if family else ""
        raise FontMissing(f"font file {file_name} is not installed{pkg}")
    return p


def check(names: list[str] | tuple[str, ...]) -> None:
    """Raise FontMissing naming the first family whose files are not installed."""
    for name in names:
        fam = FAMILIES[name]
        for f in (fam.regular, fam.italic, fam.bold, fam.light):
            if f:
                path(f, fam)


@functools.lru_cache(maxsize=512)
def load(file_name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path(file_name)), size=size)
