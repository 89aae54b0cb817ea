"""From OCR text to a URL: undo the confusions Tesseract makes on printed links, then validate.

The rules undo what goes wrong when printed links on real photos of pages are read:

- the scheme: whatever OCR made of ``https://`` / ``http://`` (``hittp``, ``h ttps``, a missing
  colon or slash, ``ps://`` with the h and t cut off) is replaced by the scheme the reader
  decided on;
- spaces: a printed URL has none, so all whitespace goes; a space where a dot was lost is a
  dot again (``school com`` after a host, ``chapter-3 html`` after a path);
- separators: ``,`` ``:`` ``;`` inside the host were dots;
- look-alikes: a bent ``www`` (``ww``, ``wvw``, ``wew``) is ``www``; ``|`` is ``l``; digits
  in the top-level domain were letters (``c0m``); a top-level domain that is none but one
  letter away from one by a look-alike OCR swaps is that one (``.ora``, ``.qov``, ``.1o``); a
  lone capital ``I`` in a link otherwise in lower case is ``1`` after a digit and ``l``
  elsewhere, and ``S`` ``O`` ``I`` ``B`` ``Z`` inside a host otherwise in lower case are
  digits (``statsS.com``; printed links are in lower case); in a path, ``S`` ``O`` ``B`` ``Z``
  beside a digit are digits too (``pixelS8``), and so are look-alike letters in a number after
  a ``-`` or ``_`` (``articles_s27``); a well-known host read one letter off is that host
  (``kagele.com``);
- the end: sentence punctuation and closing brackets glued to the URL are dropped (a closing
  bracket is kept when the URL itself opened it, as in Wikipedia links);
- a result that is not a plausible http(s) URL is rejected (``None``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

SCHEMES = ("https://", "http://")
# What OCR makes of a printed scheme: h, then up to 6 letters/noise, then a colon-ish mark and
# up to two slash-ish marks. Anchored at the start of the text.
_SCHEME_RE = re.compile(r"^\s*[hH][^/\s]{0,6}?\s?[:;.,]?\s?[/|\\lI1!]{1,2}\s*")
_SCHEME_WORD = re.compile(r"^\s*[hH]?\s?[tTiIlf1]{1,3}\s?[pP]\s?[sS5]?\s?[:;.,]\s*")
_TRAILING = ".,;:!?'\"`*"
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}
_HOST_OK = re.compile(r"^[a-z0-9.-]+$")
_PATH_OK = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
# Top-level domains longer than two letters that books print (two-letter ones are countries).
TLDS = frozenset(
    (
        "com org net edu gov mil int info biz name pro aero coop museum io ai co dev app "
        "tech blog cloud online site website store shop news media design software science "
        "education academy school university institute systems network digital data ai "
        "page link live world global today agency studio solutions services company group "
        "works tools codes engineering email xyz top club space fun art wiki guide "
        "google amazon microsoft apple mozilla"
    ).split()
)
# Two-letter top-level domains: the countries' (ISO 3166-1 alpha-2, with uk, eu and ac).
CCTLDS = frozenset(
    (
        "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo "
        "br bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm "
        "do dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs "
        "gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km "
        "kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp "
        "mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk "
        "pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss "
        "st sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc "
        "ve vg vi vn vu wf ws ye yt za zm zw"
    ).split()
)
_TLD_FIXES = {"con": "com", "corn": "com", "cam": "com", "ory": "org", "orq": "org"}
# Letters OCR takes for others on printed pages (descenders cut, g's tail, i's dot, m's legs).
_LOOKALIKES = {
    "a": "g",
    "q": "g",
    "y": "gv",
    "l": "i",
    "j": "i",
    "c": "e",
    "e": "c",
    "u": "n",
    "n": "m",
    "v": "y",
}
_CAPITAL_DIGIT = {"S": "5", "O": "0", "I": "1", "B": "8", "Z": "2"}
_CAPITAL_IN_HOST = re.compile(r"(?<=[a-z0-9])[SOIBZ](?![a-z])")  # a digit OCR read as one
_DIGIT_AS_LETTER = str.maketrans({"0": "o", "1": "l", "5": "s", "3": "e", "4": "a", "8": "b"})


def scheme_of(text: str) -> str:
    """``https://`` or ``http://``: which scheme OCR text most likely starts with (an ``s`` or
    look-alike after the ``h``: ``hitps``, ``heps``, ``httpsi``, ``HEEBS`` are https)."""
    head = re.split(r"[:;/]", text.strip(), maxsplit=1)[0].replace(" ", "").lower()
    if len(head) <= 2:  # the h and t cut off: ``ps://``, ``s://`` still show the s
        return "https://" if head[-1:] in ("s", "5", "$") else "http://"
    return "https://" if any(c in "s5$" for c in head[2:]) else "http://"


# A garbled scheme with its slashes still there: up to 8 letters/noise, then ``//`` (or ``:/``)
# early in the text (``Bifipsi//``, ``tp://``, ``HEEBS!//``).
_SCHEME_SLASHES = re.compile(r"^\s*[^\s/]{1,8}?\s?(?://|:/|[:;][|lI1!\\])\s*")


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
    a little left of its prefix takes in the end of the word before: ``or https://...``,
    ``2 http://...``), or a word of at most ``_LEAD_BEFORE_EXACT`` characters when the rest
    starts with a scheme read exactly (``Jel: http://...``); else None (text beside a false
    detection)."""
    if starts_like_scheme(text):
        return text
    words = text.split(maxsplit=1)
    if len(words) == 2 and len(words[0]) <= lead and starts_like_scheme(words[1]):
        return words[1]
    if len(words) == 2 and len(words[0]) <= _LEAD_BEFORE_EXACT and _EXACT_SCHEME.match(words[1]):
        return words[1]  # a box further left, a whole short word before a scheme read exactly
    return None


# before a scheme OCR read exactly (``http://``, ``https://``), a first word this long or
# shorter is the end of the sentence before the link, read from a box left of its prefix
# (``Jel: http://...``, ``:can https://...``); the same URL read from the prefix's own box as
# well is kept once (``reader._drop_repeats``)
_LEAD_BEFORE_EXACT = 6
_EXACT_SCHEME = re.compile(r"https?://[a-z0-9]")


_SCHEME_INSIDE = re.compile(r"(?i)(h?tt?ps?|tps|ttp)\s?[:;.,]?\s?[/|\\lI1!]{1,2}")
_FTP = re.compile(r"(?i)f\s?tps?\s?[:;./]")  # ftp://, ftps//: a link printed like one, and none
_HTTP_SCHEME = re.compile(r"(?i)(?<!f)h?t{1,2}ps?\s?[:;]\s?[/|\\lI1!]")
_PROTOCOL_VERSION = re.compile(r"(?i)t?t?p/\s?\d")  # HTTP/2, HTTP/1.1
_COLON_SLASH = re.compile(r"[:;]\s?[/|\\lI1!]")


def contains_scheme(text: str) -> bool:
    """Whether OCR text has what OCR makes of ``http(s)://`` anywhere in it: at the start of
    any of its words, or inside one (a short crop around a prefix takes in a neighbour).

    The pages print look-alikes that are no links, and these do not count: ``ftp://`` (unless
    an ``http:`` is there too), ``HTTP/2`` (a slash and a digit, no colon), and a ``//`` after a
    word with neither a ``p`` nor a colon (``the // operator``; ``tps? //`` counts)."""
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
    while url:
        last = url[-1]
        if last in _TRAILING or (last == "-" and len(url) > 1 and url[-2].isalnum()):
            url = url[:-1]  # (a "-" last is a mark of the sentence OCR read so: "study62-")
        elif last in _CLOSERS and url.count(_CLOSERS[last]) < url.count(last):
            url = url[:-1]  # closes a bracket opened before the link, in the sentence
        elif last in "_~" and url[-2:-1] in ("/", "."):
            url = url[:-1]  # an underline's end or a speck after the last slash or full stop
        else:
            break
    return url


