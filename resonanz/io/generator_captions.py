"""Captions, hashtags, mentions, links and discount codes of a chunk's posts, sponsored or not.

Sponsored posts mention a (fictional) brand, often with the creator's discount code and a shop or
affiliate link, and carry a disclosure ("Werbung", "Anzeige", "#ad", …) at the very start.
Accounts flagged for undisclosed ads drop that disclosure on most of their sponsored posts.
"""

from __future__ import annotations

import string

import numpy as np
import polars as pl
import pyarrow as pa

from resonanz.io import demo_texts as tx
from resonanz.io import demo_vocab as vocab
from resonanz.io.generator_accounts import FIRST_SLUG, Cast
from resonanz.io.generator_base import (
    PLATFORM_BLOG,
    Bank,
    TemplateBank,
    concat,
    masked,
    ragged_arange,
)
from resonanz.io.generator_fraud import Frauds
from resonanz.io.generator_posts import PostDraw, is_video

_NICHE_LANG = [(n, lang) for n in vocab.NICHE_NAMES for lang in (0, 1)]
_TOPICS = Bank([tx.TOPICS[n][lang] for n, lang in _NICHE_LANG])
_BODY = TemplateBank(
    [tx.NICHE_CAPTIONS[n][lang] + tx.GENERIC_CAPTIONS[lang] for n, lang in _NICHE_LANG]
)
_TAGS = Bank([(x.tags_de if lang == 0 else x.tags_en) for x in vocab.NICHES for lang in (0, 1)])
_GENERIC_TAGS = Bank([vocab.GENERIC_TAGS[p] for p in vocab.PLATFORM_NAMES])
_OPENERS = Bank(tx.OPENERS)
_CLOSERS = Bank(tx.CLOSERS)
_DISCLOSURES = (tx.DISCLOSURES_DE, tx.DISCLOSURES_EN)
_DISCLOSURE_TEXT = Bank([[d[0] for d in group] for group in _DISCLOSURES])
_DISCLOSURE_TAG = Bank([[d[1] for d in group] for group in _DISCLOSURES])
_SPONSOR = TemplateBank(tx.SPONSOR_SENTENCES)
_CODE = TemplateBank(tx.CODE_SENTENCES)
# Link sentences: group = language * 2 + affiliate; the first sentence of each pair is the
# affiliate one (with the "*" marker and its explanation).
_LINK = TemplateBank(
    [
        tx.LINK_SENTENCES[0][1:],
        tx.LINK_SENTENCES[0][:1],
        tx.LINK_SENTENCES[1][1:],
        tx.LINK_SENTENCES[1][:1],
    ]
)
_FRIEND = TemplateBank(tx.FRIEND_SENTENCES)
_HOOKS = TemplateBank(tx.ON_SCREEN_HOOKS)
_AD_LABELS = Bank([tx.ON_SCREEN_ADS])
_BRAND_HANDLE = pl.Series([b[0] for n in vocab.NICHES for b in n.brands], dtype=pl.String)
_BRAND_DOMAIN = pl.Series([b[1] for n in vocab.NICHES for b in n.brands], dtype=pl.String)
_BRANDS_PER_NICHE = 3
_ALNUM = pl.Series(list(string.ascii_letters + string.digits), dtype=pl.String)


def _sponsorship(
    rng: np.random.Generator, cast: Cast, fr: Frauds, posts: PostDraw
) -> tuple[np.ndarray, np.ndarray]:
    """Which posts are sponsored, and which of those carry no disclosure."""
    n_acc, a = cast.n_accounts, posts.acc
    factor = np.select(
        [cast.organic < 1e4, cast.organic < 1e5, cast.organic < 1e6], [0.6, 1.0, 1.4], 1.8
    )
    rate = np.where(rng.random(n_acc) < 0.35, 0.0, rng.beta(2, 14, n_acc) * factor)
    rate = np.where(fr.undisclosed, np.maximum(rate, 0.15), np.minimum(rate, 0.5))
    sponsored = (rng.random(posts.n) < rate[a]) & ~posts.story
    forced = np.zeros(posts.n, dtype=bool)
    forced[posts.first_of_account[fr.undisclosed]] = True
    sponsored |= forced
    undisclosed = sponsored & fr.undisclosed[a] & ((rng.random(posts.n) < 0.75) | forced)
    return sponsored, undisclosed


def _tag_lists(
    rng: np.random.Generator, posts: PostDraw, lead: pl.Series
) -> tuple[pl.Series, pl.Series]:
    """Hashtag lists (lead disclosure tag first) and the hashtag block ending each caption."""
    n = posts.n
    group = posts.niche * 2 + posts.lang
    k = rng.integers(np.array([3, 3, 1, 0]), np.array([13, 7, 5, 4]))[posts.platform]
    k = np.where(posts.story, 0, np.minimum(k, _TAGS.counts[group]))
    # A random subset in random order: shuffle each group's positions, keep the first k.
    width = int(_TAGS.counts.max())
    keys = rng.random((n, width)) + (np.arange(width) >= _TAGS.counts[group][:, None])
    order = np.argsort(keys, axis=1)
    rows = np.repeat(np.arange(n), k)
    idx = _TAGS.offsets[group[rows]] + order[rows, ragged_arange(k)]
    offsets = np.concatenate([[0], np.cumsum(k)]).astype(np.int32)
    values = pa.array(_TAGS.take(idx).to_arrow().cast(pa.string()))
    niche_tags = pl.Series(pa.ListArray.from_arrays(pa.array(offsets), values))
    generic = masked(_GENERIC_TAGS.draw(rng, posts.platform), (rng.random(n) < 0.4) & ~posts.story)
    frame = pl.DataFrame({"lead": lead, "niche": niche_tags, "generic": generic})
    tail = pl.concat_list("niche", "generic").list.drop_nulls()
    out = frame.select(
        pl.concat_list("lead", "niche", "generic").list.drop_nulls().alias("tags"),
        pl.when(tail.list.len() > 0).then(pl.lit("\n\n#") + tail.list.join(" #")).alias("text"),
    )
    return out["tags"], out["text"]


