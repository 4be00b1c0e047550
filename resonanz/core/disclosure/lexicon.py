"""The compiled word lists of the checker, and the search for label words in a folded text.

Every list comes from ``[disclosure]`` in ``defaults.toml``; this module only turns phrases into
whole-word regular expressions (``"in kooperation mit"`` also matches ``#inkooperationmit``) and
finds :class:`Label` occurrences with their negation ("keine Werbung") and "unpaid" qualifier
("unbezahlte Werbung"). Which kinds count as a proper label depends on the profile and is decided
by the rules, not here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from resonanz.core.disclosure.normalise import Folded, fold_phrase
from resonanz.core.disclosure.settings import DisclosureSettings

_SEEN_MAX = 4096  # texts whose labels a Lexicon remembers
KIND_PRIORITY = {"de": 4, "video": 4, "en": 3, "weak": 2, "thanks": 2, "unclear": 1}
"""When two label words overlap, the higher kind wins ("sponsored" over "sponsored by")."""

_CLAUSE_END = re.compile(r"[.!?|:;\n•]")
# Links, @handles and e-mail addresses are no place for a label ("brand.de/werbung", "@anzeige_hh").
_NOT_TEXT = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]*@[\w.]+"
    r"|(?<![\w.])(?:[a-z0-9-]+\.)+(?:de|com|at|ch|eu|shop|store|net|org|io|co|me|to|ly|it)(?![\w-])\S*"
)
_WORD = re.compile(r"[^\W\d_]+")
_HASHTAG = re.compile(r"#(\w+)")


def _words(phrase: str) -> list[str]:
    """The words of a folded phrase, as :func:`_pieces` joins them."""
    return [w for w in re.split(r"[\s\-]+", fold_phrase(phrase).lstrip("#")) if w]


def _pieces(
    phrase: str, *, hashtag: bool = True, prefix: bool = False
) -> tuple[str, str, str, str]:
    """(left boundary, hashtag lead, body, right boundary) of a phrase's regex."""
    folded = fold_phrase(phrase)
    tag = folded.startswith("#")
    words = [re.escape(w) for w in _words(phrase)]
    body = r"[\s\-_]*".join(words)
    lead = "#" if tag else ("#?" if hashtag else "")
    left = r"(?<!\w)" if (tag or folded[:1].isalnum()) else ""
    right = "" if prefix or not folded[-1:].isalnum() else r"(?!\w)"
    return left, lead, body, right


def phrase_pattern(phrase: str, *, hashtag: bool = True, prefix: bool = False) -> str:
    """Regex source for a folded phrase on whole words (``#`` optional unless written)."""
    return "".join(_pieces(phrase, hashtag=hashtag, prefix=prefix))


def _grouped(phrases: Iterable[str], **kwargs: bool) -> str:
    """One regex for many phrases: phrases with the same boundaries share one group, so the
    look-behind runs once per position instead of once per phrase (20× faster)."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for phrase in sorted(phrases, key=lambda p: -len(fold_phrase(p))):
        left, lead, body, right = _pieces(phrase, **kwargs)
        groups.setdefault((left, lead, right), []).append(body)
    return "|".join(
        f"(?:{left}{lead}(?:{'|'.join(bodies)}){right})"
        for (left, lead, right), bodies in groups.items()
    )


class Matcher:
    """A phrase list as one regex, with a cheap test in front.

    Most captions contain none of a list's words: a substring test for long words and a set
    lookup for short ones ("ad", "#sp") rule that out before the slower regex runs.
    """

    def __init__(self, phrases: Iterable[str], **kwargs: bool) -> None:
        ordered = sorted({p for p in phrases if p.strip()}, key=lambda p: -len(p))
        self.pattern = re.compile(_grouped(ordered, **kwargs))
        long, short = set(), set()
        for phrase in ordered:
            folded = fold_phrase(phrase)
            words = [w for w in re.split(r"[\s\-]+", folded.lstrip("#")) if w]
            word = max(words, key=len)
            if len(word) >= 4 or len(words) > 1 or kwargs.get("prefix") or not word.isalnum():
                long.add(word)
            elif folded.startswith("#"):
                short.add("#" + word)
            else:
                short.update((word, "#" + word))
        self.long = tuple(sorted(long))
        self.short = frozenset(short)

    def _maybe(self, text: str, words: frozenset[str] | None) -> bool:
        if any(word in text for word in self.long):
            return True
        if not self.short:
            return False
        return not self.short.isdisjoint(words if words is not None else word_set(text))

    def finditer(self, text: str, words: frozenset[str] | None = None) -> list[re.Match[str]]:
        """All matches in ``text`` (``words``: its :func:`word_set`, if already known)."""
        return list(self.pattern.finditer(text)) if self._maybe(text, words) else []

    def search(self, text: str, words: frozenset[str] | None = None) -> re.Match[str] | None:
        """The first match in ``text``, or None."""
        return self.pattern.search(text) if self._maybe(text, words) else None


_TOKEN = re.compile(r"#?\w+")


def word_set(text: str) -> frozenset[str]:
    """The words and #hashtags of a folded text."""
    return frozenset(_TOKEN.findall(text))