_CLOSERS_OF = {opener: closer for closer, opener in _CLOSERS.items() if opener != "{"}
JOIN_AFTER = tuple("-_=?&#~+%@")  # a token ending so is continued by the next
# After a host with no path, one of these words was its top-level domain, the dot read as space.
_TLD_WORDS = frozenset("com org net edu gov".split())
# After a path segment with no dot, one of these words was its file type, the dot lost.
_DOTLESS_TYPES = frozenset("html htm php pdf md ipynb".split())
JOIN_BEFORE = tuple("/.-_=?&#:;,")  # a token starting so continues the previous
_URLISH = re.compile(r"[/.=?&#_\-0-9]")
_FILE_TYPES = {
    "html",
    "htm",
    "pdf",
    "md",
    "php",
    "ipynb",
    "txt",
    "py",
    "js",
    "json",
    "xml",
    "asp",
    "aspx",
    "jsp",
    "zip",
    "csv",
    "gz",
    "tgz",
    "tar",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "svg",
    "rst",
    "yaml",
    "yml",
    "cfg",
    "ini",
    "sh",
    "rb",
    "go",
    "rs",
    "java",
    "cpp",
    "ts",
    "whl",
    "deb",
    "epub",
    "doc",
    "docx",
    "pptx",
    "xlsx",
}


# file types as OCR misreads them at a path's end (``chapter-3.him``)
_FILE_TYPE_MISREADS = {
    "him": "htm",
    "himl": "html",
    "htmi": "html",
    "btm": "htm",
    "btml": "html",
    "pbp": "php",
    "pdt": "pdf",
}


def url_span(
    text: str, is_word: Callable[[str], bool] | None = None, closer: str | None = None
) -> str:
    """The part of OCR text that is the link, when the crop ran on into the sentence.

    OCR puts spaces inside URLs (``https: //``, ``keras. io``) but the words after a link are
    separated by spaces too. The next token is joined while the host is incomplete; when it
    starts with URL punctuation (``latest`` + ``?s=1``); after a token ending in ``-_=?&#`` or
    a lone ``/``; after a ``/`` or a ``.`` only when it looks like URL text or a file type
    (``download/ the`` and ``examples. Each`` end a link; ``index. html`` does not); after a
    ``,`` ``;`` ``:`` once the host is complete, only a TLD, a file type or a word with ``/``
    ``=`` ``?`` ``&`` ``#`` ``_`` (``net, classic.Each`` ends the link; ``study96 ; ai/x`` not).
    Sentence punctuation followed by a token with no letter or digit ends it (``latest, — |``),
    and so does a long dash on its own (``chapter-3/ — slow``). A link printed in brackets
    (``closer``: the bracket that closes the one before it) takes one word more after a ``/``
    when the bracket closes right after that word (``<https://deep12.org/issues/ wiki>.``).
    The host is complete once it has a dot and a last label of letters (``blog.open1 9.org``
    is not), or a path after it (``devvision 13_org/abs/ its``: a dot read as ``_``). A word
    ``com`` ``org`` ``net`` ``edu`` ``gov`` after a host with no path was its
    TLD, and ``html`` ``pdf`` ``md``... after a path segment with no dot its file type: both
    are joined with the dot OCR lost (``" .com"``, one token still). A word ``key=value`` after
    a complete host, with no ``?`` in the link yet, is its query, the ``?`` read as a space
    (``papers tab=cloud30``: prose has no ``=``).
    """
    tokens = text.split()
    if not tokens:
        return ""
    out = tokens[0]
    for i, tok in enumerate(tokens[1:], 2):  # tokens[i]: the token after tok
        after = tokens[i] if i < len(tokens) else None
        out, ends = _span_step(_next_token(out, tok, after), is_word, closer)
        if ends:
            break
    return out


@dataclass(frozen=True)
class _Next:
    """The link read so far and the token that may continue it, as ``url_span``'s rules see them."""

    out: str  # the link so far
    tok: str  # the token that may continue it
    after: str | None  # the token after ``tok``, if there is one
    word: str  # ``tok`` in lower case, without the sentence's marks after it
    compact: str  # ``out`` without its spaces
    rest: str  # ``compact`` after the scheme
    host_done: bool  # whether ``out`` has a complete host (``_host_done``)


def _host_done(compact: str) -> bool:
    """Whether the link so far has a complete host: a dot and a last label of letters."""
    # (``blog.open1 9.org``: not yet), or a path begun after it (a dot read as ``_``)
    return (
        re.search(r"[:/]/*[^/]*?[.,;:][a-zA-Z]{2,}(?![a-zA-Z0-9])", compact) is not None
        or re.match(r"[^/]*?[:/]/*[^/]+/", compact) is not None
    )


def _next_token(out: str, tok: str, after: str | None) -> _Next:
    """The link so far and the next token, with what ``url_span``'s rules ask of them."""
    compact = out.replace(" ", "")
    return _Next(
        out=out,
        tok=tok,
        after=after,
        word=tok.lower().rstrip(".,;:!?)>]'\""),
        compact=compact,
        rest=compact.split("//", 1)[-1],
        host_done=_host_done(compact),
    )


def _span_step(
    n: _Next, is_word: Callable[[str], bool] | None, closer: str | None
) -> tuple[str, bool]:
    """The link after one more token: the link with or without it, and whether it ends there."""
    if _sentence_resumes(n):
        return n.out, True
    step = _host_dot_apart(n) or _file_type_apart(n) or _query_apart(n) or _mark_before_run_on(n)
    if step is not None:
        return step
    if (
        _continues_by_shape(n)
        or _continues_after_mark(n)
        or (is_word is not None and _word_split(n.out, n.tok, is_word))
    ):
        return n.out + " " + n.tok, False
    if _last_word_in_brackets(n, closer):
        return n.out + " " + n.tok, True
    return n.out, True


def _sentence_resumes(n: _Next) -> bool:
    """Whether the token is the sentence's, after a complete host: a dash, a mark or a number."""
    if not n.host_done:
        return False
    if re.fullmatch("[\u2014\u2013]+", n.tok):
        return True  # a dash between two spaces: the sentence's
    if n.out.endswith((".", ",", ";", ":")) and not re.search(r"[a-zA-Z0-9]", n.tok):
        return True  # the sentence's punctuation, then a dash or a stray mark: "latest, — |"
    # the sentence's full stop or comma, then a number: "reference. 1", "com, 5"
    return n.out.endswith((".", ",", ";")) and n.tok.isdigit()


