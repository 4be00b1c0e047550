"""Brand safety: keyword screening of what a creator writes, with the offending text shown.

The bio and the last ``brand_safety.recent_posts`` posts (caption, on-screen text, transcript,
hashtags) are matched against the word lists of ``[brand_safety.categories]`` (alcohol, gambling,
adult, violence & weapons, drugs, hate & extremism, politics, profanity, crypto & get-rich-quick
schemes) plus the brief's ``excluded_keywords``. Matching is on whole lemmatised words and
phrases only (``term``, ``term*``, ``*term``; see :mod:`resonanz.core.content.text`) — never on
bare substrings — and words inside an ``allow`` phrase ("massage gun") never count.

Per category: flagged texts (posts, and the bio as one more text) × ``penalty_per_post``, at most
``max_penalty``. Score = max(0, 100 − Σ penalties); the severity is the highest of the categories
hit (info < warn < alert). Without any text the score is None. Comments are not screened: they
are what others write.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from resonanz.core.brief import Brief
from resonanz.core.config import DomainDefaults
from resonanz.core.content.corpus import Corpus
from resonanz.core.content.text import Lexicon, MatchRules, compile_lexicon, covered_positions
from resonanz.core.fit_settings import SafetyCategory
from resonanz.core.vetting.result import ComponentResult, Reason, component_from_row

KEY = "brand_safety"
P = KEY + "_"
BRIEF_CATEGORY = "brief"
SEVERITY_RANK = {"info": 1, "warn": 2, "alert": 3}


def categories(defaults: DomainDefaults, brief: Brief | None) -> dict[str, SafetyCategory]:
    """The configured categories, plus ``brief`` for the brief's excluded keywords."""
    cats = dict(defaults.brand_safety.categories)
    if brief is not None and brief.excluded_keywords:
        cats[BRIEF_CATEGORY] = defaults.brand_safety.brief_category.model_copy(
            update={"extra": brief.excluded_keywords}
        )
    return cats


def safety_lexicon(cats: Mapping[str, SafetyCategory], corpus: Corpus) -> Lexicon:
    """All category terms as one whole-word lexicon labelled by category."""
    entries = [(name, term, False) for name, cat in cats.items() for term in cat.terms]
    return compile_lexicon(entries, MatchRules(), corpus.lemmatise)


def _hits(
    corpus: Corpus, defaults: DomainDefaults, cats: Mapping[str, SafetyCategory]
) -> pl.DataFrame:
    s = defaults.brand_safety
    docs = corpus.doc_ids(("post", "bio"), s.recent_posts)
    lexicon = safety_lexicon(cats, corpus)
    hits = corpus.find(lexicon, docs)
    if s.allow and hits.height:
        allow = compile_lexicon(
            [("allow", a, False) for a in s.allow], MatchRules(), corpus.lemmatise
        )
        allowed = covered_positions(corpus.find(allow, docs))
        hits = hits.join(allowed, on=["_doc", "_pos"], how="anti")
    words = corpus.tokens.join(hits.select("_doc", "_pos").unique(), on=["_doc", "_pos"])
    words = words.join(corpus.surfaces.select("_sid", "surface"), on="_sid").drop("_sid")
    names = lexicon.terms.select("term_id", "label", "term")
    return hits.join(names, on="term_id").join(words, on=["_doc", "_pos"])


def _snippets(hits: pl.DataFrame, corpus: Corpus, width: int) -> pl.DataFrame:
    """The text around each hit (first occurrence of the word as written in its text)."""
    text = corpus.docs.select("_doc", "text")
    with_text = hits.join(text, on="_doc").with_columns(
        _at=pl.col("text").str.split(pl.col("surface")).list.first().str.len_chars().cast(pl.Int64)
    )
    start = (pl.col("_at") - width).clip(lower_bound=0)
    length = pl.col("_at") - start + pl.col("surface").str.len_chars().cast(pl.Int64) + width
    snippet = pl.col("text").str.slice(start, length)
    snippet = snippet.str.replace_all(r"\s+", " ").str.strip_chars()
    lead = pl.when(start > 0).then(pl.lit("…")).otherwise(pl.lit(""))
    tail = pl.when(start + length < pl.col("text").str.len_chars().cast(pl.Int64)).then(pl.lit("…"))
    return with_text.with_columns(snippet=pl.concat_str([lead, snippet, tail.fill_null("")])).drop(
        "text", "_at"
    )


def _category_table(cats: Mapping[str, SafetyCategory]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "label": list(cats),
            "severity": [c.severity for c in cats.values()],
            "_per_post": [c.penalty_per_post for c in cats.values()],
            "_max": [c.max_penalty for c in cats.values()],
        },
        schema={
            "label": pl.String,
            "severity": pl.String,
            "_per_post": pl.Float64,
            "_max": pl.Float64,
        },
    )


