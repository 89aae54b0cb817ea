"""The ``links-detector`` command (installed with the package).

    links-detector read [--model DIR] [--json] [--html OUT.html] IMAGE...

Reads the printed web links in photos of pages: the detector finds each ``https://`` or
``http://`` prefix, the recognizer reads the text line to its right, decoded into a URL. The
detector is the pipeline's (data/saved_model, when `dvc repro` has made it), else the one
shipped in models/default, or the folder --model names. Exit status: 0 when every image was
read, 1 when any image failed (each failure is named on stderr and the other images are still
read), 2 when nothing could start (no model, bad params or arguments).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from links_detector.api import Reader
from links_detector.common import log as logsetup
from links_detector.common.atomic import write_text
from links_detector.common.images import ImageError
from links_detector.config.params import ParamsError
from links_detector.reading import models
from links_detector.reading.detector import ModelMissing
from links_detector.reading.reader import html

log = logging.getLogger("links_detector")


def _parser() -> argparse.ArgumentParser:
    first, _, rest = (__doc__ or "").strip().partition("\n")
    p = argparse.ArgumentParser(
        prog="links-detector",
        description=first,
        epilog=rest.strip(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    r = sub.add_parser(
        "read",
        help="print the links printed in photos of pages",
        description="Print the web links printed in each IMAGE (one line per URL, or --json).",
        epilog=(
            "Boxes in --json are [xmin, ymin, xmax, ymax] in the image's own pixels (as "
            "displayed, EXIF orientation applied). The model: --model DIR, else "
            f"{models.PIPELINE_MODEL} when the pipeline has made it, else {models.SHIPPED} "
            "(shipped with the repository); the log names the one used. Settings: the `links` "
            "section of --params; without it, the settings a released model records, else "
            "./params.yaml, else the packaged defaults. The preprocessing is the model's "
            "(its links_detector.json)."
        ),
    )
    r.add_argument("images", nargs="+", metavar="IMAGE", help="photos to read (JPEG, PNG, ...)")
    r.add_argument(
        "--model",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"the detector: a released folder (model.tflite, links_detector.json) or an "
        f"exported SavedModel folder (default: {models.PIPELINE_MODEL} when `dvc repro` has "
        f"made it, else {models.SHIPPED})",
    )
    r.add_argument(
        "--check",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"the prefix check, which spares the OCR most doubtful detections (default: "
        f"{models.CHECK_FILE} beside the model, or {models.PIPELINE_CHECK} with the pipeline's "
        "model; without one, every doubtful detection gets Tesseract's quick look: slower, as "
        "good)",
    )
    r.add_argument(
        "--params",
        type=Path,
        default=None,
        metavar="FILE",
        help="params file for the `links` settings (default: the settings a released model "
        "records, else ./params.yaml if present, else the defaults packaged with links-detector)",
    )
    r.add_argument("--json", action="store_true", help="print one JSON object per image per line")
    r.add_argument(
        "--html",
        type=Path,
        metavar="OUT.html",
        help="also write a self-contained page: each photo with its links clickable in place",
    )
    r.add_argument(
        "--score-threshold",
        type=float,
        metavar="S",
        help=(
            "override links.score_threshold: detections scoring at least S are read whole; "
            "from links.candidate_threshold up to S, only when a quick OCR of the prefix "
            "reads like http(s)://"
        ),
    )
    r.add_argument(
        "--no-tflite",
        action="store_true",
        help="run the SavedModel even when the model folder has a model.tflite (the same "
        "detections, slower on a CPU)",
    )
    r.add_argument("-q", "--quiet", action="store_true", help="log only warnings and errors")
    r.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="log at DEBUG, the libraries' own messages (TensorFlow's, the TFLite runtime's) too",
    )
    return p


def read_command(args: argparse.Namespace) -> int:
    try:
        reader = Reader(
            args.model,
            params=args.params,
            check=args.check,
            score_threshold=args.score_threshold,
            tflite=not args.no_tflite,
        )
    except (ParamsError, ModelMissing) as e:
        log.error("%s", e)
        return 2
    except (FileNotFoundError, ValueError) as e:  # the prefix check's file
        log.error("%s", e)
        return 2
    log.info(
        "%s: %s; prefix check %s; settings %s; recognizer %s",
        reader.files.describe(),
        reader.engine.detector.model_file,
        reader.files.check or "none",
        reader.params_source,
        reader.engine.cfg.recognizer,
    )
    log.info("reading %d image(s)", len(args.images))
    pages, failed = [], 0
    for name in args.images:
        path = Path(name)
        try:
            page = reader.page(path)
        except (ImageError, FileNotFoundError, IsADirectoryError) as e:
            failed += 1
            msg = str(e)
            log.error("%s", msg if name in msg else f"{name}: {msg}")
            continue
        pages.append((page, path))
        if args.json:
            print(json.dumps(page.as_json()), flush=True)
        else:
            for link in page.links:
                print(link.url, flush=True)
        log.info(
            "%s: %d link(s) from %d detection(s) in %.0f ms",
            name,
            len(page.links),
            page.detections,
            page.total_ms,
        )
    if args.html:
        write_text(args.html, html(pages))
        log.info("wrote %s (%d image(s))", args.html, len(pages))
    log.info(
        "read %d image(s), %d link(s); %d failed",
        len(pages),
        sum(len(p.links) for p, _ in pages),
        failed,
    )
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.verbose:
        os.environ["TF_CPP_MIN_LOG_LEVEL"] = "0"
    logsetup.setup("WARNING" if args.quiet else "DEBUG" if args.verbose else "INFO")
    if args.command == "read":
        return read_command(args)
    return 2  # pragma: no cover (argparse requires a command)


def run() -> None:
    sys.exit(main())
