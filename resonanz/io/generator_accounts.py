"""Creators and their platform accounts for one chunk of the demo world.

A :class:`Cast` holds the chunk's people as numpy arrays (one entry per creator, one per
account); the later stages (posts, comments, followers, metrics) read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from resonanz.io import demo_texts as tx
from resonanz.io import demo_vocab as vocab
from resonanz.io.generator_base import (
    LANG_EN,
    PLATFORM_BLOG,
    Bank,
    concat,
    format_ids,
    masked,
    pick,
)

FIRST_NAMES = vocab.FIRST_NAMES_F + vocab.FIRST_NAMES_M
_FIRST = pl.Series(FIRST_NAMES, dtype=pl.String)
FIRST_SLUG = pl.Series([vocab.ascii_slug(n) for n in FIRST_NAMES], dtype=pl.String)
_LAST = pl.Series(vocab.LAST_NAMES, dtype=pl.String)
_LAST_SLUG = pl.Series([vocab.ascii_slug(n) for n in vocab.LAST_NAMES], dtype=pl.String)
_CITY = pl.Series([c[0] for c in vocab.CITIES], dtype=pl.String)
_CITY_SLUG = pl.Series([vocab.ascii_slug(c[0]) for c in vocab.CITIES], dtype=pl.String)
CITY_COUNTRY = np.array([c[1] for c in vocab.CITIES])
_COUNTRY = pl.Series([c[1] for c in vocab.CITIES], dtype=pl.String)
_NICHE_NAME = pl.Series(vocab.NICHE_NAMES, dtype=pl.String)
_NICHE_EMOJI = pl.Series([n.emoji for n in vocab.NICHES], dtype=pl.String)
_NICHE_LABEL = pl.Series(
    [n.label_de for n in vocab.NICHES] + [n.label_en for n in vocab.NICHES], dtype=pl.String
)
_HANDLE_WORDS = Bank([n.handle_words for n in vocab.NICHES])
_MIT_WORD = pl.Series([n.mit_word for n in vocab.NICHES], dtype=pl.String)
_HANDLE_PREFIX = Bank([("hey.", "its", "einfach.", "hallo.", "the", "team")])
_BIO_EXTRA = Bank(tx.BIO_EXTRAS)
_PLATFORM = pl.Series(vocab.PLATFORM_NAMES, dtype=pl.String)

# Mixture of log-normals for the main account's organic followers (log10): below 1k, nano,
# micro, mid, mega. Weights give roughly 5 % / 57 % / 28 % / 8 % / 1.5 % of main accounts.
_TIER_MIX = (
    (0.04, 2.65, 0.22),
    (0.595, 3.55, 0.30),
    (0.27, 4.40, 0.33),
    (0.08, 5.35, 0.30),
    (0.015, 6.35, 0.32),
)
_MAIN_PLATFORM_WEIGHTS = np.array([0.74, 0.17, 0.06, 0.03])
_PRIOR_POSTS_MEDIAN = np.array([350.0, 180.0, 110.0, 240.0])


@dataclass
class Cast:
    """The creators and accounts of one chunk, column-wise. ``acc_*`` arrays index accounts."""

    creator_offset: int
    account_offset: int
    # per creator
    first: np.ndarray
    last: np.ndarray
    city: np.ndarray
    lang: np.ndarray
    niche1: np.ndarray
    niche2: np.ndarray  # -1 = only one niche
    # per account
    acc_creator: np.ndarray
    platform: np.ndarray
    is_main: np.ndarray
    organic: np.ndarray  # organic followers today (real people plus slowly accrued bots)
    following: np.ndarray
    prior_posts: np.ndarray
    handle: pl.Series = field(default_factory=lambda: pl.Series([], dtype=pl.String))

    @property
    def n_creators(self) -> int:
        """Creators in the chunk."""
        return len(self.first)

    @property
    def n_accounts(self) -> int:
        """Accounts in the chunk."""
        return len(self.platform)

    def acc(self, creator_values: np.ndarray) -> np.ndarray:
        """A per-creator array spread to accounts."""
        return creator_values[self.acc_creator]

    def account_ids(self) -> pl.Series:
        """The chunk's account ids, e.g. ``acc-000001``."""
        return format_ids("acc-", self.account_offset, self.n_accounts, 6)

    def creator_ids(self) -> pl.Series:
        """The chunk's creator ids, e.g. ``cr-000001``."""
        return format_ids("cr-", self.creator_offset, self.n_creators, 6)


