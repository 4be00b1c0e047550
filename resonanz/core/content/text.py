"""Word matching for German and English creator texts: lemmas, compounds, whole words only.

Texts are cut into tokens (runs of letters and digits). Each *distinct* token is lemmatised once
by a :data:`Lemmatiser` — the core stays free of NLP libraries: ``resonanz.io.text.lemmatiser()``
wraps simplemma, and without one the token itself is used (compound matching still finds
"Laufschuhe" → "lauf", "schuh"). Lemmas are then *folded*: lower case, ä/ö/ü/ß → ae/oe/ue/ss,
accents dropped, so "Müsli" and "#muesli" meet.

A :class:`Lexicon` holds labelled terms (a niche, a brand-safety category, …). A term matches a
token's folded lemma:

* ``word``: the whole lemma; several words: the same lemmas in a row (a phrase). A term is
  looked up as written and by its lemma — but not by a lemma longer than itself: lower-case
  "wein" lemmatises as the verb "weinen" and would then match "weinen" (to cry);
* ``word*`` / ``*word`` / ``*word*``: the lemma starts / ends with it / contains it;
* with ``compound=True`` (niche lexicons) a plain word of at least ``min_compound_length`` letters
  also matches as a part of a German compound: at the start, the end, or (from
  ``min_infix_length`` letters) inside, when the other part has at least ``min_rest`` letters or is
  an inflection ending ("vegan" + "erin"). German verbs also match by their stem at the start of a
  word ("laufen" → "Lauf|schuhe"). Within one word the longest match wins, so "reise" beats "reis"
  in "Reisetipps".

Everything runs on the distinct words (the vocabulary), then joins back to the tokens: the cost
grows with the vocabulary, not with the number of posts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import polars as pl

Lemmatiser = Callable[[Sequence[str]], Sequence[str]]
"""Maps tokens as written (case kept) to their lemmas, one for one."""

TOKEN_PATTERN = r"[\p{L}\p{N}]+"
_UMLAUTS = (["ä", "ö", "ü", "ß"], ["ae", "oe", "ue", "ss"])
_VERB_ENDINGS = (
    ("ern", 1),
    ("eln", 1),
    ("en", 2),
)  # wandern → wander, basteln → bastel, laufen → lauf
MAX_PHRASE_TOKENS = 4


def identity_lemmatiser(tokens: Sequence[str]) -> list[str]:
    """The tokens themselves (used when no lemmatiser is given)."""
    return list(tokens)


def fold(expr: pl.Expr) -> pl.Expr:
    """Lower case, German umlauts and ß spelled out, other accents dropped."""
    lowered = expr.str.to_lowercase().str.replace_many(*_UMLAUTS)
    return lowered.str.normalize("NFKD").str.replace_all(r"\p{M}", "")


def fold_values(values: Sequence[str]) -> list[str]:
    """:func:`fold` for plain strings (same rules)."""
    series = pl.Series("v", list(values), dtype=pl.String)
    return pl.select(fold(pl.lit(series))).to_series().to_list()


def tokenize(docs: pl.LazyFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``_doc, text`` → tokens ``_doc, _pos`` (0-based), ``_sid`` (word id) and the words
    ``_sid, surface`` (as written). Words are ids so the bulk joins compare integers."""
    words = (
        docs.select("_doc", surface=pl.col("text").str.extract_all(TOKEN_PATTERN))
        .with_columns(_pos=pl.int_ranges(0, pl.col("surface").list.len(), dtype=pl.Int32))
        .explode("surface", "_pos")
        .drop_nulls("surface")
        .with_columns(_sid=pl.col("surface").cast(pl.Categorical).to_physical())
        .collect()
    )
    surfaces = words.select("_sid", "surface").unique("_sid")
    return words.select("_doc", "_pos", "_sid"), surfaces


