"""English-like prose and realistic URLs for generated pages, with no network and no corpus file.

Sentences come from templates over a vocabulary of the kind of words technical books use; URLs
mix well-known hosts with made-up ones over a realistic spread of TLDs (some longer than four
letters), ``www.`` hosts, long paths, file names, query strings and fragments. Everything is
driven by the ``random.Random`` passed in, so output is reproducible.
"""

from __future__ import annotations

import random

NOUNS = (
    "model data network layer function value image page book chapter example method result "
    "system library object feature gradient tensor matrix vector parameter training test loss "
    "accuracy dataset detector algorithm code file program server client browser request user "
    "article section figure table reader author project process approach problem solution "
    "label box prefix link camera photo text line word font paper version release tool "
    "framework package module interface graph node edge batch epoch step rate memory device"
).split()
VERBS = (
    "uses returns describes explains shows builds trains loads computes detects reads writes "
    "improves reduces changes follows contains needs creates gives finds measures compares "
    "covers introduces supports handles converts explores"
).split()
ADJECTIVES = (
    "simple small large new useful important common different complete official recent "
    "detailed early final main original printed short long fast slow accurate open public "
    "practical modern classic popular typical"
).split()
ADVERBS = "quickly carefully often usually easily later again also simply already".split()
CONNECTIVES = (
    "However,|For example,|In practice,|As a result,|In this chapter,|Note that|Finally,|"
    "Similarly,|In short,|Of course,"
).split("|")

KNOWN_HOSTS = (
    "github.com",
    "tensorflow.org",
    "keras.io",
    "arxiv.org",
    "docs.python.org",
    "en.wikipedia.org",
    "developer.mozilla.org",
    "stackoverflow.com",
    "medium.com",
    "pytorch.org",
    "numpy.org",
    "scikit-learn.org",
    "kaggle.com",
    "youtube.com",
    "colab.research.google.com",
    "www.w3.org",
    "pypi.org",
    "huggingface.co",
    "openreview.net",
    "paperswithcode.com",
)
TLDS = (
    ("com", 30),
    ("org", 14),
    ("io", 8),
    ("net", 6),
    ("dev", 5),
    ("ai", 3),
    ("co", 3),
    ("edu", 3),
    ("gov", 2),
    ("app", 2),
    ("info", 2),
    ("tech", 2),
    ("co.uk", 2),
    ("de", 2),
    ("fr", 1),
    ("ca", 1),
    ("museum", 1),
    ("science", 1),
    ("software", 1),
    ("design", 1),
    ("education", 1),
    ("academy", 1),
    ("cloud", 1),
    ("online", 1),
    ("blog", 1),
)
HOST_WORDS = (
    "data deep learn code book neural vision pixel byte open cloud lab tensor graph ml ai "
    "stack dev docs page link print read net web school press study algo math stats research"
).split()
PATH_WORDS = (
    "docs guide tutorial api reference blob master main tree examples models research "
    "object_detection install getting-started posts articles wiki tutorials v2 latest en "
    "notebooks papers abs datasets issues releases download index chapter-3 intro faq"
).split()
EXTENSIONS = (".html", ".htm", ".pdf", ".md", ".php", ".ipynb", ".txt")


def _tld(rng: random.Random) -> str:
    names, weights = zip(*TLDS, strict=True)
    return rng.choices(names, weights)[0]


def host(rng: random.Random) -> str:
    if rng.random() < 0.35:
        return rng.choice(KNOWN_HOSTS)
    parts = rng.sample(HOST_WORDS, rng.choice((1, 1, 2)))
    name = rng.choice(("", "-")).join(parts)
    if rng.random() < 0.2:
        name += str(rng.randint(1, 99))
    sub = rng.choices(("", "www.", "docs.", "blog.", "api."), (5, 4, 1, 1, 1))[0]
    return f"{sub}{name}.{_tld(rng)}"


