"""English-like prose and realistic URLs for generated pages, with no network and no corpus file.

Sentences come from templates over a vocabulary of the kind of words technical books use. URLs
mix well-known hosts with made-up names (words and made-up syllables) under suffixes of the
Public Suffix List (the common ones weighted up, any other drawn uniformly), IPv4 hosts, ports,
``www.`` and other subdomains, paths of words, slugs, numbers and mixed-case ids, file names,
query strings, fragments, link shorteners with mixed-case ids, and DOIs: the reader can be tuned
to no word of it. Everything is driven by the ``random.Random`` passed in, so output is
reproducible.
"""

from __future__ import annotations

import random
import string
from functools import lru_cache
from importlib import resources

from publicsuffixlist import PublicSuffixList

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
# the suffixes books print most, weighted; the rest come from the whole Public Suffix List
COMMON_TLDS = (
    ("com", 30),
    ("org", 14),
    ("io", 8),
    ("net", 6),
    ("dev", 4),
    ("ai", 3),
    ("co", 3),
    ("edu", 3),
    ("gov", 2),
    ("de", 2),
    ("co.uk", 2),
    ("co.jp", 1),
    ("jp", 1),
    ("fr", 1),
    ("ca", 1),
    ("app", 1),
    ("info", 1),
)
ANY_SUFFIX = 0.3  # the share of made-up hosts whose suffix is any on the list, uniformly
HOST_WORDS = (
    "data deep learn code book neural vision pixel byte open cloud lab tensor graph ml ai "
    "stack dev docs page link print read net web school press study algo math stats research"
).split()
PATH_WORDS = (
    "docs guide tutorial api reference blob master main tree examples models research "
    "object_detection install getting-started posts articles wiki tutorials v2 latest en "
    "notebooks papers abs datasets issues releases download index chapter-3 intro faq"
).split()
EXTENSIONS = (
    ".html .htm .pdf .md .php .ipynb .txt .py .json .zip .csv .aspx .jsp .xml .png .tar.gz"
).split()
PORTS = (80, 8000, 8080, 8443, 3000, 5000, 8888, 9000)
_CONSONANTS, _VOWELS = "bcdfghjklmnprstvwxz", "aeiou"
_ID_CHARS = string.ascii_letters + string.digits


@lru_cache(maxsize=1)
def public_suffixes() -> tuple[str, ...]:
    """The ICANN section of the Public Suffix List the ``publicsuffixlist`` package bundles:
    every ASCII suffix a registrable name sits under (``com``, ``co.jp``, ``museum``, ...)."""
    text = (resources.files("publicsuffixlist") / "public_suffix_list.dat").read_text("utf-8")
    icann = text.split("===BEGIN ICANN DOMAINS===")[1].split("===END ICANN DOMAINS===")[0]
    return tuple(
        line
        for line in (raw.strip() for raw in icann.splitlines())
        if line and not line.startswith(("//", "!", "*")) and line.isascii()
    )


def _tld(rng: random.Random) -> str:
    if rng.random() < ANY_SUFFIX:
        return rng.choice(public_suffixes())
    names, weights = zip(*COMMON_TLDS, strict=True)
    return rng.choices(names, weights)[0]


def _word(rng: random.Random) -> str:
    """A word for a host or path: one of the prose's, or a made-up one of 2 or 3 syllables."""
    if rng.random() < 0.5:
        return rng.choice(HOST_WORDS + NOUNS + ADJECTIVES)
    return "".join(
        rng.choice(_CONSONANTS)
        + rng.choice(_VOWELS)
        + rng.choice(("", "", rng.choice(_CONSONANTS)))
        for _ in range(rng.randint(2, 3))
    )


def _name(rng: random.Random) -> str:
    parts = [_word(rng) for _ in range(rng.choice((1, 1, 2)))]
    name = rng.choice(("", "-")).join(parts)
    if rng.random() < 0.2:
        name += str(rng.randint(1, 99))
    return name


def _registrable(host: str) -> bool:
    """Whether ``host`` is a name under its suffix, not a suffix itself (``net.co`` is one)."""
    return _psl().privatesuffix(host) is not None


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    return PublicSuffixList(only_icann=True)


