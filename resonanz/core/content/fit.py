"""Content fit: what an account posts about, and how well that fits a brief.

Topics: every niche of ``[content.niches]`` is a word list (German and English, see
:mod:`resonanz.core.content.text` for lemmas and compounds). Each recent post (caption, on-screen
text, transcript, hashtags; the last ``content.recent_posts``) and the bio is one text; a text's
weight is split over the niches in proportion to the distinct niche words it contains (a dog
post that mentions "Hundetraining" once counts mostly for pets, a little for fitness); the bio
weighs ``bio_weight`` posts. A niche's *share* is its weight over all topical weight. Niches with
at least ``min_niche_share`` and ``min_niche_posts`` posts (or the bio) are *detected*.

Fit to a brief (its niches' word lists plus its keywords; a niche the lexicon does not know is
used as a keyword):

    relevance = (w_posts · min(1, on-brief post share ÷ full_fit_post_share)
                 + w_focus · on-brief share of the topical posts + w_bio · [bio on brief])
                ÷ (w_posts + w_focus + w_bio),      score = 100 · relevance,

where w_bio counts only for accounts with a bio (a missing bio is no mismatch).

Without a brief the score is None ("no brief") and the topics are the evidence. Confidence grows
with the posts that have text (``min_posts_full_confidence``). Earlier brand partnerships
(:mod:`resonanz.core.content.partnerships`) are part of this component's evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from resonanz.core.brief import Brief
from resonanz.core.config import DomainDefaults
from resonanz.core.content.corpus import Corpus
from resonanz.core.content.partnerships import partnerships_frame
from resonanz.core.content.text import (
    Lexicon,
    MatchRules,
    compile_lexicon,
    fold_values,
    pair_key,
    split_key,
)
from resonanz.core.vetting.result import ComponentResult, Reason, component_from_row

KEY = "content_fit"
P = KEY + "_"
BRIEF = "_brief"
_SHARE_DIGITS = 12  # shares equal to 12 decimals are a tie (sums of float fractions)
_SHARE_TOLERANCE = 1e-12
TERMS_DTYPE = pl.List(pl.Struct({"term": pl.String, "label": pl.String, "posts": pl.Int64}))


def match_rules(defaults: DomainDefaults) -> MatchRules:
    """The compound-matching rules of ``[content]``."""
    c = defaults.content
    return MatchRules(
        compound=True,
        min_compound_length=c.min_compound_length,
        min_infix_length=c.min_infix_length,
        min_rest=c.min_rest,
        endings=tuple(fold_values(c.endings)),
        ignore=frozenset(fold_values(c.ignore_tokens)),
    )


def niche_lexicon(defaults: DomainDefaults, corpus: Corpus) -> Lexicon:
    """The niche word lists, compiled (German words also match by their verb stem)."""
    entries = [
        (name, term, lang != "en")
        for name, niche in defaults.content.niches.items()
        for lang, terms in (("de", niche.de), ("en", niche.en), ("extra", niche.extra))
        for term in terms
    ]
    return compile_lexicon(entries, match_rules(defaults), corpus.lemmatise)


def brief_lexicon(brief: Brief, defaults: DomainDefaults, corpus: Corpus) -> Lexicon:
    """The brief's niches (their word lists) and keywords as one word list labelled ``_brief``."""
    niches = defaults.content.niches
    entries = [(BRIEF, term, True) for n in brief.niches if n in niches for term in niches[n].terms]
    entries += [(BRIEF, n, True) for n in brief.niches if n not in niches]
    entries += [(BRIEF, k, True) for k in brief.keywords]
    return compile_lexicon(entries, match_rules(defaults), corpus.lemmatise)