def url(rng: random.Random, scheme: str, max_chars: int = 80) -> str:
    """A URL starting with ``scheme`` (``https://`` or ``http://``), at most ``max_chars`` long."""
    for _ in range(20):
        parts = [host(rng)]
        for _ in range(rng.choices((0, 1, 2, 3, 4), (2, 4, 4, 2, 1))[0]):
            seg = rng.choice(PATH_WORDS)
            if rng.random() < 0.15:
                seg += f"{rng.choice('-_')}{rng.randint(1, 2024)}"
            parts.append(seg)
        text = "/".join(parts)
        r = rng.random()
        if r < 0.12 and len(parts) > 1:
            text += rng.choice(EXTENSIONS)
        elif r < 0.3 and len(parts) > 1:
            text += "/"
        if rng.random() < 0.15:
            keys = rng.sample(
                ("q", "id", "page", "v", "lang", "ref", "tab", "s"), rng.randint(1, 2)
            )
            text += "?" + "&".join(
                f"{k}={rng.choice(HOST_WORDS)}{rng.randint(0, 99)}" for k in keys
            )
        if rng.random() < 0.07:
            text += "#" + rng.choice(PATH_WORDS)
        full = scheme + text
        if len(full) <= max_chars:
            return full
    return scheme + short_host(rng, max_chars - len(scheme))


def short_host(rng: random.Random, room: int) -> str:
    """A host of at most ``room`` characters, always with its TLD (``ml.ai`` at the least).

    A host cut to fit (``youtub``) would be no URL at all, and a label the reader could never
    match.
    """
    for _ in range(20):
        name = host(rng)
        if len(name) <= room:
            return name
    words = [w for w in HOST_WORDS if len(w) + 3 <= room]
    if not words:
        raise ValueError(f"no host fits in {room} characters (5 at the least: ml.ai)")
    word = rng.choice(words)
    tlds = [t for t, _ in TLDS if len(word) + 1 + len(t) <= room]
    return f"{word}.{rng.choice(tlds)}"


def sentence(rng: random.Random) -> list[str]:
    """One sentence as a list of words (the last word carries the full stop)."""
    n = lambda: rng.choice(NOUNS)  # noqa: E731
    a = lambda: rng.choice(ADJECTIVES)  # noqa: E731
    templates = (
        lambda: ["The", a(), n(), rng.choice(VERBS), "the", n(), "of", "each", n()],
        lambda: [
            "This",
            n(),
            rng.choice(VERBS),
            "a",
            a(),
            n(),
            "that",
            rng.choice(VERBS),
            "the",
            n(),
        ],
        lambda: [
            rng.choice(CONNECTIVES),
            "the",
            n(),
            rng.choice(ADVERBS),
            rng.choice(VERBS),
            "every",
            a(),
            n(),
            "in",
            "the",
            n(),
        ],
        lambda: [
            "We",
            "can",
            "see",
            "that",
            "the",
            a(),
            n(),
            rng.choice(VERBS),
            "its",
            n(),
            "when",
            "the",
            n(),
            "is",
            a(),
        ],
        lambda: [
            "Each",
            n(),
            "in",
            "the",
            n(),
            rng.choice(VERBS),
            "one",
            "or",
            "more",
            n() + "s",
            "and",
            "a",
            a(),
            n(),
        ],
    )
    words = rng.choice(templates)()
    words = " ".join(words).split()
    words[0] = words[0][0].upper() + words[0][1:]
    words[-1] += rng.choices((".", ".", ".", ":", ";"), (6, 1, 1, 1, 1))[0]
    return words


# --- Page furniture and hard negatives -------------------------------------------------------

TOPICS = (
    "Data Pipelines|Neural Networks|Object Detection|Training at Scale|Reading Text|"
    "Deploying Models|The Web Platform|Image Processing|Evaluation|Getting Started|"
    "Working with Files|Optimisation|Further Reading|Tools of the Trade|Notes"
).split("|")
NAMES = (
    "Smith Chen Garcia Kumar Novak Okafor Rossi Tanaka Dubois Jensen Silva Petrov Haddad "
    "Nguyen Weber Kowalski Larsen Moreau Fischer Ivanova"
).split()
PUBLISHERS = ("O'Reilly", "Manning", "MIT Press", "No Starch Press", "Springer", "Packt")


