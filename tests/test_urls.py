import pytest

from links_detector.reading import urls


@pytest.mark.parametrize(
    "ocr,scheme,want",
    [
        # the scheme as OCR garbles it; the reader's scheme wins
        ("https://keras.io/", "https://", "https://keras.io/"),
        ("hittps://keras.io/api", "https://", "https://keras.io/api"),
        ("h ttps://keras.io/api", "https://", "https://keras.io/api"),
        ("httpe://tensorflow.org", "https://", "https://tensorflow.org"),
        ("hitps:/github.com/x", "https://", "https://github.com/x"),
        ("https//github.com/x", "https://", "https://github.com/x"),
        ("http://example.org", "http://", "http://example.org"),
        ("http://example.org", "https://", "https://example.org"),
        # spaces and separators
        ("https:// keras. io/api/", "https://", "https://keras.io/api/"),
        ("https://keras,io/api", "https://", "https://keras.io/api"),
        ("https://docs:python;org/3/", "https://", "https://docs.python.org/3/"),
        ("https://www. w3 .org/TR/", "https://", "https://www.w3.org/TR/"),
        # look-alikes
        ("https://|inkedin.com/in/x", "https://", "https://linkedin.com/in/x"),
        ("https://example.c0m/a", "https://", "https://example.com/a"),
        # trailing punctuation and brackets belong to the sentence
        ("https://keras.io/api/).", "https://", "https://keras.io/api/"),
        ("https://keras.io/api,", "https://", "https://keras.io/api"),
        ("https://keras.io/api>", "https://", "https://keras.io/api"),
        (
            "https://en.wikipedia.org/wiki/Python_(language)",
            "https://",
            "https://en.wikipedia.org/wiki/Python_(language)",
        ),
        (
            "https://en.wikipedia.org/wiki/Python_(language)).",
            "https://",
            "https://en.wikipedia.org/wiki/Python_(language)",
        ),
        # query strings and fragments survive
        (
            "https://example.org/search?q=ocr&page=2",
            "https://",
            "https://example.org/search?q=ocr&page=2",
        ),
        ("https://example.org/a#part-2.", "https://", "https://example.org/a#part-2"),
        (
            "https://api.lab68.ca/papers#articles",
            "https://",
            "https://api.lab68.ca/papers#articles",
        ),
        # the crop ran on into the sentence
        ("https://neural.tech/docs is detailed.", "https://", "https://neural.tech/docs"),
        ("https: //datastudy89. com, in the step", "https://", "https://datastudy89.com"),
        (
            "https://api.stats.edu/latest ?s=dev96 course,",
            "https://",
            "https://api.stats.edu/latest?s=dev96",
        ),
        (
            "https://api.byte55.gov/tree/reference/. one or more",
            "https://",
            "https://api.byte55.gov/tree/reference/",
        ),
        (
            "https://stackalgo.info/notebooks/download/ the",
            "https://",
            "https://stackalgo.info/notebooks/download/",
        ),
        ("https://github.com/ abs-1943/x", "https://", "https://github.com/abs-1943/x"),
        ("https://www. study96 ; ai/research one", "https://", "https://www.study96.ai/research"),
        (
            "https://blog.ai.com/index_1936/examples. solution. Each",
            "https://",
            "https://blog.ai.com/index_1936/examples",
        ),
        (
            "https://school7.org /tutorials / master)",
            "https://",
            "https://school7.org/tutorials/master",
        ),
        ("https://pypi.org/tree/datasets. html", "https://", "https://pypi.org/tree/datasets.html"),
        (
            "https:/github.com/tree/?lang=vision 18.",
            "https://",
            "https://github.com/tree/?lang=vision18",
        ),
        (
            "http: //mathschool.org/getting\u2014started_320.md official.",
            "http://",
            "http://mathschool.org/getting-started_320.md",
        ),
        # long TLDs
        ("https://study.education/intro", "https://", "https://study.education/intro"),
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
        "https://localhost",
        "https://a.b9",
        "https://exa mple",
        "https://-.-.com",  # no label left beside the TLD
    ],
)
def test_rejects_what_is_no_url(ocr):
    assert urls.clean(ocr, "https://") is None


def test_a_label_that_starts_or_ends_with_a_dash_is_no_url():
    assert not urls.valid("https://-bad-.com")
    assert not urls.valid("https://bad-.com")
    assert urls.valid("https://b-ad.com")


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


