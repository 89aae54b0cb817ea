"""reading.urls: Tesseract's text of a link -> URL, with nothing but what is general."""

from __future__ import annotations

import ast
import inspect
import re

import pytest

from links_detector.reading import urls
from links_detector.synth import textgen

from .conftest import real_urls


@pytest.mark.parametrize("context", ["{}", "{}.", "({}).", "{}, and then", "{} for the"])
def test_every_real_url_as_printed_comes_back_unchanged(context):
    """A real URL as printed, read right by OCR, with the sentence around it: no host, suffix,
    path, case, bracket or mark is changed (and none is lost)."""
    found = real_urls()
    assert len(found) >= 200
    changed = []
    for url in found:
        text = context.format(url).removeprefix("(")
        if urls.clean(text) != url or urls.clean(text, urls.scheme_of(url)) != url:
            changed.append((text, urls.clean(text)))
    assert not changed, changed[:10]
    assert all(urls.valid(u) for u in found)


@pytest.mark.parametrize(
    "printed",
    [
        # what a cleanup of repair rules used to change
        "https://bit.ly/2BZ0Ixy",
        "https://www.iana.org/domains",
        "https://example.com/S3O/api",
        "https://scikit-learn.org/stable/modules/svm.html",
        "http://localhost:8080/index.html",
        "https://docs.python.org/3/library/urllib.parse.html#module-urllib.parse",
    ],
)
def test_ordinary_urls_are_not_repaired(printed):
    assert urls.clean(printed) == printed
    assert urls.clean(f"{printed} and more") == printed


@pytest.mark.parametrize(
    "ocr,scheme,want",
    [
        # the scheme as OCR garbles it; the reader's scheme wins
        ("hittps://keras.io/api", "https://", "https://keras.io/api"),
        ("h ttps://keras.io/api", "https://", "https://keras.io/api"),
        ("hitps:/github.com/x", "https://", "https://github.com/x"),
        ("https//github.com/x", "https://", "https://github.com/x"),
        ("http://example.org", "https://", "https://example.org"),
        ("https: kaggle.com/x", "https://", "https://kaggle.com/x"),
        # ... or the text's own when the caller gives none
        ("ttps://pytorch.org/models", None, "https://pytorch.org/models"),
        ("tp://blog.vision.org/posts", None, "http://blog.vision.org/posts"),
        ("Bifipsi//blog.printread.com/x", None, "https://blog.printread.com/x"),
        # OCR's spaces inside the link: while the host is none yet, and beside marks
        ("https:// keras. io/api/", "https://", "https://keras.io/api/"),
        ("https://www. w3 .org/TR/", "https://", "https://www.w3.org/TR/"),
        ("https://keras.io/api / guide", "https://", "https://keras.io/api/guide"),
        (
            "https://api.stats.edu/latest ?s=dev96 course,",
            "https://",
            "https://api.stats.edu/latest?s=dev96",
        ),
        (
            "https://w3.org/papers?ref=graph8 &v=tensor48",
            None,
            "https://w3.org/papers?ref=graph8&v=tensor48",
        ),
        ("https://github.com/abs- 1943/x", None, "https://github.com/abs-1943/x"),
        # ... and a host's dot read as a space, where only a dot makes a host
        ("https://www.tensorflow org/api the", None, "https://www.tensorflow.org/api"),
        ("https://www. example.com/x", None, "https://www.example.com/x"),
        # the sentence after the link
        ("https://neural.tech/docs is detailed.", "https://", "https://neural.tech/docs"),
        ("https: //datastudy89. com, in the step", "https://", "https://datastudy89.com"),
        (
            "https://stackalgo.info/notebooks/download/ the",
            None,
            "https://stackalgo.info/notebooks/download/",
        ),
        ("https://learn.com/latest, \u2014 |", None, "https://learn.com/latest"),
        ("https://www.page.de.The", None, "https://www.page.de"),
        ("https://openreview.net, classic.Each algorithm", None, "https://openreview.net"),
        # the sentence's punctuation and brackets; the URL's own brackets stay
        ("https://keras.io/api/).", "https://", "https://keras.io/api/"),
        ("https://keras.io/api>", "https://", "https://keras.io/api"),
        (
            "(https://ml.com/getting-started/master)>Each",
            None,
            "https://ml.com/getting-started/master",
        ),
        (
            "https://en.wikipedia.org/wiki/Python_(language)).",
            None,
            "https://en.wikipedia.org/wiki/Python_(language)",
        ),
        # dashes and full-width forms are ASCII; a host printed with capitals is lower-cased
        ("https://data\u2014algo.com/x", None, "https://data-algo.com/x"),
        ("https\uff1a//example.org/a", None, "https://example.org/a"),
        ("https://GitHub.com/Foo.Bar", None, "https://github.com/Foo.Bar"),
    ],
)
def test_clean(ocr, scheme, want):
    assert urls.clean(ocr, scheme) == want