def heading(rng: random.Random) -> str:
    """A section heading such as ``3.2 Object Detection``."""
    num = f"{rng.randint(1, 12)}.{rng.randint(1, 9)} " if rng.random() < 0.6 else ""
    return num + rng.choice(TOPICS)


def running_head(rng: random.Random) -> str:
    """The line at the top of a book page: chapter or book title, sometimes in capitals."""
    text = rng.choice(
        (
            f"Chapter {rng.randint(1, 14)}",
            rng.choice(TOPICS),
            f"{rng.randint(1, 14)} | {rng.choice(TOPICS)}",
            "Deep Learning for the Web",
            "Practical Machine Vision",
        )
    )
    return text.upper() if rng.random() < 0.4 else text


def author(rng: random.Random) -> str:
    return f"{rng.choice('ABCDEFGHJKLMNPRST')}. {rng.choice(NAMES)}"


def title(rng: random.Random) -> str:
    """A short capitalised title of a work, a tool or a resource."""
    words = [rng.choice(ADJECTIVES).capitalize(), rng.choice(NOUNS).capitalize()]
    if rng.random() < 0.5:
        words += ["for", rng.choice(NOUNS).capitalize() + "s"]
    return " ".join(words)


def reference(rng: random.Random, n: int) -> list[str]:
    """Words of a numbered bibliography entry (without its link): ``[3] A. Chen. Title. ...``."""
    who = author(rng) + (f" and {author(rng)}" if rng.random() < 0.4 else "")
    year = rng.randint(1998, 2026)
    tail = rng.choice((f"{rng.choice(PUBLISHERS)}, {year}.", f"{year}.", f"Online, {year}."))
    return f"[{n}] {who}. {title(rng)}. {tail}".split()


def email(rng: random.Random) -> str:
    user = rng.choice(NAMES).lower() + rng.choice(("", ".", "_")) + rng.choice(HOST_WORDS)
    return f"{user}@{host(rng).removeprefix('www.')}"


def hard_negative(rng: random.Random) -> list[str]:
    """Words that look a little like a link but are not one (never labelled)."""
    kind = rng.randrange(12)
    if kind == 0:
        return ["the", rng.choice(("HTTP", "HTTPS", "http", "https")), rng.choice(NOUNS)]
    if kind == 1:
        return ["over", rng.choice(("HTTP/1.1", "HTTP/2", "HTTP/3", "HTTPS"))]
    if kind == 2:
        return ["write", "to", email(rng)]
    if kind == 3:
        path = "/".join(rng.sample(PATH_WORDS, 2))
        return ["from", f"ftp://{rng.choice(HOST_WORDS)}.{_tld(rng)}/{path}"]
    if kind == 4:
        return [rng.choice(("(e.g.", "e.g.", "i.e.", "(i.e.")), "the", rng.choice(NOUNS) + ")"]
    if kind == 5:
        return ["at", f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d}", "or", "later"]
    if kind == 6:
        return ["in", rng.choice(("/usr/local/bin", "~/.config", "./data/raw", "/etc/hosts"))]
    if kind == 7:
        return ["in", rng.choice(("C:\\Users\\data", "D:\\photos", "..\\models"))]
    if kind == 8:
        return [rng.choice(("and/or", "input/output", "TCP/IP", "read/write", "3:4", "16:9"))]
    if kind == 9:
        return ["see", host(rng).removeprefix("www.") + "/" + rng.choice(PATH_WORDS)]
    if kind == 10:
        return ["the", "URL", "scheme", rng.choice(("http:", "https:", "file:", "mailto:"))]
    return ["//", rng.choice(NOUNS), rng.choice(VERBS)]


def words(rng: random.Random, n: int) -> list[str]:
    """About ``n`` words of prose (whole sentences)."""
    out: list[str] = []
    while len(out) < n:
        out += sentence(rng)
    return out