@pytest.mark.parametrize(
    "ocr,want",
    [
        # the scheme comes from the text when the caller gives none
        ("ttps://pytorch.org/models", "https://pytorch.org/models"),  # the h cut off
        ("ittp://print.de/tutorial", "http://print.de/tutorial"),
        ("http: //www.w3.org/x", "http://www.w3.org/x"),
        # a www with a w lost or bent
        ("https://ww.lab.ai/posts/", "https://www.lab.ai/posts/"),
        ("https://wvw.lab.ai/", "https://www.lab.ai/"),
        # top-level domains OCR bends into non-domains
        ("https://github.con/tree", "https://github.com/tree"),
        ("https://github.corn", "https://github.com"),
        # dashes: an em dash, or a hyphen doubled by one
        ("https://data\u2014algo.com/x", "https://data-algo.com/x"),
        ("https://getting-\u2014started.org", "https://getting-started.org"),
        # the link's full stop run into the next sentence
        ("https://www.page.de.The", "https://www.page.de"),
        ("https://blog.read.dev.Can see", "https://blog.read.dev"),
        # ... but upper case in a path or an upper-case TLD stays
        ("https://github.com/Foo.Bar", "https://github.com/Foo.Bar"),
        ("http://a.b.co.UK/x", "http://a.b.co.uk/x"),
        # OCR spaces inside a query string
        (
            "https://w3.org/papers?ref=graph8 &v=tensor48",
            "https://w3.org/papers?ref=graph8&v=tensor48",
        ),
    ],
)
def test_clean_more_ocr_confusions(ocr, want):
    assert urls.clean(ocr) == want


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
    "text, url",
    [
        # the sentence's full stop and next word run on inside one OCR word
        ("https://learngraph.com/notebooks/.can", "https://learngraph.com/notebooks/"),
        ("http://www.ml.co.rate", "http://www.ml.co"),
        ("https://pixel.ai/intro.trains", "https://pixel.ai/intro"),
        ("https://cloud.org/docs/,mume", "https://cloud.org/docs/"),
        ("https://github.comis", "https://github.com"),
        # ... and after a dot OCR set apart from a host that is not done yet
        ("https://www. vision. comclassic", "https://www.vision.com"),
        ("https://www.lab.ai. comparing", "https://www.lab.ai"),
        (
            "hups://en. wikipedia. org/install ?id=print27)",
            "https://en.wikipedia.org/install?id=print27",
        ),
        # ... and a TLD after a dot OCR set apart, when the label before it is no TLD
        ("(http://blog.mathdocs. info), batch.https://press.tech/abs", "http://blog.mathdocs.info"),
        ("https://www.ai.org. in the", "https://www.ai.org"),
        ("https://www.ai.org. Info", "https://www.ai.org"),
        # a host's dot read as a lone mark, before the TLD
        ("https://docs.Study \u2018 gov/abs/", "https://docs.study.gov/abs/"),
        ("https://docs.study , the", "https://docs.study"),
        # a path's letter set apart before a query or fragment
        ("\u2018https://youtube.com/post s#issues)", "https://youtube.com/posts#issues"),
        ("https://youtube.com/posts C# code", "https://youtube.com/posts"),
        # the sentence's full stop, then a number (a footnote mark), is no part of the link
        ("http://developer.mozilla.org/reference. 1", "http://developer.mozilla.org/reference"),
        (".https://math-ml.dev/blob.txt. 1", "https://math-ml.dev/blob.txt"),
        ("http://www.ai.org/vision 18", "http://www.ai.org/vision18"),
        # an underline's end after the link's full stop
        ("hitps://ai.com/intro_1566.md._ .", "https://ai.com/intro_1566.md"),
        # a file type misread at the path's end
        ("http://stackoverflow.com/chapter-3.him, of", "http://stackoverflow.com/chapter-3.htm"),
        ("http://a.org/x/index.himl", "http://a.org/x/index.html"),
        # a known host's TLD one letter off
        ("https://keras.jo/posts. : ene : =", "https://keras.io/posts"),
        ("https://github.io/x", "https://github.io/x"),
        # a www's dot read as a dash, when a w was lost or added (www- hosts are real)
        ("https://ww -tensor1.academy/guide |", "https://www.tensor1.academy/guide"),
        ("https://www-cs.stanford.edu/x", "https://www-cs.stanford.edu/x"),
        # ... but file names keep their type
        ("http://x.org/a/b.pdf", "http://x.org/a/b.pdf"),
        ("http://x.org/pkg/file.tar.gz", "http://x.org/pkg/file.tar.gz"),
        ("http://www.bbc.co.uk", "http://www.bbc.co.uk"),
        ("http://example.design", "http://example.design"),
        # closers the URL did not open, and > or a closing quote, end it
        ("(https:/api.ai48.com).moreexamplesan", "https://api.ai48.com"),
        ("https://ml.com/getting-started/master>Each", "https://ml.com/getting-started/master"),
        (
            "https://en.wikipedia.org/wiki/Python_(language)",
            "https://en.wikipedia.org/wiki/Python_(language)",
        ),
        # garbled schemes: an s after the h is https
        ("Bifipsi//blog.printread.com/x", "https://blog.printread.com/x"),
        ("tp://blog.vision.org/posts", "http://blog.vision.org/posts"),
        ("httpsi//research.app> solution", "https://research.app"),
        ("\u201chps://scikit-learn.org) ach,", "https://scikit-learn.org"),
        ("https:/Awww.pressbook34.org/posts-1539).", "https://www.pressbook34.org/posts-1539"),
    ],
)
def test_photo_confusions(text, url):
    assert urls.starts_like_scheme(text)
    assert urls.clean(text) == url


def test_ftp_is_no_link():
    assert not urls.starts_like_scheme("ftp://ml.com/examples/guide")


def test_a_comma_after_the_host_ends_the_link():
    assert urls.clean("https://openreview.net, classic.Each algorithm") == "https://openreview.net"
    assert urls.clean("https://deep.com/en, simple.This graph") == "https://deep.com/en"
    assert urls.clean("https://keras, io/api") == "https://keras.io/api"


@pytest.mark.parametrize(
    "text, url",
    [
        # a TLD one look-alike swap away from a known one (from the links stage's misreads)
        ("https://docs.study.qov/abs/", "https://docs.study.gov/abs/"),
        ("https://scikit-learn.ora/index", "https://scikit-learn.org/index"),
        ("(bttps://keras.1o?lang=tensor52)", "https://keras.io?lang=tensor52"),
        ("https://github.corn/x", "https://github.com/x"),
        # real TLDs stay, two-letter ones included (countries), and so does an unknown one
        # that no single swap makes known, or that two swaps could make (ambiguous)
        ("https://example.de/x", "https://example.de/x"),
        ("https://www.bbc.co.uk/news", "https://www.bbc.co.uk/news"),
        ("https://foo.la", "https://foo.la"),
        ("https://foo.ly", "https://foo.ly"),
        ("https://example.zzzz/x", "https://example.zzzz/x"),
        # a capital I inside a word of a lower-case link was a 1 or an l
        (
            "<htp://pytorch.org/examples/docs?id=cloud2I>",
            "http://pytorch.org/examples/docs?id=cloud21",
        ),
        (
            "https://scikit-learn.org/tutorial?lang=mI85",
            "https://scikit-learn.org/tutorial?lang=ml85",
        ),
        # ... and is left alone at a word's start, or where the link has other capitals
        ("https://a.dev/Index", "https://a.dev/Index"),
        ("https://x.org/?q=I", "https://x.org/?q=I"),
        ("https://bit.ly/AbIc", "https://bit.ly/AbIc"),
    ],
)
def test_lookalike_tlds_and_capital_i(text, url):
    assert urls.clean(text) == url