def host(rng: random.Random) -> str:
    """A host: a well-known one, an IPv4 address, or a made-up name (and subdomain) under a
    suffix of the Public Suffix List."""
    r = rng.random()
    if r < 0.25:
        return rng.choice(KNOWN_HOSTS)
    if r < 0.27:
        return ".".join(str(rng.randint(1, 254)) for _ in range(4))
    for _ in range(20):
        sub = rng.choices(("", "www.", f"{_word(rng)}."), (5, 4, 2))[0]
        name = f"{sub}{_name(rng)}.{_tld(rng)}"
        if _registrable(name):
            return name
    return f"{_name(rng)}.com"


def _segment(rng: random.Random) -> str:
    """A path segment: a word, a slug of words, a number, or an id in mixed case."""
    r = rng.random()
    if r < 0.45:
        seg = rng.choice(PATH_WORDS) if rng.random() < 0.5 else _word(rng)
        if rng.random() < 0.15:
            seg += f"{rng.choice('-_')}{rng.randint(1, 2024)}"
        return seg
    if r < 0.65:
        return rng.choice("-_").join(_word(rng) for _ in range(rng.randint(2, 3)))
    if r < 0.8:
        return str(rng.randint(1, 10 ** rng.randint(1, 7)))
    if r < 0.9:
        return _word(rng).capitalize()
    return _id(rng)


def _id(rng: random.Random) -> str:
    return "".join(rng.choice(_ID_CHARS) for _ in range(rng.randint(5, 10)))


def _query(rng: random.Random) -> str:
    pairs = []
    for _ in range(rng.randint(1, 3)):
        key = _word(rng)[: rng.randint(1, 8)]
        value = rng.choice(
            (f"{_word(rng)}{rng.randint(0, 99)}", str(rng.randint(0, 9999)), _id(rng))
        )
        pairs.append(f"{key}={value}")
    return "?" + "&".join(pairs)


def shortened(rng: random.Random, scheme: str) -> str:
    """A link shortener's URL: a short name under a short suffix, an id in mixed case."""
    for _ in range(20):
        suffix = rng.choice([t for t in public_suffixes() if len(t) == 2])
        name = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 5)))
        if _registrable(f"{name}.{suffix}"):
            return f"{scheme}{name}.{suffix}/{_id(rng)}"
    return f"{scheme}{_name(rng)}.com/{_id(rng)}"


def url(rng: random.Random, scheme: str, max_chars: int = 80) -> str:
    """A URL starting with ``scheme`` (``https://`` or ``http://``), at most ``max_chars`` long:
    a shortened link, a DOI, or a host with an optional port, path, file type, query string and
    fragment."""
    kind = rng.random()
    if kind < 0.06 and len(scheme) + 13 <= max_chars:
        full = shortened(rng, scheme)
        if len(full) <= max_chars:
            return full
    if kind > 0.97:
        return doi(rng, scheme, max_chars)
    for _ in range(20):
        text = host(rng)
        if rng.random() < 0.04:
            text += f":{rng.choice(PORTS)}"
        parts = [text] + [
            _segment(rng) for _ in range(rng.choices((0, 1, 2, 3, 4), (2, 4, 4, 2, 1))[0])
        ]
        text = "/".join(parts)
        r = rng.random()
        if r < 0.12 and len(parts) > 1:
            text += rng.choice(EXTENSIONS)
        elif r < 0.3 and len(parts) > 1:
            text += "/"
        if rng.random() < 0.15:
            text += _query(rng)
        if rng.random() < 0.07:
            text += "#" + rng.choice((rng.choice(PATH_WORDS), _word(rng), _segment(rng)))
        full = scheme + text
        if len(full) <= max_chars:
            return full
    return scheme + short_host(rng, max_chars - len(scheme))