def _host_dot_apart(n: _Next) -> tuple[str, bool] | None:
    """The token joined when it is the host's TLD, the dot before it read as a space or a mark."""
    out, tok, word, rest = n.out, n.tok, n.word, n.rest
    if n.host_done and word in _TLD_WORDS and re.search(r"[a-z]$", out) and "/" not in rest:
        return out + " ." + tok, False  # OCR read the host's last dot as a space: "school com,"
    if n.host_done and word in _TLD_WORDS and tok[:1].islower() and re.search(r"[a-z]\.$", out):
        # and set the TLD apart after it: "blog. link. edu)," (.link is one too)
        return out + " " + tok, False
    if (
        "/" not in rest
        and (label := re.search(r"([a-z]{3,})\.$", out))
        and label[1] not in TLDS | CCTLDS
        and any(re.match(t + "[a-z]", word) for t in _TLD_WORDS)
    ):
        # the TLD, run on into the next word: "www. vision. comclassic"
        return out + " " + tok, True
    if (
        "/" not in rest
        and (before := re.search(r"([a-z0-9-]+)\.$", out))
        and before[1] not in TLDS | CCTLDS
        and tok[:1].islower()
        and word in TLDS | CCTLDS
    ):
        return out + " " + tok, False  # the TLD after a dot OCR set apart: "blog.mathdocs. info),"
    if (
        "/" not in rest
        and tok in ("\u2018", "\u2019", "'", "`", ",", ".")
        and re.search(r"[A-Za-z]$", out)
        and n.after is not None
        and (tld := re.match(r"([a-z]{2,6})(?:[/?#]|$)", n.after.lower()))
        and tld[1] in TLDS | CCTLDS
    ):
        return out + ".", False  # a host's dot read as a lone mark: "docs.Study \u2018 gov/abs/"
    tld = re.match(r"([a-z]{2,12})[/?#]", word)
    last = re.search(r"[.,;:]?([a-z][a-z0-9]*)$", out)
    if (
        tld
        and tld[1] in TLDS | CCTLDS
        and last
        and last[1] not in TLDS | CCTLDS
        and "/" not in rest
    ):
        # and before a path: "algocode io/faq", "study28 education/x" (not "openai.com ai/x")
        return out + " ." + tok, False
    return None


def _file_type_apart(n: _Next) -> tuple[str, bool] | None:
    """The token joined with a dot when it is the file type of a path's last segment."""
    if (
        n.host_done
        and n.word in _DOTLESS_TYPES
        and re.search(r"[a-zA-Z0-9]$", n.out)
        and "/" in n.rest
        and "." not in n.rest.rsplit("/", 1)[-1]
    ):
        return n.out + " ." + n.tok, True  # the dot before a file type lost: "chapter-3 html."
    return None


def _query_apart(n: _Next) -> tuple[str, bool] | None:
    """The token joined as the query when it is a ``key=value``, the ``?`` read as a space."""
    if (
        n.host_done
        and "?" not in n.compact
        and re.match(r"[a-z][a-z0-9_]{0,11}=[a-z0-9]", n.tok)
        and re.search(r"[a-z0-9/]$", n.out)
    ):
        # a query's "?" read as a space: "papers tab=cloud30" (prose has no "="); one read
        # as a 7 or a 2 before it is put right by _query_mark
        return n.out + (" " if re.search(r"[a-z][27]$", n.out) else " ?") + n.tok, False
    return None


def _mark_before_run_on(n: _Next) -> tuple[str, bool] | None:
    """The link without its last ``_`` when the sentence's next word follows: the end."""
    if n.out.endswith("_") and n.word in _RUN_ON_WORDS:
        # the sentence's comma or full stop, read low: "pytorch.org/main_ or"
        return n.out[:-1], True
    return None


def _continues_by_shape(n: _Next) -> bool:
    """Whether the token continues the link: an incomplete host, URL marks, or split digits."""
    out, tok, word, rest = n.out, n.tok, n.word, n.rest
    return bool(
        not n.host_done
        or tok.startswith(JOIN_BEFORE)
        or out.endswith(JOIN_AFTER)
        or out.endswith(" /")  # a slash OCR set apart on both sides
        or word.isdigit()  # OCR splits digits off: "vision 18"
        or re.match(r"\d+[#?&=/_-]", word)  # and digits before URL marks: "ai5 1.com", "18#a"
        or (  # and before the TLD: "www.schoolbyte 10.org/wiki"
            "/" not in rest
            and re.search(r"[a-z0-9]$", out)
            and (tld := re.match(r"\d+\.([a-z]{2,6})(?:[/?#]|$)", word))
            and tld[1] in TLDS | CCTLDS
        )
        or ("/" in rest and re.match(r"[a-z]{1,2}[#?&=]", tok))  # "youtube.com/post s#issues"
        or (re.match(r"[27][a-z]{1,10}=", word) and "?" not in out)  # "guide 2page=1": a "?"
    )


def _continues_after_mark(n: _Next) -> bool:
    """Whether the token continues the link after the ``/`` ``.`` ``,`` ``;`` ``:`` it ends in."""
    out, word = n.out, n.word
    return bool(
        (out.endswith("/") and _URLISH.search(word))
        # a path's word OCR set apart from the slashes on both sides: "co/ notebooks /x"
        or (out.endswith("/") and n.after is not None and n.after.startswith("/"))
        or (out.endswith(".") and (word in _FILE_TYPES or _URLISH.search(word)))
        or (
            out.endswith((",", ";", ":"))
            and (
                word in _FILE_TYPES
                or (word in TLDS and not _complete_before_word(out, word))
                or re.search(r"[/=?&#_]", word)
            )
        )
    )


def _last_word_in_brackets(n: _Next, closer: str | None) -> bool:
    """Whether the token is a bracketed link's last word, before the bracket it was printed in."""
    return bool(
        closer
        and n.out.endswith("/")
        and closer not in n.out
        and re.fullmatch(r"[A-Za-z0-9._~-]+" + re.escape(closer) + r"[.,;:]?", n.tok)
    )


# in a path, a space between a word and the number of three digits or more after it
# (``/posts 1386``, ``tutorial 913).``; a short one joins as it is: ``vision 18``)
_SPACE_BEFORE_NUMBER = re.compile(r"(?<=[a-z]) (?=[0-9]{3,}(?:$|[/?#.,;)\]>]))")


def _underscore_before_number(rest: str) -> str:
    """``rest`` (the link after its scheme) with the ``_`` put back that Tesseract read as a
    space between a path word and its number of three digits or more (``/posts 1386`` →
    ``/posts_1386``; not in the query: ``?lang=vision 18`` is ``vision18``): a ``-``
    there it reads, and a gap whose ink shows an underscore has it back already
    (``_GapMarks``), but an underscore under the link's underline or faint shows no ink."""
    host, slash, path = re.match(r"([/\\]*[^/]*)(/?)(.*)", rest, re.S).groups()
    path, mark, query = path.partition("?")  # a query's values are words and numbers run on
    return host + slash + _SPACE_BEFORE_NUMBER.sub("_", path) + mark + query if slash else rest


def _complete_before_word(out: str, word: str) -> bool:
    """Whether a host ``out`` ending in a known TLD and a ``,`` ``;`` ``:`` is complete before
    ``word``, a TLD that is also an English word (``keras.io; network``: .network is one)."""
    tld = re.search(r"\.([a-z]{2,})[,;:]$", out)
    return len(word) > 3 and tld is not None and tld[1] in TLDS | CCTLDS


def _word_split(out: str, tok: str, is_word: Callable[[str], bool]) -> bool:
    """Whether OCR put a space inside a word of the link: the letters ``out`` ends with and
    those ``tok`` starts with make one dictionary word (``resea rch``, ``not ebooks``)."""
    end, start = re.search(r"[a-z]*$", out)[0], re.match(r"[a-z]*", tok)[0]
    return len(end) >= 2 and len(start) >= 2 and len(end + start) >= 6 and is_word(end + start)


_SLASH_LETTERS = "ltvi"  # the thin or slanted letters a slash and a letter read as N or A hide
# a capital N or A right after a slash in a path, then small letters (``/Autorial``)
_SLASH_CAPITAL = re.compile(r"(?<=/)[NA](?=([a-z]{3,}))")


