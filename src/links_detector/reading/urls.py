"""From Tesseract's text of a link to a URL: the scheme, the link's span, then the URL syntax.

Tesseract gives one string per line, with no alternatives to choose from; this module takes what
is general about reading a printed link from such a string and nothing more:

- the scheme: whatever OCR made of ``https://`` / ``http://`` (``hittps``, ``h ttps``, a lost
  colon or slash, ``ps://`` with the h and t cut off) is the scheme the text most likely
  starts with, or the one the caller gives;
- the span: a printed URL has no spaces, but OCR puts some in (``https: //``, ``keras. io``)
  while the sentence after the link is parted by spaces too. A word joins the link while its
  host is no host yet, after a mark few URLs end with (``-`` ``_`` ``?`` ``&`` ``#``) and
  when it starts with one that no sentence word starts with (``/`` ``.`` ``?`` ...);
- the end: sentence punctuation and closing brackets the URL did not open are dropped, and a
  ``.The`` run on after the host is the next sentence (hosts are printed in lower case);
- the check: the host must be a name under a public suffix or an IPv4 address (the grammar's
  ``host_ok``: the Public Suffix List), and the rest RFC 3986 characters. A string that is no
  URL gives None: no character is guessed back.

No host, word, file type or other string of any page is named here.
"""

from __future__ import annotations

import re

from links_detector.reading import grammar

SCHEMES = ("https://", "http://")
# What OCR makes of a printed scheme: h, then up to 6 letters/noise, then a colon-ish mark and
# up to two slash-ish marks. Anchored at the start of the text.
_SCHEME_RE = re.compile(r"^\s*[hH][^/\s]{0,6}?\s?[:;.,]?\s?[/|\\lI1!]{1,2}\s*")
# the word HTTP(S) and a colon, its slashes lost (``https: example.org``)
_SCHEME_WORD = re.compile(r"^\s*[hH]?\s?[tTiIlf1]{1,3}\s?[pP]\s?[sS5]?\s?[:;.,]\s*")
# A garbled scheme with its slashes still there: up to 8 letters/noise, then ``//`` (or ``:/``)
# early in the text (``Bifipsi//``, ``tp://``).
_SCHEME_SLASHES = re.compile(r"^\s*[^\s/]{1,8}?\s?(?://|:/|[:;][|lI1!\\])\s*")
_TRAILING = ".,;:!?'\"`*"
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}
JOIN_AFTER = tuple("-_?&#~+%@:")  # a word ending so is continued by the next (few URLs end so)
JOIN_BEFORE = tuple("/.-_=?&#")  # a word starting so continues the previous
# before a scheme OCR read exactly, a first word this long or shorter is the end of the
# sentence before the link, read from a box left of its prefix (``Jel: http://...``)
_LEAD_BEFORE_EXACT = 6
_EXACT_SCHEME = re.compile(r"https?://[a-z0-9]")
_SCHEME_INSIDE = re.compile(r"(?i)(h?tt?ps?|tps|ttp)\s?[:;.,]?\s?[/|\\lI1!]{1,2}")
_FTP = re.compile(r"(?i)f\s?tps?\s?[:;./]")  # ftp://, ftps//: a link printed like one, and none
_HTTP_SCHEME = re.compile(r"(?i)(?<!f)h?t{1,2}ps?\s?[:;]\s?[/|\\lI1!]")
_PROTOCOL_VERSION = re.compile(r"(?i)t?t?p/\s?\d")  # HTTP/2, HTTP/1.1
_COLON_SLASH = re.compile(r"[:;]\s?[/|\\lI1!]")


def scheme_of(text: str) -> str:
    """``https://`` or ``http://``: which scheme OCR text most likely starts with (an ``s`` or
    look-alike after the ``h``: ``hitps``, ``heps``, ``httpsi``, ``HEEBS`` are https)."""
    head = re.split(r"[:;/]", text.strip(), maxsplit=1)[0].replace(" ", "").lower()
    if len(head) <= 2:  # the h and t cut off: ``ps://``, ``s://`` still show the s
        return "https://" if head[-1:] in ("s", "5", "$") else "http://"
    return "https://" if any(c in "s5$" for c in head[2:]) else "http://"


def _scheme_start(text: str) -> re.Match | None:
    """The match of what OCR makes of ``http://`` or ``https://`` at the start of ``text``
    (after an opening bracket or quote), or None."""
    text = re.sub(r"^[^A-Za-z0-9]+", "", text.strip())
    if re.match(r"(?i)s?ftps?\s?:", text):  # an ftp:// link is printed like one, and is none
        return None
    return _SCHEME_RE.match(text) or _SCHEME_WORD.match(text) or _SCHEME_SLASHES.match(text)


def starts_like_scheme(text: str) -> bool:
    """Whether OCR text begins with what OCR makes of ``http://`` or ``https://`` (after an
    opening bracket or quote): text beside a false detection does not."""
    return _scheme_start(text) is not None


