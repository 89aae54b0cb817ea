"""DVC stage `raw`: generate phone photos of printed things with links, and their labels.

Writes raw.num_images JPEG photos into --out and raw.heldout_images photos in the held-out
styles (raw.heldout_fonts, raw.heldout_layouts: never used for training) into --heldout. Beside
each photo, a LabelImg-compatible Pascal VOC XML with one `http` object per printed https:// or
http:// prefix (its box tight around the prefix glyphs), plus the whole link's box and URL text.
Then draws raw.contact_sheet of them into --contact-sheet (PNG; look at it). Same params, same
bytes. Reads params base.seed, base.workers and the raw section.
"""

from pathlib import Path

from links_detector import stage
from links_detector.synth import generate


def run(args, params):
    cfg = params.raw
    main = generate.generate(args.out, cfg, params.base.seed, params.base.workers)
    held = generate.generate(args.heldout, cfg, params.base.seed, params.base.workers, True)
    n_held = min(cfg.contact_sheet // 4, cfg.heldout_images)
    sets = [
        (Path(args.out), main["captions"], cfg.contact_sheet - n_held, ""),
        (Path(args.heldout), held["captions"], n_held, "held-out "),
    ]
    generate.contact_sheet(sets, Path(args.contact_sheet))


def build_parser():
    p = stage.parser(__doc__)
    p.add_argument("--out", required=True, help="output folder (replaced atomically)")
    p.add_argument("--heldout", required=True, help="output folder of the held-out styles")
    p.add_argument("--contact-sheet", required=True, help="PNG to draw sample pages into")
    return p


if __name__ == "__main__":
    stage.entry(build_parser(), run)
