"""Everything the rules need to know about one post, worked out once.

The profile decides which label words are *accepted* (DE: German labels only; US: German and
English; EU: German, plus English when the audience is not German-speaking), which are *weak*
(R4) and which are *unclear* (R2). The commercial signals decide whether a label is required.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from resonanz.core.disclosure.lexicon import Label, Lexicon
from resonanz.core.disclosure.models import LABEL_REQUIRED, SEVERITY_RANK
from resonanz.core.disclosure.normalise import Folded, Lines, fold
from resonanz.core.disclosure.settings import DisclosureSettings
from resonanz.core.disclosure.signals import (
    Link,
    Signal,
    find_codes,
    find_links,
    find_mentions,
    mention_signal,
    phrase_signals,
)

_COUNTRY_NAMES = {
    "deutschland": "DE",
    "germany": "DE",
    "deu": "DE",
    "ger": "DE",
    "osterreich": "AT",
    "austria": "AT",
    "aut": "AT",
    "schweiz": "CH",
    "switzerland": "CH",
    "suisse": "CH",
    "svizzera": "CH",
    "che": "CH",
    "liechtenstein": "LI",
    "lie": "LI",
}
_WORDS = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=4096)
def audience_countries(value: str | None) -> tuple[str, ...]:
    """ISO codes from 'DE', 'de, at', 'Deutschland', 'Germany/Austria' …; () when unknown."""
    out = []
    for part in re.split(r"[,;/|\s]+", fold(value or "").text):
        if part:
            out.append(_COUNTRY_NAMES.get(part, part.upper()))
    return tuple(out)


def caption_language(f: Folded, stopwords: dict[str, frozenset[str]]) -> str | None:
    """'de' or 'en' by function words, None when neither shows."""
    words = _WORDS.findall(f.text)
    de = sum(w in stopwords["de"] for w in words)
    en = sum(w in stopwords["en"] for w in words)
    if de == en:
        return None
    return "de" if de > en else "en"


@dataclass
class PostInput:
    """The raw inputs of :func:`~resonanz.core.disclosure.checker.check_post`."""

    text: str
    consideration: str = "unknown"
    profile: str = "DE"
    kind: str = "feed"  # feed | story | video | audio
    platform: str | None = None
    platform_label: bool | None = None
    audience_country: str | None = None
    on_screen_text: str | None = None
    transcript: str | None = None
    story_frames: Sequence[str] | None = None
    mentions: Sequence[str] = ()
    discount_codes: Sequence[str] = ()
    links: Sequence[str] = ()
    brand_handles: frozenset[str] = frozenset()
    non_brand_handles: frozenset[str] = frozenset()


@dataclass
class PostContext:
    """One post, analysed: folded texts, label words by class, signals, requirement."""

    inp: PostInput
    settings: DisclosureSettings
    lex: Lexicon
    f: Folded
    lines: Lines
    audience_german: bool
    accepted_kinds: frozenset[str]
    labels: list[Label]
    signals: list[Signal] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    codes: list[tuple[str, int | None]] = field(default_factory=list)
    requirement: str = "none"
    on_screen: Folded | None = None
    transcript: Folded | None = None
    frames: list[Folded] | None = None
    unchecked: list[str] = field(default_factory=list)
    mentions: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    affiliate_only: bool | None = None  # set by the rules (R8 decides it)
    explanations: list[tuple[int, int, bool]] | None = None  # cached by the rules
    blank_lines: list[bool] | None = None  # cached by the rules

    # -- label classes (caption) --------------------------------------------------------------

    def accepted(self, labels: Sequence[Label] | None = None) -> list[Label]:
        """Proper labels for this profile (negated ones never count)."""
        pool = self.labels if labels is None else labels
        return [x for x in pool if x.kind in self.accepted_kinds and not x.negated]

    @property
    def weak(self) -> list[Label]:
        """Insufficient labels: R4 words, "thanks @brand", English labels where not accepted, and
        video placement labels ("Unterstützt durch …") outside a video."""
        return [
            x
            for x in self.labels
            if not x.negated
            and x.kind in ("weak", "thanks", "en", "video")
            and x.kind not in self.accepted_kinds
        ]

    @property
    def unclear(self) -> list[Label]:
        """Label-like words that are no label ("Promo", "Reklame", "Werbg", …)."""
        return [x for x in self.labels if x.kind == "unclear" and not x.negated]

    def labelled(self, f: Folded | None) -> bool:
        """``f`` (on-screen text, transcript, a story frame) carries a proper label."""
        return f is not None and bool(self.accepted(self.lex.labels(f)))

    @property
    def platform_ok(self) -> bool:
        """The platform's paid-partnership label counts as a label here (R10 severity ok)."""
        return bool(self.inp.platform_label) and self.severity("R10") == "ok"

    # -- severities ---------------------------------------------------------------------------

    def severity(self, rule: str) -> str:
        """The rule's severity in this profile (``off`` when it does not apply)."""
        return self.settings.severity[self.inp.profile][rule]

    def label_severity(self, rule: str) -> str:
        """Severity of a labelling rule, capped at review when the requirement is unclear."""
        sev = self.severity(rule)
        if self.requirement == "unclear" and SEVERITY_RANK.get(sev, 0) > SEVERITY_RANK["review"]:
            return "review"
        return sev


