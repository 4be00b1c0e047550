"""Advocate score per customer, with reasons and a segment (seed 003: consumer influencers).

Seed 003: the best recommenders are often the brand's own customers — who buys often ("wer kauft
besonders häufig?"), who is an early adopter of new products, who lives in a metropolis, who
writes reviews, who posts. Each signal becomes a component in [0, 1]:

* ``rfm`` — mean of the percentile ranks of recency (recent is high), frequency and monetary value
  of the orders in the look-back window, among the customers who ordered;
* ``early_adopter`` — share of the product launches a customer lived through (launched after
  signup or first order) that they bought within ``early_window_days`` of launch;
* ``metro`` — 1 when the postal code (or city) is in a German city over 100k (Destatis), else 0;
* ``reviews`` — review count / ``review_saturation``, capped at 1;
* ``social_reach`` — log-scaled followers of a creator account in the store whose handle matches
  the customer's handle.

score = 100 × Σ wᵢ·cᵢ / Σ wᵢ over the components that are known (no launches lived through, or
no location, leaves that component out and spreads its weight). Segments (see
docs/advocates-and-geo.md): brand critic, brand maven, brand lover, else customer. Vectorised.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import polars as pl

from resonanz.core.advocates.cities import metro_city
from resonanz.core.advocates.frames import conform
from resonanz.core.advocates.settings import AdvocateSettings
from resonanz.core.advocates.tone import text_tone

COMPONENTS = ("rfm", "early_adopter", "metro", "reviews", "social_reach")
SEGMENTS = ("brand_lover", "brand_maven", "brand_critic", "customer")
HANDLE_PLATFORMS = ("instagram", "tiktok", "youtube")


def default_as_of(orders: pl.DataFrame) -> date:
    """The day after the last order: the analysis looks back from there."""
    last = orders.select(pl.col("ordered_at").max()).item()
    if last is None:
        raise ValueError("orders: no orders, so there is nothing to score")
    day: date = last.date() if isinstance(last, datetime) else last
    return day + timedelta(days=1)


def _eligible(customers: pl.DataFrame, settings: AdvocateSettings) -> pl.DataFrame:
    consent = pl.col("consent_profiling")
    keep = consent.eq(True) if settings.require_profiling_consent else consent.ne(False)
    return customers.filter(keep.fill_null(not settings.require_profiling_consent))


def _rfm(orders: pl.DataFrame, as_of: date, lookback_days: int) -> pl.DataFrame:
    start = as_of - timedelta(days=lookback_days)
    day = pl.col("ordered_at").dt.date()
    per = (
        orders.filter((day >= start) & (day < as_of))
        .group_by("customer_id")
        .agg(
            pl.len().alias("frequency"),
            pl.col("value").sum().alias("monetary"),
            day.max().alias("last_order"),
            day.min().alias("first_order"),
        )
        .with_columns((pl.lit(as_of) - pl.col("last_order")).dt.total_days().alias("recency_days"))
    )
    n = pl.len()
    return per.with_columns(
        (
            (
                (-pl.col("recency_days")).rank("average") / n
                + pl.col("frequency").rank("average") / n
                + pl.col("monetary").rank("average") / n
            )
            / 3
        ).alias("rfm")
    )


def _early_adopter(
    customers: pl.DataFrame,
    orders: pl.DataFrame,
    products: pl.DataFrame,
    as_of: date,
    settings: AdvocateSettings,
) -> pl.DataFrame:
    window = settings.early_window_days
    launches = products.filter(pl.col("launch_date").is_not_null()).select(
        pl.col("product_id"), pl.col("launch_date")
    )
    bought = (
        orders.select("customer_id", pl.col("ordered_at").dt.date().alias("day"), "products")
        .explode("products")
        .rename({"products": "product_id"})
        .join(launches, on="product_id", how="inner")
        .with_columns((pl.col("day") - pl.col("launch_date")).dt.total_days().alias("days"))
        .filter(pl.col("days").is_between(0, window))
        .group_by("customer_id")
        .agg(pl.col("product_id").n_unique().cast(pl.Int64).alias("early_products"))
    )
    first = orders.group_by("customer_id").agg(pl.col("ordered_at").min().dt.date().alias("first"))
    since = (
        customers.select("customer_id", "signup_date")
        .join(first, on="customer_id", how="left")
        .select("customer_id", pl.coalesce("signup_date", "first").alias("since"))
    )
    # launches a customer could have bought early: after they became a customer, window closed
    closed = launches.filter(pl.col("launch_date") <= as_of - timedelta(days=window))
    lived = (
        since.join(closed, how="cross")
        .filter(pl.col("launch_date") >= pl.col("since"))
        .group_by("customer_id")
        .agg(pl.len().cast(pl.Int64).alias("launches"))
    )
    out = (
        since.select("customer_id")
        .join(lived, on="customer_id", how="left")
        .join(bought, on="customer_id", how="left")
        .with_columns(pl.col("launches").fill_null(0), pl.col("early_products").fill_null(0))
    )
    index = pl.min_horizontal(pl.col("early_products") / pl.col("launches"), pl.lit(1.0))
    return out.with_columns(
        pl.when(pl.col("launches") >= settings.min_launches).then(index).alias("early_adopter")
    )


def review_tones(reviews: pl.DataFrame) -> pl.DataFrame:
    """Per review: text tone, rating tone ((stars − 3) / 2) and their mean as ``tone``."""
    text = text_tone(reviews, "review_id", "text").select("review_id", pl.col("tone").alias("tt"))
    rating = (pl.col("rating").cast(pl.Float64) - 3.0) / 2.0
    return (
        reviews.select("review_id", "customer_id", "rating")
        .join(text, on="review_id", how="left")
        .with_columns(rating.alias("rt"))
        .with_columns(pl.mean_horizontal("rt", "tt").alias("tone"))
    )


def _reviews(reviews: pl.DataFrame, settings: AdvocateSettings) -> pl.DataFrame:
    seg = settings.segments
    tones = review_tones(reviews)
    critical = (pl.col("rating") <= seg.maven_critical_rating).fill_null(False) | (
        pl.col("tt") < 0
    ).fill_null(False)
    return tones.group_by("customer_id").agg(
        pl.len().alias("review_count"),
        pl.col("tone").mean().alias("tone"),
        critical.sum().cast(pl.Int64).alias("critical_reviews"),
    )


def _social(customers: pl.DataFrame, accounts: pl.DataFrame | None) -> pl.DataFrame:
    empty = pl.DataFrame(
        schema={
            "customer_id": pl.String,
            "social_platform": pl.String,
            "social_handle": pl.String,
            "followers": pl.Int64,
        }
    )
    if accounts is None or accounts.is_empty():
        return empty
    handles = (
        customers.select("customer_id", *HANDLE_PLATFORMS)
        .unpivot(index="customer_id", variable_name="platform", value_name="handle")
        .filter(pl.col("handle").is_not_null())
        .with_columns(
            pl.col("handle").str.strip_chars().str.strip_chars_start("@").str.to_lowercase()
        )
    )
    acc = accounts.select(
        pl.col("platform").cast(pl.String),
        pl.col("handle").cast(pl.String).str.to_lowercase(),
        pl.col("followers").cast(pl.Int64),
    )
    matched = handles.join(acc, on=["platform", "handle"], how="inner")
    if matched.is_empty():
        return empty
    return (
        matched.sort("followers", descending=True, nulls_last=True)
        .group_by("customer_id", maintain_order=True)
        .first()
        .select(
            "customer_id",
            pl.col("platform").alias("social_platform"),
            pl.col("handle").alias("social_handle"),
            "followers",
        )
    )


def _reasons(settings: AdvocateSettings) -> pl.Expr:
    floor = settings.reason_min_component
    seg = settings.segments
    codes = [
        pl.when(pl.col("rfm") >= floor).then(pl.lit("loyal_buyer")),
        pl.when(pl.col("early_adopter") >= floor).then(pl.lit("early_adopter")),
        pl.when(pl.col("metro") == 1.0).then(pl.lit("metropolis")),
        pl.when(pl.col("review_count") > 0).then(pl.lit("reviewer")),
        pl.when(pl.col("tone") >= seg.lover_min_tone).then(pl.lit("positive_tone")),
        pl.when(pl.col("tone") <= seg.critic_max_tone).then(pl.lit("negative_tone")),
        pl.when(pl.col("social_reach") > 0).then(pl.lit("social_reach")),
        pl.when(pl.col("consent_marketing").eq(False)).then(pl.lit("no_marketing_consent")),
    ]
    return pl.concat_list(codes).list.drop_nulls().alias("reasons")


def _segment(settings: AdvocateSettings) -> pl.Expr:
    seg = settings.segments
    has_reviews = pl.col("review_count") > 0
    critic = has_reviews & (pl.col("tone") <= seg.critic_max_tone)
    maven = (
        (pl.col("review_count") >= seg.maven_min_reviews)
        & (pl.col("tone") >= seg.maven_min_tone)
        & (pl.col("critical_reviews") >= 1)
    )
    tone_ok = pl.col("tone").is_null() | (pl.col("tone") >= seg.lover_min_tone)
    lover = (pl.col("rfm") >= seg.lover_min_rfm) & tone_ok
    return (
        pl.when(critic.fill_null(False))
        .then(pl.lit("brand_critic"))
        .when(maven.fill_null(False))
        .then(pl.lit("brand_maven"))
        .when(lover.fill_null(False))
        .then(pl.lit("brand_lover"))
        .otherwise(pl.lit("customer"))
        .alias("segment")
    )


def score_customers(
    customers: pl.DataFrame,
    orders: pl.DataFrame,
    products: pl.DataFrame,
    reviews: pl.DataFrame,
    settings: AdvocateSettings,
    accounts: pl.DataFrame | None = None,
    as_of: date | None = None,
) -> pl.DataFrame:
    """One row per customer who may be profiled: components, score (0–100), segment, reasons.

    Frames have the CRM contract's columns (``accounts``: platform, handle, followers from the
    store). Customers whose ``consent_profiling`` is False are left out entirely.
    """
    customers, orders = conform(customers, "customers"), conform(orders, "orders")
    products, reviews = conform(products, "products"), conform(reviews, "reviews")
    as_of = as_of or default_as_of(orders)
    base = _eligible(customers, settings)
    ids = base.select("customer_id")
    # nothing after the reference day counts: an analysis "as of" a past day sees that day's data
    own_orders = orders.join(ids, on="customer_id", how="semi").filter(
        pl.col("ordered_at").dt.date() < as_of
    )
    reviews = reviews.filter(
        pl.col("reviewed_at").is_null() | (pl.col("reviewed_at").dt.date() < as_of)
    )
    rfm = _rfm(own_orders, as_of, settings.lookback_days)
    early = _early_adopter(base, own_orders, products, as_of, settings)
    revs = _reviews(reviews.join(ids, on="customer_id", how="semi"), settings)
    social = _social(base, accounts)
    lo = math.log10(settings.reach_floor_followers)
    hi = math.log10(settings.reach_saturation_followers)
    followers = pl.col("followers").cast(pl.Float64).clip(lower_bound=1.0)
    reach = ((followers.log10() - lo) / (hi - lo)).clip(0.0, 1.0).fill_null(0.0)
    located = pl.col("postal_code").is_not_null() | pl.col("city").is_not_null()
    frame = (
        base.with_columns(metro_city(pl.col("postal_code"), pl.col("city"), base))
        .join(rfm, on="customer_id", how="left")
        .join(early, on="customer_id", how="left")
        .join(revs, on="customer_id", how="left")
        .join(social, on="customer_id", how="left")
        .with_columns(
            pl.col("frequency").fill_null(0).cast(pl.Int64),
            pl.col("monetary").fill_null(0.0),
            pl.col("rfm").fill_null(0.0),
            pl.col("review_count").fill_null(0).cast(pl.Int64),
            pl.col("critical_reviews").fill_null(0),
            pl.when(located)
            .then(pl.col("metro_city").is_not_null().cast(pl.Float64))
            .alias("metro"),
            (pl.col("review_count").fill_null(0) / settings.review_saturation)
            .clip(upper_bound=1.0)
            .alias("reviews"),
            reach.alias("social_reach"),
        )
    )
    weights = settings.weights.model_dump()
    num = pl.sum_horizontal([pl.col(c).fill_null(0.0) * weights[c] for c in COMPONENTS])
    den = pl.sum_horizontal(
        [pl.col(c).is_not_null().cast(pl.Float64) * weights[c] for c in COMPONENTS]
    )
    frame = frame.with_columns((100.0 * num / den).fill_nan(0.0).alias("score"))
    frame = frame.with_columns(_segment(settings), _reasons(settings))
    advocate = (
        (pl.col("score") >= settings.segments.advocate_min_score)
        & pl.col("segment").is_in(["brand_lover", "brand_maven"])
        & pl.col("consent_marketing").ne(False).fill_null(True)
    )
    frame = frame.with_columns(advocate.alias("advocate"))
    return frame.select(
        "customer_id",
        "score",
        "segment",
        "advocate",
        "reasons",
        *COMPONENTS,
        "frequency",
        "recency_days",
        "monetary",
        "early_products",
        "launches",
        "metro_city",
        "review_count",
        "tone",
        "critical_reviews",
        "social_platform",
        "social_handle",
        "followers",
        "consent_marketing",
    ).sort(["score", "customer_id"], descending=[True, False])


def segment_summary(scored: pl.DataFrame) -> dict[str, dict[str, float | int]]:
    """Per segment: customers, advocates, mean score."""
    rows = (
        scored.group_by("segment")
        .agg(
            pl.len().alias("customers"),
            pl.col("advocate").sum().alias("advocates"),
            pl.col("score").mean().alias("mean_score"),
        )
        .to_dicts()
    )
    out: dict[str, dict[str, float | int]] = {
        s: {"customers": 0, "advocates": 0, "mean_score": 0.0} for s in SEGMENTS
    }
    for r in rows:
        out[str(r["segment"])] = {
            "customers": int(r["customers"]),
            "advocates": int(r["advocates"]),
            "mean_score": round(float(r["mean_score"]), 2),
        }
    return out