@pytest.mark.parametrize(
    "ocr",
    [
        "",
        "   ",
        "https://",
        "https://exa mple",
        "https://-.-.com",
        "https: a slow image: The",  # the word HTTPS and a sentence
        # a misread host is no host, and no letter is guessed back: no link beats a wrong one
        "https://github.con/tree",
        "https://github.comis the",
        "https://www.ml.co.rate",
        "https://example.c0m/a",
        "https://keras,io/api",
        "https://scikit-learn.ora/index",
    ],
)
def test_what_is_no_url_gives_none(ocr):
    assert urls.clean(ocr, "https://") is None


@pytest.mark.parametrize(
    "url,ok",
    [
        ("https://b-ad.com", True),
        ("http://127.0.0.1:8000/admin/", True),
        ("https://xn--mnchen-3ya.de/", True),
        ("https://github.io/x", True),  # a private-section suffix is a host people name
        ("https://-bad-.com", False),
        ("https://bad-.com", False),
        ("https://Example.com", False),  # hosts come out in lower case
        ("https://example.zzzz/x", False),  # no such suffix
        ("https://example.com:99999/", False),
        ("https://example.com/a b", False),
        ("https://example.com/a|b", False),
        ("ftp://example.com/", False),
    ],
)
def test_valid(url, ok):
    assert urls.valid(url) is ok


def test_find_urls_in_page_text():
    text = (
        "See the docs (https://keras.io/api/) and http://example.org/x?a=1, "
        "or https://study.education. Not ftp://x.org nor e.g. a.b."
    )
    assert urls.find_urls(text) == [
        "https://keras.io/api/",
        "http://example.org/x?a=1",
        "https://study.education",
    ]


def _generator_words() -> set[str]:
    """Every word of the page generator's vocabulary (hosts, TLDs, path words, file types...)."""
    words = set()
    for name, value in vars(textgen).items():
        if name.isupper() and isinstance(value, tuple | list | frozenset | set):
            for item in value:
                if isinstance(item, str):
                    words.update(w.lower() for w in re.findall(r"[A-Za-z]{2,}", item))
    return words - {"http", "https", "www"}


def test_no_string_of_the_page_generator_is_named():
    """The cleanup is general: no host, word, file type or query key the generator prints
    appears in its code (docstrings and comments aside), and it stays small."""
    source = inspect.getsource(urls)
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    literals = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]
    vocabulary = _generator_words()
    assert len(vocabulary) > 100  # the generator's lists were found
    named = {
        w for lit in literals for w in re.findall(r"[a-z]{2,}", lit.lower()) if w in vocabulary
    }
    assert not named, named
    assert len(source.splitlines()) <= 300


@pytest.mark.parametrize(
    "ocr,scheme",
    [
        ("https://a.org", "https://"),
        ("hitps://a.org", "https://"),
        ("http://a.org", "http://"),
        ("htp://a.org", "http://"),
        ("http5://a.org", "https://"),
    ],
)
def test_scheme_of(ocr, scheme):
    assert urls.scheme_of(ocr) == scheme


@pytest.mark.parametrize(
    "text,like",
    [
        ("https://x.org", True),
        ("(https://x.org)", True),
        ("ttps://x.org", True),
        ("hitps:/x.org", True),
        ("http: //x.org", True),
        ("every detailed epoch", False),
        ("e object of each", False),
        ("natrix. This process", False),
        ("", False),
    ],
)
def test_starts_like_scheme(text, like):
    assert urls.starts_like_scheme(text) is like


@pytest.mark.parametrize(
    "text,like",
    [
        # what the quick look at doubtful prefixes read beside real ones (links stage pages)
        ("https: //arx", True),
        ("tps? //wa", True),
        ("ui NITps://co%", True),
        ("e http://vision-", True),
        ("*2tps://dew", True),
        ("shits ://wowy", True),
        ("https:", True),
        ("[https 7//visk", True),
        ("ftp://x.org and http://y.org", True),
        # ... and beside false detections: look-alikes the pages print
        ("ftp://pag", False),
        ("| ftps//lab", False),
        ("HTTP/3 co", False),
        ("iTTP/2 te", False),
        ("HTTP/1.4", False),
        ("the // pap", False),
        ("nple, the // dat", False),
        ("image // '", False),
        ("every detailed epoch", False),
    ],
)
def test_contains_scheme(text, like):
    assert urls.contains_scheme(text) is like


@pytest.mark.parametrize(
    "text, span",
    [
        ("https://x.org/a b", "https://x.org/a b"),
        ("or https://x.org/a,", "https://x.org/a,"),  # the end of the word before the link
        ("2 http://x.org", "http://x.org"),
        ("ids https://x.org", "https://x.org"),
        ("also htps://x.org", None),  # more than a scrap before it: no link starts here
        # unless the scheme after a short word is read exactly (a box left of its prefix)
        ("also https://x.org", "https://x.org"),
        ("Jel: http://x.org/a.", "http://x.org/a."),
        ("Tesseract https://x.org", None),  # a word too long to be the sentence's tail
        ("or the https://x.org", None),
        ("every detailed epoch", None),
    ],
)
def test_text_from_its_scheme(text, span):
    assert urls.from_scheme(text) == span