def draw_cast(rng: np.random.Generator, n: int, creator_offset: int, account_offset: int) -> Cast:
    """Draw ``n`` creators with 1–3 accounts each (handles are added by :func:`assign_handles`)."""
    female = rng.random(n) < 0.6
    n_f, n_m = len(vocab.FIRST_NAMES_F), len(vocab.FIRST_NAMES_M)
    first = np.where(female, rng.integers(0, n_f, n), n_f + rng.integers(0, n_m, n))
    city = pick(rng, [c[2] for c in vocab.CITIES], n)
    berlin = city == 0
    p_en = 0.07 + 0.14 * berlin + 0.04 * (CITY_COUNTRY[city] == "CH")
    niche_w = [x.weight for x in vocab.NICHES]
    niche1 = pick(rng, niche_w, n)
    niche2 = pick(rng, niche_w, n)
    niche2 = np.where((niche2 == niche1) | (rng.random(n) < 0.55), -1, niche2)
    comp = pick(rng, [m[0] for m in _TIER_MIX], n)
    mu = np.array([m[1] for m in _TIER_MIX])[comp]
    sd = np.array([m[2] for m in _TIER_MIX])[comp]
    popularity = rng.normal(mu, sd)
    n_acc = 1 + (rng.random(n) < 0.48 + 0.1 * (popularity > 5)) + (rng.random(n) < 0.16)
    # Gumbel top-k: the first pick follows the weights, later picks the renormalised rest.
    keys = np.log(_MAIN_PLATFORM_WEIGHTS)[None, :] + rng.gumbel(size=(n, 4))
    order = np.argsort(-keys, axis=1, kind="stable")
    acc_creator = np.repeat(np.arange(n), n_acc)
    rank = np.arange(len(acc_creator)) - np.repeat(np.cumsum(n_acc) - n_acc, n_acc)
    platform = order[acc_creator, rank]
    is_main = rank == 0
    log_f = popularity[acc_creator] + np.where(is_main, 0.0, rng.normal(-0.2, 0.35, len(rank)))
    log_f = np.where(platform == PLATFORM_BLOG, log_f - 0.6, log_f)
    organic = np.round(10 ** np.clip(log_f, 1.6, 7.6)).astype(np.int64)
    following = np.clip(rng.lognormal(np.log(550), 0.65, len(rank)), 15, 7400)
    following = np.where(organic > 1e6, following * 0.4, following).astype(np.int64)
    prior = rng.lognormal(np.log(_PRIOR_POSTS_MEDIAN[platform]), 0.7)
    return Cast(
        creator_offset=creator_offset,
        account_offset=account_offset,
        first=first,
        last=rng.integers(0, len(vocab.LAST_NAMES), n),
        city=city,
        lang=(rng.random(n) < p_en).astype(np.int64),
        niche1=niche1,
        niche2=niche2,
        acc_creator=acc_creator,
        platform=platform,
        is_main=is_main,
        organic=organic,
        following=following,
        prior_posts=prior.astype(np.int64),
    )


def _handle_patterns(rng: np.random.Generator, cast: Cast) -> list[pl.Series]:
    """Every handle style for every account; one is chosen per account."""
    fn = FIRST_SLUG.gather(cast.acc(cast.first))
    ln = _LAST_SLUG.gather(cast.acc(cast.last))
    n1 = cast.acc(cast.niche1)
    n2 = cast.acc(cast.niche2)
    hw = _HANDLE_WORDS.draw(rng, n1)
    hw2 = _HANDLE_WORDS.draw(rng, np.where(n2 >= 0, n2, n1))
    digits = pl.Series(rng.integers(10, 100, cast.n_accounts)).cast(pl.String)
    zeros = np.zeros(cast.n_accounts, dtype=np.int64)
    return [
        concat([fn, ".", hw]),
        concat([fn, ".", hw, ".", hw2]),
        concat([_MIT_WORD.gather(n1), "mit", fn]),
        concat([fn, "_", ln]),
        concat([fn, ln, digits]),
        concat([_HANDLE_PREFIX.draw(rng, zeros), fn]),
        concat([fn, "aus", _CITY_SLUG.gather(cast.acc(cast.city))]),
        concat([fn, ln]),
        concat([hw, "mit", fn]),
    ]


