"""Fine-tune checkpoint download and cache, against a local HTTP server on 127.0.0.1."""

import http.server
import io
import tarfile
import threading

import pytest

from links_detector.detection import zoo


def tarball() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in (
            ("tiny_model/checkpoint/ckpt-0.index", b"index"),
            ("tiny_model/checkpoint/ckpt-0.data-00000-of-00001", b"data"),
            ("tiny_model/pipeline.config", b"model {}"),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.fixture
def server():
    body = tarball()
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            if self.path.endswith("tiny_model.tar.gz"):
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_error(404)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()


def test_zoo_name_downloads_once(server, tmp_path, monkeypatch):
    base, hits = server
    monkeypatch.setenv("LINKS_DETECTOR_ZOO_URL", base + "/models/")
    prefix = zoo.resolve("tiny_model", tmp_path)
    assert prefix.endswith("tiny_model/checkpoint/ckpt-0")
    assert prefix.startswith(str(tmp_path / "cache" / "checkpoints"))
    assert hits == ["/models/tiny_model.tar.gz"]
    assert zoo.resolve("tiny_model", tmp_path) == prefix
    assert len(hits) == 1  # cached


def test_url_and_local_path(server, tmp_path):
    base, hits = server
    prefix = zoo.resolve(f"{base}/x/tiny_model.tar.gz", tmp_path)
    assert prefix.endswith("checkpoint/ckpt-0") and len(hits) == 1
    folder = prefix.rsplit("/checkpoint/", 1)[0]
    assert zoo.resolve(folder, tmp_path) == prefix
    assert zoo.resolve(prefix, tmp_path) == prefix
    assert zoo.resolve("", tmp_path) is None


def test_errors_name_the_problem(server, tmp_path):
    base, _ = server
    with pytest.raises(zoo.CheckpointError, match="cannot download .*missing.tar.gz"):
        zoo.resolve(f"{base}/missing.tar.gz", tmp_path)
    assert not list((tmp_path / "cache" / "checkpoints").glob("missing*"))
    with pytest.raises(zoo.CheckpointError, match="neither a checkpoint prefix"):
        zoo.resolve(str(tmp_path / "nowhere" / "ckpt-9"), tmp_path)
