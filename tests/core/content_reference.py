"""Content fit as it was before the distinct-pairs rewrite (commit cb14a6c), as a reference.

Every term occurrence is joined with its text, then grouped: simple, and slow on large markets.
:mod:`tests.core.test_content_equivalence` checks that :mod:`resonanz.core.content.fit` gives
the same frames. Not used by the package.
"""

from __future__ import annotations

import polars as pl

from resonanz.core.brief import Brief
from resonanz.core.config import DomainDefaults
from resonanz.core.content.corpus import Corpus
from resonanz.core.content.fit import brief_lexicon, niche_lexicon
from resonanz.core.content.partnerships import partnerships_frame
from resonanz.core.content.text import (
    Lexicon,
    _empty_matches,
    _phrase_matches,
    vocabulary_matches,
)

KEY = "content_fit"
P = KEY + "_"
BRIEF = "_brief"
TERMS_DTYPE = pl.List(pl.Struct({"term": pl.String, "label": pl.String, "posts": pl.Int64}))


def find_terms(tokens: pl.DataFrame, surfaces: pl.DataFrame, lexicon: Lexicon) -> pl.DataFrame:
    """Every term occurrence: the words by a join of all tokens, then the phrases."""
    single = vocabulary_matches(surfaces["lemma"], lexicon)
    by_word = surfaces.select("_sid", "lemma").join(single, on="lemma").select("_sid", "term_id")
    words = tokens.join(by_word, on="_sid").select(
        "_doc", "_pos", "term_id", _span=pl.lit(1, pl.Int32)
    )
    phrases = _phrase_matches(tokens, surfaces, lexicon.terms)
    frames = [f for f in (words, phrases) if f.height]
    found = pl.concat(frames) if frames else _empty_matches()
    return found.cast({"_doc": pl.UInt32, "term_id": pl.UInt32}).join(
        lexicon.terms.select("term_id", "label_id"), on="term_id"
    )


def find(corpus: Corpus, lexicon: Lexicon, docs: pl.DataFrame) -> pl.DataFrame:
    """``Corpus.find`` as it was: all occurrences, then a join with the texts."""
    return find_terms(corpus.tokens, corpus.surfaces, lexicon).join(docs, on="_doc")