@pytest.mark.parametrize(
    "text, url",
    [
        # a "/" OCR pressed into the letters after the TLD, where the host cannot be right
        ("https//github.comftutorial-372.html.", "https://github.com/tutorial-372.html"),
        ("hitps://pixelresearch.conVpapers.md).", "https://pixelresearch.com/papers.md"),
        ("https://byte.deviarticles.ipynb the", "https://byte.dev/articles.ipynb"),
        # hosts that are right stay, however their labels begin
        ("https://www.comfy.net/x", "https://www.comfy.net/x"),
        ("https://www.devil.com", "https://www.devil.com"),
        ("https://dev.to/x", "https://dev.to/x"),
        # a scheme word with no slashes: a host must follow, not a sentence
        ("https: kaggle.com/x", "https://kaggle.com/x"),
        ("https: //kaggle.com", "https://kaggle.com"),
        ("https: a slow image: The", None),
    ],
)
def test_slash_after_tld_and_a_bare_scheme_word(text, url):
    assert urls.clean(text) == url


@pytest.mark.parametrize(
    "text, url",
    [
        # the sentence's punctuation, then a dash or a stray mark: the link ended before them
        ("https://learn.com/latest, \u2014 |", "https://learn.com/latest"),
        (
            "http://numpy.org/en-569/wiki?tab=web76. \u2014",
            "http://numpy.org/en-569/wiki?tab=web76",
        ),
        ("https://www.w3.org/blob/tree_818, : : 5 Ee a eo", "https://www.w3.org/blob/tree_818"),
        ("https://www.bookcode84.de /index. =~", "https://www.bookcode84.de/index"),
        # ... but a slash OCR set apart still joins
        ("https://keras.io/api / guide", "https://keras.io/api/guide"),
        # a host label ending in a digit is no complete host: OCR split it
        (
            "http://blog.open1 9.org/tutorials/reference.",
            "http://blog.open19.org/tutorials/reference",
        ),
        ("(https://ai5 1.com?id=study 18#guide). Simil", "https://ai51.com?id=study18#guide"),
        # the host's last dot read as a space; the dot before a file type lost
        ("tp://wew.school com, S|", "http://www.school.com"),
        ("https://www.school com", "https://www.school.com"),
        ("https://stats.museum/chapter-3 html. \u2014", "https://stats.museum/chapter-3.html"),
        ("https://stats.museum/guide.html pdf", "https://stats.museum/guide.html"),
        ("https://github.com is", "https://github.com"),
        ("https://kaggle.com/docs com", "https://kaggle.com/docs"),
        # the link's full stop run into a capitalised word, after a path in lower case
        ("https://www.book,co/download.We can see", "https://www.book.co/download"),
        ("https://github.com/Foo.Bar", "https://github.com/Foo.Bar"),
        # "wuw", "wew": a bent www, where a host follows
        ("https://wuw.visiongraph.org", "https://www.visiongraph.org"),
        ("https://wow.com", "https://wow.com"),
    ],
)
def test_span_ends_and_lost_dots(text, url):
    assert urls.clean(text) == url


@pytest.mark.parametrize(
    "text, url",
    [
        # the h and t cut off: the s before the colon still says https
        ("ps://netstack.dev).can that", "https://netstack.dev"),
        ("=ps://youtube.com recent", "https://youtube.com"),
        ("s:/www.data57.org the", "https://www.data57.org"),
        ("p://www.data57.org", "http://www.data57.org"),
        ("tp://www.data57.org", "http://www.data57.org"),
        # a capital inside a host printed in lower case was a digit
        ("http://www.statsS.com authors", "http://www.stats5.com"),
        ("https://neuralO.io/x", "https://neural0.io/x"),
        # ... but a host printed with capitals is only lower-cased
        ("https://GitHub.com/x", "https://github.com/x"),
        ("https://mySite.org", "https://mysite.org"),
    ],
)
def test_a_cut_scheme_and_capitals_in_the_host(text, url):
    assert urls.clean(text) == url


_WORDS = {
    "guide",
    "main",
    "issues",
    "tutorials",
    "api",
    "gpl",
    "faq",
    "fag",
    "models",
    "org",
    "queue",
    "what",
    "does",
    "mean",
    "docs",
    "master",
    "install",
    "math",
    "tensor",
    "model",
    "research",
    "notebooks",
    "link",
    "vision",
    "learn",
    "nature",
}


