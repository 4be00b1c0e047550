"""Commercial signals: discount codes, affiliate and shop links, brand @mentions, deal phrases.

When the consideration is unknown, a label is required only if the post shows one of these
(issue #5). A signal is *strong* (a code, a shop or affiliate link, a phrase like "in Kooperation
mit", a @mention in a product or brand context, a known brand) or *weak* (a bare @mention of a
handle that may be a person or a brand): a missing label on a post with weak signals only is
sent to manual review instead of being called an error.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from resonanz.core.disclosure.lexicon import Lexicon
from resonanz.core.disclosure.normalise import Folded

_URL = re.compile(
    r"(?i)(?:\bhttps?://|\bwww\.)[^\s<>\"'()\[\]{}]+"
    r"|(?<![@\w.\-/])(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+"
    r"(?:de|com|at|ch|eu|shop|store|net|org|io|co|me|to|ly|it|fr|nl|uk|info|app|link|page)"
    r"(?![\w\-])(?:/[^\s<>\"'()\[\]{}]*)?"
)
_MENTION = re.compile(r"(?<![\w.@/])@([a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?)")
_CODE_AFTER = re.compile(
    r"\s*(?:[:=\-–—]|ist|is|lautet)?\s*[\"'„“”‚‘’«»*]?\s*([A-Za-z0-9][A-Za-z0-9_\-]{2,24})"
)
_UPPER_CODE = re.compile(r"(?<![\w@#/=.\-])([A-Z][A-Z0-9_\-]{2,23})(?![\w\-])")
_SENTENCE = re.compile(r"[.!?\n]")
_UPPER_DIGIT = re.compile(r"[A-Z][A-Z0-9_\-]*[0-9]")  # in every code _UPPER_CODE may keep
_RUN = re.compile(r"\S+")


@dataclass(frozen=True)
class Signal:
    """One commercial signal in a post."""

    kind: str  # code | affiliate | shop | mention | phrase | label | platform_label
    strong: bool
    text: str
    pos: int | None  # original index in the caption, None when not in the caption
    field: str = "text"
    end: int | None = None


@dataclass(frozen=True)
class Link:
    """A link in the caption (or only in the post's ``links`` field when ``pos`` is None)."""

    url: str
    pos: int | None
    end: int | None
    affiliate: bool
    promotional: bool


@functools.lru_cache(maxsize=8192)  # shop and affiliate links repeat across posts
def _host_and_query(url: str) -> tuple[str, str, frozenset[str]]:
    parts = urlsplit(url if "://" in url else f"https://{url}")
    host = (parts.hostname or "").lower().removeprefix("www.")
    keys = frozenset(k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True))
    return host, (parts.path or "").lower(), keys


def _stem(host: str) -> str:
    labels = [x for x in host.split(".") if x]
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else "")


def classify_link(url: str, lex: Lexicon, brand_stems: Iterable[str] = ()) -> tuple[bool, bool]:
    """(affiliate, promotional) for one URL."""
    s = lex.settings.signals
    host, path, keys = _host_and_query(url)
    affiliate = any(host == d or host.endswith("." + d) for d in s.affiliate_domains) or bool(
        keys & set(s.affiliate_params)
    )
    target = f"{host}{path}"
    stem = _stem(host).replace("-", "")
    promotional = (
        any(p in target for p in s.shop_patterns)
        or bool(keys & set(s.promo_params))
        or any(len(b) >= 4 and (b in stem or stem in b) and len(stem) >= 4 for b in brand_stems)
    )
    return affiliate, promotional and not affiliate


def _urls(text: str) -> Iterator[re.Match[str]]:
    """``_URL.finditer(text)``, searched only in the white-space-free runs with a '.' or ':'.

    A link never spans white space and always has one of them, so the matches are the same.
    """
    for run in _RUN.finditer(text):
        if "." in run.group(0) or ":" in run.group(0):
            yield from _URL.finditer(text, run.start(), run.end())


def find_links(f: Folded, extra: Sequence[str], lex: Lexicon, brands: Iterable[str]) -> list[Link]:
    """Links in the caption text plus those only in the ``links`` field."""
    stems = {re.split(r"[._]", b)[0].replace("-", "") for b in brands}
    found: list[Link] = []
    seen: set[str] = set()
    for m in _urls(f.original):
        url = m.group(0).rstrip(".,;:!?*")
        aff, promo = classify_link(url, lex, stems)
        found.append(Link(url, m.start(), m.start() + len(url), aff, promo))
        seen.add(url.lower().split("://")[-1].removeprefix("www."))
    for url in extra:
        key = url.lower().split("://")[-1].removeprefix("www.")
        if url and key not in seen:
            aff, promo = classify_link(url, lex, stems)
            found.append(Link(url, None, None, aff, promo))
    return found