def short_host(rng: random.Random, room: int) -> str:
    """A host of at most ``room`` characters, always with its suffix (``ml.ai`` at the least).

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
    for _ in range(20):
        word = rng.choice(words)
        tlds = [t for t, _ in COMMON_TLDS if len(word) + 1 + len(t) <= room]
        name = f"{word}.{rng.choice(tlds)}"
        if _registrable(name):
            return name
    return "ml.ai"


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


# --- Cards, flyers, receipts, papers and web pages --------------------------------------------

FIRST_NAMES = (
    "Anna Ben Carla David Elena Felix Grace Hiro Ines Jonas Kenji Laura Mateo Nadia Omar Priya "
    "Quentin Rosa Sven Tomoko Umar Vera Wei Yuki Zoe"
).split()
JOBS = (
    "Data Engineer|Research Scientist|Product Designer|Software Developer|Project Manager|"
    "Sales Director|Head of Research|Marketing Lead|Consultant|Chief Technology Officer|"
    "Account Manager|UX Researcher|Founder & CEO|Machine Learning Engineer|Librarian"
).split("|")
SENIORITY = ("", "", "", "Senior ", "Lead ", "Junior ", "Principal ")
COMPANY_SUFFIXES = ("Inc.", "Ltd.", "GmbH", "Labs", "Studio", "Group", "Co.", "K.K.", "LLC", "")
STREETS = "Market Station Park Hill Lake River Mill Church Garden Harbour Oak Cedar".split()
STREET_KINDS = ("Street", "St.", "Avenue", "Ave.", "Road", "Lane", "Way", "Blvd.")
CITIES = (
    "Springfield Riverton Lakeside Fairview Brookfield Ashford Kingsport Newhaven Westbury "
    "Eastwood Millbrook Northgate"
).split()
EVENTS = (
    "Workshop|Meetup|Book Fair|Open Day|Hackathon|Conference|Summer School|Lecture|"
    "Exhibition|Concert|Market|Festival|Seminar|Career Day"
).split("|")
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = (
    "January February March April May June July August September October November December"
).split()
GOODS = (
    "coffee tea latte bagel muffin sandwich salad water juice soup notebook pen battery cable "
    "paper folder stamps apples bread milk cheese pasta rice soap towel"
).split()
SIZES = ("", "", "", " S", " M", " L", " 500ml", " 1kg", " x2")
PAYMENTS = ("VISA", "MASTERCARD", "CASH", "DEBIT", "AMEX")


def person(rng: random.Random) -> str:
    """A first name and a surname: ``Anna Novak``."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(NAMES)}"


def job(rng: random.Random) -> str:
    """A job title as cards print it: ``Senior Data Engineer``."""
    title = rng.choice(JOBS)
    return (
        title if title.startswith(("Head", "Chief", "Founder")) else rng.choice(SENIORITY) + title
    )


def company(rng: random.Random) -> str:
    """A made-up company name: ``Pixel Graph Labs``."""
    words = [w.capitalize() for w in rng.sample(HOST_WORDS, rng.choice((1, 2, 2)))]
    if all(len(w) <= 2 for w in words):
        words = [w.upper() for w in words]
    return " ".join([*words, rng.choice(COMPANY_SUFFIXES)]).strip()


def street(rng: random.Random) -> str:
    """A street address line: ``12 Market Street, Suite 4``."""
    line = f"{rng.randint(1, 240)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"
    if rng.random() < 0.3:
        line += f", {rng.choice(('Suite', 'Floor', 'Unit'))} {rng.randint(1, 30)}"
    return line


def city(rng: random.Random) -> str:
    """A city line with a postcode: ``Springfield 40213`` or ``40213 Springfield``."""
    code, name = f"{rng.randint(10000, 99999)}", rng.choice(CITIES)
    return f"{code} {name}" if rng.random() < 0.5 else f"{name} {code}"


def phone(rng: random.Random) -> str:
    """A phone number in one of a few national styles."""
    d = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    return rng.choice(
        (
            f"+1 {d(3)} {d(3)} {d(4)}",
            f"({d(3)}) {d(3)}-{d(4)}",
            f"0{d(2)}-{d(4)}-{d(4)}",
            f"+44 {d(2)} {d(4)} {d(4)}",
            f"+49 {d(3)} {d(7)}",
        )
    )


def date(rng: random.Random) -> str:
    """A date as flyers and papers print it: ``Friday, 14 March 2025``."""
    day, month = rng.randint(1, 28), rng.choice(MONTHS)
    if rng.random() < 0.5:
        return f"{rng.choice(WEEKDAYS)}, {day} {month} {rng.randint(2019, 2026)}"
    return f"{month} {day}, {rng.randint(2019, 2026)}"