def lemma_table(surfaces: pl.DataFrame, lemmatise: Lemmatiser | None) -> pl.DataFrame:
    """``surfaces`` (``_sid, surface``) with their folded ``lemma``; an empty lemma falls back
    to the word itself. The lemmatiser sees each distinct word once."""
    words = surfaces.drop_nulls("surface").sort("surface")
    raw = list((lemmatise or identity_lemmatiser)(words["surface"].to_list()))
    if len(raw) != words.height:
        raise ValueError("the lemmatiser must return one lemma per token")
    frame = words.with_columns(_raw=pl.Series(raw, dtype=pl.String))
    lemma = fold(pl.when(pl.col("_raw").str.len_chars() > 0).then("_raw").otherwise("surface"))
    return frame.select("_sid", "surface", lemma=lemma)


@dataclass(frozen=True)
class MatchRules:
    """How plain terms of a lexicon match compounds (see the module docstring)."""

    compound: bool = False
    min_compound_length: int = 4
    min_infix_length: int = 5
    min_rest: int = 3
    endings: tuple[str, ...] = ()
    ignore: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    """Compiled terms: ``term_id, label, label_id, term`` (as written), ``key`` (folded lemmas),
    ``mode`` (exact | start | end | inside | compound | stem), ``n_tokens``."""

    terms: pl.DataFrame
    rules: MatchRules


def _split_words(term: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s\-–/]+", term.strip()) if w)


@dataclass(frozen=True)
class _Term:
    label: str
    term: str
    words: tuple[str, ...]
    mode: str
    lemmatise: bool  # wildcard forms and derived stems are only folded


def _verb_stem(folded: str, rules: MatchRules) -> str | None:
    for ending, cut in _VERB_ENDINGS:
        if folded.endswith(ending):
            stem = folded[:-cut]
            return stem if len(stem) >= rules.min_compound_length else None
    return None


def _terms(
    label: str, term: str, stems: bool, rules: MatchRules, folded: dict[str, str]
) -> list[_Term]:
    """The compiled forms of one term as written (see the module docstring)."""
    text = term.strip()
    start, end = text.endswith("*"), text.startswith("*")
    words = _split_words(text.strip("*"))
    if not words:
        return []
    if len(words) > 1:
        return [_Term(label, text, words, "exact", True)]
    if start or end:
        mode = "inside" if start and end else "start" if start else "end"
        return [_Term(label, text, (folded[words[0]],), mode, False)]
    out = [_Term(label, text, words, "compound" if rules.compound else "exact", True)]
    stem = _verb_stem(folded[words[0]], rules) if stems and rules.compound else None
    if stem is not None:
        out.append(_Term(label, text, (stem,), "stem", False))
    return out


def _lemmas(words: list[str], lemmatise: Lemmatiser | None) -> dict[str, list[str]]:
    """Per word: its folded lemma as written and capitalised (a German noun), in that order."""
    forms = [*words, *(w[:1].upper() + w[1:] for w in words)]
    raw = list((lemmatise or identity_lemmatiser)(forms))
    if len(raw) != len(forms):
        raise ValueError("the lemmatiser must return one lemma per token")
    lemmas = fold_values([r or w for r, w in zip(raw, forms, strict=True)])
    n = len(words)
    return {w: [lemmas[i], lemmas[n + i]] for i, w in enumerate(words)}


def _keys(term: _Term, folded: dict[str, str], lemmas: dict[str, list[str]]) -> list[str]:
    """The keys a term is looked up by.

    A single word: as written and its lemma — but only a lemma no longer than the word, because
    a lower-case noun can read as a verb ("wein" → "weinen", "sieg" → "siegen") and would then
    match the wrong word. A phrase (context makes such mix-ups harmless): as written, each word
    reduced that way, and each word's lemma as written and capitalised.
    """
    if not term.lemmatise:
        return [" ".join(term.words)]

    def reduced(word: str) -> str:
        shorter = [x for x in lemmas[word] if len(x) <= len(folded[word])]
        return min(shorter, key=len) if shorter else folded[word]

    keys = [" ".join(folded[w] for w in term.words), " ".join(reduced(w) for w in term.words)]
    if len(term.words) > 1:
        keys += [" ".join(lemmas[w][i] for w in term.words) for i in (0, 1)]
    return list(dict.fromkeys(keys))