def alternation(phrases: Iterable[str], **kwargs: bool) -> Matcher | None:
    """A :class:`Matcher` for any of ``phrases`` (longest first); None for an empty list."""
    if not any(p.strip() for p in phrases):
        return None
    return Matcher(phrases, **kwargs)


@dataclass(frozen=True)
class Label:
    """One label word found in a folded text."""

    kind: str  # de | video | en | weak | thanks | unclear
    start: int  # folded positions
    end: int
    pos: int  # original index of the first character
    text: str  # the original text
    negated: bool = False
    unpaid: bool = False
    english: bool = False
    handle: str | None = None  # the @handle of a "thanks @brand"


class Lexicon:
    """The compiled lists of one :class:`DisclosureSettings`."""

    def __init__(self, settings: DisclosureSettings) -> None:
        t, s = settings.tokens, settings.signals
        self.settings = settings
        self.kinds: dict[str, Matcher | None] = {
            "de": alternation(t.de),
            "video": alternation(t.video),
            "en": alternation(t.en),
            "weak": alternation(t.weak),
            "unclear": alternation(t.unclear),
        }
        self.weak_en = {fold_phrase(p).lstrip("#") for p in t.weak_en}
        self.exceptions = tuple(fold_phrase(p) for p in t.exceptions)
        self.negations = {fold_phrase(p) for p in t.negations}
        self.unpaid = {fold_phrase(p) for p in t.unpaid_qualifiers}
        self.tag_prefixes = tuple(fold_phrase(p) for p in t.hashtag_prefixes)
        self.tag_suffixes = tuple(fold_phrase(p) for p in t.hashtag_suffixes)
        exact = {fold_phrase(p).lstrip("#").replace(" ", "") for p in (*t.de, *t.en, *t.video)}
        self.exact_tags = exact
        thanks = "|".join(phrase_pattern(p, hashtag=False) for p in t.thanks)
        self.thanks = re.compile(
            rf"(?:{thanks})[^\n@.!?]{{0,24}}?@([a-z0-9_](?:[a-z0-9_.]*[a-z0-9_])?)"
        )
        # every match of self.thanks contains the first word of one of the phrases
        self.thanks_heads = tuple(sorted({_words(p)[0] for p in t.thanks if _words(p)}))
        self._seen: dict[str, tuple[Label, ...]] = {}
        self.thanks_en = {fold_phrase(p) for p in ("thanks", "thank you", "thx")}
        self.political = alternation(settings.political_terms, hashtag=True)
        self.code_words = alternation(s.code_words)
        self.discount_words = alternation(s.discount_words)
        self.affiliate_words = alternation(s.affiliate_words)
        self.commercial = alternation(s.commercial_phrases)
        self.brand_context = alternation(s.brand_context, prefix=True)
        self.credit_context = alternation(s.credit_context)
        self.prepositions = {fold_phrase(p) for p in s.brand_prepositions}
        self.stopwords = {
            k: frozenset(fold_phrase(w) for w in v) for k, v in settings.stopwords.items()
        }
        separators = "|".join(re.escape(fold_phrase(x)) for x in settings.frame_separators)
        self.frame_split = re.compile(rf"\f|\n[ \t]*(?:{separators})[ \t]*(?:\n|$)")

    # -- label words -------------------------------------------------------------------------

    def _qualifiers(self, text: str, start: int) -> tuple[bool, bool]:
        """(negated, unpaid) from the two words before ``start`` in the same clause."""
        head = text[max(0, start - 40) : start]
        cut = max((m.end() for m in _CLAUSE_END.finditer(head)), default=0)
        words = _WORD.findall(head[cut:])[-2:]
        return (
            any(w in self.negations for w in words),
            any(w in self.unpaid for w in words),
        )

    def _is_exception(self, text: str, start: int) -> bool:
        rest = text[start:].lstrip("#").replace("-", " ")
        return any(
            rest.startswith(e) and not rest[len(e) : len(e) + 1].isalnum() for e in self.exceptions
        )

    def _label(self, f: Folded, kind: str, start: int, end: int, **extra: object) -> Label:
        negated, unpaid = self._qualifiers(f.text, start)
        pos, stop = f.span(start, end)
        fields = {"negated": negated, "unpaid": unpaid, **extra}
        return Label(kind, start, end, pos, f.original[pos:stop], **fields)  # type: ignore[arg-type]

    def _compound_tags(self, f: Folded) -> list[Label]:
        """Hashtags such as #werbungdurchverlinkung, #unbezahltewerbung, #keinewerbung."""
        out: list[Label] = []
        if "#" not in f.text or not any(
            p in f.text for p in (*self.tag_prefixes, *self.tag_suffixes)
        ):
            return out
        for m in _HASHTAG.finditer(f.text):
            body = m.group(1)
            if body in self.exact_tags:
                continue
            if body.startswith(self.tag_prefixes):
                out.append(self._label(f, "de", m.start(), m.end()))
                continue
            suffix = next((s for s in self.tag_suffixes if body.endswith(s)), None)
            if suffix is None:
                continue
            head = body[: -len(suffix)]
            negated = head.startswith(tuple(self.negations))
            unpaid = head.startswith(tuple(self.unpaid))
            label = self._label(f, "de", m.start(), m.end())
            out.append(
                Label(
                    label.kind,
                    label.start,
                    label.end,
                    label.pos,
                    label.text,
                    negated=negated,
                    unpaid=unpaid,
                )
            )
        return out

    def labels(self, f: Folded) -> list[Label]:
        """Every label word in ``f`` (overlaps resolved by :data:`KIND_PRIORITY`, then length).

        Remembered per text for repeated ones (on-screen texts, transcripts, story frames): a
        :class:`Folded` is always ``fold(f.original)``, so its original decides the result.
        """
        hit = self._seen.get(f.original)
        if hit is None:
            if len(self._seen) >= _SEEN_MAX:
                self._seen.clear()
            hit = self._seen[f.original] = tuple(self._labels(f))
        return list(hit)

    def _labels(self, f: Folded) -> list[Label]:
        found: list[Label] = []
        for kind, pattern in self.kinds.items():
            if pattern is None:
                continue
            for m in pattern.finditer(f.text, f.words):
                if kind == "en" and self._is_exception(f.text, m.start()):
                    continue
                english = kind == "en" or m.group(0).lstrip("#") in self.weak_en
                found.append(self._label(f, kind, m.start(), m.end(), english=english))
        thanks = "@" in f.text and any(w in f.text for w in self.thanks_heads)
        for m in self.thanks.finditer(f.text) if thanks else ():
            english = any(m.group(0).startswith(w) for w in self.thanks_en)
            found.append(
                self._label(f, "thanks", m.start(), m.end(), english=english, handle=m.group(1))
            )
        found.extend(self._compound_tags(f))
        if found and ("@" in f.text or "." in f.text):
            masked = _masked(f.text)
            found = [x for x in found if x.kind == "thanks" or not masked(x.start)]
        return _resolve(found)