def _slash_letter(rest: str, is_word: Callable[[str], bool] | None) -> str:
    """A scheme's second slash and the host's first letter read as one capital ``N`` or ``A``
    (``https:/Nink.tech`` is ``https://link.tech``): the letter back in place of the capital.
    It is the thin or slanted letter that makes the word it starts (``/Nision`` → ``vision``,
    ``/Aensor`` → ``tensor``), else ``l``, the one OCR merges most (``/Nearn``, ``/Nab61``).
    An ``A`` before a word is the slash alone (``/Adocs``, ``/Awww``: the slash's foot and the
    next letter's stem, no letter lost)."""
    rest = rest.lstrip("/\\")  # ("ttp:/Nink.net": the scheme's one slash left with the host)
    word = re.match(r"[a-z]*", rest[1:])[0]
    if rest[:1] == "A" and (word in URL_WORDS or word == "www" or (is_word and is_word(word))):
        return rest[1:]  # an A is the slash alone, when a word follows (``/Adocs``, ``/Awww``)
    for letter in _SLASH_LETTERS:
        if (letter + word) in URL_WORDS or (is_word is not None and is_word(letter + word)):
            return letter + rest[1:]
    if is_word is not None and is_word(rest[0].lower() + word):
        return rest  # a host that starts so (``https:/Nature.com``: a slash lost, no more)
    return "l" + rest[1:]


def clean(
    text: str, scheme: str | None = None, is_word: Callable[[str], bool] | None = None
) -> str | None:
    """The URL in OCR ``text`` (read from the prefix to the end of the link), or None.

    The link is cut from the sentence it runs on into, its scheme replaced by ``scheme`` (or
    the one the text most likely starts with), its host, path and query put right one kind of
    misread at a time, and the result kept only when it is a plausible web link (``valid``).
    """
    if not text or not text.strip():
        return None
    text, closer = _without_lead(text.strip())
    text = _link_text(text, is_word, closer)
    scheme = scheme or scheme_of(text)
    if _scheme_word_alone(text):
        return None
    rest = _after_scheme(text, is_word)
    if not rest:
        return None
    host, sep, path = _sentence_after_host(*_split_rest(rest))
    host = _fix_host(host, sep)
    path = _fix_path(path, sep, is_word)
    url = _fix_query(scheme + host + sep + path)
    return url if valid(url) else None


def _without_lead(text: str) -> tuple[str, str | None]:
    """The text without a bracket or quote before the link, and the bracket that closes it."""
    lead = re.match(r"[^A-Za-z0-9]*", text)[0]
    closer = next((_CLOSERS_OF[c] for c in reversed(lead) if c in _CLOSERS_OF), None)
    return text[len(lead) :], closer


def _link_text(text: str, is_word: Callable[[str], bool] | None, closer: str | None) -> str:
    """The link's span of the text (``url_span``), its long dashes made hyphens."""
    # a long dash inside a word was a hyphen OCR made long; one with a space on either side
    # is the sentence's (``chapter-3/ \u2014 slow``), and url_span ends the link there
    text = re.sub(r"-?(?<=\S)[\u2014\u2013]-?|-?[\u2014\u2013](?=\S)-?", "-", text)
    return re.sub("[\u2014\u2013]", "-", url_span(text, is_word, closer))


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


def _after_scheme(text: str, is_word: Callable[[str], bool] | None) -> str:
    """The link after its scheme, without spaces, cut where the sentence takes over."""
    rest = _SUBDOMAIN_SPACE.sub(r"\1.", _underscore_before_number(strip_scheme(text)), count=1)
    rest = re.sub(r"\s+", "", rest)
    if re.match(r"[^/]*[:;-]\s?/\s?[NA][a-z]", text):
        rest = _slash_letter(rest, is_word)
    rest = rest.lstrip("/\\-")  # no host starts with a - (``hittps:-//``)
    rest = _cut_at_closer(rest)
    return _trim_end(rest)


def _split_rest(rest: str) -> tuple[str, str, str]:
    """The link after its scheme as host, the mark that ends it (``/`` ``?`` ``#``) and path."""
    if "?" not in rest:  # a query's ? read as 2 or 7 after the TLD: ``wikipedia.org2page=x``
        rest = _QUERY_AFTER_TLD.sub(r"\1?", rest, count=1)
    host, sep, path = re.match(r"([^/?#]*)([/?#]?)(.*)", rest).groups()
    return _slash_after_tld(host, sep, path)


def _sentence_after_host(host: str, sep: str, path: str) -> tuple[str, str, str]:
    """The host without the next sentence run on after it (``.The``), and then no path."""
    # hosts are printed in lower case: ".The" after a complete host starts the next sentence
    # (OCR ran the link's full stop and the next word together)
    labels = host.split(".")
    for k in range(2, len(labels)):
        if (
            labels[k][:1].isupper()
            and labels[k][1:2].islower()
            and re.fullmatch(r"[a-zA-Z]{2,24}", labels[k - 1])
        ):
            return ".".join(labels[:k]), "", ""
    return host, sep, path


def _fix_host(host: str, sep: str) -> str:
    """The host with its misread letters, marks, dots, TLD, ``www`` and name put right."""
    host = _host_one_dot(_host_marks(_host_end(_host_capitals(host))))
    labels = host.split(".")
    if len(labels) >= 2:
        host = ".".join(_drop_run_on_label(_fix_www(_fix_tld(labels, sep)), sep))
    return _known_host(host)


def _host_capitals(host: str) -> str:
    """The host with capitals OCR read for digits and for an ``l`` put right."""
    # hosts are printed in lower case: a capital inside one after a letter or digit was a
    # digit (``statsS.com`` is ``stats5.com``)
    if not re.search(r"[A-Z]", _CAPITAL_IN_HOST.sub("", host)):
        host = _CAPITAL_IN_HOST.sub(lambda m: _CAPITAL_DIGIT[m[0]], host)
    # and an I between small letters an l (``mIneural.io``: a printed l, which has no dot)
    return re.sub(r"(?<=[a-z])I(?=[a-z])", "l", host)


def _host_end(host: str) -> str:
    """The host's end as printed: no sentence's comma and word after it, no ``L`` for ``l.``."""
    if (m := re.search(r"\.([a-z]{2,6})[,;]([a-z]{2,5})$", host)) and (
        m[1] in _TLD_WORDS and m[2] in _RUN_ON_WORDS
    ):
        host = host[: m.start(2) - 1]  # the sentence's comma and next word: ``wikipedia.org,is``
    if "." not in host and (m := re.fullmatch(r"([a-z0-9-]{2,})L([a-z]{2,6})", host)):
        if m[2] in TLDS | CCTLDS:  # an l and the dot after it read as one L (``schooLio``)
            host = f"{m[1]}l.{m[2]}"
    return host


def _host_marks(host: str) -> str:
    """The host in lower case with its dots back where OCR read other marks for them."""
    host = host.replace("|", "l").replace(",", ".").replace(";", ".").replace(":", ".")
    # a dot read as a quote between two labels: ``www\u2018Graph-stats.com``
    host = re.sub(r"(?<=[A-Za-z0-9])[\u2018\u2019'`](?=[A-Za-z0-9])", ".", host)
    # a dot read twice is one; no label of a host starts or ends with a -: one beside a dot
    # is a speck OCR read as one (``pypi-.org``, ``www-.mathlink.io``)
    host = re.sub(r"-*\.[.-]*", ".", host).strip(".-").lower()
    if "_" in host and re.fullmatch(r"[a-z0-9]+(?:[._][a-z0-9-]+)+", host):
        # no host has a _: a dot read low (``api_pagelearn.io``, ``www_opennet_com``)
        if "." in host or host.rsplit("_", 1)[1] in TLDS:
            host = host.replace("_", ".")
    return host