def compile_lexicon(
    entries: Iterable[tuple[str, str, bool]], rules: MatchRules, lemmatise: Lemmatiser | None
) -> Lexicon:
    """Compile ``(label, term, derive_verb_stems)`` entries with the texts' lemmatiser."""
    entries = list(entries)
    raw_words = sorted({w for _, term, _ in entries for w in _split_words(term.strip("* "))})
    folded = dict(zip(raw_words, fold_values(raw_words), strict=True))
    terms = [t for label, term, st in entries for t in _terms(label, term, st, rules, folded)]
    lemmas = _lemmas(sorted({w for t in terms if t.lemmatise for w in t.words}), lemmatise)
    rows = [(t, key) for t in terms for key in _keys(t, folded, lemmas)]
    frame = pl.DataFrame(
        {
            "label": [t.label for t, _ in rows],
            "term": [t.term for t, _ in rows],
            "key": [key for _, key in rows],
            "mode": [t.mode for t, _ in rows],
        },
        schema={"label": pl.String, "term": pl.String, "key": pl.String, "mode": pl.String},
    )
    frame = (
        frame.filter(pl.col("key").str.len_chars() > 0)
        .unique(["label", "key", "mode"], keep="first", maintain_order=True)
        .with_columns(
            n_tokens=pl.col("key").str.count_matches(" ").cast(pl.Int32) + 1,
            label_id=pl.col("label").rank("dense").cast(pl.UInt32),
        )
        .with_row_index("term_id")
    )
    return Lexicon(terms=frame, rules=rules)


def _ending_ok(rules: MatchRules) -> pl.Expr:
    rest = pl.col("_len") - pl.col("_end")
    ok = rest >= rules.min_rest
    for ending in rules.endings:
        ok = ok | ((rest == len(ending.encode())) & pl.col("lemma").str.ends_with(ending))
    return ok


def _affix_matches(vocab: pl.DataFrame, terms: pl.DataFrame, rules: MatchRules) -> pl.DataFrame:
    """Terms found inside words (start/end/inside/compound/stem), with byte spans."""
    affix = terms.filter((pl.col("n_tokens") == 1) & (pl.col("mode") != "exact"))
    patterns = affix["key"].unique().sort().to_list()
    if not patterns or vocab.height == 0:
        return pl.DataFrame(
            schema={"lemma": pl.String, "term_id": pl.UInt32, "_s": pl.Int64, "_end": pl.Int64}
        )
    found = (
        vocab.select(
            "lemma",
            key=pl.col("lemma").str.extract_many(patterns, overlapping=True),
            _s=pl.col("lemma").str.find_many(patterns, overlapping=True),
        )
        .explode("key", "_s")
        .drop_nulls("key")
        .join(affix.select("term_id", "key", "mode"), on="key")
        .with_columns(
            _s=pl.col("_s").cast(pl.Int64),
            _end=pl.col("_s").cast(pl.Int64) + pl.col("key").str.len_bytes().cast(pl.Int64),
            _len=pl.col("lemma").str.len_bytes().cast(pl.Int64),
            _klen=pl.col("key").str.len_chars(),
        )
    )
    left_ok = (pl.col("_s") == 0) | (pl.col("_s") >= rules.min_rest)
    right_ok = (pl.col("_end") == pl.col("_len")) | _ending_ok(rules)
    inside = (pl.col("_s") > 0) & (pl.col("_end") < pl.col("_len"))
    long_enough = pl.col("_klen") >= rules.min_compound_length
    valid = (
        pl.when(pl.col("mode") == "start")
        .then(pl.col("_s") == 0)
        .when(pl.col("mode") == "end")
        .then(pl.col("_end") == pl.col("_len"))
        .when(pl.col("mode") == "inside")
        .then(True)
        .when(pl.col("mode") == "stem")
        .then((pl.col("_s") == 0) & (pl.col("_end") < pl.col("_len")) & right_ok & long_enough)
        .otherwise(
            long_enough
            & left_ok
            & right_ok
            & (~inside | (pl.col("_klen") >= rules.min_infix_length))
        )
    )
    ignored = pl.col("lemma").is_in(list(rules.ignore)) if rules.compound else pl.lit(False)
    return found.filter(valid & ~ignored).select("lemma", "term_id", "_s", "_end")


