"""One feature function for every account a fake-account model sees.

A follower from the contract's ``follower_samples`` table and a labelled account of the InstaFake
dataset (Akyon & Kalfaoglu 2019) describe a profile with the same public counters, under other
names. :func:`profile_columns` maps either layout onto one set of **profile columns**
(:data:`PROFILE_COLUMNS`); :func:`feature_columns` turns those into the model's **features**
(:data:`FEATURES`). Training, evaluation and scoring all go through these two functions, so a model
trained on one layout reads the other the same way.

Missing values stay null (never 0): a follower sample without usernames has null username
features, and the model treats a null feature as "unknown" (see :mod:`.model`).

Only fields that both layouts carry become features. ``has_external_url`` and ``last_post_at``
exist in follower samples only; they feed the rule-based classes of :mod:`.quality` (inactive),
not the model, because a model trained with them could not be measured on the real data.
"""

from __future__ import annotations

import polars as pl

PROFILE_COLUMNS: dict[str, pl.DataType] = {
    "followers": pl.Float64(),
    "following": pl.Float64(),
    "posts": pl.Float64(),
    "has_profile_pic": pl.Boolean(),
    "is_private": pl.Boolean(),
    "bio_length": pl.Float64(),
    "username_length": pl.Float64(),
    "username_digits": pl.Float64(),
}
"""The common profile columns both layouts map onto (null = unknown)."""

INSTAFAKE_FIELDS: dict[str, str] = {
    "followers": "userFollowerCount",
    "following": "userFollowingCount",
    "posts": "userMediaCount",
    "has_profile_pic": "userHasProfilPic",
    "is_private": "userIsPrivate",
    "bio_length": "userBiographyLength",
    "username_length": "usernameLength",
    "username_digits": "usernameDigitCount",
}
"""Profile column -> InstaFake JSON key (fake-account layout; ``isFake`` is the label)."""

SAMPLE_FIELDS: dict[str, str] = {
    "followers": "followers",
    "following": "following",
    "posts": "posts",
    "has_profile_pic": "has_profile_pic",
    "is_private": "is_private",
    "bio_length": "bio_length",
}
"""Profile column -> follower_samples column; username length and digits come from the name."""

FEATURES: tuple[str, ...] = (
    "log_followers",
    "log_following",
    "log_posts",
    "follow_ratio",
    "no_posts",
    "has_profile_pic",
    "is_private",
    "has_bio",
    "log_bio_length",
    "username_length",
    "username_digits",
    "digit_share",
)
"""The model's inputs, in order (all Float64; null = unknown)."""

SIGNS: dict[str, int] = {
    "log_followers": -1,
    "log_following": 1,
    "log_posts": -1,
    "follow_ratio": 1,
    "no_posts": 1,
    "has_profile_pic": -1,
    "is_private": 0,
    "has_bio": -1,
    "log_bio_length": -1,
    "username_length": 0,
    "username_digits": 1,
    "digit_share": 1,
}
"""Which way each feature may push a logistic model's log-odds of "fake" (+1 up, −1 down, 0 free).

Published knowledge, not data: fake accounts follow many and are followed by few, post little or
nothing, lack a profile picture and a bio, and carry random digits in the username (Cresci et al.
2015, "Fame for sale"; the fake-follower checklists of audit vendors and guides). A coefficient
may be 0 but never point the other way, so an artefact of the training data cannot teach the
model that, say, digits make an account look real. Being private and the username's length
have no agreed direction and are left free.
"""


def _typed(frame: pl.LazyFrame, mapping: dict[str, str]) -> list[pl.Expr]:
    names = frame.collect_schema().names()
    exprs = []
    for target, dtype in PROFILE_COLUMNS.items():
        source = mapping.get(target)
        if source is None or source not in names:
            exprs.append(pl.lit(None, dtype=dtype).alias(target))
            continue
        col = pl.col(source)
        if dtype == pl.Boolean():
            # 0/1 integers and true/false both arrive here; anything else is unknown
            col = col.cast(pl.Int8, strict=False).cast(pl.Boolean)
        else:
            col = col.cast(pl.Float64, strict=False)
            col = pl.when(col >= 0).then(col)  # negative or NaN counts are unknown, not 0
        exprs.append(col.alias(target))
    return exprs


def _username(names: list[str]) -> list[pl.Expr]:
    if "follower_username" not in names:
        return []
    name = pl.col("follower_username").cast(pl.String).str.strip_chars().str.strip_prefix("@")
    name = pl.when(name.str.len_chars() > 0).then(name)
    return [
        name.str.len_chars().cast(pl.Float64).alias("username_length"),
        name.str.count_matches(r"\d").cast(pl.Float64).alias("username_digits"),
    ]


def profile_columns(
    frame: pl.DataFrame | pl.LazyFrame, layout: str = "follower_samples"
) -> pl.LazyFrame:
    """The :data:`PROFILE_COLUMNS` of ``frame`` (plus every column it already had).

    ``layout`` is ``follower_samples`` (the contract's columns; username length and digit count
    are derived from ``follower_username``) or ``instafake`` (the InstaFake fake-account keys).
    Absent columns and values that are not counts become null.
    """
    lazy = frame.lazy()
    names = lazy.collect_schema().names()
    if layout == "instafake":
        return lazy.with_columns(_typed(lazy, INSTAFAKE_FIELDS))
    if layout != "follower_samples":
        raise ValueError(f"unknown layout {layout!r}; use follower_samples or instafake")
    with_profile = lazy.with_columns(_typed(lazy, SAMPLE_FIELDS))
    return with_profile.with_columns(_username(names))


def feature_columns(profiles: pl.LazyFrame) -> pl.LazyFrame:
    """Add the :data:`FEATURES` to a frame with the :data:`PROFILE_COLUMNS`.

    Counts enter as ln(1 + x) because follower and following counts span five orders of
    magnitude; ``follow_ratio`` = ln(1 + following) − ln(1 + followers) is the classic tell of a
    bought or bot account (it follows many and is followed by few). Booleans become 0/1.
    """
    log = pl.Expr.log1p
    length, digits = pl.col("username_length"), pl.col("username_digits")
    return profiles.with_columns(
        log_followers=log(pl.col("followers")),
        log_following=log(pl.col("following")),
        log_posts=log(pl.col("posts")),
        follow_ratio=log(pl.col("following")) - log(pl.col("followers")),
        no_posts=(pl.col("posts") == 0).cast(pl.Float64),
        has_profile_pic=pl.col("has_profile_pic").cast(pl.Float64),
        is_private=pl.col("is_private").cast(pl.Float64),
        has_bio=(pl.col("bio_length") > 0).cast(pl.Float64),
        log_bio_length=log(pl.col("bio_length")),
        username_length=length,
        username_digits=digits.clip(upper_bound=10.0),
        digit_share=pl.when(length > 0).then(digits / length),
    )


def features(frame: pl.DataFrame | pl.LazyFrame, layout: str = "follower_samples") -> pl.DataFrame:
    """The :data:`FEATURES` of every row of ``frame`` (one row each, same order)."""
    return feature_columns(profile_columns(frame, layout)).select(FEATURES).collect()