@pytest.mark.parametrize(
    "url, mended",
    [
        ("https://pypi.org/quide", "https://pypi.org/guide"),  # a g read as q
        ("http://web44.edu/quide_1179", "http://web44.edu/guide_1179"),
        ("https://arxiv.org/nain?q=1", "https://arxiv.org/main?q=1"),
        ("https://github.com/v2/tssues/tutortals", "https://github.com/v2/issues/tutorials"),
        ("https://numpy.org/models", "https://numpy.org/models"),  # not a word, no word near
        ("https://kaggle.com/guide", "https://kaggle.com/guide"),
        ("https://docs.org/faq/apl", "https://docs.org/faq/api"),  # api or gpl: the URL word
        ("https://docs.org/fag", "https://docs.org/faq"),  # a word, but one misread from faq
        ("https://docs.org/gpl/faq/api", "https://docs.org/gpl/faq/api"),  # words stay
        ("https://docs.org/gueue", "https://docs.org/gueue"),  # g to q: towards URL words only
        ("https://a.org/what-does-it-mean", "https://a.org/what-does-it-mean"),  # not docs
        ("http://does.web.com/latest", "http://docs.web.com/latest"),  # a subdomain: docs
        ("http://does.com/latest", "http://does.com/latest"),  # a name, no subdomain
        ("http://www.does.web.com", "http://www.does.web.com"),  # not the first label
        ("https://a.org/wikl", "https://a.org/wiki"),  # no word: any misread to a URL word
        ("https://quide.com", "https://guide.com"),  # a host's label too
        ("https://www.quide.orq", "https://www.guide.orq"),  # not its TLD
        ("https://a.com/Quide/qu", "https://a.com/Quide/qu"),  # capitals and short runs stay
        ("ftp://a.com/quide", "ftp://a.com/quide"),
        # a "!" read for a thin letter: the one that makes a word, else an l
        ("https://www.deep.edu/maste!/v2-941/", "https://www.deep.edu/master/v2-941/"),
        (
            "https://www.open-web23.org/tutorial?id=m!70",
            "https://www.open-web23.org/tutorial?id=ml70",
        ),
        ("https://a.org/!ssues", "https://a.org/issues"),
        # a thin first letter merged into the slash before it
        ("https://docs.python.org/ssues", "https://docs.python.org/issues"),
        (
            "https://en.wikipedia.org/nstall?id=print27",
            "https://en.wikipedia.org/install?id=print27",
        ),
        ("https://a.org/x-nstall", "https://a.org/x-nstall"),  # after a slash only
        ("https://a.org/odels", "https://a.org/odels"),  # neither i nor l makes a word
        ("https://a.org/utorials", "https://a.org/tutorials"),  # a t merged into the slash
        # a slash and a thin letter read as one N or A
        ("https://a.org/Autorials/Nearn", "https://a.org/tutorials/learn"),
        ("https://a.org/Nature", "https://a.org/Nature"),  # a word with its capital stays
        ("https://a.org/Nmodels", "https://a.org/Nmodels"),  # no letter makes a word
        # a query value's number with a digit read as a letter
        ("https://huggingface.co/main?ref=mathz9", "https://huggingface.co/main?ref=math29"),
        ("https://github.com/v2/?ref=tensor4g", "https://github.com/v2/?ref=tensor49"),
        ("https://a.org/x?tag=models5", "https://a.org/x?tag=models5"),  # models: a word too
        ("https://a.org/x?id=cloud21&q=ml42", "https://a.org/x?id=cloud21&q=ml42"),
        ("https://a.org/x?v=mathzz", "https://a.org/x?v=mathzz"),  # no digit: no number
    ],
)
def test_a_misread_word_one_letter_from_a_word_is_mended(url, mended):
    assert urls.mend_words(url, _WORDS.__contains__) == mended


@pytest.mark.parametrize(
    "text, url",
    [
        ("https://blog.page.io/chapter-37id=cloud46.", "https://blog.page.io/chapter-3?id=cloud46"),
        ("https://hf.co/en/en_13537q=code85", "https://hf.co/en/en_1353?q=code85"),
        (
            "http://open.com/ref_1155/guide 2page=study62:",
            "http://open.com/ref_1155/guide?page=study62",
        ),
        ("https://a.org/guide?page=27&id=3", "https://a.org/guide?page=27&id=3"),  # a "?" already
        ("https://a.org/v7/x=1", "https://a.org/v7/x=1"),  # no 7 or 2 before the key
        ("https://a.org/guide 2page is", "https://a.org/guide"),  # no key=: the sentence
    ],
)
def test_a_query_mark_read_as_7_or_2(text, url):
    assert urls.clean(text) == url


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


def test_words_are_mended_by_tesseracts_own_dictionary():
    from links_detector.reading import ocr

    is_word = ocr.engine().is_word
    assert is_word("guide") and is_word("github") and not is_word("quide")
    assert urls.mend_words("https://stackoverflow.com/tree/quide", is_word) == (
        "https://stackoverflow.com/tree/guide"
    )
    for url in ("https://numpy.org/models", "https://kaggle.com/faq", "https://arxiv.org/abs"):
        assert urls.mend_words(url, is_word) == url
    assert is_word("fag") and is_word("gpl") and not is_word("apl")
    assert urls.mend_words("https://w3.org/fag/apl", is_word) == "https://w3.org/faq/api"