def _names(lexicon: Lexicon) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``label_id → label`` and ``term_id → term, label`` of a lexicon."""
    terms = lexicon.terms
    return terms.select("label_id", "label").unique("label_id"), terms.select(
        "term_id", "term", "label"
    )


def _topics(hits: pl.DataFrame, lexicon: Lexicon, defaults: DomainDefaults) -> pl.DataFrame:
    """Per account (``_aid``): topic shares, detected niches, top niche."""
    c = defaults.content
    per_doc = hits.group_by("_doc", "_aid", "kind", "label_id").agg(n=pl.col("term_id").n_unique())
    bio = pl.when(pl.col("kind") == "bio").then(c.bio_weight).otherwise(1.0)
    per_doc = per_doc.with_columns(w=bio * pl.col("n") / pl.col("n").sum().over("_doc"))
    per_niche = (
        per_doc.group_by("_aid", "label_id")
        .agg(
            w=pl.col("w").sum(),
            posts=(pl.col("kind") == "post").sum().cast(pl.Int64),
            in_bio=(pl.col("kind") == "bio").any(),
        )
        .with_columns(share=pl.col("w") / pl.col("w").sum().over("_aid"))
        .join(_names(lexicon)[0], on="label_id")
        .sort(["_aid", "share", "label"], descending=[False, True, False])
    )
    detected = (pl.col("share") >= c.min_niche_share) & (
        (pl.col("posts") >= c.min_niche_posts) | pl.col("in_bio")
    )
    return per_niche.group_by("_aid", maintain_order=True).agg(
        top_niche=pl.col("label").first(),
        niches=pl.col("label").filter(detected),
        topics=pl.struct(niche="label", share="share", posts="posts"),
    )


def _top_terms(hits: pl.DataFrame, lexicon: Lexicon, n: int) -> pl.DataFrame:
    return (
        hits.group_by("_aid", "term_id")
        .agg(posts=pl.col("_doc").n_unique().cast(pl.Int64))
        .join(_names(lexicon)[1], on="term_id")
        .sort(["_aid", "posts", "term"], descending=[False, True, False])
        .group_by("_aid", maintain_order=True)
        .agg(terms=pl.struct("term", "label", "posts").head(n))
    )


def _examples(corpus: Corpus, docs: pl.DataFrame, defaults: DomainDefaults) -> pl.DataFrame:
    """The newest ``examples`` posts of ``docs`` per account, their captions cut short."""
    c = defaults.content
    newest = (
        docs.filter(pl.col("kind") == "post")
        .join(corpus.docs.select("_doc", "rank"), on="_doc")
        .sort("_aid", "rank")
        .group_by("_aid", maintain_order=True)
        .head(c.examples)
    )
    text = corpus.posts.select("post_id", text=pl.coalesce("caption", "on_screen_text"))
    return (
        newest.join(text, on="post_id", maintain_order="left")
        .filter(pl.col("text").is_not_null())
        .group_by("_aid", maintain_order=True)
        .agg(
            examples=pl.struct(
                "post_id",
                text=pl.col("text").str.replace_all(r"\s+", " ").str.slice(0, c.example_chars),
            )
        )
    )


def _count(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    return frame.group_by("_aid").agg(pl.len().cast(pl.Int64).alias(name))


def _brief_columns(
    corpus: Corpus,
    docs: pl.DataFrame,
    topical: pl.DataFrame,
    brief: Brief,
    defaults: DomainDefaults,
) -> pl.DataFrame:
    """Per account: on-brief posts, focus, bio match, brief terms, on-brief examples."""
    lexicon = brief_lexicon(brief, defaults, corpus)
    hits = find(corpus, lexicon, docs)
    on_brief = hits.select("_doc", "_aid", "kind").unique()
    posts_on = on_brief.filter(pl.col("kind") == "post")
    topical_posts = pl.concat([topical.filter(pl.col("kind") == "post"), posts_on]).unique()
    bio = on_brief.filter(pl.col("kind") == "bio").select("_aid", bio_match=pl.lit(True))
    terms = _top_terms(hits, lexicon, defaults.content.top_terms).rename({"terms": "brief_terms"})
    examples = _examples(corpus, on_brief.join(docs.select("_doc", "post_id"), on="_doc"), defaults)
    return (
        corpus.accounts.select("_aid")
        .join(_count(posts_on, "brief_posts"), on="_aid", how="left")
        .join(_count(topical_posts, "topical_posts"), on="_aid", how="left")
        .join(bio.unique("_aid"), on="_aid", how="left")
        .join(terms, on="_aid", how="left")
        .join(examples.rename({"examples": "brief_examples"}), on="_aid", how="left")
    )


def _score(defaults: DomainDefaults, has_brief: bool) -> dict[str, pl.Expr]:
    c = defaults.content
    checked = pl.col(P + "posts_checked")
    post_share = pl.when(checked > 0).then(pl.col("brief_posts").fill_null(0) / checked)
    focus = pl.when(pl.col("topical_posts") > 0).then(
        pl.col("brief_posts").fill_null(0) / pl.col("topical_posts")
    )
    bio = pl.col("bio_match").fill_null(False).cast(pl.Float64)
    # without a bio its weight drops out: missing text is not a mismatch
    has_bio = pl.col(P + "bio_checked").cast(pl.Float64)
    total = c.weight_posts + c.weight_focus + c.weight_bio * has_bio
    relevance = (
        c.weight_posts * (post_share / c.full_fit_post_share).clip(0.0, 1.0).fill_null(0.0)
        + c.weight_focus * focus.fill_null(0.0)
        + c.weight_bio * bio
    ) / total
    has_text = (checked > 0) | pl.col(P + "bio_checked")
    score = pl.when(pl.lit(has_brief) & has_text).then(100.0 * relevance.fill_null(0.0))
    posts_part = (checked / c.min_posts_full_confidence).clip(0.0, 1.0)
    confidence = (
        pl.when(checked > 0)
        .then(posts_part)
        .when(pl.col(P + "bio_checked"))
        .then(0.2)  # a bio alone says little about what the posts are about
        .otherwise(0.0)
    )
    return {
        P + "score": score,
        P + "confidence": confidence,
        P + "value": pl.when(pl.lit(has_brief)).then(post_share),
        P + "focus": pl.when(pl.lit(has_brief)).then(focus),
    }


def _no_brief(corpus: Corpus, examples_dtype: pl.DataType) -> pl.DataFrame:
    return corpus.accounts.select(
        "_aid",
        brief_posts=pl.lit(None, pl.Int64),
        topical_posts=pl.lit(None, pl.Int64),
        bio_match=pl.lit(None, pl.Boolean),
        brief_terms=pl.lit(None, TERMS_DTYPE),
        brief_examples=pl.lit(None, examples_dtype),
    )


def content_fit_frame(
    corpus: Corpus, defaults: DomainDefaults, brief: Brief | None = None
) -> pl.DataFrame:
    """Per account (``corpus.accounts`` order): topics, fit to ``brief``, partnerships.

    Columns: ``account_id``, ``content_fit_score`` (None without brief topics),
    ``_confidence``, ``_value`` (share of recent posts on the brief), ``_focus``,
    ``_has_brief``, ``_posts_checked``, ``_bio_checked``, ``_brief_posts``, ``_bio_match``,
    ``_top_niche``, ``_niches``, ``_topics``, ``_terms``, ``_brief_terms``, ``_examples``,
    ``_unknown_niches`` and the partnership columns of :func:`partnerships_frame`.
    """
    c = defaults.content
    docs = corpus.doc_ids(("post", "bio"), c.recent_posts)
    lexicon = niche_lexicon(defaults, corpus)
    hits = find(corpus, lexicon, docs)
    has_brief = brief is not None and brief.has_topics
    checked = docs.group_by("_aid").agg(
        posts_checked=(pl.col("kind") == "post").sum().cast(pl.Int64),
        bio_checked=(pl.col("kind") == "bio").any(),
    )
    # example captions: on-brief posts first; without any (or without a brief) topical posts
    examples = _examples(corpus, docs.join(hits.select("_doc").unique(), on="_doc"), defaults)
    if has_brief and brief is not None:
        topical = hits.select("_doc", "_aid", "kind").unique()
        extra = _brief_columns(corpus, docs, topical, brief, defaults)
    else:
        extra = _no_brief(corpus, examples.schema["examples"])
    frame = (
        corpus.accounts.select("_aid", "account_id")
        .join(checked, on="_aid", how="left")
        .join(_topics(hits, lexicon, defaults), on="_aid", how="left")
        .join(_top_terms(hits, lexicon, c.top_terms), on="_aid", how="left")
        .join(extra, on="_aid", how="left")
        .join(examples, on="_aid", how="left")
        .sort("_aid")
        .with_columns(
            examples=pl.coalesce("brief_examples", "examples"),
            posts_checked=pl.col("posts_checked").fill_null(0),
            bio_checked=pl.col("bio_checked").fill_null(False),
        )
        .rename({"posts_checked": P + "posts_checked", "bio_checked": P + "bio_checked"})
    )
    unknown = [n for n in (brief.niches if brief else ()) if n not in c.niches]
    frame = frame.with_columns(**_score(defaults, has_brief)).select(
        "account_id",
        P + "score",
        P + "confidence",
        P + "value",
        P + "focus",
        pl.lit(has_brief).alias(P + "has_brief"),
        P + "posts_checked",
        P + "bio_checked",
        (pl.col("brief_posts").fill_null(0) if has_brief else pl.col("brief_posts")).alias(
            P + "brief_posts"
        ),
        pl.col("bio_match").alias(P + "bio_match"),
        pl.col("top_niche").alias(P + "top_niche"),
        pl.col("niches").fill_null([]).alias(P + "niches"),
        pl.col("topics").alias(P + "topics"),
        pl.col("terms").alias(P + "terms"),
        pl.col("brief_terms").alias(P + "brief_terms"),
        pl.col("examples").alias(P + "examples"),
        pl.lit(unknown, dtype=pl.List(pl.String)).alias(P + "unknown_niches"),
    )
    partners = partnerships_frame(corpus, defaults, brief)
    return frame.join(partners, on="account_id", how="left", maintain_order="left")