def clock(rng: random.Random) -> str:
    """A time of day: ``10:32`` or ``7:05 PM`` (a colon that is no link)."""
    if rng.random() < 0.5:
        return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    return f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(('AM', 'PM'))}"


def timestamp(rng: random.Random) -> str:
    """A short date and time, as receipts and browsers print them: ``3/14/24, 10:32 AM``."""
    y, m, d = rng.randint(19, 26), rng.randint(1, 12), rng.randint(1, 28)
    hm = f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d}"
    return rng.choice(
        (
            f"{m}/{d}/{y}, {hm} {rng.choice(('AM', 'PM'))}",
            f"20{y}-{m:02d}-{d:02d} {hm}",
            f"{d:02d}.{m:02d}.20{y} {hm}",
        )
    )


def event(rng: random.Random) -> str:
    """A flyer's headline: ``Open Data Hackathon``."""
    what = rng.choice(EVENTS)
    r = rng.random()
    if r < 0.4:
        return f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS).capitalize()} {what}"
    if r < 0.7:
        return f"{rng.choice(TOPICS)} {what}"
    return f"{what} {rng.randint(2019, 2026)}"


def item(rng: random.Random) -> str:
    """A receipt's item: ``2 x LATTE L``."""
    name = (rng.choice(GOODS) + rng.choice(SIZES)).upper()
    return f"{rng.randint(2, 4)} x {name}" if rng.random() < 0.2 else name


def price(rng: random.Random) -> str:
    return f"{rng.randint(0, 40)}.{rng.randint(0, 99):02d}"


def payment(rng: random.Random) -> str:
    return f"{rng.choice(PAYMENTS)} ****{rng.randint(0, 9999):04d}"


def doi(rng: random.Random, scheme: str, max_chars: int = 80) -> str:
    """A DOI link as papers print them, ``https://doi.org/10.1145/3394486.3403043``, at most
    ``max_chars`` long (a plain URL when no DOI fits)."""
    n = lambda k: str(rng.randint(10 ** (k - 1), 10**k - 1))  # noqa: E731
    host_name = "dx.doi.org" if rng.random() < 0.15 else "doi.org"
    start = f"{scheme}{host_name}/10.{n(4)}/"
    suffixes = (
        f"{n(7)}.{n(7)}",
        f"s{n(5)}-0{n(2)}-{n(5)}-{rng.randint(0, 9)}",
        f"j.{rng.choice(HOST_WORDS)}.{rng.randint(2000, 2026)}.{n(6)}",
        f"{rng.choice(('TPAMI', 'TIP', 'CVPR', 'ICCV'))}.{rng.randint(2000, 2026)}.{n(7)}",
        f"{rng.choice(HOST_WORDS)}{n(3)}",
        n(7),
        f"{rng.choice(('nature', 'science', 'cell'))}{n(5)}",
    )
    fitting = [x for x in suffixes if len(start) + len(x) <= max_chars]
    return start + rng.choice(fitting) if fitting else url(rng, scheme, max_chars)


def bare_doi(rng: random.Random) -> str:
    """A DOI without a scheme, ``doi:10.1145/3394486``: printed in papers, never labelled."""
    return f"doi:10.{rng.randint(1000, 9999)}/{rng.randint(100000, 9999999)}"


def page_title(rng: random.Random) -> str:
    """A web page's title as browsers print it in the page header."""
    return f"{title(rng)} | {company(rng)}"


def venue(rng: random.Random) -> str:
    """Where a paper appeared, as its running head prints it."""
    year = rng.randint(2015, 2026)
    topic = rng.choice(TOPICS)
    arxiv = f"{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(10000, 99999)}"
    return rng.choice(
        (
            f"Proceedings of the {rng.randint(4, 40)}th Conference on {topic}, {year}",
            f"Journal of {topic}, Vol. {rng.randint(1, 60)}, {year}",
            f"arXiv:{arxiv}v{rng.randint(1, 4)} [cs.CV] {rng.randint(1, 28)} Mar {year}",
            f"Preprint. Under review. {year}",
        )
    )


def citation(rng: random.Random) -> str:
    """A citation in a paper's prose: ``[12]`` or ``[3, 41]``."""
    if rng.random() < 0.6:
        return f"[{rng.randint(1, 60)}]"
    return f"[{rng.randint(1, 30)}, {rng.randint(31, 60)}]"
