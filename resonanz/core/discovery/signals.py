"""Discovery signals from seed 002's "Manuelle Suchtechniken", where the data has them.

Seed 002 names: "plattformspezifische Hashtags, die für Ihre Branche relevant sind",
"Entdecken Sie die Follower und das Engagement der Wettbewerber", "Überwachung von
Markenerwähnungen und nutzergenerierten Inhalten", "Ortsbezogene Tags für lokale Kampagnen".
One row per account:

* ``hashtags`` – distinct folded hashtags of its recent posts; ``shared_hashtags`` – those that
  are also a brief keyword, niche or the brand (spaces dropped: "Laufschuhe" → #laufschuhe);
* ``brand_mentions`` – its posts naming the brand (@mention or word in the caption);
  ``ugc_posts`` – of those, posts with no paid label and no ad marker: user-generated content;
* ``competitor_posts`` – its posts naming a competitor;
* ``competitor_engagement`` – comments it (its handle) wrote under posts that name a competitor
  or are by a competitor's own account: an engager of competitors;
* ``in_target_city`` – the creator lives in a target city of the brief; ``target_city_share`` –
  share of its audience in the target cities (location tags are not in the data contract: city
  is the creator's and the audience's);
* ``customer_followers`` – sampled followers who are the brand's own customers (computed by the
  store from the CRM table; 0 without one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from resonanz.core.brief import Brief
from resonanz.core.content.text import fold, fold_values

SIGNAL_COLUMNS: tuple[str, ...] = (
    "hashtags",
    "shared_hashtags",
    "brand_mentions",
    "ugc_posts",
    "competitor_posts",
    "competitor_engagement",
    "in_target_city",
    "target_city_share",
)


def _key(values: Sequence[str]) -> list[str]:
    """Folded, without '@'/'#' and anything but letters and digits ("Nord Kraft" → nordkraft)."""
    return [k for k in (re.sub(r"[\W_]", "", v) for v in fold_values(values)) if k]


def brief_hashtags(brief: Brief | None) -> list[str]:
    """Hashtags a brief stands for: its keywords, niches and brand, folded, without spaces.

    >>> brief_hashtags(Brief(keywords=("Laufschuhe", "Trail Running"), brand="@Proteinwerk"))
    ['laufschuhe', 'trailrunning', 'proteinwerk']
    """
    if brief is None:
        return []
    names = [*brief.keywords, *brief.niches, *([brief.brand] if brief.brand else [])]
    return list(dict.fromkeys(_key(names)))


def _names_expr(names: list[str]) -> pl.Expr:
    """True for posts whose mentions or caption name one of ``names`` (folded keys)."""
    if not names:
        return pl.lit(False)
    mentions = pl.col("mentions").list.eval(fold(pl.element()).str.replace_all(r"[\W_]", ""))
    by_mention = mentions.list.eval(pl.element().is_in(names)).list.any().fill_null(False)
    pattern = (
        r"(?:^|[^\p{L}\p{N}])(?:" + "|".join(re.escape(n) for n in names) + r")(?:$|[^\p{L}\p{N}])"
    )
    by_caption = fold(pl.col("caption")).str.contains(pattern).fill_null(False)
    return by_mention | by_caption


def _paid_expr(markers: Sequence[str]) -> pl.Expr:
    labelled = pl.col("has_platform_paid_label").fill_null(False)
    if not markers:
        return labelled
    pattern = (
        r"(?:^|[^\p{L}\p{N}])(?:"
        + "|".join(re.escape(m) for m in fold_values(markers))
        + r")(?:$|[^\p{L}\p{N}])"
    )
    return labelled | fold(pl.col("caption")).str.contains(pattern).fill_null(False)


def _posts(posts: pl.DataFrame) -> pl.DataFrame:
    cols: dict[str, pl.DataType] = {
        "post_id": pl.String(),
        "account_id": pl.String(),
        "caption": pl.String(),
        "hashtags": pl.List(pl.String),
        "mentions": pl.List(pl.String),
        "has_platform_paid_label": pl.Boolean(),
    }
    return posts.select(
        [
            pl.col(c).cast(t, strict=False) if c in posts.columns else pl.lit(None, t).alias(c)
            for c, t in cols.items()
        ]
    )


def _engagement(
    accounts: pl.DataFrame, posts: pl.DataFrame, comments: pl.DataFrame, competitors: list[str]
) -> pl.DataFrame:
    """Per account: comments its handle wrote under competitor posts."""
    empty = pl.DataFrame(schema={"account_id": pl.String, "competitor_engagement": pl.UInt32})
    if not competitors or comments.is_empty():
        return empty
    handles = accounts.select(
        pl.col("account_id").cast(pl.String),
        fold(pl.col("handle").cast(pl.String)).str.replace_all(r"[\W_]", "").alias("_h"),
    )
    own = handles.filter(pl.col("_h").is_in(competitors))["account_id"]
    hit = posts.filter(_names_expr(competitors) | pl.col("account_id").is_in(own.implode()))
    authors = (
        comments.select(pl.col("post_id").cast(pl.String), pl.col("author").cast(pl.String))
        .join(hit.select("post_id", pl.col("account_id").alias("_owner")), on="post_id")
        .select(
            "_owner",
            fold(pl.col("author")).str.replace_all(r"[\W_]", "").alias("_h"),
        )
    )
    return (
        authors.join(handles, on="_h")
        .filter(pl.col("account_id") != pl.col("_owner"))
        .group_by("account_id")
        .agg(pl.len().alias("competitor_engagement"))
    )


def signal_frame(
    accounts: pl.DataFrame,
    posts: pl.DataFrame,
    comments: pl.DataFrame,
    brief: Brief | None,
    *,
    creator_city: pl.DataFrame | None = None,
    audience: pl.DataFrame | None = None,
    paid_markers: Sequence[str] = (),
) -> pl.DataFrame:
    """One row per account of ``accounts`` with :data:`SIGNAL_COLUMNS`.

    ``accounts``: ``account_id``, ``handle``; ``posts``: ``post_id``, ``account_id``,
    ``caption``, ``hashtags``, ``mentions``, ``has_platform_paid_label`` (the recent posts);
    ``comments``: ``post_id``, ``author``; ``creator_city``: ``account_id``, ``city``;
    ``audience``: ``account_id``, ``dimension``, ``bucket``, ``share``.
    """
    p = _posts(posts)
    tags = brief_hashtags(brief)
    brand = _key([brief.brand]) if brief and brief.brand else []
    competitors = _key(list(brief.competitors)) if brief else []
    folded_tags = pl.col("hashtags").list.eval(
        fold(pl.element()).str.strip_chars_start("#").str.replace_all(r"[\W_]", "")
    )
    brand_hit = _names_expr(brand)
    per_post = p.with_columns(
        folded_tags.alias("_tags"),
        brand_hit.alias("_brand"),
        (brand_hit & ~_paid_expr(paid_markers)).alias("_ugc"),
        _names_expr(competitors).alias("_comp"),
    )
    by_account = per_post.group_by("account_id").agg(
        pl.col("_tags")
        .explode(keep_nulls=False, empty_as_null=False)
        .unique(maintain_order=True)
        .alias("hashtags"),
        pl.col("_brand").sum().alias("brand_mentions"),
        pl.col("_ugc").sum().alias("ugc_posts"),
        pl.col("_comp").sum().alias("competitor_posts"),
    )
    out = (
        accounts.select(pl.col("account_id").cast(pl.String))
        .join(by_account, on="account_id", how="left")
        .join(_engagement(accounts, p, comments, competitors), on="account_id", how="left")
        .with_columns(
            pl.col("hashtags").fill_null(pl.lit([], dtype=pl.List(pl.String))),
            *[
                pl.col(c).fill_null(0).cast(pl.Int64)
                for c in (
                    "brand_mentions",
                    "ugc_posts",
                    "competitor_posts",
                    "competitor_engagement",
                )
            ],
        )
        .with_columns(
            pl.col("hashtags")
            .list.eval(pl.element().filter(pl.element().is_in(tags)))
            .alias("shared_hashtags")
        )
    )
    return _with_location(out, brief, creator_city, audience).select("account_id", *SIGNAL_COLUMNS)


def _with_location(
    out: pl.DataFrame,
    brief: Brief | None,
    creator_city: pl.DataFrame | None,
    audience: pl.DataFrame | None,
) -> pl.DataFrame:
    cities = fold_values(brief.target.cities) if brief and brief.target else []
    if not cities:
        return out.with_columns(
            pl.lit(None, dtype=pl.Boolean).alias("in_target_city"),
            pl.lit(None, dtype=pl.Float64).alias("target_city_share"),
        )
    if creator_city is not None:
        lives = creator_city.select(
            pl.col("account_id").cast(pl.String),
            fold(pl.col("city").cast(pl.String)).is_in(cities).alias("in_target_city"),
        )
        out = out.join(lives, on="account_id", how="left")
    else:
        out = out.with_columns(pl.lit(None, dtype=pl.Boolean).alias("in_target_city"))
    if audience is not None and not audience.is_empty():
        share = (
            audience.filter(pl.col("dimension") == "city")
            .group_by(pl.col("account_id").cast(pl.String))
            .agg(
                pl.col("share")
                .filter(fold(pl.col("bucket").cast(pl.String)).is_in(cities))
                .sum()
                .alias("target_city_share")
            )
        )
        out = out.join(share, on="account_id", how="left")
    else:
        out = out.with_columns(pl.lit(None, dtype=pl.Float64).alias("target_city_share"))
    return out