def from_scheme(text: str, lead: int = 3) -> str | None:
    """OCR text from its scheme on: all of it when it starts like ``http(s)://``; without its
    first word when that is a scrap of at most ``lead`` characters and the rest starts so (a box
    a little left of its prefix takes in the end of the word before: ``or https://...``), or a
    word of at most ``_LEAD_BEFORE_EXACT`` characters when the rest starts with a scheme read
    exactly (``Jel: http://...``); else None (text beside a false detection)."""
    if starts_like_scheme(text):
        return text
    words = text.split(maxsplit=1)
    if len(words) == 2 and len(words[0]) <= lead and starts_like_scheme(words[1]):
        return words[1]
    if len(words) == 2 and len(words[0]) <= _LEAD_BEFORE_EXACT and _EXACT_SCHEME.match(words[1]):
        return words[1]
    return None


def contains_scheme(text: str) -> bool:
    """Whether OCR text has what OCR makes of ``http(s)://`` anywhere in it: at the start of
    any of its words, or inside one (a short crop around a prefix takes in a neighbour).

    Look-alikes that are no links do not count: ``ftp://`` (unless an ``http:`` is there too),
    ``HTTP/2`` (a slash and a digit, no colon), and a ``//`` after a word with neither a ``p``
    nor a colon (``the // operator``; ``tps? //`` counts)."""
    if _FTP.search(text) and not _HTTP_SCHEME.search(text):
        return False
    if _PROTOCOL_VERSION.search(text) and not _COLON_SLASH.search(text):
        return False
    words = text.split()
    for i in range(len(words)):
        m = _scheme_start(" ".join(words[i:]))
        if m is None:
            continue
        if m.re is not _SCHEME_SLASHES or re.search(r"[pP:;]", m[0]):
            return True
        if i and re.search(r"(?i)tp|ps", words[i - 1]):
            return True  # (a word, then "//": "the // operator" is none; "https 7//x" is)
    return bool(_SCHEME_INSIDE.search(text))


def strip_scheme(text: str) -> str:
    m = _SCHEME_RE.match(text) or _SCHEME_WORD.match(text) or _SCHEME_SLASHES.match(text)
    return text[m.end() :] if m else text


def _host(link: str) -> tuple[str, str]:
    """The host of the link read so far (scheme included), and the mark after it or ""."""
    rest = re.sub(r"\s+", "", strip_scheme(link)).lstrip("/\\")
    host, sep = re.match(r"([^/?#]*)([/?#]?)", rest).groups()
    return _trim_end(host).lower().split(":")[0], sep


def _host_done(link: str) -> bool:
    """Whether the link read so far has a whole host, or a path after one."""
    host, sep = _host(link)
    return bool(sep) or grammar.host_ok(host)


def _joined(out: str, tok: str) -> str:
    """``out`` and the next word ``tok`` of a link whose host is not whole: with a dot between
    them when only that makes the host one (OCR read the dot as a space: ``example com``)."""
    if not out.endswith(".") and not tok.startswith("."):
        if not grammar.host_ok(_host(out + tok)[0]) and grammar.host_ok(_host(f"{out}.{tok}")[0]):
            return f"{out}.{tok}"
    return f"{out} {tok}"


def url_span(text: str) -> str:
    """The part of OCR text that is the link, when the crop ran on into the sentence.

    The next word is joined while the host is not whole yet (``https: //``, ``keras. io``; with
    the dot OCR read as a space where only that makes a host: ``keras io``), after a word
    ending with a mark few URLs end with (``-`` ``_`` ``?`` ``&`` ``#`` ``~`` ``+`` ``%``
    ``@`` ``:``), when it starts with a mark no sentence word starts with (``latest`` +
    ``?s=1``, ``api`` + ``/guide``), after a ``/`` set apart on its own, and after a dot when
    it is URL text (``_after_dot``). A word of other marks alone (a dash, a bar) ends the
    link, and so does any other word: a link has no spaces.
    """
    tokens = text.split()
    if not tokens:
        return ""
    out, before = tokens[0], ""
    for tok in tokens[1:]:
        if not re.search(r"[A-Za-z0-9]", tok) and not tok.startswith(JOIN_BEFORE):
            break  # the sentence's dash, a stray mark
        done = _host_done(out)
        if (
            done
            and not out.endswith(JOIN_AFTER)
            and before != "/"
            and not tok.startswith(JOIN_BEFORE)
            and not _after_dot(out, tok)
        ):
            break
        out, before = (out + " " + tok if done else _joined(out, tok)), tok
    return out


def _after_dot(out: str, tok: str) -> bool:
    """Whether ``tok`` goes on after a dot and a space in ``out``: it is URL text (a mark
    inside it) and no capital starts a sentence with it (``doi.org/10. 1538/x`` in a face
    with room after its full stop; not ``x.org. The``, nor a footnote's ``. 1``)."""
    return out.endswith(".") and not tok[:1].isupper() and bool(re.search(r"[/_=?&#.-].", tok))


# what a link that a book breaks at a line's end can end with there, but not where it ends
CANNOT_END = ("-", "_", "=", "?", "&", "#", "~", ":")
_URL_MARK = re.compile(r"[/_=?&#]|\.[a-z]")