def _names(lexicon: Lexicon) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``label_id → label`` and ``term_id → term, label`` of a lexicon."""
    terms = lexicon.terms
    return terms.select("label_id", "label").unique("label_id"), terms.select(
        "term_id", "term", "label"
    )


def _count_pairs(frame: pl.DataFrame, high: str, low: str, name: str) -> pl.DataFrame:
    """``high, low, name``: how many rows of ``frame`` each pair of 32-bit ids has, sorted by
    the pair (a sort and run lengths: much faster than hashing the pairs)."""
    runs = frame.select(_k=pair_key(high, low))["_k"].sort().rle().struct.unnest()
    return pl.concat(
        [
            split_key(runs["value"], high, low),
            runs.select(pl.col("len").cast(pl.Int64).alias(name)),
        ],
        how="horizontal",
    )


def _texts(pairs: pl.DataFrame) -> pl.DataFrame:
    """``_doc, _aid, kind`` of the texts in ``pairs`` (sorted by ``_doc``), once each."""
    first = pl.col("_doc") != pl.col("_doc").shift(1)
    return pairs.filter(first.fill_null(True)).select("_doc", "_aid", "kind")


def _topics(pairs: pl.DataFrame, lexicon: Lexicon, defaults: DomainDefaults) -> pl.DataFrame:
    """Per account (``_aid``): topic shares, detected niches, top niche (``pairs``: the
    distinct ``_doc, term_id`` of :meth:`Corpus.doc_terms`).

    Sums run in a fixed order (by text, by niche), and a share within rounding of the
    threshold or of another share counts as equal: a share of exactly 1/5 is no
    0.19999999999999998 that misses ``min_niche_share = 0.2``, whatever order it was added in.
    """
    c = defaults.content
    per_doc = _count_pairs(pairs, "_doc", "label_id", "n").join(
        _texts(pairs), on="_doc", maintain_order="left"
    )
    bio = pl.when(pl.col("kind") == "bio").then(c.bio_weight).otherwise(1.0)
    per_doc = per_doc.with_columns(w=bio * pl.col("n") / pl.col("n").sum().over("_doc"))
    per_niche = (
        per_doc.group_by("_aid", "label_id", maintain_order=True)
        .agg(
            w=pl.col("w").sum(),
            posts=(pl.col("kind") == "post").sum().cast(pl.Int64),
            in_bio=(pl.col("kind") == "bio").any(),
        )
        .sort("_aid", "label_id")
        .with_columns(share=pl.col("w") / pl.col("w").sum().over("_aid"))
        .join(_names(lexicon)[0], on="label_id")
        .sort(
            ["_aid", pl.col("share").round(_SHARE_DIGITS), "label"],
            descending=[False, True, False],
        )
    )
    detected = (pl.col("share") >= c.min_niche_share - _SHARE_TOLERANCE) & (
        (pl.col("posts") >= c.min_niche_posts) | pl.col("in_bio")
    )
    return per_niche.group_by("_aid", maintain_order=True).agg(
        top_niche=pl.col("label").first(),
        niches=pl.col("label").filter(detected),
        topics=pl.struct(niche="label", share="share", posts="posts"),
    )


def _top_terms(pairs: pl.DataFrame, lexicon: Lexicon, n: int) -> pl.DataFrame:
    """Per account: its ``n`` terms named in the most texts (``pairs`` as in :func:`_topics`)."""
    return (
        _count_pairs(pairs, "_aid", "term_id", "posts")
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
    hits = corpus.doc_terms(lexicon, docs)
    on_brief = _texts(hits)
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
    hits = corpus.doc_terms(lexicon, docs)
    has_brief = brief is not None and brief.has_topics
    checked = docs.group_by("_aid").agg(
        posts_checked=(pl.col("kind") == "post").sum().cast(pl.Int64),
        bio_checked=(pl.col("kind") == "bio").any(),
    )
    # example captions: on-brief posts first; without any (or without a brief) topical posts
    topical = _texts(hits)
    examples = _examples(corpus, docs.join(topical.select("_doc"), on="_doc"), defaults)
    if has_brief and brief is not None:
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


def _labels(defaults: DomainDefaults, niches: list[str], lang: str) -> str:
    lex = defaults.content.niches
    names = [getattr(lex[n], f"label_{lang}") if n in lex else n for n in niches]
    return ", ".join(names)


def _topic_reasons(row: Mapping[str, Any], defaults: DomainDefaults) -> list[Reason]:
    checked, topics = row[P + "posts_checked"] or 0, list(row[P + "topics"] or [])
    if checked == 0 and not row[P + "bio_checked"]:
        return [Reason(code="cf_no_text", severity="warn")]
    if not topics:
        return [Reason(code="cf_no_topics", params={"n": checked})]
    top = topics[0]
    params = {
        "niche_de": _labels(defaults, [top["niche"]], "de"),
        "niche_en": _labels(defaults, [top["niche"]], "en"),
        "share": top["share"],
        "posts": top["posts"],
        "checked": checked,
    }
    out = [Reason(code="cf_topics", params=params)]
    others = [n for n in row[P + "niches"] or [] if n != top["niche"]]
    if others:
        params = {f"niches_{lang}": _labels(defaults, others, lang) for lang in ("de", "en")}
        out.append(Reason(code="cf_more_niches", params=params))
    return out


def _fit_reasons(row: Mapping[str, Any], defaults: DomainDefaults) -> list[Reason]:
    c = defaults.content
    if not row[P + "has_brief"]:
        return [Reason(code="cf_no_brief")]
    checked, on_brief = row[P + "posts_checked"] or 0, row[P + "brief_posts"] or 0
    out = []
    unknown = list(row[P + "unknown_niches"] or [])
    if unknown:
        out.append(Reason(code="cf_unknown_niche", params={"niches": ", ".join(unknown)}))
    score = row[P + "score"]
    if score is not None and checked > 0:
        terms = ", ".join(t["term"] for t in (row[P + "brief_terms"] or [])[:5])
        params = {"posts": on_brief, "checked": checked, "share": row[P + "value"], "terms": terms}
        if on_brief == 0:
            out.append(Reason(code="cf_fit_none", params=params, severity="warn"))
        elif score >= c.fit_good_score:
            out.append(Reason(code="cf_fit_high", params=params, severity="good"))
        elif score >= c.fit_low_score:
            out.append(Reason(code="cf_fit_partial", params=params))
        else:
            out.append(Reason(code="cf_fit_low", params=params, severity="warn"))
    if row[P + "bio_match"]:
        out.append(Reason(code="cf_bio_match", severity="good"))
    return out


def _partner_reasons(row: Mapping[str, Any], defaults: DomainDefaults) -> list[Reason]:
    s = defaults.content.partnerships
    checked = row[P + "partner_posts_checked"] or 0
    if checked == 0:
        return []
    brands = list(row[P + "brands"] or [])
    commercial = row[P + "commercial_posts"] or 0
    if commercial == 0:
        return [Reason(code="cf_no_partners", params={"checked": checked})]
    names = ", ".join(f"{b['brand']} ({b['posts']})" for b in brands[:5])
    params = {"brands": len(brands), "posts": commercial, "checked": checked, "names": names}
    out = [Reason(code="cf_partners", params=params)]
    if row[P + "competitors"]:
        names = ", ".join(row[P + "competitors"])
        out.append(Reason(code="cf_competitor_partner", params={"names": names}, severity="warn"))
    if row[P + "own_brand"]:
        own = ", ".join(b["brand"] for b in brands if b["own_brand"])
        out.append(Reason(code="cf_own_brand_partner", params={"names": own}, severity="good"))
    share = row[P + "commercial_share"]
    if share is not None and share > s.commercial_share_warn:
        out.append(Reason(code="cf_commercial_heavy", params={"share": share}, severity="warn"))
    return out


def content_fit_result(
    row: Mapping[str, Any], defaults: DomainDefaults, brief: Brief | None = None
) -> ComponentResult:
    """The explained content-fit component of one row of :func:`content_fit_frame`.

    ``brief`` is accepted for symmetry with the other components; everything it changed is in
    the row already.
    """
    c = defaults.content
    checked = row[P + "posts_checked"] or 0
    reasons = _topic_reasons(row, defaults) + _fit_reasons(row, defaults)
    if 0 < checked < c.min_posts_full_confidence:
        params = {"n": checked, "wanted": c.min_posts_full_confidence}
        reasons.append(Reason(code="cf_few_posts", params=params, severity="warn"))
    reasons += _partner_reasons(row, defaults)
    keys = ("top_niche", "niches", "topics", "terms", "brief_terms", "examples", "focus")
    evidence: dict[str, Any] = {k: row[P + k] for k in keys}
    evidence |= {
        "posts_checked": checked,
        "brief_posts": row[P + "brief_posts"],
        "bio_match": row[P + "bio_match"],
        "has_brief": bool(row[P + "has_brief"]),
        "partnerships": {
            "posts_checked": row[P + "partner_posts_checked"],
            "commercial_posts": row[P + "commercial_posts"],
            "commercial_share": row[P + "commercial_share"],
            "brands": list(row[P + "brands"] or []),
            "competitors": list(row[P + "competitors"] or []),
            "own_brand": bool(row[P + "own_brand"]),
        },
    }
    weight = defaults.composite.weights.get(KEY, 0.0)
    return component_from_row(KEY, row, weight, evidence, reasons)