def find_codes(f: Folded, extra: Sequence[str], lex: Lexicon) -> list[tuple[str, int | None]]:
    """Discount codes with their original index (None when only in ``discount_codes``)."""
    text = f.original
    out: dict[str, int | None] = {}
    if lex.code_words is not None:
        for m in lex.code_words.finditer(f.text, f.words):
            _, end = f.span(m.start(), m.end())
            c = _CODE_AFTER.match(text, end)
            if c and (any(ch.isdigit() for ch in c.group(1)) or c.group(1).isupper()):
                out.setdefault(c.group(1), c.start(1))
    if lex.discount_words is not None and _UPPER_DIGIT.search(text):
        for m in _UPPER_CODE.finditer(text):
            code = m.group(1)
            if not any(ch.isdigit() for ch in code) or sum(ch.isalpha() for ch in code) < 2:
                continue
            a = max((x.end() for x in _SENTENCE.finditer(text, 0, m.start())), default=0)
            stop = _SENTENCE.search(text, m.end())
            sentence = fold_slice(f, a, stop.start() if stop else len(text))
            if lex.discount_words.search(sentence):
                out.setdefault(code, m.start())
    for code in extra:
        if code and code not in out:
            i = text.casefold().find(code.casefold())
            out[code] = i if i >= 0 else None
    return sorted(out.items(), key=lambda kv: (kv[1] is None, kv[1] or 0))


def fold_slice(f: Folded, start: int, end: int) -> str:
    """The folded text of the original ``[start, end)``."""
    lo, hi = bisect_left(f.index, start), bisect_left(f.index, end)  # f.index is sorted
    return f.text[lo:hi]


def find_mentions(f: Folded, extra: Sequence[str]) -> list[tuple[str, int | None, int | None]]:
    """@handles (folded, without '@') with their folded start/end (None if only in the field)."""
    found: list[tuple[str, int | None, int | None]] = (
        [(m.group(1), m.start(), m.end()) for m in _MENTION.finditer(f.text)]
        if "@" in f.text
        else []
    )
    known = {h for h, _, _ in found}
    for handle in extra:
        h = handle.strip().lstrip("@").casefold()
        if h and h not in known:
            found.append((h, None, None))
            known.add(h)
    return found


def _line_window(f: Folded, start: int, end: int, width: int) -> tuple[str, str]:
    """The folded text before and after a match, within ``width`` chars and the same line."""
    before = f.text[max(0, start - width) : start].rsplit("\n", 1)[-1]
    after = f.text[end : end + width].split("\n", 1)[0]
    return before, after


def mention_signal(
    f: Folded, handle: str, start: int | None, end: int | None, lex: Lexicon, link_stems: set[str]
) -> Signal | None:
    """The signal of one @mention: strong in a brand context, None for a credit, else weak."""
    if start is None or end is None:
        return Signal("mention", False, "@" + handle, None, "mentions")
    s = lex.settings.signals
    before, after = _line_window(f, start, end, s.mention_window)
    pos, stop = f.span(start, end)
    text = f.original[pos:stop]
    near_before = before[-20:]
    if lex.credit_context is not None and lex.credit_context.search(near_before):
        return None
    words = re.findall(r"[^\W\d_]+", before)
    stem = re.split(r"[._]", handle)[0]
    strong = (
        (bool(words) and words[-1] in lex.prepositions)
        or (lex.brand_context is not None and bool(lex.brand_context.search(before + " " + after)))
        or any(len(stem) >= 4 and stem in st for st in link_stems)
    )
    return Signal("mention", strong, text, pos, "text", stop)


def phrase_signals(f: Folded, lex: Lexicon) -> list[Signal]:
    """Deal phrases ("in Kooperation mit", "Rabatt", "PR-Sample", …) as strong signals."""
    if lex.commercial is None:
        return []
    out = []
    for m in lex.commercial.finditer(f.text, f.words):
        pos, stop = f.span(m.start(), m.end())
        out.append(Signal("phrase", True, f.original[pos:stop], pos, "text", stop))
    return out
