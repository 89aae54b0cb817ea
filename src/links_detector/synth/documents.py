"""Pages that fill the photo as book pages do: scientific papers and printed web pages.

- ``paper``: two columns of small print (``raw.font_px_min`` up to a third of the way to
  ``raw.font_px_max``), a running head with the venue and the page number; a first page has the
  title, authors, affiliations and the abstract. Sections of prose with citations (``[12]``),
  now and then a link; footnotes with links at a column's foot; references with DOI links
  (``https://doi.org/10.xxxx/...``) or DOIs without a scheme (``doi:10.xxxx/...``, never
  labelled).
- ``webpage``: a web page as browsers print it: the date and time and the page's title in the
  header, the page's URL (a labelled link) and the page number in the footer, the site's name
  and menu over a rule, a headline, a byline, then prose and bullet points with links, often
  underlined and blue or grey.
"""

from __future__ import annotations

import random

from links_detector.synth import page, textgen
from links_detector.synth.scene import Scene, fit, small_px

MENU = ("Home", "Docs", "Blog", "About", "Contact", "News")


def _page(rng: random.Random, cfg, style, W: int, n_links: int):
    """A page about as wide as the photo, and its text block: (scene, left, right, top, bottom)."""
    pw = round(W * rng.uniform(0.97, 1.03))
    ph = round(pw * rng.uniform(1.29, 1.414))
    sc = Scene(rng, cfg, style, pw, ph, n_links, full=True)
    mx = pw * rng.uniform(0.06, 0.1)
    top = ph * rng.uniform(0.03, 0.06) + style.size
    return sc, mx, pw - mx, top, ph - ph * rng.uniform(0.03, 0.06)


def _rate(w: page.Writer, n_links: int, area: float, share: float, most: float) -> float:
    """Links in prose: a rate per word that spreads the page's links over the words that fit
    in ``area`` px^2 (``share`` of them in prose)."""
    words = max(1.0, area / (w.style.size * 1.3 * w.font().getlength("model ")))
    return min(most, share * n_links / words) if n_links else 0.0


def paper(rng, cfg, style, W: int, H: int, n_links: int, dark: bool) -> page.Canvas:
    lo = cfg.font_px_min
    style.size = rng.randint(lo, max(lo, round(lo + 0.3 * (cfg.font_px_max - lo))))
    style.justify = rng.random() < 0.85
    style.link_face = rng.choice(("body", "body", "italic", "mono"))
    sc, left, right, top, bottom = _page(rng, cfg, style, W, n_links)
    w, s = sc.w, style.size
    lh = s * rng.uniform(1.12, 1.3)
    head = w.font("regular", 0.85)
    w.ink.text((left, top), textgen.venue(rng), font=head, anchor="ls")
    w.ink.text((right, top), str(rng.randint(1, 40)), font=head, anchor="rs")
    top += lh * 1.8
    if rng.random() < 0.4:
        top = _front(sc, rng, (left, right, top, bottom), lh)
    gap = s * rng.uniform(1.2, 2.0)
    col_w = (right - left - gap) / 2
    rate = _rate(w, n_links, (bottom - top) * col_w * 2, 0.5, 0.2)
    refs = rng.random() < 0.5
    for c in range(2):
        x0 = left + c * (col_w + gap)
        _column(sc, rng, (x0, col_w, top, bottom), lh, rate, refs and c == 1)
    return sc.canvas()


def _front(sc: Scene, rng: random.Random, block, lh: float) -> float:
    """A first page's title, authors, affiliation and abstract; returns where columns start."""
    left, right, top, bottom = block
    w, s, width = sc.w, sc.style.size, right - left
    px = s * rng.uniform(1.5, 2.1)
    for r in sc.wrap(f"{textgen.title(rng)}: {textgen.title(rng)}".split(), "bold", px, width):
        top += lh * px / s
        sc.row(r, left, right, top, "c")
    authors = ", ".join(textgen.person(rng) for _ in range(rng.randint(2, 5)))
    for r in sc.wrap(authors.split(), "regular", s, width):
        top += lh
        sc.row(r, left, right, top, "c")
    where = f"{textgen.company(rng)}, {textgen.city(rng)} {textgen.email(rng)}"
    top += lh
    sc.row(fit(sc.words(where, "italic", s * 0.9), width), left, right, top, "c")
    top += lh * 1.6
    sc.row(sc.words("Abstract", "bold"), left, right, top, "c")
    inset = width * rng.uniform(0.06, 0.12)
    toks = w.prose(rng.randint(40, 90))
    y = w.paragraph(toks, left + inset, width - 2 * inset, top + lh, bottom, lh)
    return (top + lh if y == float("inf") else y) + lh * 0.8