def _frames(inp: PostInput, lex: Lexicon) -> list[Folded] | None:
    if inp.story_frames is not None:
        return [fold(x) for x in inp.story_frames]
    source = inp.text if inp.text.strip() else (inp.on_screen_text or "")
    if not source.strip():
        return None
    folded = fold(source)
    cuts = [(m.start(), m.end()) for m in lex.frame_split.finditer(folded.text)]
    bounds = [0, *[c for cut in cuts for c in cut], len(folded.text)]
    out = []
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        pos, stop = folded.span(a, b)
        if folded.original[pos:stop].strip():
            out.append(fold(folded.original[pos:stop]))
    return out


def _audience_german(inp: PostInput, f: Folded, lex: Lexicon, german: Sequence[str]) -> bool:
    countries = audience_countries(inp.audience_country)
    if countries:
        return any(c in german for c in countries)
    if inp.profile == "DE":
        return True  # the DE profile judges for a German audience unless told otherwise
    if inp.profile == "US":
        return False
    return caption_language(f, lex.stopwords) != "en"  # EU: unknown language → German (safe side)


def _deal_signals(ctx: PostContext) -> list[Signal]:
    """Codes, shop and affiliate links."""
    out = [
        Signal("code", True, code, pos, "text" if pos is not None else "discount_codes")
        for code, pos in ctx.codes
    ]
    for link in ctx.links:
        if link.affiliate or link.promotional:
            kind = "affiliate" if link.affiliate else "shop"
            where = "text" if link.pos is not None else "links"
            out.append(Signal(kind, True, link.url, link.pos, where, link.end))
    return out


def _mention_signals(ctx: PostContext) -> list[Signal]:
    """@mentions that may be brands (known creators never are; known brands always are)."""
    inp, out = ctx.inp, []
    stems = {link.url.split("//")[-1].split("/")[0] for link in ctx.links}
    for handle, start, end in ctx.mentions:
        if handle in inp.non_brand_handles:
            continue
        sig = mention_signal(ctx.f, handle, start, end, ctx.lex, stems)
        if sig is not None and handle in inp.brand_handles:
            sig = Signal(sig.kind, True, sig.text, sig.pos, sig.field, sig.end)
        if sig is not None:
            out.append(sig)
    return out


def _other_signals(ctx: PostContext) -> list[Signal]:
    """Deal phrases, label words, the platform label, and deals shown or said in a video."""
    lex = ctx.lex
    out = phrase_signals(ctx.f, lex)
    out += [
        Signal("label", True, x.text, x.pos, "text")
        for x in ctx.labels
        if not x.negated and x.kind != "thanks"
    ]
    if ctx.inp.platform_label:
        out.append(Signal("platform_label", True, "", None, "has_platform_paid_label"))
    for name, extra in (("on_screen_text", ctx.on_screen), ("transcript", ctx.transcript)):
        if extra is not None and _shows_deal(extra.original, lex):
            out.append(Signal("phrase", True, extra.original[:80], None, name))
    return out


@functools.lru_cache(maxsize=4096)
def _shows_deal(text: str, lex: Lexicon) -> bool:
    """On-screen text or a transcript shows a deal phrase, a label word or a code (on-screen
    texts repeat a lot, hence the cache)."""
    extra = fold(text)
    return bool(phrase_signals(extra, lex) or lex.labels(extra) or find_codes(extra, (), lex))


def _signals(ctx: PostContext) -> list[Signal]:
    return [*_deal_signals(ctx), *_mention_signals(ctx), *_other_signals(ctx)]


def _requirement(inp: PostInput, signals: Sequence[Signal]) -> str:
    if inp.consideration in LABEL_REQUIRED:
        return "required"
    if inp.consideration == "none":
        return "none"
    if any(s.strong for s in signals):
        return "required"
    return "unclear" if signals else "none"


def build_context(inp: PostInput, settings: DisclosureSettings, lex: Lexicon) -> PostContext:
    """Analyse one post once for all rules."""
    f = fold(inp.text)
    german = _audience_german(inp, f, lex, settings.german_speaking_countries)
    kinds = {"de"}
    if inp.profile == "US" or (inp.profile == "EU" and not german):
        kinds.add("en")
    if inp.kind in ("video", "audio"):
        kinds.add("video")
    labels = [
        x for x in lex.labels(f) if not (x.kind == "thanks" and x.handle in inp.non_brand_handles)
    ]
    ctx = PostContext(inp, settings, lex, f, Lines.of(inp.text), german, frozenset(kinds), labels)
    ctx.mentions = find_mentions(f, inp.mentions)
    ctx.links = find_links(f, inp.links, lex, [h for h, _, _ in ctx.mentions])
    if inp.consideration == "affiliate":
        ctx.links = [Link(x.url, x.pos, x.end, True, False) for x in ctx.links]
    elif inp.consideration in ("paid", "gifted", "discount_code"):
        ctx.links = [Link(x.url, x.pos, x.end, x.affiliate, not x.affiliate) for x in ctx.links]
    ctx.codes = find_codes(f, inp.discount_codes, lex)
    ctx.on_screen = fold(inp.on_screen_text) if inp.on_screen_text is not None else None
    ctx.transcript = fold(inp.transcript) if inp.transcript is not None else None
    if inp.kind == "story":
        ctx.frames = _frames(inp, lex)
    ctx.signals = _signals(ctx)
    ctx.requirement = _requirement(inp, ctx.signals)
    return ctx
