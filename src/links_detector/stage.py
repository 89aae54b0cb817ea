"""What every ``stages/*.py`` command shares: ``--help``, ``--params``, logging, clean errors."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from types import SimpleNamespace

from links_detector.common import log as logsetup
from links_detector.config.params import ParamsError, load

log = logging.getLogger("links_detector")


def parser(doc: str) -> argparse.ArgumentParser:
    """An argument parser whose help is the stage script's docstring."""
    first, _, rest = (doc or "").strip().partition("\n")
    p = argparse.ArgumentParser(
        description=first,
        epilog=rest.strip() or None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--params",
        default="params.yaml",
        metavar="FILE",
        help="params file to read and validate (default: %(default)s)",
    )
    return p


def main(
    p: argparse.ArgumentParser,
    run: Callable[[argparse.Namespace, SimpleNamespace], object],
    argv: list[str] | None = None,
) -> int:
    """Parse arguments, load and check params, run; errors become one clear line and exit 2."""
    args = p.parse_args(argv)
    logsetup.setup()
    try:
        params = load(args.params)
    except ParamsError as e:
        log.error("%s", e)
        return 2
    try:
        run(args, params)
    except (FileNotFoundError, ValueError) as e:
        log.error("%s", e)
        return 2
    return 0


def entry(p: argparse.ArgumentParser, run) -> None:
    sys.exit(main(p, run))