def _masked(text: str) -> Callable[[int], bool]:
    """Whether a position of ``text`` lies in a link, @handle or e-mail address (_NOT_TEXT).

    A match of _NOT_TEXT never spans white space and needs an '@', '.' or ':', so only the
    white-space-free run around the position is searched, and only if it has one of them: the
    same spans as a search of the whole text, without scanning every word for an '@'.
    """
    runs: dict[int, list[tuple[int, int]]] = {}

    def inside(pos: int) -> bool:
        a, b = pos, pos
        while a > 0 and not text[a - 1].isspace():  # str.isspace() is re's \s
            a -= 1
        while b < len(text) and not text[b].isspace():
            b += 1
        if a not in runs:
            run = text[a:b]
            plain = "@" not in run and "." not in run and ":" not in run
            runs[a] = [] if plain else [m.span() for m in _NOT_TEXT.finditer(text, a, b)]
        return any(x <= pos < y for x, y in runs[a])

    return inside


def _resolve(found: list[Label]) -> list[Label]:
    ranked = sorted(found, key=lambda x: (-KIND_PRIORITY[x.kind], -(x.end - x.start), x.start))
    kept: list[Label] = []
    for label in ranked:
        if all(label.end <= k.start or label.start >= k.end for k in kept):
            kept.append(label)
    return sorted(kept, key=lambda x: x.start)


_LEXICA: dict[int, tuple[DisclosureSettings, Lexicon]] = {}


def lexicon(settings: DisclosureSettings) -> Lexicon:
    """The compiled lexicon of ``settings`` (cached; the settings object is kept alive)."""
    hit = _LEXICA.get(id(settings))
    if hit is not None and hit[0] is settings:
        return hit[1]
    if len(_LEXICA) > 16:
        _LEXICA.clear()
    lex = Lexicon(settings)
    _LEXICA[id(settings)] = (settings, lex)
    return lex
