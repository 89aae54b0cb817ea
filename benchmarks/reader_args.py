"""The arguments every reader benchmark takes: the params file, the exported detector and the
prefix check, with the pipeline's outputs as defaults."""

from __future__ import annotations

import argparse
from pathlib import Path


def add(p: argparse.ArgumentParser) -> None:
    """Add ``--params``, ``--model`` and ``--check`` to ``p``."""
    p.add_argument("--params", default="params.yaml", help="the links settings (links section)")
    p.add_argument(
        "--model", default="data/saved_model", help="the exported detector (saved_model stage's)"
    )
    p.add_argument(
        "--check",
        default="data/check/model.tflite",
        help="the prefix check (the check stage's; '' = none: every doubtful detection gets "
        "Tesseract's quick look)",
    )


def check(args: argparse.Namespace) -> Path | None:
    """The prefix check's path, or None when ``--check ''`` asks for none."""
    return Path(args.check) if args.check else None