@pytest.mark.parametrize(
    "text, url",
    [
        # a number after - or _ with digits read as letters
        (
            "https://tensorflow.org/articles_s27/api_s3o",
            "https://tensorflow.org/articles_527/api_530",
        ),
        ("https://a.org/ref-1O2.html", "https://a.org/ref-102.html"),
        ("https://a.org/guide_l95?q=1", "https://a.org/guide_195?q=1"),
        ("https://aws.com/boto-s3/", "https://aws.com/boto-s3/"),  # two characters: stays
        ("https://a.org/object_detection", "https://a.org/object_detection"),  # no digit
        ("https://a.org/x-so2-y", "https://a.org/x-so2-y"),  # not a segment's end
        # a capital beside a digit in a path otherwise in lower case
        ("https://pytorch.org/abs?ref=pixelS8", "https://pytorch.org/abs?ref=pixel58"),
        ("https://a.org/v2/O9/x", "https://a.org/v2/09/x"),
        ("https://a.org/Sales/S8", "https://a.org/Sales/S8"),  # other capitals: as printed
        ("https://a.org/ref=S", "https://a.org/ref=S"),  # no digit beside it
        # a well-known host read one letter off
        ("https://kagele.com/main", "https://kaggle.com/main"),
        ("https://mumpy.org/models", "https://numpy.org/models"),
        ("https://kaqqle.com/docs The", "https://kaggle.com/docs"),  # q for g: not counted
        ("https://kaqqlc.com", "https://kaggle.com"),
        ("https://en.wikipedla.org/wiki/URL", "https://en.wikipedia.org/wiki/URL"),
        ("https://kagele.org/main", "https://kagele.org/main"),  # another TLD: another host
        ("https://pypy.org", "https://pypy.org"),  # names under five letters stay
        ("https://gitlab.com/a", "https://gitlab.com/a"),  # known itself
        ("https://githop.com", "https://githop.com"),  # two letters off
        # a host's one dot read as - or _; an underline's end after the last slash
        ("https://net-com>; one or more", "https://net.com"),
        ("https://devvision 13_org/abs/ its", "https://devvision13.org/abs/"),
        ("https://data-lab.com", "https://data-lab.com"),  # a dot already
        ("https://data-lab", None),  # lab is no TLD
        ("http://arxiv.org/main/guide/_", "http://arxiv.org/main/guide/"),
        ("http://youtube.com/notebooks/~", "http://youtube.com/notebooks/"),
        ("http://a.org/~joe", "http://a.org/~joe"),
        # a host's last dot read as a space before a path
        ("_http//www.algocode io/fag?lang=read62 every", "http://www.algocode.io/fag?lang=read62"),
        ("https://openai.com ai/x is", "https://openai.com"),  # a TLD after a TLD: the sentence
    ],
)
def test_digits_read_as_letters_and_known_hosts(text, url):
    assert urls.clean(text) == url


@pytest.mark.parametrize(
    "text, url",
    [
        # a space OCR put inside a word of the link: the two halves make a dictionary word
        ("http://stack.com/resea rch?id=math51.", "http://stack.com/research?id=math51"),
        (
            "(https://medium.com/articles/not ebooks/datasets_1475)",
            "https://medium.com/articles/notebooks/datasets_1475",
        ),
        # ... but a word after the link that makes none ends it
        ("https://a.org/models is the", "https://a.org/models"),
        ("https://a.org/math ab", "https://a.org/math"),  # a whole word of six letters or more
    ],
)
def test_a_space_inside_a_word_of_the_link_is_dropped(text, url):
    assert urls.clean(text, is_word=_WORDS.__contains__) == url


def test_without_a_dictionary_a_space_inside_a_word_ends_the_link():
    assert urls.clean("http://stack.com/resea rch?id=math51.") == "http://stack.com/resea"


@pytest.mark.parametrize(
    "text, url",
    [
        # the sentence's comma or semicolon, then a number, ends the link (a full stop did)
        ("ttp://www.school.com, 5", "http://www.school.com"),
        ("https://a.org/x; 12 of them", "https://a.org/x"),
        ("http://vision 18.com/x", "http://vision18.com/x"),  # digits OCR split off still join
        # a "-" last is the sentence's mark ("study62;" read "study62-"), not the link's
        (
            "http://open.com/reference_1155/quide2page=study62-",
            "http://open.com/reference_1155/quide?page=study62",
        ),
        ("https://a.org/chapter-3", "https://a.org/chapter-3"),
        ("https://a.org/x- the end", "https://a.org/x-the"),  # a - inside still joins
        # a "?" read twice, once as a 7, before a query's key
        ("https://www.web-read.io ?7q=stack38#guide>.", "https://www.web-read.io?q=stack38#guide"),
        ("https://print.com/latest?7tab=study6", "https://print.com/latest?tab=study6"),
        ("https://a.org/x?id=7&q=2", "https://a.org/x?id=7&q=2"),  # a value's 7 stays
        ("https://a.org/x?7=1", "https://a.org/x?7=1"),  # a key of digits stays
    ],
)
def test_sentence_marks_after_the_link_and_a_query_mark_read_twice(text, url):
    assert urls.clean(text) == url


@pytest.mark.parametrize(
    "text, url",
    [
        # no host has a "_": each one was a dot read low
        ("(http://api_pagelearn.io),memorys and a large user.", "http://api.pagelearn.io"),
        (
            "https-//www_opennet_ com/examples/releases>.",
            "https://www.opennet.com/examples/releases",
        ),
        ("hittps:-//blog_stats.com every", "https://blog.stats.com"),  # and no host starts "-"
        ("https://a_b", None),  # no TLD after it: no host
        # no label starts or ends with a "-": one beside a dot was a speck
        ("https://pypi-.org) loss", "https://pypi.org"),
        ("https: //www-.mathlink.io/examples.", "https://www.mathlink.io/examples"),
        ("https://blog.neural54-. online We", "https://blog.neural54.online"),
        ("https://my-site.org/a-.b", "https://my-site.org/a-.b"),  # a path keeps its marks
        # a host with no dot at all, ending in a common TLD: the dot was missed
        ("Attps://numpyorg).the chapter is", "https://numpy.org"),
        ("https://deveducation/x", None),  # "on" is no such TLD
        # a misread TLD before the next word run on: "numpy.orq.practical"
        ("http://numpy.orq.practical", "http://numpy.org"),
        # an "&" read as a euro sign, alone or with a 3, 5 or S, before a query's next key
        (
            "http://stackoverflow.com/index?v=link34\u20ac3q=data91 of each",
            "http://stackoverflow.com/index?v=link34&q=data91",
        ),
        (
            "https://docs.read.co.uk?page=ai73\u20acq=study31,",
            "https://docs.read.co.uk?page=ai73&q=study31",
        ),
        ("https://a.org/x?v=1\u20ac", None),  # no key after it: no "&"
        # the search key q with its tail cut off reads g
        (
            "http://en.wikipedia.org/start/?g=stats89 loads",
            "http://en.wikipedia.org/start/?q=stats89",
        ),
        ("https://a.org/x?id=7&g=2", "https://a.org/x?id=7&q=2"),
        ("https://a.org/x?gl=2", "https://a.org/x?gl=2"),
        # a TLD one look-alike off: a y for a v
        ("https://codeweb.dey),", "https://codeweb.dev"),
        # a TLD set apart after the dot of a host that looked complete (.link is a TLD too)
        ("(https://blog. link. edu),", "https://blog.link.edu"),
        ("(https://blog.link. Each one", "https://blog.link"),
        # digits split off before the TLD
        ("http://www.schoolbyte 10.org/wiki", "http://www.schoolbyte10.org/wiki"),
        ("https://a.org 3.5 percent", "https://a.org"),
        # a file type's dot read as a comma or semicolon at the path's end
        ("hitps://pyp.org/research-964, pdf, dit", "https://pyp.org/research-964.pdf"),
        ("https://a.org/notes;md", "https://a.org/notes.md"),
        ("https://a.org/models,then", "https://a.org/models"),  # no file type: the sentence
    ],
)
def test_a_host_dot_read_low_or_missed_and_an_ampersand_read_as_euro(text, url):
    assert urls.clean(text) == url