def _base_handles(rng: np.random.Generator, cast: Cast) -> pl.Series:
    """One pattern per account; creators mostly reuse their main handle on other platforms."""
    n = cast.n_accounts
    patterns = _handle_patterns(rng, cast)
    style = pick(rng, [0.2, 0.1, 0.08, 0.14, 0.14, 0.1, 0.08, 0.08, 0.08], n)
    main_idx = np.flatnonzero(cast.is_main)[cast.acc_creator]
    style = np.where(~cast.is_main & (rng.random(n) < 0.6), style[main_idx], style)
    base = pl.concat(patterns).gather(style * n + np.arange(n))
    reuse = ~cast.is_main & (style == style[main_idx]) & (rng.random(n) < 0.85)
    return base.gather(np.where(reuse, main_idx, np.arange(n)))


def _decorated(rng: np.random.Generator, base: pl.Series, country: np.ndarray) -> pl.Series:
    """A second-choice handle: trailing digits, '.official' or '_<country>'."""
    n = len(base)
    digits = pl.Series(rng.integers(10, 10_000, n)).cast(pl.String)
    options = [
        concat([base, digits]),
        concat([base, ".official"]),
        concat([base, "_", pl.Series(np.char.lower(country.astype(str)))]),
    ]
    style = pick(rng, [0.75, 0.1, 0.15], n)
    return pl.concat(options).gather(style * n + np.arange(n))


def assign_handles(rng: np.random.Generator, cast: Cast, seen: dict[int, np.ndarray]) -> None:
    """Give every account a plausible handle, unique per platform across the whole world.

    ``seen`` maps platform -> sorted hashes of handles used by earlier chunks; it is updated.
    A taken handle is first decorated (digits, '.official', '_de'); if that is taken too, it
    gets ``_<account number>`` (``-<n>`` inside a blog domain), a form no other step makes.
    """
    n = cast.n_accounts
    base = _base_handles(rng, cast)
    blog = pl.Series(cast.platform == PLATFORM_BLOG)
    country = CITY_COUNTRY[cast.acc(cast.city)]
    tld = pl.Series(np.where(country == "AT", ".at", np.where(country == "CH", ".ch", ".de")))

    def finish(handle: pl.Series) -> pl.Series:
        plain = pl.concat_str([pl.lit(handle.str.replace_all(r"[._]", "")), pl.lit(tld)])
        return pl.select(pl.when(pl.lit(blog)).then(plain).otherwise(pl.lit(handle))).to_series()

    first = finish(base)
    taken = _taken(cast.platform, first, np.zeros(n, dtype=bool), seen)
    second = finish(_decorated(rng, base, country))
    handle = pl.select(pl.when(pl.lit(pl.Series(taken))).then(second).otherwise(first))
    handle = handle.to_series()
    taken = _taken(cast.platform, handle, ~taken, seen)
    number = pl.Series(np.arange(cast.account_offset + 1, cast.account_offset + n + 1))
    plain = base.str.replace_all(r"[._]", "")
    last = pl.select(
        pl.when(pl.lit(blog))
        .then(pl.concat_str([pl.lit(plain), pl.lit("-"), pl.lit(number.cast(pl.String)), tld]))
        .otherwise(pl.concat_str([pl.lit(base), pl.lit("_"), pl.lit(number.cast(pl.String))]))
    ).to_series()
    handle = pl.select(pl.when(pl.lit(pl.Series(taken))).then(last).otherwise(handle))
    handle = handle.to_series().rename("handle")
    for p in np.unique(cast.platform):
        hashes = _hash(handle.filter(pl.Series(cast.platform == p)))
        seen[int(p)] = np.union1d(seen.get(int(p), np.empty(0, np.uint64)), hashes)
    cast.handle = handle


def _hash(handles: pl.Series) -> np.ndarray:
    return handles.hash(seed=7).to_numpy().astype(np.uint64)


def _taken(
    platform: np.ndarray, handles: pl.Series, fixed: np.ndarray, seen: dict[int, np.ndarray]
) -> np.ndarray:
    """Unfixed rows whose handle a fixed row, an earlier row or an earlier chunk already uses."""
    n = len(handles)
    order = np.lexsort((np.arange(n), ~fixed))
    frame = pl.DataFrame({"p": platform[order], "h": handles.gather(order)})
    first = frame.select(pl.struct("p", "h").is_first_distinct()).to_series().to_numpy()
    dup = np.empty(n, dtype=bool)
    dup[order] = ~first
    hashes = _hash(handles)
    old = np.zeros(n, dtype=bool)
    for p, known in seen.items():
        rows = platform == p
        old[rows] = np.isin(hashes[rows], known)
    return (dup | old) & ~fixed


