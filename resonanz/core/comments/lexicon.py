"""Text folding and the compiled word lists of the comment classifier.

Comments are written fast: no capitals, no umlauts (``schoen``), stretched words (``sooo
schöööön``), Swiss ``ss`` for ``ß``. :func:`fold` maps all of these to one spelling, and the
word lists are folded the same way, so one entry covers every variant:

* lower case, typographic apostrophes → ``'``, accents dropped (``café`` → ``cafe``);
* ``ä/ae`` → ``a``, ``ö/oe`` → ``o``, ``ü/ue`` → ``u``, ``ß`` → ``ss``;
* every run of one letter → that letter once (``sooo`` → ``so``, ``toll`` → ``tol``).

Folding loses little for this purpose: two words that fold alike (``schon``/``schön``) are both
"not content" here. A text's *words string* is its folded tokens joined by single spaces, with
every run of sentence punctuation as the token ``.``; phrases are matched on it, so
``Schau mal, auf meinem Profil!`` and ``schau mal auf meinem profil`` look alike.

Phrase syntax (word lists in ``defaults.toml``): words separated by spaces, ``a|b`` alternatives
for one word, ``wort*`` any ending, ``...`` a gap of up to three words (within one sentence).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import polars as pl

from resonanz.core.comments.settings import LIST_NAMES, CommentSettings

_FOLD_FROM = ["’", "‘", "´", "`", "ʼ", "ä", "ö", "ü", "ß", "ae", "oe", "ue"]
_FOLD_TO = ["'", "'", "'", "'", "'", "a", "o", "u", "ss", "a", "o", "u"]
_ACCENTS = {
    "a": "àáâãåā",
    "c": "çćč",
    "e": "èéêëēė",
    "i": "ìíîïī",
    "n": "ñń",
    "o": "òóôõøō",
    "s": "śš",
    "u": "ùúûū",
    "y": "ýÿ",
    "z": "źżž",
}
for _base, _chars in _ACCENTS.items():
    _FOLD_FROM.extend(_chars)
    _FOLD_TO.extend(_base * len(_chars))

TOKEN_PATTERN = r"[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*|[.!?;:,¿？！\n]+"
"""A token: letters/digits with inner apostrophes (``don't``), or a run of sentence punctuation."""

PUNCT = "."
GAP = r"(?: [^ .]+){0,3}"
_WORD_START, _WORD_END = "(?:^| )", "(?: |$)"
_CLAUSE_START = r"(?:^|\. )"


def fold(expr: pl.Expr) -> pl.Expr:
    """The folded spelling of a text column (see the module docstring)."""
    out = expr.str.to_lowercase().str.replace_many(_FOLD_FROM, _FOLD_TO)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        out = out.str.replace_all(f"{letter}{{2,}}", letter, literal=False)
    return out


def fold_strings(values: list[str]) -> list[str]:
    """:func:`fold` for a list of Python strings (the word lists), with the same expression."""
    if not values:
        return []
    folded = pl.DataFrame({"v": values}, schema={"v": pl.String}).select(fold(pl.col("v")))
    return [str(v) for v in folded["v"].to_list()]


def tokens(folded: pl.Expr) -> pl.Expr:
    """The tokens (a list column) of a folded text; every punctuation run becomes ``.``."""
    return folded.str.extract_all(TOKEN_PATTERN).list.eval(
        pl.when(pl.element().str.contains(r"^[\p{L}\p{N}]"))
        .then(pl.element())
        .otherwise(pl.lit(PUNCT))
    )


def _alternative(alt: str) -> str:
    wild = alt.endswith("*")
    core = re.escape(alt.rstrip("*"))
    return core + (r"[^ .]*" if wild else "")


def phrase_regex(phrase: str) -> str:
    """The regex body of one folded phrase (without the word-boundary wrapper)."""
    slots = phrase.split()
    while slots and slots[0] == "...":
        slots.pop(0)
    while slots and slots[-1] == "...":
        slots.pop()
    out = ""
    for slot in slots:
        if slot == "...":
            out += GAP
            continue
        alts = [_alternative(a) for a in slot.split("|") if a]
        out += (" " if out else "") + "(?:" + "|".join(alts) + ")"
    return out


@dataclass(frozen=True)
class CompiledList:
    """One word list, ready to match: anywhere, at a clause start, and as single tokens."""

    anywhere: str | None
    clause_start: str | None
    tokens: frozenset[str]
    token_prefixes: str | None

    def contains(self, words: pl.Expr) -> pl.Expr:
        """Whether the words string contains any phrase of the list."""
        if self.anywhere is None:
            return pl.lit(False)
        return words.str.contains(self.anywhere)

    def starts_clause(self, words: pl.Expr) -> pl.Expr:
        """Whether a phrase of the list opens the text or a sentence/clause of it."""
        if self.clause_start is None:
            return pl.lit(False)
        return words.str.contains(self.clause_start)

    def token_is(self, token: pl.Expr) -> pl.Expr:
        """Whether a single token is one of the list's one-word entries."""
        hit = token.is_in(list(self.tokens)) if self.tokens else pl.lit(False)
        if self.token_prefixes is not None:
            hit = hit | token.str.contains(self.token_prefixes)
        return hit


def compile_list(entries: tuple[str, ...]) -> CompiledList:
    """Fold and compile the phrases of one list."""
    folded = [p for p in fold_strings(list(entries)) if p.strip()]
    if not folded:
        return CompiledList(None, None, frozenset(), None)
    bodies = sorted({phrase_regex(p) for p in folded}, key=len, reverse=True)
    body = "(?:" + "|".join(bodies) + ")"
    singles = [p for p in folded if " " not in p.strip()]
    words = {a for p in singles for a in p.split("|") if a and not a.endswith("*")}
    stems = sorted({re.escape(a[:-1]) for p in singles for a in p.split("|") if a.endswith("*")})
    return CompiledList(
        anywhere=_WORD_START + body + _WORD_END,
        clause_start=_CLAUSE_START + body + _WORD_END,
        tokens=frozenset(words),
        token_prefixes=("^(?:" + "|".join(stems) + ")") if stems else None,
    )


@dataclass(frozen=True)
class LanguageWords:
    """The words only one language's tables know: exact words and word beginnings (``geil*``)."""

    words: frozenset[str]
    stems: str | None
    others: frozenset[str]
    other_stems: str | None

    def vote(self, token: pl.Expr) -> pl.Expr:
        """Whether a token counts as a vote for this language."""
        hit = token.is_in(list(self.words))
        if self.stems is not None:
            by_stem = token.str.contains(self.stems) & ~token.is_in(list(self.others))
            if self.other_stems is not None:
                by_stem = by_stem & ~token.str.contains(self.other_stems)
            hit = hit | by_stem
        return hit


@dataclass(frozen=True)
class CompiledLexicon:
    """All word lists (union over the language tables) plus each language's own words."""

    lists: dict[str, CompiledList]
    language_words: dict[str, LanguageWords]

    def __getitem__(self, name: str) -> CompiledList:
        return self.lists[name]


def _stem_regex(stems: set[str]) -> str | None:
    return ("^(?:" + "|".join(sorted(re.escape(s) for s in stems)) + ")") if stems else None


def _language_words(settings: CommentSettings) -> dict[str, LanguageWords]:
    """Per language table named like an expected language: words no other table has."""
    words: dict[str, set[str]] = {}
    stems: dict[str, set[str]] = {}
    for code, lex in settings.lexicon.items():
        entries = [w for name in LIST_NAMES for w in lex.words(name) if " " not in w.strip()]
        alts = [a for w in fold_strings(entries) for a in w.split("|") if a]
        words[code] = {a for a in alts if not a.endswith("*")}
        stems[code] = {a[:-1] for a in alts if a.endswith("*") and len(a) > 3}
    out: dict[str, LanguageWords] = {}
    for code in (c for c in words if c in settings.language.languages):
        other_words = set().union(*(words[c] for c in words if c != code))
        other_stems = set().union(*(stems[c] for c in stems if c != code))
        own = {w for w in words[code] - other_words if not w.startswith(tuple(other_stems))}
        out[code] = LanguageWords(
            words=frozenset(own),
            stems=_stem_regex(stems[code] - other_stems),
            others=frozenset(other_words),
            other_stems=_stem_regex(other_stems),
        )
    return out


@functools.lru_cache(maxsize=8)
def _compile(settings_json: str) -> CompiledLexicon:
    settings = CommentSettings.model_validate_json(settings_json)
    lists = {name: compile_list(settings.words(name)) for name in LIST_NAMES}
    return CompiledLexicon(lists=lists, language_words=_language_words(settings))


def compile_lexicon(settings: CommentSettings) -> CompiledLexicon:
    """The compiled word lists of ``settings`` (cached per distinct settings)."""
    return _compile(settings.model_dump_json())
