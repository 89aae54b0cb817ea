"""Fine-tune checkpoints: a TF2 zoo model name, a URL of a .tar.gz, or a local path.

A name or URL is downloaded once into a cache folder (``cache/checkpoints`` under the project
root unless LINKS_DETECTOR_CACHE says otherwise) and unpacked; later runs use the cache. The zoo
lives at ZOO_BASE_URL (LINKS_DETECTOR_ZOO_URL overrides it, which the tests use to serve a
tarball from 127.0.0.1). The result is a checkpoint prefix such as ``.../checkpoint/ckpt-0``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tarfile
import tempfile
import urllib.request
from pathlib import Path

from links_detector.common.atomic import atomic_dir

log = logging.getLogger(__name__)

ZOO_BASE_URL = "http://download.tensorflow.org/models/object_detection/tf2/20200711/"


class CheckpointError(ValueError):
    pass


def cache_dir(root: Path) -> Path:
    return Path(os.environ.get("LINKS_DETECTOR_CACHE") or root / "cache" / "checkpoints")


def find_prefix(folder: Path) -> Path:
    """The checkpoint prefix inside an unpacked model (prefers checkpoint/ckpt-0)."""
    indexes = sorted(folder.rglob("*.index"), key=lambda p: (p.parent.name != "checkpoint", p))
    if not indexes:
        raise CheckpointError(f"{folder}: no TF checkpoint (*.index) inside")
    return indexes[0].with_suffix("")


def _download(url: str, dest: Path) -> None:
    log.info("downloading %s", url)
    try:
        with urllib.request.urlopen(url, timeout=60) as r, open(dest, "wb") as f:
            shutil.copyfileobj(r, f, length=1 << 20)
    except OSError as e:
        raise CheckpointError(f"cannot download fine-tune checkpoint {url}: {e}") from None


def _safe_extract(archive: Path, out: Path) -> None:
    try:
        with tarfile.open(archive) as tar:
            tar.extractall(out, filter="data")
    except (tarfile.TarError, OSError) as e:
        raise CheckpointError(f"{archive}: not a readable .tar.gz: {e}") from None


def resolve(spec: str, root: Path) -> str | None:
    """The checkpoint prefix for ``train.fine_tune_checkpoint``, downloading it if needed."""
    if not spec:
        return None
    if spec.startswith(("http://", "https://")):
        url = spec
    elif "/" in spec or spec.startswith(".") or Path(spec).exists():
        p = Path(spec)
        if p.is_dir():
            return str(find_prefix(p))
        if Path(str(p) + ".index").exists():
            return str(p)
        raise CheckpointError(
            f"train.fine_tune_checkpoint: {spec} is neither a checkpoint "
            "prefix nor a folder holding one"
        )
    else:  # a zoo model name
        url = os.environ.get("LINKS_DETECTOR_ZOO_URL", ZOO_BASE_URL).rstrip("/") + f"/{spec}.tar.gz"
    name = Path(url.split("?")[0]).name.removesuffix(".tar.gz").removesuffix(".tgz")
    key = hashlib.sha256(url.encode()).hexdigest()[:12]
    target = cache_dir(root) / f"{name}-{key}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            archive = Path(tmp) / "model.tar.gz"
            _download(url, archive)
            with atomic_dir(target) as out:
                _safe_extract(archive, out)
        log.info("cached %s in %s", url, target)
    else:
        log.info("using cached %s", target)
    return str(find_prefix(target))