def _host_one_dot(host: str) -> str:
    """A host with no dot given the one OCR missed or read as a ``-`` or ``_`` before its TLD."""
    if "." not in host and (m := re.fullmatch(r"(.+)[-_]([a-z]{2,})", host)) and m[2] in TLDS:
        host = f"{m[1]}.{m[2]}"  # its one dot read as a - or _ (``net-com``, ``devvision13_org``)
    elif "." not in host and (m := re.fullmatch(r"([a-z0-9-]{2,})(com|org|net|edu|gov)", host)):
        host = f"{m[1]}.{m[2]}"  # its one dot missed: ``numpyorg`` (a host has a dot)
    return host


def _fix_tld(labels: list[str], sep: str) -> list[str]:
    """The host's labels with its TLD's misread letters put right and a run-on word cut off."""
    labels[-1] = labels[-1].translate(_DIGIT_AS_LETTER)
    labels[-1] = _TLD_FIXES.get(labels[-1], labels[-1])
    labels[-1] = _lookalike_tld(labels[-1])
    if labels[-1] not in TLDS and (m := re.fullmatch(r"([a-z0-9-]{2,})(com|org|net)", labels[-1])):
        labels[-1:] = [m[1], m[2]]  # the TLD's dot missed: ``en.wikipediaorg``
    elif not sep and labels[-1] not in TLDS and len(labels[-1]) > 2:
        # the next word ran on into the host (``github.comis``): end at a known TLD
        known = [t for t in TLDS if len(t) > 2 and labels[-1].startswith(t)]
        if known:
            labels[-1] = max(known, key=len)
        elif labels[-1][:2] in TLDS | CCTLDS and labels[-1][2:] in _RUN_ON_WORDS:
            labels[-1] = labels[-1][:2]  # and a two-letter one: ``data.ioor``
    return labels


def _fix_www(labels: list[str]) -> list[str]:
    """The host's labels with a bent, short or long ``www`` (or its dot missed) made ``www``."""
    if (
        labels[0] in ("ww", "wwww", "vww", "wvw", "wwv")
        or (re.fullmatch(r"[a-z]?[wv]{3,4}", labels[0]) and labels[0].count("w") >= 2)
        or (re.fullmatch(r"w[a-z]w", labels[0]) and len(labels) >= 3)  # "wew", "wuw"
    ):
        labels[0] = "www"  # OCR drops, bends or adds a w of the three (``/Awww``)
    elif (m := re.fullmatch(r"www([a-z0-9-]{2,})", labels[0])) and len(labels) == 2:
        labels[:1] = ["www", m[1]]  # its dot missed: ``wwwlink.cloud``
    elif (m := re.fullmatch(r"(?:ww|wwww)[-_](.+)", labels[0])) and len(labels) >= 2:
        labels[:1] = ["www", m[1]]  # and reads its dot as a dash: ``ww -tensor1.academy``
    return labels


def _drop_run_on_label(labels: list[str], sep: str) -> list[str]:
    """The host's labels without a last one that is the sentence's next word, run on."""
    if (
        not sep
        and len(labels) >= 3
        and labels[-1] not in TLDS
        and (len(labels[-1]) > 2 or labels[-1] in _RUN_ON_WORDS - CCTLDS)
        and (_TLD_FIXES.get(labels[-2], labels[-2]) in TLDS or len(labels[-2]) == 2)
    ):
        labels.pop()  # the sentence's full stop and next word, run on: ``ml.co.rate``,
        # ``medium.com.or`` (a short word: one that is no country's TLD)
        labels[-1] = _TLD_FIXES.get(labels[-1], labels[-1])  # ``numpy.orq.practical``
    return labels


def _fix_path(path: str, sep: str, is_word: Callable[[str], bool] | None) -> str:
    """The path with its end, its slashes, its capitals and its numbers put right."""
    path = _file_type_end(path)
    path = _word_after_path(path)
    path = _run_on_after_slash(path)
    path = _slash_read_as_l(path, sep, is_word)
    if ")" not in path:  # a slash read as an opening bracket or a quote: ``latest(notebooks``
        path = re.sub(r"(?<=[a-z])[(\u2019](?=[a-z])", "/", path)
    path = _lone_capital_i(_capital_digits(path))
    path = _NUMBER_AFTER_MARK.sub(lambda m: m[0].translate(_LETTER_AS_DIGIT), path)
    return _query_mark(path) if sep == "/" else path


def _file_type_end(path: str) -> str:
    """The path without what OCR put after its file type: a bracket read as ``1``, letters."""
    # a closing bracket read as a 1 or an l after the file type (``chapter-3.html1``), and a
    # long file type with letters run on after it (``intro.ipynblibe``): no type is so spelt
    m = re.search(r"\.([a-z]{2,5})[1lI|]$", path)
    if m and m[1] in _FILE_TYPES and m[0][1:].lower() not in _FILE_TYPES:
        path = path[:-1]
    elif (m := re.search(r"\.(html|ipynb)[a-z]+$", path)) and m[0][1:] not in _FILE_TYPES:
        path = path[: m.end(1)]
    # ``ipynb`` run on to the word before it, its dot lost (``datasetsipynb``): no word ends so
    return re.sub(r"(?<=[a-z0-9])ipynb$", ".ipynb", path)


def _word_after_path(path: str) -> str:
    """The path without the sentence's next word after a mark, or with its file type put right."""
    # ``/intro.trains`` is ``/intro`` and the next word (or a capitalised one after a path in
    # lower case: ``/download.We``, not ``/Foo.Bar``)
    m = re.search(r"[.,;]([a-z]{2,12}|[A-Z][a-z]{1,11})$", path)
    if m and m.group(1)[0].isupper() and re.search(r"[A-Z]", path[: m.start()]):
        m = None
    if m and m.group(1) in _FILE_TYPES and path[m.start()] in ",;":
        path = path[: m.start()] + "." + m.group(1)  # its dot read as a comma: ``-964,pdf``
    elif m and m.group(1) in _FILE_TYPE_MISREADS:
        path = path[: m.start() + 1] + _FILE_TYPE_MISREADS[m.group(1)]
    elif m and m.group(1).lower() not in _FILE_TYPES:
        path = path[: m.start()]
    return path


def _run_on_after_slash(path: str) -> str:
    """The path without the sentence's next word run on after its last ``/`` (``examples/and``)."""
    # Tesseract read no space there, and no link ends in such a word
    m = re.search(r"/([a-z]{2,5})$", path)
    if m and m[1] in _RUN_ON_WORDS:
        path = path[: m.start() + 1]
    return path


def _slash_read_as_l(path: str, sep: str, is_word: Callable[[str], bool] | None) -> str:
    """The path with its last slash back where OCR read it as an ``l`` run on to its last word."""
    m = re.search(r"(?<=/)([a-z]{3,})l$", sep + path)  # ``/guidel``: ``/guide/``
    if m and is_word is not None and is_word(m[1]) and not is_word(m[0]):
        path = path[:-1] + "/"
    return path