def _longest(matches: pl.DataFrame) -> pl.DataFrame:
    """Drop a match lying inside a longer match of the same word ("reis" inside "reise")."""
    spans = matches.select("lemma", _s2="_s", _e2="_end")
    covered = (
        matches.join(spans, on="lemma")
        .filter(
            (pl.col("_s2") <= pl.col("_s"))
            & (pl.col("_e2") >= pl.col("_end"))
            & ((pl.col("_e2") - pl.col("_s2")) > (pl.col("_end") - pl.col("_s")))
        )
        .select("lemma", "term_id", "_s")
        .unique()
    )
    return matches.join(covered, on=["lemma", "term_id", "_s"], how="anti")


def vocabulary_matches(lemmas: pl.Series, lexicon: Lexicon) -> pl.DataFrame:
    """``lemma → term_id`` for the single-word terms of ``lexicon`` (distinct lemmas in)."""
    vocab = pl.DataFrame({"lemma": lemmas}).unique().drop_nulls()
    terms, rules = lexicon.terms, lexicon.rules
    single = terms.filter(pl.col("n_tokens") == 1)
    whole = single.filter(pl.col("mode") != "stem").select("term_id", lemma="key")
    if rules.compound and rules.ignore:
        whole = whole.filter(~pl.col("lemma").is_in(list(rules.ignore)))
    exact = vocab.join(whole, on="lemma").with_columns(
        _s=pl.lit(0, dtype=pl.Int64), _end=pl.col("lemma").str.len_bytes().cast(pl.Int64)
    )
    affix = _affix_matches(vocab, single, rules)
    both = pl.concat([exact.select(affix.columns), affix]).unique()
    return _longest(both).select("lemma", "term_id").unique()


def _phrase_matches(
    tokens: pl.DataFrame, surfaces: pl.DataFrame, terms: pl.DataFrame
) -> pl.DataFrame:
    """Phrases: start at tokens whose lemma begins a phrase, then read the next tokens.

    ``tokens`` are in text order (by ``_doc``, then ``_pos``), so the word after row r is row
    r + 1 when it belongs to the same text: a gather, not a join.
    """
    phrases = terms.filter((pl.col("n_tokens") > 1) & (pl.col("n_tokens") <= MAX_PHRASE_TOKENS))
    if phrases.height == 0 or tokens.height == 0:
        return _empty_matches()
    firsts = phrases["key"].str.split(" ").list.first().unique()
    lemmas = surfaces.select("_sid", "lemma")
    starts = lemmas.filter(pl.col("lemma").is_in(firsts.implode()))["_sid"]
    grams = (
        tokens.with_row_index("_r")
        .filter(pl.col("_sid").is_in(starts.implode()))
        .join(lemmas, on="_sid")
        .select("_r", "_doc", "_pos", _gram="lemma")
    )
    last = tokens.height - 1
    out = []
    longest: int = phrases.select(pl.col("n_tokens").max()).item()
    for k in range(2, longest + 1):
        row = (grams["_r"].cast(pl.Int64) + (k - 1)).clip(upper_bound=last)
        nxt = pl.DataFrame({"_sid": tokens["_sid"].gather(row), "_d": tokens["_doc"].gather(row)})
        grams = (
            pl.concat([grams, nxt], how="horizontal")
            .filter(pl.col("_d") == pl.col("_doc"))
            .join(lemmas, on="_sid")
            .select("_r", "_doc", "_pos", _gram=pl.col("_gram") + " " + pl.col("lemma"))
        )
        hit = grams.join(
            phrases.filter(pl.col("n_tokens") == k).select("term_id", _gram="key"), on="_gram"
        )
        out.append(hit.select("_doc", "_pos", "term_id", _span=pl.lit(k, pl.Int32)))
    return pl.concat(out)


