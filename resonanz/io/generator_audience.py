"""Audience demographics per account: age, gender, country, city and language shares.

Each account's shares start from its niche's typical audience (plus a platform shift: TikTok
younger, blogs older), are perturbed with Dirichlet noise, and fake followers push weight to
foreign countries and languages. Shares of one dimension sum to 1 (rounded to 4 decimals, the
rounding remainder goes to the last bucket).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from resonanz.io import demo_vocab as vocab
from resonanz.io.generator_accounts import CITY_COUNTRY, Cast
from resonanz.io.generator_base import LANG_EN

_AGE_PROFILE = np.array([n.age_profile for n in vocab.NICHES])
_FEMALE = np.array([n.female_share for n in vocab.NICHES])
_AGE_SHIFT = np.array(
    [
        [1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        [1.8, 1.4, 0.9, 0.7, 0.5, 0.4],
        [1.2, 1.1, 1.0, 1.0, 0.9, 0.8],
        [0.3, 0.7, 1.0, 1.3, 1.5, 1.6],
    ]
)
# Country mix (DE, AT, CH, US, other) by the creator's country, for German-language creators.
_COUNTRY_MIX = {
    "DE": np.array([0.82, 0.07, 0.05, 0.02, 0.04]),
    "AT": np.array([0.33, 0.55, 0.04, 0.02, 0.06]),
    "CH": np.array([0.30, 0.05, 0.57, 0.02, 0.06]),
}
_EN_COUNTRY_SHIFT = np.array([-0.25, -0.02, -0.02, 0.15, 0.14])
_CITY_NAMES = [c[0] for c in vocab.CITIES]
_AUDIENCE_CITY_IDX = np.array([_CITY_NAMES.index(c) for c in vocab.AUDIENCE_CITIES])
_CITY_WEIGHT = np.array([c[2] for c in vocab.CITIES])
_TOP_CITIES = 4
_REST_WEIGHT = 14.0  # pull of all smaller cities together, in CITIES weight units


def _dirichlet(rng: np.random.Generator, base: np.ndarray, concentration: float) -> np.ndarray:
    """Row-wise Dirichlet draws around ``base`` (rows sum to 1)."""
    g = rng.gamma(np.maximum(base, 1e-4) * concentration)
    return g / g.sum(axis=1, keepdims=True)


def _rounded(shares: np.ndarray) -> np.ndarray:
    out = np.round(shares, 4)
    out[:, -1] = np.maximum(1.0 - out[:, :-1].sum(axis=1), 0.0)
    return out


def _country_shares(rng: np.random.Generator, cast: Cast, fake: np.ndarray) -> np.ndarray:
    country = CITY_COUNTRY[cast.acc(cast.city)]
    base = np.select(
        [country[:, None] == "AT", country[:, None] == "CH"],
        [_COUNTRY_MIX["AT"][None, :], _COUNTRY_MIX["CH"][None, :]],
        _COUNTRY_MIX["DE"][None, :],
    )
    english = (cast.acc(cast.lang) == LANG_EN)[:, None]
    base = np.clip(base + english * _EN_COUNTRY_SHIFT, 0.01, None)
    base = base * (1 - fake[:, None]) + fake[:, None] * np.array([0.05, 0, 0, 0.25, 0.7])
    return _dirichlet(rng, base / base.sum(axis=1, keepdims=True), 300.0)


def _city_shares(rng: np.random.Generator, cast: Cast) -> tuple[np.ndarray, np.ndarray]:
    """Own city first, then the four strongest other audience cities, then 'other'.

    Big cities of the creator's own country weigh three times as much.
    """
    n = cast.n_accounts
    own = cast.acc(cast.city)
    cand = np.broadcast_to(_AUDIENCE_CITY_IDX, (n, len(_AUDIENCE_CITY_IDX)))
    same_country = CITY_COUNTRY[cand] == CITY_COUNTRY[own][:, None]
    weight = _CITY_WEIGHT[cand] * np.where(same_country, 3.0, 1.0)
    weight = weight * rng.uniform(0.6, 1.4, weight.shape) * (cand != own[:, None])
    top = np.argsort(-weight, axis=1, kind="stable")[:, :_TOP_CITIES]
    others = np.take_along_axis(cand, top, axis=1)
    other_w = np.take_along_axis(weight, top, axis=1)
    own_share = rng.uniform(0.1, 0.35, n)
    scale = (1.0 - own_share) / (other_w.sum(axis=1) + _REST_WEIGHT)
    shares = np.column_stack([own_share, other_w * scale[:, None], _REST_WEIGHT * scale])
    return np.column_stack([own, others]), shares


def audience_frame(
    rng: np.random.Generator, cast: Cast, account_ids: pl.Series, fake: np.ndarray
) -> pl.DataFrame:
    """The ``audience`` table of the chunk (dimension order: age, gender, country, city, lang)."""
    n = cast.n_accounts
    niche = cast.acc(cast.niche1)
    age = _dirichlet(rng, _AGE_PROFILE[niche] * _AGE_SHIFT[cast.platform], 80.0)
    female = np.clip(_FEMALE[niche] + rng.normal(0, 0.06, n), 0.05, 0.95)
    diverse = rng.uniform(0.002, 0.02, n)
    gender = np.column_stack([female * (1 - diverse), (1 - female) * (1 - diverse), diverse])
    country = _country_shares(rng, cast, fake)
    city_idx, city = _city_shares(rng, cast)
    english = cast.acc(cast.lang) == LANG_EN
    lang_base = np.where(english[:, None], [0.45, 0.45, 0.10], [0.88, 0.08, 0.04])
    lang_base = lang_base * (1 - fake[:, None]) + fake[:, None] * np.array([0.1, 0.5, 0.4])
    language = _dirichlet(rng, lang_base, 300.0)

    blocks = [
        ("age", np.tile(np.array(vocab.AGE_BUCKETS), n), age),
        ("gender", np.tile(np.array(vocab.GENDER_BUCKETS), n), gender),
        ("country", np.tile(np.array(vocab.COUNTRY_BUCKETS), n), country),
        ("city", _city_buckets(city_idx), city),
        ("language", np.tile(np.array(vocab.LANGUAGE_BUCKETS), n), language),
    ]
    frames = []
    for dim, buckets, shares in blocks:
        width = shares.shape[1]
        frames.append(
            pl.DataFrame(
                {
                    "account_id": account_ids.gather(np.repeat(np.arange(n), width)),
                    "dimension": pl.Series([dim] * (n * width), dtype=pl.String),
                    "bucket": pl.Series(buckets, dtype=pl.String),
                    "share": _rounded(shares).ravel(),
                    "_row": np.repeat(np.arange(n), width),
                }
            )
        )
    combined = pl.concat(frames)
    return combined.sort("_row", maintain_order=True).drop("_row")


def _city_buckets(city_idx: np.ndarray) -> np.ndarray:
    names = np.array(_CITY_NAMES, dtype=object)[city_idx]
    other = np.full((len(city_idx), 1), "other", dtype=object)
    return np.column_stack([names, other]).ravel()