@pytest.mark.parametrize(
    "url, mended",
    [
        ("https://study.design/iinstall/en", "https://study.design/install/en"),  # read twice
        ("https://a.org/statss", "https://a.org/stats"),
        ("https://a.org/coffee", "https://a.org/coffee"),  # a word with a double letter stays
        ("https://a.org/zzyzz", "https://a.org/zzyzz"),  # no word either way
        # a capital inside a path's word, or a 1 among its letters, when lower it is a word
        ("https://pytorch.org/faq/v2/mode1s", "https://pytorch.org/faq/v2/models"),
        ("https://tensorflow.org/bLob", "https://tensorflow.org/blob"),
        ("https://book.dev/bLOb/", "https://book.dev/blob/"),
        ("https://a.org/v1beta/getUserInfo", "https://a.org/v1beta/getUserInfo"),  # no words
        ("https://a.org/Mode1s", "https://a.org/Mode1s"),  # a capital first: a name
        # towards a URL word an f read as t too, and pypi is one
        ("http://study-deep.com/taq_36/articles", "http://study-deep.com/faq_36/articles"),
        ("https://pypl.org/guide", "https://pypi.org/guide"),
        # an o read as e
        ("https://numpy.org/ebject_detection/", "https://numpy.org/object_detection/"),
        ("https://a.org/tag/tiki", "https://a.org/tag/tiki"),  # a word; no URL word near
    ],
)
def test_a_letter_read_twice_a_stray_capital_and_a_1_for_an_l(url, mended):
    from links_detector.reading import ocr

    assert urls.mend_words(url, ocr.engine().is_word) == mended


@pytest.mark.parametrize(
    "text, url",
    [
        # the scheme's second slash and the host's first letter read as one N or A
        ("https:/Nink.tech/wiki), the", "https://link.tech/wiki"),
        ("http:/Aink.com figure", "http://link.com"),
        ("hitps:/Nision21.co/faq", "https://vision21.co/faq"),  # the letter that makes a word
        ("http:/Nearnmath.co/en", "http://learnmath.co/en"),  # none does: an l
        ("https://Nature.com", "https://nature.com"),  # two slashes: no letter hidden
        ("https:/Nature.com", "https://nature.com"),  # a word as read stays
    ],
)
def test_a_slash_and_a_letter_read_as_one_capital(text, url):
    assert urls.clean(text, is_word=_WORDS.__contains__) == url


@pytest.mark.parametrize(
    "text, url",
    [
        # a g (or q) read as both letters: one of them makes a URL word, a known host, a TLD
        ("https ://devprint.com/fagq a", "https://devprint.com/faq"),
        ("https://docs.net.com/fagq/main can", "https://docs.net.com/faq/main"),
        ("https://kagqgle.com/docs The", "https://kaggle.com/docs"),
        ("https://docs.study.gqov/abs/", "https://docs.study.gov/abs/"),
        ("http://www.net90.orqg), the", "http://www.net90.org"),
        ("https://learn.org/guqide", "https://learn.org/guqide"),  # no gq or qg: as read
        ("https://qgis.org/docs", "https://qgis.org/docs"),  # "gis" is too short to trust
        ("https://gq.com/style", "https://gq.com/style"),  # a host as printed
    ],
)
def test_a_g_read_as_both_g_and_q(text, url):
    from links_detector.reading import ocr

    is_word = ocr.engine().is_word
    assert urls.mend_words(urls.clean(text, is_word=is_word), is_word) == url


@pytest.mark.parametrize(
    "text, url",
    [
        # the sentence's next word run on after the link's last "/", no space read
        ("http://www.ai.com/examples/and", "http://www.ai.com/examples/"),
        (
            "http://docs-research.com/posts/research/and a",
            "http://docs-research.com/posts/research/",
        ),
        ("https://github.com/wiki/is", "https://github.com/wiki/"),
        ("https://github.com/wiki/isa", "https://github.com/wiki/isa"),  # no such word: kept
        ("https://docs.com/and/more", "https://docs.com/and/more"),  # not the last segment
        # an 8 read as & in a query value: a & starts a key, and no key is a number
        (
            "https://blog.algo.dev?id=cloud76&v=web&3; that",
            "https://blog.algo.dev?id=cloud76&v=web83",
        ),
        ("https://a.com/x?q=a1&id=b2", "https://a.com/x?q=a1&id=b2"),
        # a TLD that is an English word, after a complete host and a ";": the sentence's
        ("https://keras.io; network", "https://keras.io"),
        ("https://studymath, blog/index", "https://studymath.blog/index"),
        # an underscore before a path's number read as a space (no ink of it in the gap)
        ("(http://www.study.cloud/posts 1386).", "http://www.study.cloud/posts_1386"),
        ("http://a.com/wiki/examples 1561/#tutorial,", "http://a.com/wiki/examples_1561/#tutorial"),
        ("https://www.schoolbyte 10.org/wiki", "https://www.schoolbyte10.org/wiki"),  # a host's
    ],
)
def test_a_run_on_word_an_eight_read_as_ampersand_and_a_word_after_a_host(text, url):
    from links_detector.reading import ocr

    is_word = ocr.engine().is_word
    assert urls.clean(urls.url_span(text, is_word), is_word=is_word) == url