def _fix_query(url: str) -> str:
    """The URL with its query's marks put right: a ``?`` read twice, an ``&``, the key ``q``."""
    # a "?" read twice, the second time as a 7 (``?7q=stack38``): a query's key starts with a letter
    url = _QUERY_TWICE.sub("?", url, count=1)
    url = _EURO_AMP.sub("&", url)
    url = _AMP_AS_EIGHT.sub(r"\g<1>8", url)
    return re.sub(r"(?<=[?&])g(?==)", "q", url, count=1)  # the search key q, its tail cut: g=


_QUERY_TWICE = re.compile(r"\?7(?=[a-z][a-z0-9_]*=)")
_QUERY_AFTER_TLD = re.compile(r"(\.(?:com|org|net|edu|gov|io|co|dev|ai))[27](?=[a-z]{1,10}=)")
# a host's first label that books print most, then a space OCR read for its dot, before the
# rest of the host (``docs press.co``, ``developer mozilla.org``)
_SUBDOMAIN_SPACE = re.compile(r"^\s*(docs|api|blog|developer|dev|www|en)\s+(?=[a-z0-9-]+[.,])")
# an "&" read as a euro sign, often with a 3, 5 or S beside it (``v=link34€3q=data``): in a
# query, before the next key
_EURO_AMP = re.compile(r"(?<=[=A-Za-z0-9])€[35S]?(?=[a-z][a-z0-9_]*=)")


# an 8 read as a ``&`` in a query value (``v=web&3``): a ``&`` starts a key, and a key is no number
_AMP_AS_EIGHT = re.compile(r"(=[A-Za-z0-9]+)&(?=[0-9]+(?:$|[&#]))")
# words of a sentence that never end a link (``examples/and``, ``research/is``)
_RUN_ON_WORDS = frozenset(
    "and or the is are was were for to of in on at by with from as an which that it we you "
    "this its".split()
)


def _query_mark(path: str) -> str:
    """A path with a ``key=`` but no ``?`` before it: OCR read the ``?`` as a ``7`` or a ``2``
    (``chapter-37id=cloud46`` is ``chapter-3?id=cloud46``). An ``=`` is only printed in a
    query."""
    first = path.find("=")
    if first < 0 or "?" in path[:first]:
        return path
    m = re.search(r"[27]([a-z]{1,10})$", path[:first])
    return path[: m.start()] + "?" + path[m.start() + 1 :] if m else path


_SLASH_LIKE = frozenset("fvVilI1|!t")  # what OCR makes of a "/" pressed against letters


def _slash_after_tld(host: str, sep: str, path: str) -> tuple[str, str, str]:
    """``github.comftutorial-372.html`` is ``github.com/tutorial-372.html``: a host label
    that starts with a known TLD and a slash look-alike, where the host as read cannot be
    right (its last label is no TLD, or that label has capitals: ``pixelresearch.conVpapers``)."""
    labels = host.split(".")
    last_ok = labels[-1].lower() in TLDS or labels[-1].lower() in CCTLDS
    for k in range(1, len(labels)):
        label = labels[k]
        if last_ok and label.islower():
            continue
        for n in (4, 3, 2):
            tld = _TLD_FIXES.get(label[:n].lower(), label[:n].lower())
            if tld in TLDS and label[n : n + 1] in _SLASH_LIKE and len(label) > n + 2:
                tail = ".".join([label[n + 1 :], *labels[k + 1 :]])
                return ".".join([*labels[:k], tld]), "/", tail + sep + path
    return host, sep, path


def _lookalike_tld(tld: str) -> str:
    """``tld`` when it is a top-level domain; else the one TLD that a single look-alike swap
    makes of it (``ora`` -> ``org``, ``qov`` -> ``gov``, ``lo`` -> ``io``, ``dey`` -> ``dev``),
    if only one does."""
    if tld in TLDS or tld in CCTLDS or not 2 <= len(tld) <= 6:
        return tld
    both = {_TLD_FIXES.get(one, one) for one in _g_and_q(tld)} & TLDS  # ``gqov``, ``orqg``
    if len(both) == 1:
        return both.pop()
    known = TLDS | CCTLDS if len(tld) == 2 else TLDS
    swaps = (
        tld[:i] + printed + tld[i + 1 :]
        for i, c in enumerate(tld)
        for printed in _LOOKALIKES.get(c, "")
    )
    found = {swap for swap in swaps if swap in known}
    return found.pop() if len(found) == 1 else tld


def _g_and_q(word: str) -> set[str]:
    """``word`` with a ``gq`` or ``qg`` in it made one letter, ``g`` or ``q``, each way it can
    be: Tesseract unsure of a ``g`` (or a ``q``) puts down both (``fagq``, ``kagqgle``,
    ``gqov``, ``orqg``)."""
    return {
        word[:i] + one + word[i + 2 :]
        for i in range(len(word) - 1)
        if word[i : i + 2] in ("gq", "qg")
        for one in "gq"
    }


def _lone_capital_i(path: str) -> str:
    """A path whose only capital letters are ``I``s, in a link otherwise in lower case: an
    ``I`` inside a word was a ``1`` after a digit (``cloud2I``) and an ``l`` after a letter
    (``mI85``); one starting a word (``/Index``) is left alone."""
    if "I" not in path or re.search(r"[A-HJ-Z]", path):
        return path
    return re.sub(r"(?<=[a-z0-9])I", lambda m: "1" if path[m.start() - 1].isdigit() else "l", path)


def _capital_digits(path: str) -> str:
    """A path whose only capitals are ``S`` ``O`` ``B`` ``Z`` beside a digit (and ``I``s), in a
    link otherwise in lower case: each of those was a digit (``?ref=pixelS8`` is ``pixel58``;
    ``/Sales/S8`` stays)."""
    beside = re.compile(r"(?<=[0-9])[SOBZ]|[SOBZ](?=[0-9])")
    if not beside.search(path) or re.search(r"[A-HJ-Z]", beside.sub("", path)):
        return path
    return beside.sub(lambda m: _CAPITAL_DIGIT[m[0]], path)


# A number after a ``-`` or ``_`` at the end of a path segment (``articles_527``), three
# characters or more with a digit among them, in which OCR read some digits as letters
# (``articles_s27``, ``api_s3o``). Shorter ones stay (``aws-s3``).
_NUMBER_AFTER_MARK = re.compile(r"(?<=[-_])(?=[0-9sSoOlIzZB]*[0-9])[0-9sSoOlIzZB]{3,}(?=$|[/?#&.])")
_LETTER_AS_DIGIT = str.maketrans("sSoOlIzZB", "550011228")

# Hosts that books about programming print most, by their name before the TLD: a name read
# one letter off one of these, at the same TLD, is that one (``kagele.com``, ``mumpy.org``).
# Names shorter than five letters are left alone (``pypi``, ``pypy``).
KNOWN_HOSTS = frozenset(
    (
        "github.com gitlab.com bitbucket.org kaggle.com python.org numpy.org scipy.org "
        "pandas.pydata.org matplotlib.org jupyter.org anaconda.com pytorch.org "
        "tensorflow.org keras.io scikit-learn.org huggingface.co arxiv.org openreview.net "
        "paperswithcode.com readthedocs.io wikipedia.org mozilla.org stackoverflow.com "
        "stackexchange.com medium.com youtube.com google.com microsoft.com amazon.com "
        "twitter.com facebook.com linkedin.com docker.com apache.org npmjs.com nodejs.org "
        "oreilly.com springer.com research.google.com"
    ).split()
)
_KNOWN_NAMES = {h.split(".")[-2]: h.split(".")[-1] for h in KNOWN_HOSTS}


