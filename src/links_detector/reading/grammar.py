"""URL grammar and CTC decoding constrained by it.

``decode`` finds the most probable string, under a recognizer's per-step character
probabilities (CTC: a blank class, repeats collapsed), that is a URL: ``http://`` or
``https://``, a host whose labels are letters, digits and hyphens and whose suffix is on the
Public Suffix List (or an IPv4 address, or ``localhost``), an optional port, then RFC 3986's
path, query and fragment characters. The URL ends where a space or a character no URL holds
begins; what follows is read but not kept. It is CTC prefix beam search, with the grammar in
the part a dictionary's prefix tree plays in word beam search (Scheidl et al., ICFHR 2018): a
character the grammar does not allow after a beam's text never extends it, and a beam whose
host is no host dies when the host ends. No string of any page is named here: what a host may
end in is the Public Suffix List's (the ``publicsuffixlist`` package's bundled copy), the rest
is the URL syntax.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from publicsuffixlist import PublicSuffixList

SCHEMES = ("http://", "https://")
HOST_CHARS = frozenset(string.ascii_letters + string.digits + "-.")
# RFC 3986: unreserved, sub-delims, ":", "@", "/", "?", "#" and "%" (percent-encoding)
REST_CHARS = frozenset(string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@/?#%")
# a URL in running text ends before these when they close it (RFC 3986 allows them inside)
TRAILING = ".,;:!?'"
CLOSERS = {")": "(", "]": "["}
LEAD_MAX = 2  # characters before the scheme (a label's colon, a bracket) read and dropped
BEAM = 12  # beams kept per step
TOP = 6  # a step's likeliest characters tried (and any above MIN_PROB)
MIN_PROB = 1e-3
SURE_BLANK = 0.99  # a step whose blank is this likely reads no character (decoding skips it)

LEAD, SCHEME, HOST, PORT, REST, END = range(6)


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    # the ICANN section alone: the private section lists hosts people put sites under
    # (``github.io``, ``s3.us-west-2.amazonaws.com``), and a site's URL may be such a host
    return PublicSuffixList(only_icann=True)


@lru_cache(maxsize=4096)
def host_ok(host: str) -> bool:
    """Whether ``host`` (lower case) is a name under a public suffix, an IPv4 address, or
    ``localhost`` (RFC 6761's name for the reader's own machine, which manuals print with a
    port: ``http://localhost:8080/``)."""
    if host == "localhost":
        return True
    labels = host.split(".")
    if any(not lb or len(lb) > 63 or lb[0] == "-" or lb[-1] == "-" for lb in labels):
        return False
    if all(lb.isdigit() for lb in labels):
        return len(labels) == 4 and all(int(lb) <= 255 for lb in labels)
    return _psl().privatesuffix(host, accept_unknown=False) is not None


def ascii_of(ch: str) -> str:
    """``ch`` as the ASCII character it stands for (a full-width colon is a colon, a dash a
    hyphen), or itself."""
    if len(ch) == 1 and unicodedata.category(ch) == "Pd":
        return "-"  # a dash of any width: the recognizer's glyphs for a printed hyphen
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 and folded.isascii() else ch


@dataclass(frozen=True)
class State:
    """Where a beam's text stands in the grammar; ``url`` is its URL part so far."""

    phase: int = LEAD
    url: str = ""
    lead: int = 0  # characters dropped before the scheme (-1: a wrapped URL's next line)
    host_start: int = 0  # index in ``url`` where the host begins
    port: int = 0  # digits of the port so far


def step(s: State, ch: str) -> State | None:
    """The state after ``ch``, or None when no URL can go on with it."""
    if s.phase in (LEAD, SCHEME):
        return _scheme_step(s, ch.lower())
    if s.lead < 0:  # the start of the line a wrapped URL goes on in (``decode``'s ``start``)
        if ch == " ":
            return s  # the margin, read as a space
        s = replace(s, lead=0)
    if ch == " " or (ch not in REST_CHARS and not ch.isspace() and ch.isprintable()):
        return _ended(s)
    if s.phase == HOST:
        return _host_step(s, ch)
    if s.phase == PORT:
        if ch.isdigit() and s.port < 5:
            return State(PORT, s.url + ch, s.lead, s.host_start, s.port + 1)
        if ch in "/?#" and s.port:
            return State(REST, s.url + ch, s.lead, s.host_start, s.port)
        return None
    if ch in CLOSERS and s.url.count(CLOSERS[ch]) <= s.url.count(ch):
        return _ended(s)  # it closes a bracket opened before the URL: the sentence's
    return State(REST, s.url + ch, s.lead, s.host_start, s.port)  # REST: an RFC 3986 character


def _scheme_step(s: State, low: str) -> State | None:
    """``step`` before the host: the scheme, in any case, after at most ``LEAD_MAX`` others."""
    text = s.url + low
    if any(sc.startswith(text) for sc in SCHEMES):
        return State(SCHEME, text, s.lead)
    if text[:-1] in SCHEMES and low in HOST_CHARS and low not in ".-":
        return State(HOST, text, s.lead, len(text) - 1)
    if s.phase == LEAD and s.lead < LEAD_MAX and low != "h":
        return State(LEAD, "", s.lead + 1)
    return None


def _host_step(s: State, ch: str) -> State | None:
    """``step`` in the host: its characters (folded to lower case), then a port, path, query
    or fragment once it is a host; anything else ends the URL there."""
    if ch in HOST_CHARS:
        if ch == "." and s.url.endswith("."):
            return None
        return State(HOST, s.url + ch.lower(), s.lead, s.host_start)
    if ch in ":/?#":
        if s.url.endswith(".") or not host_ok(s.url[s.host_start :]):
            return None
        return State(PORT if ch == ":" else REST, s.url + ch, s.lead, s.host_start)
    return _ended(s)  # a character no host holds: the sentence's, after the URL


def _ended(s: State) -> State | None:
    """``s`` ended here (a space or a character no URL holds), or None when its URL is none."""
    return State(END, s.url, s.lead, s.host_start, s.port) if complete(s) else None


def complete(s: State) -> bool:
    """Whether ``s``'s text is a whole URL."""
    if s.phase == END:
        return True
    if s.phase == HOST:  # (a full stop after it ends the sentence: ``trim`` drops it)
        return host_ok(s.url[s.host_start :].removesuffix("."))
    if s.phase == PORT:
        return s.port > 0
    return s.phase == REST


def trim(url: str) -> str:
    """``url`` without the punctuation of the sentence around it: a trailing full stop, comma,
    colon, quote and the like, and a closing bracket the URL did not open."""
    while url:
        last = url[-1]
        if last in TRAILING:
            url = url[:-1]
        elif last in CLOSERS and url.count(last) > url.count(CLOSERS[last]):
            url = url[:-1]
        else:
            break
    return url


@dataclass
class Decoded:
    """The best URL (None when no string the recognizer gives any weight is one); its share of
    its own probability and that of the likeliest reading that is no URL (how sure the
    recognizer is of it: a URL reached only by overruling what it read has a small share); and
    the CTC step its last character was read at (where the URL ends in the crop)."""

    url: str | None
    share: float
    end_step: int
    raw: str = ""  # the URL as read, before ``trim``, when it runs on to the line's end


@dataclass
class _Beam:
    blank: float  # probability of the text, its path ending in a blank
    char: float  # ... ending in its last character
    state: State
    end_step: int  # step of the URL's last character

    @property
    def p(self) -> float:
        return self.blank + self.char


def decode(
    probs: np.ndarray,
    chars: Sequence[str],
    beam: int = BEAM,
    spaces: frozenset[int] = frozenset(),
    start: str = "",
) -> Decoded:
    """The likeliest URL under ``probs`` ((steps, classes), class 0 CTC's blank, class i
    ``chars[i]``), beam-searched with the URL grammar as the constraint. ``spaces``: steps
    where the line shows a word space whether or not the recognizer reads one there (its
    output often runs words together): a URL whole there may end there. ``start``: a URL with
    a path read so far (on the line before, a link that wraps), which ``probs`` go on with."""
    search = _Search(*_alphabet(tuple(chars)))
    if start:
        host_start = start.index("//") + 2
        search.beams = {(): _Beam(1.0, 0.0, State(REST, start, -1, host_start), -1)}
    for t, row in enumerate(probs):
        search.advance(row, beam, t in spaces)
    return search.best()


@lru_cache(maxsize=4)
def _alphabet(chars: tuple[str, ...]) -> tuple[list[str], dict[str, list[int]]]:
    """Each class's character as ASCII (``ascii_of``), and the classes of each scheme
    character: worked out once per recognizer's character list, not once per line."""
    mapped = [ascii_of(c) for c in chars]
    return mapped, {c: [i for i, m in enumerate(mapped) if m.lower() == c] for c in "htps:/"}


class _Search:
    """CTC prefix beam search under the grammar: beams keyed by their classes read."""

    def __init__(self, mapped: list[str], scheme: dict[str, list[int]]):
        self.mapped = mapped
        self.scheme = scheme
        self.beams: dict[tuple[int, ...], _Beam] = {(): _Beam(1.0, 0.0, State(), -1)}
        # probability of the likeliest reading that left the grammar after the scheme (a
        # host on no public suffix, a character no URL holds in it), no URL: the best URL is
        # measured against it. (The scheme is the detector's: no reading of it counts.)
        self.dead = 0.0
        self.t = 0

    def advance(self, row: np.ndarray, width: int, space: bool) -> None:
        """One step of ``row``'s probabilities; ``space``: the line shows a word space here."""
        self.nxt: dict[tuple[int, ...], _Beam] = {}
        self.dead *= row.max()  # that reading goes on with this step's likeliest character
        # a step the recognizer is sure is blank reads no character (one read there would be
        # too unlikely to keep a beam; most steps of a line are such), but the scheme's, which
        # go in where the recognizer dropped them
        blank = row[0] >= SURE_BLANK and not space
        cands: set[int] = set()
        if not blank:
            top = np.argpartition(row, -TOP)[-TOP:] if len(row) > TOP else np.arange(len(row))
            cands = (set(top.tolist()) | set(np.flatnonzero(row > MIN_PROB).tolist())) - {0}
        for key, b in self.beams.items():
            if b.state.phase == END:  # whatever follows the URL: all of it, probability 1
                self._add(key, b.p, 0.0, b.state, b.end_step)
                continue
            self._add(key, b.p * row[0], 0.0, b.state, b.end_step)  # a blank
            if space and b.state.phase in (HOST, PORT, REST) and complete(b.state):
                self._add((*key, -1), b.p * row[0], 0.0, _ended(b.state), b.end_step)
            if key:  # the last character again, collapsed
                self._add(key, 0.0, b.char * row[key[-1]], b.state, b.end_step)
            if not blank or b.state.phase in (LEAD, SCHEME):
                self._extend(key, b, row, cands)
        kept = sorted(self.nxt.items(), key=lambda kv: kv[1].p, reverse=True)[:width]
        norm = max(kept[0][1].p if kept else 0.0, self.dead) or 1.0
        self.dead /= norm
        self.beams = {}
        for key, b in kept:
            b.blank /= norm
            b.char /= norm
            self.beams[key] = b
        self.t += 1

    def _extend(self, key: tuple[int, ...], b: _Beam, row: np.ndarray, cands: set[int]) -> None:
        """``b`` read on by each candidate class the grammar allows."""
        tried = cands
        if b.state.phase in (LEAD, SCHEME):  # the scheme the detector saw goes on
            tried = cands | {i for c in _scheme_next(b.state.url) for i in self.scheme[c]}
        for i in tried:
            p = (b.blank if key and key[-1] == i else b.p) * row[i]
            s = step(b.state, self.mapped[i])
            if s is None:
                if b.state.phase not in (LEAD, SCHEME):
                    self.dead = max(self.dead, p)
                continue
            end = self.t if s.phase not in (LEAD, END) else b.end_step
            self._add((*key, i), 0.0, p, s, end)

    def _add(self, key, blank: float, char: float, state: State, end: int) -> None:
        b = self.nxt.get(key)
        if b is None:
            self.nxt[key] = _Beam(blank, char, state, end)
            return
        if char > b.char and end > b.end_step:
            b.end_step = end
        b.blank += blank
        b.char += char

    def best(self) -> Decoded:
        """The likeliest whole URL of the beams (their probabilities summed per URL)."""
        urls: dict[str, list] = {}
        for b in self.beams.values():
            if complete(b.state):
                url = trim(b.state.url)
                if not any(url == sc.rstrip("/") or url == sc for sc in SCHEMES):
                    got = urls.setdefault(url, [0.0, b.end_step, 0.0, ""])
                    got[0] += b.p
                    if b.p > got[2]:
                        got[1], got[2] = b.end_step, b.p
                        got[3] = b.state.url if b.state.phase == REST else ""
        if not urls:
            return Decoded(None, 0.0, -1)
        url, (p, end, _, raw) = max(urls.items(), key=lambda kv: kv[1][0])
        if not _valid(url):
            return Decoded(None, 0.0, -1)
        # (beams not whole at the end are readings that are no URL too)
        dead = max([self.dead] + [b.p for b in self.beams.values() if not complete(b.state)])
        return Decoded(url, p / (p + dead), end, raw)


def _scheme_next(text: str) -> set[str]:
    """The characters that can follow ``text`` in a scheme."""
    return {sc[len(text)] for sc in SCHEMES if sc.startswith(text) and len(sc) > len(text)}


def _valid(url: str) -> bool:
    """Whether the trimmed ``url`` still has a whole host (trimming can eat a port's colon)."""
    rest = url.split("://", 1)[1]
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    name, _, port = host.partition(":")
    return host_ok(name) and (not _ or port.isdigit())