def creators_frame(cast: Cast) -> pl.DataFrame:
    """The ``creators`` table of the chunk."""
    n2 = cast.niche2
    niches = pl.select(
        pl.concat_list(
            pl.lit(_NICHE_NAME.gather(cast.niche1)),
            pl.lit(masked(_NICHE_NAME.gather(np.maximum(n2, 0)), n2 >= 0)),
        ).list.drop_nulls()
    ).to_series()
    return pl.DataFrame(
        {
            "creator_id": cast.creator_ids(),
            "name": concat([_FIRST.gather(cast.first), " ", _LAST.gather(cast.last)]),
            "city": _CITY.gather(cast.city),
            "country": _COUNTRY.gather(cast.city),
            "language": pl.Series(np.where(cast.lang == LANG_EN, "en", "de")),
            "niches": niches,
        }
    )


def _bio(rng: np.random.Generator, cast: Cast) -> pl.Series:
    lang = cast.acc(cast.lang)
    n1 = cast.acc(cast.niche1)
    n2 = cast.acc(cast.niche2)
    n_nich = len(vocab.NICHES)
    second = masked(
        concat([" · ", _NICHE_LABEL.gather(np.maximum(n2, 0) + lang * n_nich)]), n2 >= 0
    )
    return concat(
        [
            _NICHE_EMOJI.gather(n1),
            " ",
            _NICHE_LABEL.gather(n1 + lang * n_nich),
            second,
            " | 📍 ",
            _CITY.gather(cast.acc(cast.city)),
            _BIO_EXTRA.draw(rng, lang),
        ]
    )


def _display_name(rng: np.random.Generator, cast: Cast) -> pl.Series:
    fn = _FIRST.gather(cast.acc(cast.first))
    n1 = cast.acc(cast.niche1)
    label = _NICHE_LABEL.gather(n1 + cast.acc(cast.lang) * len(vocab.NICHES))
    options = [
        concat([fn, " ", _LAST.gather(cast.acc(cast.last))]),
        concat([fn, " | ", label]),
        concat([fn, " ", _NICHE_EMOJI.gather(n1), " ", label]),
    ]
    style = pick(rng, [0.55, 0.25, 0.2], cast.n_accounts)
    return pl.concat(options).gather(style * cast.n_accounts + np.arange(cast.n_accounts))


def _external_url(rng: np.random.Generator, cast: Cast) -> pl.Series:
    n = cast.n_accounts
    blog = cast.platform == PLATFORM_BLOG
    linktree = concat(["https://linktr.ee/", cast.handle.str.replace_all(r"\.", "")])
    own_site = concat(["https://", cast.handle.str.replace_all(r"[._]", ""), ".de"])
    blog_url = concat(["https://", cast.handle])
    style = np.where(blog, 2, (rng.random(n) < 0.3).astype(np.int64))
    url = pl.concat([linktree, own_site, blog_url]).gather(style * n + np.arange(n))
    return masked(url, blog | (rng.random(n) < 0.45))


def accounts_frame(
    rng: np.random.Generator, cast: Cast, followers: np.ndarray, media_count: np.ndarray
) -> pl.DataFrame:
    """The ``accounts`` table of the chunk, given today's followers and total post counts."""
    n = cast.n_accounts
    p_verified = np.select(
        [followers >= 1_000_000, followers >= 300_000, followers >= 100_000, followers >= 10_000],
        [0.85, 0.4, 0.1, 0.01],
        0.002,
    )
    lang = cast.acc(cast.lang)
    return pl.DataFrame(
        {
            "account_id": cast.account_ids(),
            "creator_id": cast.creator_ids().gather(cast.acc_creator),
            "platform": _PLATFORM.gather(cast.platform),
            "handle": cast.handle,
            "display_name": _display_name(rng, cast),
            "bio": _bio(rng, cast),
            "followers": followers,
            "following": masked(pl.Series(cast.following), cast.platform != PLATFORM_BLOG),
            "media_count": media_count,
            "is_private": np.zeros(n, dtype=bool),
            "has_profile_pic": rng.random(n) > 0.003,
            "is_verified": rng.random(n) < p_verified,
            "external_url": _external_url(rng, cast),
            "country": _COUNTRY.gather(cast.acc(cast.city)),
            "language": pl.Series(np.where(lang == LANG_EN, "en", "de")),
        }
    )