def _column(sc: Scene, rng: random.Random, col, lh: float, rate: float, refs: bool) -> None:
    """One column: sections of prose with citations, sometimes a footnote with a link at its
    foot, and (``refs``) the references with DOI links after a part of the prose."""
    x0, width, top, bottom = col
    w, s = sc.w, sc.style.size
    if rng.random() < 0.5:
        bottom = _footnote(sc, rng, x0, width, bottom, lh)
    y, section = top, rng.randint(1, 6)
    stop = top + (bottom - top) * rng.uniform(0.2, 0.6) if refs else bottom
    while y <= stop:
        if rng.random() < 0.15:
            head = sc.words(f"{section} {rng.choice(textgen.TOPICS)}", "bold", s * 1.1)
            y = w.paragraph(head, x0, width, y + lh * 0.5, bottom, lh * 1.2, justify=False)
            section += 1
            continue
        toks = w.prose(rng.randint(30, 100), link_rate=rate, max_width=width)
        for _ in range(rng.randint(0, 3)):
            toks.insert(rng.randrange(len(toks) + 1), w.word(textgen.citation(rng), w.font()))
        y = w.paragraph(toks, x0, width, y, bottom, lh, first_indent=s * 1.2)
    if refs and y < bottom:
        head = sc.words("References", "bold", s * 1.1)
        y = w.paragraph(head, x0, width, y + lh * 0.6, bottom, lh * 1.3, justify=False)
        _references(sc, rng, (x0, width, y, bottom), lh * 0.92)


def _references(sc: Scene, rng: random.Random, col, lh: float) -> None:
    """Numbered references with hanging indents: most end with a DOI link, some with a DOI
    without a scheme."""
    x0, width, y, bottom = col
    w, n, scale = sc.w, rng.randint(1, 40), 0.85
    f = w.font("regular", scale)
    hang = sc.style.size * 1.5
    while y <= bottom:
        toks = [w.word(t, f) for t in textgen.reference(rng, n)]
        r = rng.random()
        if r < 0.6:
            link = w.link(scale, width - hang, after=".", bare=True, make=textgen.doi)
            if link is not None:
                toks.append(link)
        elif r < 0.8:
            toks.append(w.word(textgen.bare_doi(rng), f))
        n += 1
        y = w.paragraph(toks, x0, width, y, bottom, lh, hang=hang, justify=False)


def _footnote(sc: Scene, rng: random.Random, x0: float, width: float, bottom, lh) -> float:
    """A footnote with a link under a short rule; returns the column's new bottom."""
    w = sc.w
    scale = max(0.8, small_px(sc.cfg) / sc.style.size)
    fl = lh * scale
    top = bottom - fl * 2.2
    w.ink.line((x0, top, x0 + width * 0.3, top), width=max(1, sc.style.size // 22))
    label = rng.choice(("Code:", "Data:", "See", "Available at"))
    toks = [w.word(str(rng.randint(1, 9)), w.font("regular", scale * 0.8))]
    toks += [w.word(t, w.font("regular", scale)) for t in label.split()]
    link = w.link(scale, width * 0.9, bare=True)
    if link is not None:
        toks.append(link)
    w.paragraph(toks, x0, width, top + fl * 1.2, bottom + fl, fl, justify=False)
    return top - lh * 0.6


def webpage(rng, cfg, style, W: int, H: int, n_links: int, dark: bool) -> page.Canvas:
    lo = cfg.font_px_min
    style.size = rng.randint(lo, max(lo, round(cfg.font_px_max * 0.8)))
    style.link_colour = rng.choices(("ink", "blue", "grey"), (3, 5, 2))[0]
    style.underline = rng.random() < 0.6
    style.justify = False
    sc, left, right, top, bottom = _page(rng, cfg, style, W, n_links)
    w, s, width = sc.w, style.size, right - left
    lh = s * rng.uniform(1.25, 1.5)
    _browser_print(sc, rng, (left, right, top, bottom))
    y = top + lh * 1.5
    menu = "  ".join([textgen.company(rng), *rng.sample(MENU, 4)])
    sc.row(fit(sc.words(menu, "bold", s * 0.9), width), left, right, y + lh)
    w.ink.line((left, y + lh * 1.5, right, y + lh * 1.5), width=max(1, s // 18))
    px = s * rng.uniform(1.4, 2.0)
    headline = sc.words(f"{textgen.title(rng)} {rng.choice(textgen.TOPICS)}", "bold", px)
    y = w.paragraph(headline, left, width, y + lh * 2.5 + px, bottom, lh * px / s, justify=False)
    byline = f"{textgen.date(rng)} by {textgen.person(rng)}"
    y = w.paragraph(sc.words(byline, "italic", s * 0.85), left, width, y, bottom, lh)
    rate = _rate(w, n_links, (bottom - y) * width, 1.3, 0.5)
    layout = rng.choice(("book", "list"))
    page.column(w, rng, layout, left, width, y + lh * 0.5, bottom - lh * 1.5, lh, rate, 1)
    return sc.canvas()


def _browser_print(sc: Scene, rng: random.Random, block) -> None:
    """What a browser prints around the page: date and title above, URL and page number
    below, in small print."""
    left, right, top, bottom = block
    px = max(small_px(sc.cfg), round(sc.style.size * 0.75))
    sc.row(sc.words(textgen.timestamp(rng), "regular", px), left, right, top)
    title = fit(sc.words(textgen.page_title(rng), "regular", px), (right - left) * 0.6)
    sc.row(title, left, right, top, "r")
    url = sc.link_line(px, (right - left) * 0.8)
    if url is not None:
        sc.row(url.items, left, right, bottom)
    number = f"{rng.randint(1, 3)}/{rng.randint(3, 6)}"
    sc.row(sc.words(number, "regular", px), left, right, bottom, "r")
