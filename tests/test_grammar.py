"""reading.grammar: CTC decoding constrained to URLs (the Public Suffix List, RFC 3986)."""

from __future__ import annotations

import string

import numpy as np
import pytest

from links_detector.reading import grammar

from .conftest import real_urls as urls

CHARS = ["", *string.ascii_letters, *string.digits, *string.punctuation, "：", "，", "—", " "]
INDEX = {c: i for i, c in enumerate(CHARS)}


def ctc(text: str, sure: float = 0.99, weak: dict[int, dict[str, float]] | None = None):
    """Per-step probabilities of ``text`` as a recognizer reads it: each character in a step of
    its own, a blank between, ``sure`` on the character read; ``weak`` adds other characters'
    probabilities at the steps of given characters."""
    rows = []
    for n, ch in enumerate(text):
        row = np.full(len(CHARS), (1 - sure) / (len(CHARS) - 1))
        row[INDEX[ch]] = sure
        for other, p in (weak or {}).get(n, {}).items():
            row[INDEX[other]] = p
        rows.append(row / row.sum())
        blank = np.full(len(CHARS), 0.01 / (len(CHARS) - 1))
        blank[0] = 0.99
        rows.append(blank)
    return np.array(rows)


def test_the_list_of_real_urls_is_varied():
    found = urls()
    assert len(found) >= 200 and len(set(found)) == len(found)
    for shape in ("xn--", ":80", "doi.org/10.", "?", "#", "~", "%", "bit.ly/", "("):
        assert any(shape in u for u in found), shape


def test_every_real_url_read_right_comes_out_unchanged():
    """A real URL the recognizer reads right, followed by the sentence's next word or its
    full stop, decodes to itself: no host, suffix, path, case or bracket is changed."""
    changed = []
    for url in urls():
        for line in (f"{url} and", f"{url}. Then", f"({url})"):
            got = grammar.decode(ctc(line), CHARS).url
            if got != url:
                changed.append((line, got))
    assert not changed, changed[:10]


@pytest.mark.parametrize(
    "host, ok",
    [
        ("www.iij.ad.jp", True),
        ("example.computer", True),
        ("xn--80ak6aa92e.com", True),
        ("192.0.2.1", True),
        ("www.example.co.ip", False),  # no such suffix
        ("github.ccom", False),
        ("co.jp", False),  # a suffix alone
        ("localhost", True),  # RFC 6761: the reader's own machine
        ("localhost.example", False),
        ("-bad.example.com", False),
        ("a..example.com", False),
        ("300.1.1.1", False),
    ],
)
def test_host_ok(host, ok):
    assert grammar.host_ok(host) is ok


def test_a_host_on_no_public_suffix_is_no_url():
    assert grammar.decode(ctc("http://x"), CHARS).url is None
    assert grammar.decode(ctc("http://www.example.ccom"), CHARS, beam=1).url is None


def test_the_likeliest_url_wins_over_a_likelier_string_that_is_none():
    """``.ip`` read a little surer than ``.jp``: ``.ip`` is no suffix, so ``.jp`` is read."""
    text = "http://www.webtech.co.ip/k/"
    j = text.index(".ip") + 1
    got = grammar.decode(ctc(text, weak={j: {"j": 0.3}}), CHARS)
    assert got.url == "http://www.webtech.co.jp/k/"


def test_the_scheme_goes_on_where_the_recognizer_dropped_a_character():
    """``http//``: the detector saw a prefix, so the colon the recognizer gave little weight
    is read."""
    assert grammar.decode(ctc("http//www.iij.ad.jp/"), CHARS).url == "http://www.iij.ad.jp/"


def test_full_width_characters_and_case():
    """A full-width colon is a colon; the host and scheme come out in lower case, the path
    as printed."""
    assert grammar.decode(ctc("HTTP：//WWW.Example.ORG/Path"), CHARS).url == (
        "http://www.example.org/Path"
    )


def test_a_dash_is_a_hyphen():
    assert grammar.decode(ctc("http://example.org/chapter—3"), CHARS).url == (
        "http://example.org/chapter-3"
    )


def test_a_label_before_the_scheme_is_dropped_and_text_after_it_ends_the_url():
    assert grammar.decode(ctc(":http://example.com/a b"), CHARS).url == "http://example.com/a"
    assert grammar.decode(ctc("http://example.com，next"), CHARS).url == "http://example.com"


def test_a_word_space_the_recognizer_missed_ends_the_url():
    """``spaces`` are steps where the line shows a word space: a URL whole there ends there."""
    for line, mark in (("http://example.com/page,the", ","), ("http://example.com/page.The", ".")):
        probs = ctc(line)
        gap = 2 * (line.rindex(mark) + 1)  # the blank after the mark
        assert grammar.decode(probs, CHARS).url == line
        got = grammar.decode(probs, CHARS, spaces=frozenset({gap - 1}))
        assert got.url == "http://example.com/page"
        assert got.end_step < gap


def test_a_bracket_the_url_did_not_open_ends_it():
    """A closing bracket that closes none the URL opened is the sentence's, and so is all
    after it (``(see https://x.org/a)that``); one the URL opened is the URL's."""
    got = grammar.decode(ctc("https://example.org/install)Each"), CHARS)
    assert got.url == "https://example.org/install"
    got = grammar.decode(ctc("https://en.wikipedia.org/wiki/Ada_(language)x"), CHARS)
    assert got.url == "https://en.wikipedia.org/wiki/Ada_(language)x"


def test_a_wrapped_url_goes_on_from_the_text_read_so_far():
    """``start``: the URL read on the line before; the next line's margin may read as a space."""
    got = grammar.decode(ctc(" models/research and"), CHARS, start="https://github.com/tensorflow/")
    assert got.url == "https://github.com/tensorflow/models/research"
    assert grammar.decode(ctc("http://a.org/x"), CHARS).raw == "http://a.org/x"


def test_ports_and_brackets():
    assert grammar.decode(ctc("http://example.org:8080/x"), CHARS).url == (
        "http://example.org:8080/x"
    )
    assert grammar.decode(ctc("http://example.org:/x"), CHARS).share < 0.05
    assert grammar.trim("https://en.wikipedia.org/wiki/Python_(language)") == (
        "https://en.wikipedia.org/wiki/Python_(language)"
    )
    assert grammar.trim("https://example.org/a).") == "https://example.org/a"


def test_nothing_read_is_no_url():
    assert grammar.decode(np.zeros((0, len(CHARS))), CHARS).url is None
    assert grammar.decode(ctc("http://"), CHARS).url is None


def test_a_url_reached_by_overruling_the_recognizer_has_a_small_share():
    sure = grammar.decode(ctc("http://github.com/cool"), CHARS)
    overruled = grammar.decode(ctc("http://gitnud.ccom/cool"), CHARS)
    assert sure.share > 0.9
    assert overruled.share < 0.05