def brand_safety_frame(
    corpus: Corpus, defaults: DomainDefaults, brief: Brief | None = None
) -> pl.DataFrame:
    """Per account (``corpus.accounts`` order): score, confidence, flagged texts, hits.

    Columns: ``brand_safety_score``, ``_confidence``, ``_value`` (flagged texts), ``_severity``
    (highest, or null), ``_posts_checked``, ``_bio_checked``, ``_categories`` (list of
    ``category, texts, penalty, severity, terms, words``) and ``_hits`` (list of ``category,
    term, word, post_id`` (null for the bio), ``snippet, severity``; at most ``max_hits``, most
    severe first).
    """
    s = defaults.brand_safety
    cats = categories(defaults, brief)
    table = _category_table(cats)
    hits = _hits(corpus, defaults, cats).join(table, on="label")
    rank = pl.col("severity").replace_strict(SEVERITY_RANK, return_dtype=pl.Int8)
    per_cat = (
        hits.group_by("_aid", "label", "severity", "_per_post", "_max")
        .agg(
            texts=pl.col("_doc").n_unique().cast(pl.Int64),
            terms=pl.col("term").unique().sort(),
            words=pl.col("surface").str.to_lowercase().unique().sort(),
        )
        .with_columns(
            penalty=pl.min_horizontal(pl.col("texts") * pl.col("_per_post"), pl.col("_max"))
        )
        .sort(["_aid", "penalty", "label"], descending=[False, True, False])
        .group_by("_aid", maintain_order=True)
        .agg(
            penalty=pl.col("penalty").sum(),
            top=pl.col("severity").sort_by(rank, descending=True).first(),
            categories=pl.struct(
                category="label",
                texts="texts",
                penalty="penalty",
                severity="severity",
                terms="terms",
                words="words",
            ),
        )
    )
    listed = (
        _snippets(
            hits.sort("_doc", "_pos").unique(["_doc", "label", "term"], keep="first"),
            corpus,
            s.snippet_chars,
        )
        .join(corpus.docs.select("_doc", "rank"), on="_doc")
        .sort(
            ["_aid", rank, "rank", "_pos", "label"],
            descending=[False, True, False, False, False],
            nulls_last=False,
        )
        .group_by("_aid", maintain_order=True)
        .agg(
            hits=pl.struct(
                "post_id", "snippet", "severity", "term", category="label", word="surface"
            ).head(s.max_hits),
            flagged=pl.col("_doc").n_unique().cast(pl.Int64),
        )
    )
    docs = corpus.doc_ids(("post", "bio"), s.recent_posts)
    checked = docs.group_by("_aid").agg(
        posts=(pl.col("kind") == "post").sum().cast(pl.Int64), bio=(pl.col("kind") == "bio").any()
    )
    frame = (
        corpus.accounts.select("_aid", "account_id")
        .join(checked, on="_aid", how="left")
        .join(per_cat, on="_aid", how="left")
        .join(listed, on="_aid", how="left")
        .sort("_aid")
        .with_columns(pl.col("posts").fill_null(0), pl.col("bio").fill_null(False))
    )
    has_text = (pl.col("posts") > 0) | pl.col("bio")
    posts_part = (pl.col("posts") / s.min_posts_full_confidence).clip(0.0, 1.0)
    return frame.select(
        "account_id",
        pl.when(has_text)
        .then((100.0 - pl.col("penalty").fill_null(0.0)).clip(0.0, 100.0))
        .alias(P + "score"),
        pl.when(pl.col("posts") > 0)
        .then(posts_part)
        .when(pl.col("bio"))
        .then(0.2)
        .otherwise(0.0)
        .alias(P + "confidence"),
        pl.when(has_text).then(pl.col("flagged").fill_null(0)).alias(P + "value"),
        pl.col("top").alias(P + "severity"),
        pl.col("posts").alias(P + "posts_checked"),
        pl.col("bio").alias(P + "bio_checked"),
        pl.col("categories").fill_null([]).alias(P + "categories"),
        pl.col("hits").fill_null([]).alias(P + "hits"),
    )


def _category_reason(cat: Mapping[str, Any], cats: Mapping[str, SafetyCategory]) -> Reason:
    conf = cats.get(cat["category"])
    params = {
        "category_de": conf.label_de if conf else cat["category"],
        "category_en": conf.label_en if conf else cat["category"],
        "texts": cat["texts"],
        "words": ", ".join(cat["words"][:5]),
        "penalty": cat["penalty"],
    }
    return Reason(code="bs_category", params=params, severity=cat["severity"])


def brand_safety_result(
    row: Mapping[str, Any], defaults: DomainDefaults, brief: Brief | None = None
) -> ComponentResult:
    """The explained brand-safety component of one row of :func:`brand_safety_frame`."""
    cats = categories(defaults, brief)
    posts, bio = row[P + "posts_checked"] or 0, bool(row[P + "bio_checked"])
    found = list(row[P + "categories"] or [])
    reasons: list[Reason] = []
    if posts == 0 and not bio:
        reasons.append(Reason(code="bs_no_text", severity="warn"))
    elif not found:
        reasons.append(Reason(code="bs_clean", params={"posts": posts}, severity="good"))
    reasons += [_category_reason(cat, cats) for cat in found]
    if 0 < posts < defaults.brand_safety.min_posts_full_confidence or (posts == 0 and bio):
        params = {"n": posts, "wanted": defaults.brand_safety.min_posts_full_confidence}
        reasons.append(Reason(code="bs_few_posts", params=params, severity="info"))
    evidence = {
        "posts_checked": posts,
        "bio_checked": bio,
        "severity": row[P + "severity"],
        "categories": found,
        "hits": list(row[P + "hits"] or []),
    }
    weight = defaults.composite.weights.get(KEY, 0.0)
    return component_from_row(KEY, row, weight, evidence, reasons)
