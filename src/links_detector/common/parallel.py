"""Map a function over jobs in worker processes, in order, with a progress bar."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

J = TypeVar("J")
R = TypeVar("R")


def workers(requested: int) -> int:
    """``requested`` processes, or one per CPU core when it is 0."""
    return requested or os.cpu_count() or 1


def imap(
    fn: Callable[[J], R], jobs: list[J], n_workers: int, desc: str, unit: str = "image"
) -> Iterator[R]:
    """Yield ``fn(job)`` for each job in order; ``fn`` must be a module-level function."""
    bar = dict(total=len(jobs), desc=desc, unit=unit, disable=None, mininterval=1.0)
    if n_workers <= 1 or len(jobs) <= 1:
        yield from tqdm(map(fn, jobs), **bar)
        return
    with multiprocessing.get_context("fork").Pool(n_workers) as pool:
        results: Iterable[R] = pool.imap(
            fn, jobs, chunksize=max(1, min(8, len(jobs) // (4 * n_workers)))
        )
        yield from tqdm(results, **bar)
