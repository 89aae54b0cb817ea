"""The arguments every reader benchmark takes: the params file, the detector and the prefix
check, found as `links-detector read` finds them (the pipeline's, else the shipped model)."""

from __future__ import annotations

import argparse
from pathlib import Path

from links_detector.reading import models


def add(p: argparse.ArgumentParser) -> None:
    """Add ``--params``, ``--model`` and ``--check`` to ``p``."""
    p.add_argument("--params", default="params.yaml", help="the links settings (links section)")
    p.add_argument(
        "--model",
        default=None,
        help=f"the detector's folder (default: {models.PIPELINE_MODEL} when the pipeline has "
        f"made it, else {models.SHIPPED})",
    )
    p.add_argument(
        "--check",
        default=None,
        help=f"the prefix check (default: {models.CHECK_FILE} beside the model, or "
        f"{models.PIPELINE_CHECK} with the pipeline's model; '' = none: every doubtful "
        "detection gets Tesseract's quick look)",
    )


def files(args: argparse.Namespace) -> models.ModelFiles:
    """The detector and check ``--model`` and ``--check`` name, or the reader's defaults."""
    return models.locate(
        Path(args.model) if args.model else None, Path(args.check) if args.check else None
    )


def model(args: argparse.Namespace) -> Path:
    """The detector's folder."""
    return files(args).folder


def check(args: argparse.Namespace) -> Path | None:
    """The prefix check's path, or None when ``--check ''`` asks for none."""
    return None if args.check == "" else files(args).check
