import os
import subprocess
import sys

from .conftest import ROOT


def test_ruff_check_and_format():
    ruff = os.path.join(os.path.dirname(sys.executable), "ruff")
    for args in (["check", "."], ["format", "--check", "."]):
        out = subprocess.run([ruff, *args], cwd=ROOT, capture_output=True, text=True)
        assert out.returncode == 0, out.stdout + out.stderr