@pytest.mark.parametrize(
    "text, url",
    [
        # a host's word and number, the number's digits read as letters (o for 0, s for 5)
        ("\\(hteps://www.book7o.org/examples.txt)", "https://www.book70.org/examples.txt"),
        ("https://data-vision7o.info/papers/) library", "https://data-vision70.info/papers/"),
        (
            "(hetps://www.research4s.com/tutorial/index)",
            "https://www.research45.com/tutorial/index",
        ),
        ("https://labs1.com/x", "https://labs1.com/x"),  # "labs" is a word: its s is no digit
        ("https://models5.io", "https://models5.io"),  # no digit after the word's letters
        ("https://s3o.amazonaws.com", "https://s3o.amazonaws.com"),  # no word before the number
        # the sentence's comma or full stop read as "_", and its next word
        ("https://pytorch.org/main_ or", "https://pytorch.org/main"),
        ("https://www.researchschool.de_ or", "https://www.researchschool.de"),
        ("https://x.com/read_ the_docs", "https://x.com/read_the_docs"),  # a path's words
        ("https://x.com/object_ detection", "https://x.com/object_detection"),
        # and its full stop and a short next word run on into the host
        ("ht tps://medium.com.or more", "https://medium.com"),
        ("http://pypi.org.of https://learn.fr/master each", "http://pypi.org"),
        ("https://a.b.co.in", "https://a.b.co.in"),  # .in is India's
    ],
)
def test_a_hosts_number_read_as_letters_and_a_sentence_word_after_a_mark(text, url):
    assert _as_the_reader_cleans(text) == url


@pytest.mark.parametrize(
    "text, url",
    [
        # a 1 and an l taken for each other in a host's name
        ("ctp://www.1ink10.dev/v2. browser", "http://www.link10.dev/v2"),
        ("https://ai5l.org?7lang=press65#v2; more", "https://ai51.org?lang=press65#v2"),
        ("https://1nfo.com", "https://1nfo.com"),  # "lnfo" is no word
        ("https://ml5l.com/ai5l", "https://ml51.com/ai5l"),  # (the host only)
        # an f read for a slash, or for a slash and a t, between two words of a path
        (
            "hup://dev-deep.ca/blob/absfreleases/releases is",
            "http://dev-deep.ca/blob/abs/releases/releases",
        ),
        (
            "(https://huggingface.co/introflatest/docs). Each",
            "https://huggingface.co/intro/latest/docs",
        ),
        ("http://medium.com/docsfutorial/", "http://medium.com/docs/tutorial/"),
        ("https://a.com/selfie/wolfpack", "https://a.com/selfie/wolfpack"),  # words: kept
        ("https://github.com/tensorflow/workflow", "https://github.com/tensorflow/workflow"),
        # a path's word OCR set apart from the slashes on both sides
        (
            "(Attps:/ /huggingface.co/ notebooks /datasets_834) the",
            "https://huggingface.co/notebooks/datasets_834",
        ),
        ("https://huggingface.co/ notebooks are", "https://huggingface.co/"),
    ],
)
def test_one_and_l_in_a_host_an_f_for_a_slash_and_a_word_between_slashes(text, url):
    assert _as_the_reader_cleans(text) == url


@pytest.mark.parametrize(
    "text, url",
    [
        # the scheme's second slash and the host's first letter read as N or A, after a
        # scheme OCR read with one slash or a dash
        ("ttp:/Nink.net, client", "http://link.net"),
        (
            "http-/Nearnmath.co/en/releases.txt#models),",
            "http://learnmath.co/en/releases.txt#models",
        ),
        # an A is the slash alone when a word follows it
        ("hutp:/Adocs.cloud.io/reference/,", "http://docs.cloud.io/reference/"),
        (
            "ittps:/Awww.cloudlink.org/tutorials-267/datasets)",
            "https://www.cloudlink.org/tutorials-267/datasets",
        ),
        # a query's ? read as 2 after the TLD
        ("https://en. wikipedia.org2page=pixel11). The", "https://en.wikipedia.org?page=pixel11"),
        ("https://www.math2.com/a", "https://www.math2.com/a"),
        # the sentence's comma and next word after a host
        ("https://en.wikipedia.org,is", "https://en.wikipedia.org"),
        # a slash read as an opening bracket in a path (none closes it)
        (
            "e https://kaggle.com/faq-1540/latest(notebooks link",
            "https://kaggle.com/faq-1540/latest/notebooks",
        ),
        (
            "https://en.wikipedia.org/wiki/Python_(programming_language)",
            "https://en.wikipedia.org/wiki/Python_(programming_language)",
        ),
        # a subdomain's dot read as a space
        ("https://developer mozilia.org, each page;", "https://developer.mozilla.org"),
        ("<http://docs press.co/issues-251/>,", "http://docs.press.co/issues-251/"),
        ("https://hugging face.co/x", "https://huggingface.co/x"),  # no subdomain word
        # the link's last slash read as an l run on to its last word
        ("https://huggingface.co/blob/guidel>. improv", "https://huggingface.co/blob/guide/"),
        ("hutp:/Adocs.cloud.iofreferencel,", "http://docs.cloud.io/reference/"),
        ("https://a.com/x/model", "https://a.com/x/model"),  # a word with its l
        ("https://a.com?q=guidel", "https://a.com?q=guidel"),  # not after a slash
    ],
)
def test_a_slash_read_as_n_a_or_a_bracket_a_query_mark_as_2_and_a_subdomains_dot_as_space(
    text, url
):
    assert _as_the_reader_cleans(text) == url