def _known_host(host: str) -> str:
    """``host`` with its name before the TLD put right when it is one letter off exactly one
    of ``KNOWN_HOSTS`` at the same TLD (``kagele.com`` -> ``kaggle.com``), a ``q`` for a ``g``
    not counted (``kaqqle.com``), or that name without its hyphen (``scikitlearn.org``); and
    a known name's TLD when it is one letter off (``keras.jo``); and a known name after an
    ``l`` or ``i`` (a speck, or the scheme's slash: ``/|medium.com``)."""
    labels = host.split(".")
    if len(labels) < 2 or len(labels[-2]) < 5:
        return host
    name = labels[-2]
    if name[0] in "il" and _KNOWN_NAMES.get(name[1:]) == labels[-1] and name not in _KNOWN_NAMES:
        labels[-2] = name[1:]  # a speck or the scheme's slash before it read as l or i
        return ".".join(labels)  # (``/|medium.com``)
    if (known_tld := _KNOWN_NAMES.get(labels[-2])) is not None:
        tld = labels[-1]
        if (
            len(tld) == len(known_tld)
            and sum(a != b for a, b in zip(tld, known_tld, strict=True)) == 1
        ):
            labels[-1] = known_tld  # the TLD one letter off (``keras.jo``)
        return ".".join(labels)
    name, tld = labels[-2], labels[-1]
    dashless = [k for k, t in _KNOWN_NAMES.items() if t == tld and k.replace("-", "") == name]
    if dashless:  # its hyphen lost (``scikitlearn.org``)
        return ".".join([*labels[:-2], dashless[0], tld])
    both = [one for one in _g_and_q(name) if _KNOWN_NAMES.get(one) == tld]  # ``kagqgle.com``
    if len(both) == 1:
        return ".".join([*labels[:-2], both[0], tld])
    same = str.maketrans("q", "g")  # a g's tail cut off reads q: kaqqle is two letters off
    near = [
        known
        for known, known_tld in _KNOWN_NAMES.items()
        if known_tld == tld
        and len(known) == len(name)
        and sum(a != b for a, b in zip(known, name.translate(same), strict=True)) <= 1
    ]
    if len(near) != 1:
        return host
    return ".".join([*labels[:-2], near[0], tld])


# a letter Tesseract misread -> the letter printed, one for one (``quide``, ``tssues``, ``nain``)
_MISREAD = {
    "q": "g",
    "a": "g",
    "l": "i",
    "t": "i",
    "n": "m",
    "v": "y",
    "c": "e",
    "e": "co",  # (an o read as e: ``ebject``)
    "i": "l",
}
# Words that URLs are made of far more often than prose: one of these a single misread away
# from what OCR gave wins even over a dictionary word (``fag``, ``apl``: ``faq``, ``api``).
URL_WORDS = frozenset(
    "api faq docs doc wiki blog src lib img css cgi bin pkg repo raw app apps dev"
    " login auth help news pypi".split()
)
# The one misread that is only trusted towards a URL word: a ``q`` read as ``g`` (``faq``).
_Q_AS_G = {"g": "q"}
# towards a URL word also an f read as t (``taq_36``: ``faq_36``)
_MISREAD_TO_URL_WORD = {**_MISREAD, **_Q_AS_G, "t": _MISREAD["t"] + "f"}
_WORD = re.compile(r"(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])")


def _one_swap(word: str, swaps: dict[str, str]) -> set[str]:
    """``word`` with one of its letters swapped as ``swaps`` says (for each of the letters it
    names), each way it can be."""
    return {
        word[:i] + printed + word[i + 1 :]
        for i, c in enumerate(word)
        for printed in swaps.get(c, "")
    }


_BANG = re.compile(r"([a-z]*)!([a-z]*)")  # a "!" inside a URL: a thin letter misread
_BANG_LETTERS = "lrit"


def _bang(b: re.Match, is_word: Callable[[str], bool]) -> str:
    """The letter a ``!`` inside a URL stands for: the one of ``l r i t`` that makes its run
    of letters a word (``maste!``: ``master``), else ``l`` (``id=m!70``: ``ml70``)."""
    before, after = b.group(1), b.group(2)
    if len(before) + len(after) >= 2:
        words = [c for c in _BANG_LETTERS if is_word(before + c + after)]
        if len(words) == 1:
            return before + words[0] + after
    return before + "l" + after


def mend_words(url: str, is_word: Callable[[str], bool]) -> str:
    """``url`` with a misread word put right: a run of three or more small letters in its
    host (the TLD aside) or path that is no word (``is_word``: Tesseract's own English
    dictionary, ``ocr.Engine.is_word``), where exactly one letter swapped for the one OCR
    takes it for (``_MISREAD``) makes a word: ``/quide`` is ``/guide``, ``/nain`` ``/main``;
    failing that, where one letter of a doubled pair dropped does (``/iinstall``, ``/statss``),
    or one of a ``g`` read as both ``gq`` (``fagq``: a URL word, or a word of four letters or
    more; ``_g_and_q``, also for known hosts and TLDs in ``clean``).
    A run that is a word, or has none or several such neighbours, stays (``numpy``, ``kaggle``;
    ``gpl``), and so does a word run together with a TLD or a URL word (``deepai``).
    ``URL_WORDS`` come first: a run that is no word, one misread (or a ``q`` read as ``g``)
    from exactly one of them, becomes it even when it has other neighbours (``apl``, one
    from ``api`` and from ``gpl``, is ``api``); and a word one ``q`` read as ``g`` from one
    becomes it (``fag`` is ``faq``; ``does`` stays, not ``docs``, but for a host's first label of
    three or more: ``does.web.com``). A run after a ``/`` that no swap makes a word gets back
    the thin first letter OCR merged into the slash, when ``i``, ``l`` or ``t`` (only one) makes
    it a word (``/ssues``, ``/nstall``, ``/utorial``), and a slash and a thin letter read as
    one ``N`` or ``A`` are both again (``/Autorial``, ``_path_slash``); a ``!`` is a thin
    letter too (``_bang``); and a query value's number gets back the digits OCR read as
    letters (``_query_number``). A path's word with a capital inside or a ``1`` among its
    letters is lowered first when that makes it a word (``_odd_word``: ``bLob``, ``mode1s``)."""
    m = re.match(r"https?://", url)
    if not m:
        return url
    rest = _BANG.sub(lambda b: _bang(b, is_word), url[m.end() :])
    host_end = re.search(r"[/?#]|$", rest).start()
    tld = rest.rfind(".", 0, host_end)
    # the first label of a host with three or more (``does.web.com``) is a subdomain: a
    # URL word one misread away wins there even over a dictionary word (``docs``)
    subdomain = bool(rest.count(".", 0, host_end) >= 2 and re.match(r"[a-z]+\.", rest))
    rest = _mend_marks(rest, host_end, tld, is_word)

    def mend(w: re.Match) -> str:
        if tld < w.start() < host_end or w.group(0) in URL_WORDS:
            return w.group(0)
        return _mend_word(w, subdomain and w.start() == 0, is_word)

    return url[: m.end()] + _WORD.sub(mend, rest)


