"""The log: the libraries' own messages kept out of it, ours kept in."""

import subprocess
import sys

SCRIPT = """
import logging, os, sys, warnings
from links_detector.common import log
log.setup({level!r})
me = logging.getLogger("links_detector")
with log.quiet_libraries():
    os.write(2, b"C++ NOISE\\n")                      # what the TFLite converter does
    logging.getLogger("tensorflow").warning("TF NOTICE is deprecated")
    warnings.warn("KERAS WARNING")
    me.info("OUR LINE")
try:
    with log.quiet_libraries():
        os.write(2, b"WHY IT FAILED\\n")
        raise RuntimeError("boom")
except RuntimeError:
    me.info("AFTER")
os.write(2, b"LATER NATIVE\\n")
"""


def run(level: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(level=level)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return out.stderr


def test_library_messages_stay_out_and_ours_and_failures_come_through():
    err = run("INFO")
    for noise in ("C++ NOISE", "TF NOTICE", "KERAS WARNING"):
        assert noise not in err
    assert "OUR LINE" in err and "AFTER" in err
    assert "WHY IT FAILED" in err  # the block raised: what it caught comes back
    assert "LATER NATIVE" in err  # and file descriptor 2 is the terminal's again


def test_at_debug_everything_passes():
    err = run("DEBUG")
    for line in ("C++ NOISE", "TF NOTICE", "KERAS WARNING", "OUR LINE"):
        assert line in err


THREADS = """
import os, threading, time
from links_detector.common import log
log.setup("INFO")

inside = threading.Barrier(8)

def work(i):
    time.sleep(0.005 * i)  # in one after another,
    with log.quiet_libraries():
        os.write(2, b"NOISE %d\\n" % i)
        inside.wait()
        time.sleep(0.02 * i)  # out in the same order

threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
os.write(2, b"AFTER THE THREADS\\n")
"""


def test_blocks_on_several_threads_give_the_terminal_back():
    """The detector's threads each load an interpreter inside a block: however they overlap,
    file descriptor 2 is the terminal's again when they are done."""
    out = subprocess.run([sys.executable, "-c", THREADS], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "AFTER THE THREADS" in out.stderr
