"""DVC stage `raw`: generate photos of book pages with printed links, and their labels.

Writes raw.num_images JPEG pages and, beside each, a LabelImg-compatible Pascal VOC XML with one
`http` object per printed https:// or http:// prefix (its box tight around the prefix glyphs),
plus the whole link's box and URL text. Same params, same bytes. Reads params base.seed,
base.workers and the raw section.
"""

from links_detector import generate, stage


def run(args, params):
    generate.generate(args.out, params.raw, params.base.seed, params.base.workers)


def build_parser():
    p = stage.parser(__doc__)
    p.add_argument("--out", required=True, help="output folder (replaced atomically)")
    return p


if __name__ == "__main__":
    stage.entry(build_parser(), run)