def _mend_marks(rest: str, host_end: int, tld: int, is_word: Callable[[str], bool]) -> str:
    """The link after its scheme with its numbers, 1s and ls, slashes and capitals put right."""
    rest = _QUERY_NUMBER.sub(lambda q: _query_number(q, is_word), rest)
    if tld > 0:  # a 1 and an l taken for each other in a host's name: ``1ink10``, ``ai5l``
        name = _HOST_ONE.sub(lambda o: "l" + o[1] if is_word("l" + o[1]) else o[0], rest[:tld])
        rest = _HOST_L.sub("1", name) + rest[tld:]
    rest = rest[:host_end] + _F_WORD.sub(lambda f: _f_as_slash(f[0], is_word), rest[host_end:])
    if tld > 0:  # and a host's name of a word and a number: ``book7o.org`` is ``book70.org``
        rest = _HOST_NUMBER.sub(lambda q: _query_number(q, is_word), rest[:tld]) + rest[tld:]
    rest = rest[:host_end] + _SLASH_CAPITAL.sub(lambda c: _path_slash(c, is_word), rest[host_end:])
    return rest[:host_end] + _ODD_WORD.sub(lambda w: _odd_word(w[0], is_word), rest[host_end:])


def _mend_word(w: re.Match, in_subdomain: bool, is_word: Callable[[str], bool]) -> str:
    """One run of small letters of a link (``w``, the host's TLD aside) put right, or as read."""
    word = w.group(0)
    if in_subdomain:
        url_words = _one_swap(word, _MISREAD_TO_URL_WORD) & URL_WORDS
        if len(url_words) == 1:
            return url_words.pop()
    known = is_word(word)
    # a word stays unless a q read as g made it (``fag``): ``does`` is no ``docs``
    url_words = _one_swap(word, _Q_AS_G if known else _MISREAD_TO_URL_WORD) & URL_WORDS
    if len(url_words) == 1:
        return url_words.pop()
    if known:
        return word
    if any(word[i:] in TLDS | URL_WORDS and is_word(word[:i]) for i in range(3, len(word) - 1)):
        return word  # a word and a TLD or URL word run together: ``deepai`` (not ``deepal``)
    words = _dictionary_neighbours(word, is_word)
    if not words and w.start() > 0 and w.string[w.start() - 1] == "/":
        # a thin first letter OCR merged into the slash before it: ``/ssues``, ``/nstall``,
        # ``/utorial``
        words = [c + word for c in "ilt" if is_word(c + word)]
    return words[0] if len(words) == 1 else word


def _dictionary_neighbours(word: str, is_word: Callable[[str], bool]) -> list[str]:
    """The words one misread from ``word``: a letter swapped, else one read twice or as ``gq``."""
    words = [n for n in _one_swap(word, _MISREAD) if is_word(n)]
    if not words:  # a letter read twice: ``iinstall``, ``statss``
        words = sorted(
            {word[:i] + word[i + 1 :] for i in range(1, len(word)) if word[i] == word[i - 1]}
        )
        words = [n for n in words if is_word(n)]
    if not words:  # a g read as both g and q: ``fagq``
        both = _g_and_q(word)
        words = sorted(both & URL_WORDS) or sorted(n for n in both if len(n) > 3 and is_word(n))
    return words


def _path_slash(c: re.Match, is_word: Callable[[str], bool]) -> str:
    """The thin letter a path's slash and the next word's first letter hide, read together as
    ``N`` or ``A`` (``/Autorial`` is ``/tutorial``): when exactly one of ``_SLASH_LETTERS``
    makes a word and the capital as a small letter does not (``/Nature`` stays)."""
    word = c.group(1)
    if is_word(c.group(0).lower() + word):
        return c.group(0)
    letters = [x for x in _SLASH_LETTERS if is_word(x + word)]
    return letters[0] if len(letters) == 1 else c.group(0)


# a word of a path with a capital inside it or a 1 among its letters (``bLob``, ``mode1s``)
_ODD_WORD = re.compile(r"(?<![A-Za-z0-9])[a-z](?=[a-z1]*[A-Z1])[A-Za-z1]{2,}(?![A-Za-z0-9])")


def _odd_word(word: str, is_word: Callable[[str], bool]) -> str:
    """``blob`` for ``bLob``, ``models`` for ``mode1s``: a path's word that is none as read
    but is one in lower case with its ``1`` read as ``l`` (``getUserInfo`` and ``v1beta``
    stay)."""
    fixed = word.replace("1", "l").lower()
    return fixed if is_word(fixed) and not is_word(word) else word


# a query value of a word and a number (``ref=math29``), the number's digits read as letters
_QUERY_NUMBER = re.compile(r"(?<==)([a-z]{3,})([0-9gzZoOlIsSB]{2,})(?=$|[&#])")
# a host label's 1 before its letters (``1ink10``: link10) and its l after a digit at its end
# (``ai5l``: ai51)
_HOST_ONE = re.compile(r"(?<![a-z0-9])1([a-z]{3,})")
_HOST_L = re.compile(r"(?<=[0-9])l(?=$|[.-])")
# a path's word with an f inside, where a slash was (``absfreleases``, ``docsfutorial``)
_F_WORD = re.compile(r"(?<![A-Za-z])[a-z]{3,}f[a-z]{3,}(?![A-Za-z])")


def _f_as_slash(word: str, is_word: Callable[[str], bool]) -> str:
    """``abs/releases`` for ``absfreleases``, ``docs/tutorial`` for ``docsfutorial``: a
    path's word that is none, where one ``f`` read for a ``/`` (or a ``/`` and a ``t``) leaves
    a word of three letters or more before it and one of five or more after it (``tensorflow``
    stays: ``low`` is short, as are the ends of most names run together so); only when exactly
    one way does."""
    if is_word(word):
        return word
    ok = lambda w, n: len(w) >= n and (w in URL_WORDS or is_word(w))  # noqa: E731
    found = {
        word[:i] + "/" + t + word[i + 1 :]
        for i, c in enumerate(word)
        if c == "f"
        for t in ("", "t")
        if ok(word[:i], 3) and ok(t + word[i + 1 :], 5)
    }
    return found.pop() if len(found) == 1 else word


# the same in a host's label, or a part of one between hyphens (``data-vision7o.info``)
_HOST_NUMBER = re.compile(r"(?<![A-Za-z0-9])([a-z]{3,})([0-9gzZoOlIsSB]{2,})(?=$|[.-])")
_LETTER_AS_DIGIT_IN_NUMBER = str.maketrans("gzZoOlIsSB", "9220011558")


def _query_number(q: re.Match, is_word: Callable[[str], bool]) -> str:
    """``math29`` for ``mathz9``, ``tensor49`` for ``tensor4g``: when the word is one and the
    number has a digit, unless the letters could end the word instead (``models5`` stays)."""
    word, number = q.group(1), q.group(2)
    letters = re.match(r"[a-z]*", number)[0]
    if (
        not re.search(r"[0-9]", number)
        or not is_word(word)
        or (letters and is_word(word + letters))
    ):
        return q.group(0)
    return word + number.translate(_LETTER_AS_DIGIT_IN_NUMBER)


def valid(url: str) -> bool:
    """A plausible printed web link: http(s), a dotted host with an alphabetic TLD."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not _HOST_OK.match(host):
        return False
    labels = host.split(".")
    if len(labels) < 2 or any(
        not lab or lab.startswith("-") or lab.endswith("-") for lab in labels
    ):
        return False
    if not re.fullmatch(r"[a-z]{2,24}", labels[-1]):
        return False
    rest = url[len(parts.scheme) + 3 + len(parts.netloc) :]
    return bool(_PATH_OK.match(rest))


# The whole-page baseline's regex: the article's, widened to TLDs of any length and http.
URL_RE = re.compile(
    r"https?://(?:www\.)?[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-zA-Z]{2,24}\b[-a-zA-Z0-9@:%_+.~#?&/=()]*"
)


def find_urls(text: str) -> list[str]:
    """URLs in whole-page OCR text, with sentence punctuation trimmed (the baseline's reader)."""
    return [_trim_end(m) for m in URL_RE.findall(text)]