def continues(more: str, cut: bool) -> bool:
    """Whether the next line's text ``more`` goes on with a link that broke at its line's end:
    its first word reads like URL text (``models/research``, ``classes.html``), or starts with
    a small letter where the link cannot end (``cut``: ``data-``, ``?id=``). A word that starts
    a sentence, a number, a reference's ``[3]`` or a link of its own does not."""
    first = more.split()[0] if more else ""
    core = first.rstrip(".,;:)]>'\"")
    if not core or not core[0].isalnum() or re.search(r"[\[\](){}<>]", core):
        return False  # a mark, a bracket: a numbered reference ("[3]"), a note
    if contains_scheme(core) or "//" in core:
        return False  # a link of its own (a list of links, one a line)
    return bool(_URL_MARK.search(core[:-1]) or (cut and core[0].islower()))


def _cut_at_closer(url: str) -> str:
    """Cut where the sentence takes over inside one OCR word: at a ``>`` or closing quote (never
    in a printed URL), or a ``)`` or ``]`` that closes no bracket opened in the URL."""
    depth = {"(": 0, "[": 0}
    for i, c in enumerate(url):
        if c in "([":
            depth[c] += 1
        elif c in ")]":
            opener = "(" if c == ")" else "["
            if depth[opener] == 0:
                return url[:i]
            depth[opener] -= 1
        elif c in '>"\u201d\u2019\u00bb':
            return url[:i]
    return url


def _trim_end(url: str) -> str:
    """``url`` without the sentence's punctuation after it, and a closer it did not open."""
    while url:
        last = url[-1]
        if last in _TRAILING or (last == "-" and len(url) > 1 and url[-2].isalnum()):
            url = url[:-1]  # (a "-" last is the sentence's dash OCR read short)
        elif last in _CLOSERS and url.count(_CLOSERS[last]) < url.count(last):
            url = url[:-1]  # closes a bracket opened before the link, in the sentence
        else:
            break
    return url


def _scheme_word_alone(text: str) -> bool:
    """Whether the text is the word HTTP(S), a colon and a sentence: ``HTTPS: a slow ...``."""
    bare = _SCHEME_WORD.match(text)
    return bool(
        bare
        and not _SCHEME_RE.match(text)
        and not _SCHEME_SLASHES.match(text)
        and bare.group(0)[-1:].isspace()
        and "." not in text[bare.end() :].split(maxsplit=1)[0]  # no host after it
    )


def _sentence_after_host(host: str) -> str:
    """The host without the next sentence run on after it: hosts are printed in lower case,
    so a label in title case after a whole host is the sentence's next word (``.The``)."""
    labels = host.split(".")
    for k in range(2, len(labels)):
        if labels[k][:1].isupper() and labels[k][1:].islower():
            head = ".".join(labels[:k])
            if grammar.host_ok(head.lower()):
                return head
    return host


def clean(text: str, scheme: str | None = None) -> str | None:
    """The URL in OCR ``text`` (read from the prefix to the end of the link), or None.

    The link's span is cut from the sentence (``url_span``), its dashes and full-width forms
    folded to ASCII, its spaces dropped, its scheme replaced by ``scheme`` (or the one the text
    most likely starts with), its host put in lower case, and the result kept only when it is
    a URL (``valid``)."""
    text = re.sub(r"^[^A-Za-z0-9]+", "", (text or "").strip())
    if not text or _scheme_word_alone(text):
        return None
    span = "".join(grammar.ascii_of(c) for c in url_span(text))
    scheme = scheme or scheme_of(span)
    rest = re.sub(r"\s+", "", strip_scheme(span)).lstrip("/\\")
    rest = _trim_end(_cut_at_closer(rest))
    host, sep, path = re.match(r"([^/?#]*)([/?#]?)(.*)", rest).groups()
    if not sep:
        host = _trim_end(_sentence_after_host(host))
    url = scheme + host.lower() + sep + path
    return url if valid(url) else None


_URL = re.compile(r"(https?)://([^/?#]*)(.*)", re.S)


def valid(url: str) -> bool:
    """A web link: http(s), a host under a public suffix (or IPv4) in lower case, an optional
    port, then RFC 3986 characters only."""
    m = _URL.fullmatch(url)
    if m is None:
        return False
    host, colon, port = m[2].partition(":")
    if colon and not (port.isdigit() and int(port) <= 65535):
        return False
    if host != host.lower() or not grammar.host_ok(host):
        return False
    return all(c in grammar.REST_CHARS for c in m[3])


# The whole-page baseline's regex: the article's, widened to TLDs of any length and http.
URL_RE = re.compile(
    r"https?://(?:www\.)?[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-zA-Z]{2,24}\b[-a-zA-Z0-9@:%_+.~#?&/=()]*"
)


def find_urls(text: str) -> list[str]:
    """URLs in whole-page OCR text, with sentence punctuation trimmed (the baseline's reader)."""
    return [_trim_end(m) for m in URL_RE.findall(text)]
