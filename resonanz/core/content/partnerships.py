"""Earlier brand partnerships: which brands a creator promoted, how often, and when last.

A post is *commercial* when it discloses an ad (a word of ``disclosure_terms``: "Werbung",
"Anzeige", "#ad", "sponsored", …), carries the platform's paid-partnership label, names a discount
code (``discount_codes`` or a phrase of ``code_terms``) or links to a shop through an affiliate or
tracked link (``affiliate_link_patterns``). The brands of a commercial post are its @mentions —
except handles of creator accounts in the data (a shout-out to a friend is no partnership) and the
account itself — or, when it mentions nobody, the domain of its shop link.

Brands are compared by a *key*: folded, letters and digits only, without the top-level domain, so
``@nordkraft.sports`` and ``nordkraft-sports.de`` are one brand. A brief's competitors and own
brand match a key exactly or, from ``min_competitor_key_length`` letters, inside it.
"""

from __future__ import annotations

import polars as pl

from resonanz.core.brief import Brief
from resonanz.core.config import DomainDefaults
from resonanz.core.content.corpus import Corpus
from resonanz.core.content.text import MatchRules, compile_lexicon, fold, fold_values

P = "content_fit_"
_HOST = r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?([^/?#:\s]+)"
# endings that make a name a web address (handles such as "glowlab.beauty" keep their dot part)
_WEB_END = r"\.(?:de|at|ch|com|net|org|eu|io|co|shop|store|uk|fr|it|nl|es|info|app|gg)(?:[/?#:]|$)"
BRAND_FIELDS = {
    "brand": pl.String,
    "key": pl.String,
    "posts": pl.Int64,
    "disclosed_posts": pl.Int64,
    "last_at": pl.Datetime("us"),
    "competitor": pl.Boolean,
    "own_brand": pl.Boolean,
}


def brand_key(expr: pl.Expr) -> pl.Expr:
    """Folded letters and digits of a handle, name or web address (without its domain ending).

    ``@nordkraft.sports``, ``Nordkraft Sports`` and ``https://nordkraft-sports.de/?ref=X`` all give
    ``nordkraftsports``; a handle's dotted part (``.sports``) is kept, a web domain's is not.
    """
    text = fold(expr).str.strip_chars().str.strip_chars_start("@")
    is_web = text.str.contains(r"^[a-z][a-z0-9+.-]*://|^www\.") | text.str.contains(_WEB_END)
    host = text.str.extract(_HOST, 1).str.replace(_WEB_END, "")
    return pl.when(is_web).then(host).otherwise(text).str.replace_all(r"[^a-z0-9]", "")


def _keys(names: tuple[str, ...]) -> list[str]:
    if not names:
        return []
    frame = pl.DataFrame({"n": list(names)}).select(k=brand_key(pl.col("n")))
    return [k for k in frame["k"].to_list() if k]


def _signals(corpus: Corpus, defaults: DomainDefaults) -> pl.DataFrame:
    """Per recent post: ``disclosed`` and ``coded`` from the words of its text."""
    s = defaults.content.partnerships
    entries = [("disclosure", t, False) for t in s.disclosure_terms]
    entries += [("code", t, False) for t in s.code_terms]
    lexicon = compile_lexicon(entries, MatchRules(), corpus.lemmatise)
    docs = corpus.doc_ids(("post",), s.recent_posts)
    hits = corpus.find(lexicon, docs.select("_doc", "post_id")).join(
        lexicon.terms.select("term_id", "label"), on="term_id"
    )
    return hits.group_by("post_id").agg(
        disclosed=(pl.col("label") == "disclosure").any(),
        coded=(pl.col("label") == "code").any(),
    )


def commercial_posts(corpus: Corpus, defaults: DomainDefaults) -> pl.DataFrame:
    """The recent posts (``partnerships.recent_posts``) with ``disclosed`` and ``commercial``."""
    s = defaults.content.partnerships
    posts = corpus.posts.filter(pl.col("rank") < s.recent_posts)
    affiliate = "|".join(f"(?:{p})" for p in s.affiliate_link_patterns) or "$^"
    signals = _signals(corpus, defaults)
    return posts.join(signals, on="post_id", how="left").with_columns(
        disclosed=pl.col("disclosed").fill_null(False)
        | pl.col("has_platform_paid_label").fill_null(False),
        commercial=pl.col("disclosed").fill_null(False)
        | pl.col("coded").fill_null(False)
        | pl.col("has_platform_paid_label").fill_null(False)
        | (pl.col("discount_codes").list.len() > 0)
        | pl.col("links")
        .list.eval(pl.element().str.to_lowercase().str.contains(affiliate))
        .list.any(),
    )


def _brand_rows(commercial: pl.DataFrame, corpus: Corpus, defaults: DomainDefaults) -> pl.DataFrame:
    s = defaults.content.partnerships
    creators = corpus.accounts.select(key=brand_key(pl.col("handle"))).drop_nulls().unique()
    # the mentions column, and @handles in the caption (some sources give only the caption)
    in_text = pl.col("caption").str.extract_all(r"@[A-Za-z0-9._]+").fill_null([])
    named = pl.concat_list("mentions", in_text).list.eval(
        pl.element().str.strip_chars_start("@").str.strip_chars_end(".").str.to_lowercase()
    )
    mentions = (
        commercial.select(
            "account_id", "post_id", "posted_at", "disclosed", brand=named.list.unique()
        )
        .explode("brand")
        .drop_nulls("brand")
        .with_columns(key=brand_key(pl.col("brand")))
        .join(creators, on="key", how="anti")
    )
    ignore = pl.Series(fold_values(list(s.ignore_domains)), dtype=pl.String)
    without = commercial.join(mentions.select("post_id").unique(), on="post_id", how="anti")
    domains = (
        without.select(
            "account_id",
            "post_id",
            "posted_at",
            "disclosed",
            brand=pl.concat_list(
                "links", pl.col("caption").str.extract_all(r"https?://[^\s)\]]+").fill_null([])
            ).list.unique(),
        )
        .explode("brand")
        .drop_nulls("brand")
        .with_columns(brand=fold(pl.col("brand")).str.extract(_HOST, 1))
        .filter(~pl.col("brand").is_in(ignore.implode()))
        .with_columns(key=brand_key(pl.col("brand")))
    )
    both = pl.concat([mentions, domains], how="vertical_relaxed")
    return both.filter(pl.col("key").str.len_chars() >= s.min_brand_key_length)


def _named(keys: list[str], min_inside: int) -> pl.Expr:
    cond = pl.lit(False)
    for key in keys:
        hit = pl.col("key") == key
        if len(key) >= min_inside:
            hit = hit | pl.col("key").str.contains(key, literal=True)
        cond = cond | hit
    return cond


def partnerships_frame(
    corpus: Corpus, defaults: DomainDefaults, brief: Brief | None = None
) -> pl.DataFrame:
    """Per account: commercial posts, their brands, competitors and the brief's own brand.

    Columns: ``account_id``, ``content_fit_commercial_posts``, ``…_partner_posts_checked``,
    ``…_commercial_share``, ``…_brands`` (list of ``brand, key, posts, disclosed_posts, last_at,
    competitor, own_brand``), ``…_competitors`` (brand names), ``…_own_brand`` (bool).
    """
    s = defaults.content.partnerships
    commercial_all = commercial_posts(corpus, defaults)
    commercial = commercial_all.filter("commercial")
    comp = _keys(brief.competitors) if brief else []
    own = _keys((brief.brand,)) if brief and brief.brand else []
    brands = (
        _brand_rows(commercial, corpus, defaults)
        .group_by("account_id", "key")
        .agg(
            brand=pl.col("brand").min(),
            posts=pl.col("post_id").n_unique().cast(pl.Int64),
            disclosed_posts=pl.col("post_id").filter("disclosed").n_unique().cast(pl.Int64),
            last_at=pl.col("posted_at").max(),
        )
        .with_columns(
            competitor=_named(comp, s.min_competitor_key_length),
            own_brand=_named(own, s.min_competitor_key_length),
        )
        .sort(["account_id", "posts", "last_at", "key"], descending=[False, True, True, False])
    )
    per_brand = brands.group_by("account_id", maintain_order=True).agg(
        brands=pl.struct(list(BRAND_FIELDS)).head(s.max_brands),
        competitors=pl.col("brand").filter("competitor"),
        own_brand=pl.col("own_brand").any(),
    )
    counts = commercial_all.group_by("account_id").agg(
        checked=pl.len().cast(pl.Int64), commercial=pl.col("commercial").sum().cast(pl.Int64)
    )
    out = (
        corpus.accounts.select("account_id")
        .join(counts, on="account_id", how="left", maintain_order="left")
        .join(per_brand, on="account_id", how="left", maintain_order="left")
    )
    return out.select(
        "account_id",
        pl.col("commercial").fill_null(0).alias(P + "commercial_posts"),
        pl.col("checked").fill_null(0).alias(P + "partner_posts_checked"),
        pl.when(pl.col("checked") > 0)
        .then(pl.col("commercial") / pl.col("checked"))
        .alias(P + "commercial_share"),
        pl.col("brands").fill_null([]).alias(P + "brands"),
        pl.col("competitors").fill_null([]).alias(P + "competitors"),
        pl.col("own_brand").fill_null(False).alias(P + "own_brand"),
    )