def _empty_matches() -> pl.DataFrame:
    schema = {"_doc": pl.UInt32, "_pos": pl.Int32, "term_id": pl.UInt32, "_span": pl.Int32}
    return pl.DataFrame(schema=schema)


def _word_terms(surfaces: pl.DataFrame, lexicon: Lexicon) -> pl.DataFrame:
    """``_sid → term_id`` of the words matching a single-word term (a word may match several)."""
    single = vocabulary_matches(surfaces["lemma"], lexicon)
    return surfaces.select("_sid", "lemma").join(single, on="lemma").select("_sid", "term_id")


def _word_tokens(tokens: pl.DataFrame, by_word: pl.DataFrame) -> pl.DataFrame:
    """The tokens of words that match a term: filtered first, so the join sees only hits."""
    return tokens.filter(pl.col("_sid").is_in(by_word["_sid"].unique().implode())).join(
        by_word, on="_sid"
    )


def find_terms(tokens: pl.DataFrame, surfaces: pl.DataFrame, lexicon: Lexicon) -> pl.DataFrame:
    """Every term occurrence in ``tokens`` (``_doc, _pos, _sid``; ``surfaces``: ``_sid,
    lemma``).

    Returns ``_doc, _pos, term_id, _span`` (tokens covered), ``label_id``; join
    ``lexicon.terms`` for the label and term names.
    """
    words = _word_tokens(tokens, _word_terms(surfaces, lexicon)).select(
        "_doc", "_pos", "term_id", _span=pl.lit(1, pl.Int32)
    )
    phrases = _phrase_matches(tokens, surfaces, lexicon.terms)
    frames = [f for f in (words, phrases) if f.height]
    found = pl.concat(frames) if frames else _empty_matches()
    return found.cast({"_doc": pl.UInt32, "term_id": pl.UInt32}).join(
        lexicon.terms.select("term_id", "label_id"), on="term_id"
    )


def pair_key(high: str, low: str) -> pl.Expr:
    """Two 32-bit ids as one 64-bit key: a one-column ``unique``/``group_by`` is much faster."""
    return pl.col(high).cast(pl.UInt64) * (1 << 32) + pl.col(low).cast(pl.UInt64)


def split_key(key: pl.Series, high: str, low: str) -> pl.DataFrame:
    """The two ids of :func:`pair_key` (both ``UInt32``)."""
    return pl.DataFrame({"_k": key}).select(
        (pl.col("_k") // (1 << 32)).cast(pl.UInt32).alias(high),
        (pl.col("_k") % (1 << 32)).cast(pl.UInt32).alias(low),
    )


def find_doc_terms(
    tokens: pl.DataFrame,
    surfaces: pl.DataFrame,
    lexicon: Lexicon,
    keep: pl.Series | None = None,
) -> pl.DataFrame:
    """Which terms each text contains: the distinct ``_doc, term_id`` of :func:`find_terms`
    (sorted by both), without positions.

    ``keep`` (booleans indexed by ``_doc``) limits the search to those texts. Counting "texts
    with a term" needs no more, and the distinct pairs are far fewer than the occurrences.
    """
    if keep is not None:
        tokens = tokens.filter(pl.lit(keep).gather(pl.col("_doc")))
    words = _word_tokens(tokens, _word_terms(surfaces, lexicon)).select("_doc", "term_id")
    phrases = _phrase_matches(tokens, surfaces, lexicon.terms).select("_doc", "term_id")
    keys = pl.concat(
        [words.select(k=pair_key("_doc", "term_id")), phrases.select(k=pair_key("_doc", "term_id"))]
    )
    return split_key(keys["k"].sort().unique().sort(), "_doc", "term_id")


def covered_positions(matches: pl.DataFrame) -> pl.DataFrame:
    """``_doc, _pos`` of every token a match covers (phrases cover several)."""
    if matches.height == 0:
        return pl.DataFrame(schema={"_doc": pl.UInt32, "_pos": pl.Int32})
    return (
        matches.select(
            "_doc", _pos=pl.int_ranges("_pos", pl.col("_pos") + pl.col("_span"), dtype=pl.Int32)
        )
        .explode("_pos")
        .unique()
    )