def _links(
    rng: np.random.Generator, posts: PostDraw, code: pl.Series, brand: np.ndarray
) -> tuple[pl.Series, np.ndarray]:
    """A shop link with the creator's code as ref, or an affiliate short link, per post."""
    n = posts.n
    chars = [_ALNUM.gather(rng.integers(0, len(_ALNUM), n)) for _ in range(7)]
    short = concat(["https://amzn.to/", *chars])
    shop = concat(["https://", _BRAND_DOMAIN.gather(brand), "/?ref=", code])
    affiliate = rng.random(n) < 0.4
    link = pl.select(pl.when(pl.lit(pl.Series(affiliate))).then(short).otherwise(shop))
    return link.to_series(), affiliate.astype(np.int64)


def build_captions(
    rng: np.random.Generator, cast: Cast, fr: Frauds, posts: PostDraw
) -> tuple[pl.DataFrame, np.ndarray]:
    """The text columns of the posts table, and which posts are undisclosed ads."""
    n, a, lang = posts.n, posts.acc, posts.lang
    sponsored, undisclosed = _sponsorship(rng, cast, fr, posts)
    disclosed = sponsored & ~undisclosed
    n1 = cast.acc(cast.niche1)
    n2 = np.where(cast.acc(cast.niche2) >= 0, cast.acc(cast.niche2), n1)
    pair = np.stack([n1, n2]) * _BRANDS_PER_NICHE + rng.integers(0, 3, (2, cast.n_accounts))
    brand = pair[(rng.random(n) > 0.7).astype(np.int64), a]
    pct = rng.choice(np.array([10, 15, 20, 25]), cast.n_accounts)
    code = concat(
        [FIRST_SLUG.gather(cast.acc(cast.first)).str.to_uppercase(), pl.Series(pct).cast(pl.String)]
    ).gather(a)
    has_code = sponsored & (rng.random(n) < 0.55)
    has_link = sponsored & (rng.random(n) < 0.5)
    link, affiliate = _links(rng, posts, code, brand)
    friend_acc = _friends(rng, cast, posts)
    has_friend = ~posts.story & (rng.random(n) < 0.07) & (friend_acc != a)
    brand_at = concat(["@", _BRAND_HANDLE.gather(brand)])
    friend_at = concat(["@", cast.handle.gather(friend_acc)])
    disc = _DISCLOSURE_TEXT.pick(rng, lang)
    lead = masked(_DISCLOSURE_TAG.take(disc), disclosed).replace("", None)
    tags, tag_text = _tag_lists(rng, posts, lead)
    topic = _TOPICS.draw(rng, posts.niche * 2 + lang)
    caption = concat(
        [
            masked(_DISCLOSURE_TEXT.take(disc), disclosed),
            _OPENERS.draw(rng, lang),
            _BODY.fill(rng, posts.niche * 2 + lang, topic),
            masked(_SPONSOR.fill(rng, lang, brand_at), sponsored),
            masked(_CODE.fill(rng, lang, code), has_code),
            masked(_LINK.fill(rng, lang * 2 + affiliate, link), has_link),
            masked(_FRIEND.fill(rng, lang, friend_at), has_friend),
            _CLOSERS.draw(rng, lang),
            tag_text,
        ]
    )
    frame = pl.DataFrame(
        {
            "caption": masked(caption, ~posts.story),
            "hashtags": tags,
            "mentions": _lists(
                masked(_BRAND_HANDLE.gather(brand), sponsored),
                masked(cast.handle.gather(friend_acc), has_friend),
            ),
            "links": _lists(masked(link, has_link)),
            "discount_codes": _lists(masked(code, has_code)),
            "has_platform_paid_label": masked(
                pl.Series(disclosed & (rng.random(n) < 0.35)), posts.platform != PLATFORM_BLOG
            ),
            "on_screen_text": _on_screen(rng, posts, disclosed, topic),
            "transcript": pl.Series([None] * n, dtype=pl.String),
        }
    )
    return frame, undisclosed


def _friends(rng: np.random.Generator, cast: Cast, posts: PostDraw) -> np.ndarray:
    """A random other account of the chunk on the same platform, per post (may be itself)."""
    by_platform = np.argsort(cast.platform, kind="stable")
    counts = np.bincount(cast.platform, minlength=4)
    offsets = np.cumsum(counts) - counts
    p = posts.platform
    return by_platform[offsets[p] + (rng.random(posts.n) * counts[p]).astype(np.int64)]


def _lists(*parts: pl.Series) -> pl.Series:
    frame = pl.DataFrame({f"c{i}": p for i, p in enumerate(parts)})
    return frame.select(pl.concat_list(frame.columns).list.drop_nulls()).to_series()


def _on_screen(
    rng: np.random.Generator, posts: PostDraw, disclosed: np.ndarray, topic: pl.Series
) -> pl.Series:
    """Text overlays on videos: a hook, and the ad label on disclosed sponsored videos."""
    n = posts.n
    video = is_video(posts.fmt) | posts.story
    has_hook = video & (rng.random(n) < 0.4)
    has_label = video & disclosed & (rng.random(n) < 0.6)
    label = concat([_AD_LABELS.draw(rng, np.zeros(n, dtype=np.int64)), " · "])
    text = concat([masked(label, has_label), masked(_HOOKS.fill(rng, posts.lang, topic), has_hook)])
    return masked(text.str.strip_suffix(" · "), has_hook | has_label)