def _as_the_reader_cleans(text: str) -> str | None:
    """``text`` from its scheme on, cleaned and its words mended (``reader.url_of``)."""
    from links_detector.reading import ocr

    is_word = ocr.engine().is_word
    span = urls.from_scheme(text)
    url = urls.clean(span, is_word=is_word) if span else None
    return urls.mend_words(url, is_word) if url else None


@pytest.mark.parametrize(
    "text, url",
    [
        # a long dash between two spaces is the sentence's; inside a word, a hyphen
        ("https://stack1.io/chapter-3/ \u2014 slow", "https://stack1.io/chapter-3/"),
        ("https://x.org/a \u2013 then more", "https://x.org/a"),
        ("https://x.org/getting\u2014started now", "https://x.org/getting-started"),
        ("https://x.org/a \u2014b now", "https://x.org/a-b"),
        # a link printed in brackets: the word before the closing bracket, after a "/ "
        ("<https://deep12.org/issues/ wiki>.", "https://deep12.org/issues/wiki"),
        ("(https://deep12.org/issues/ wiki) and", "https://deep12.org/issues/wiki"),
        ("https://deep12.org/issues/ wiki and", "https://deep12.org/issues/"),  # no bracket
        ("(https://deep12.org/issues/ wiki and more)", "https://deep12.org/issues/"),
        # a long TLD after a space, the host's last label ending in digits
        (
            "(http//docs.study28 education/papers/guide- 1587).",
            "http://docs.study28.education/papers/guide-1587",
        ),
        # a one-letter query key after a "?" read as 7
        ("https.//www.web-read.io7q=stack38#guide>.", "https://www.web-read.io?q=stack38#guide"),
        # a host's dot read as a quote
        ("(https://www \u2018Graph-stats .com/instal1)", "https://www.graph-stats.com/install"),
        # a known host's hyphen lost
        ("http://scikitlearn.org/wiki/notebooks.", "http://scikit-learn.org/wiki/notebooks"),
        ("http://scikitlearn.com/wiki", "http://scikitlearn.com/wiki"),  # not at its TLD
        # a run-on TLD, a glued www, a capital I for an l in a host, a file type misread
        ("Attpsi//en. wikipediaorg the", "https://en.wikipedia.org"),
        ("https://data.ioor", "https://data.io"),
        ("http://wwwlink.cloud writes", "http://www.link.cloud"),
        ("(http://www.mIneural.io/models#notebooks)", "http://www.mlneural.io/models#notebooks"),
        ("(http://pytorch.org/download/issues.btm) uses", "http://pytorch.org/download/issues.htm"),
        # a word and a TLD run together in a host is no misread (deepal is a word)
        ("http://www.deepai.com", "http://www.deepai.com"),
        ("https://deepai.tech/tutorial", "https://deepai.tech/tutorial"),
        # the sentence's last word before a scheme read exactly
        (":can https://www.algo.io see that the open", "https://www.algo.io"),
    ],
)
def test_a_spaced_dash_a_bracketed_link_a_long_tld_and_a_quote_for_a_dot(text, url):
    assert _as_the_reader_cleans(text) == url


@pytest.mark.parametrize(
    "text, url",
    [
        # a query's "?" read as a space (prose has no "="); one read as a 7 before the space
        (
            "https://print.dev/articles/papers tab=cloud30&v=dev10",
            "https://print.dev/articles/papers?tab=cloud30&v=dev10",
        ),
        ("https://print.dev/papers7 tab=cloud30", "https://print.dev/papers?tab=cloud30"),
        ("https://paperswithcode.com page=deep55 and", "https://paperswithcode.com?page=deep55"),
        ("https://x.org/a?b=1 tab=2", "https://x.org/a?b=1"),  # one "?" only
        ("https://x.org/guide and then", "https://x.org/guide"),
        # a closing bracket read as 1 or l after a file type; letters run on after a long one
        ("\u2018tps://stats.museum/chapter-3 .html1.", "https://stats.museum/chapter-3.html"),
        ("https://x.org/a.pdfl", "https://x.org/a.pdf"),
        ("https://x.org/a.html", "https://x.org/a.html"),  # .htm and an l: no, a file type
        ("https://docs.x.com/faq-532/intro.ipynblibe**", "https://docs.x.com/faq-532/intro.ipynb"),
        ("https://x.org/index.htmlthe", "https://x.org/index.html"),
        # ipynb run on to the word before it
        ("ittps-//dev.com/datasetsipynb.", "https://dev.com/datasets.ipynb"),
        ("https://x.org/notebooks/ipynb", "https://x.org/notebooks/ipynb"),
        # a known host after a speck read as l or i
        ("http:/ /|medium.com/ docs/examples/en.", "http://medium.com/docs/examples/en"),
        ("https://imedium.com/x", "https://medium.com/x"),
        ("https://lmedium.org/x", "https://lmedium.org/x"),  # not at its TLD
        # an l and the dot after it read as one capital L in a host with no dot
        ("http://schooLio).", "http://school.io"),
        ("http://schooLabs.com", "http://schoolabs.com"),  # a dot already: no TLD after the L
    ],
)
def test_a_query_after_a_space_a_bracket_after_a_file_type_and_a_speck_before_a_host(text, url):
    assert _as_the_reader_cleans(text) == url
