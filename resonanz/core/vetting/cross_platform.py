"""Cross-platform presence: the same creator's accounts on other platforms, with a confidence.

Evidence for a link between two accounts on different platforms (weights in
``[cross_platform.weights]``, each read as the probability that the link is right):

* ``creator_id`` — the same creator id in the data: certain;
* ``profile_link`` — the bio or link in bio points at the other profile (``instagram.com/…``,
  ``tiktok.com/@…``, ``youtube.com/@…``, "TikTok: @…");
* ``same_url`` — both link to the same page (not a platform's own site);
* ``url_handle`` — one links to a site or link-in-bio page named like the other's handle
  (``lenafit.de``, ``linktr.ee/lenafit`` ↔ ``@lena.fit``);
* ``handle_exact`` — the same *normalised* handle: folded, "the."/"its." prefixes and "_de",
  ".official", "tv" suffixes and trailing digits removed, dots and underscores dropped;
* ``handle_similar`` — × the Dice similarity of the normalised handles' letter pairs (compared
  only within the same first ``prefix_block_length`` letters);
* ``name_exact`` — the same first and last name in the display names.

Handle and name evidence is divided by the number of accounts on a platform that share the key
(a common name is weak evidence). Confidence = 1 − Π(1 − pᵢ) (noisy-OR). Links below
``min_confidence`` are dropped, and an account keeps at most one link per other platform: a pair
is kept only when each is the other's best match on that platform (``creator_id`` links are
always kept). Candidates come only from shared keys (blocking), never from all pairs, and keys
shared by more than ``max_block_size`` accounts are skipped.

The component is descriptive: no score (like the tier). Its value is the number of linked
accounts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import polars as pl

from resonanz.core.config import DomainDefaults
from resonanz.core.content.corpus import ACCOUNT_COLUMNS, select_columns
from resonanz.core.content.text import fold
from resonanz.core.fit_settings import CrossPlatformSettings
from resonanz.core.vetting.result import ComponentResult, Reason

KEY = "cross_platform"
P = KEY + "_"
EVIDENCE = (
    "creator_id",
    "profile_link",
    "same_url",
    "url_handle",
    "same_handle",
    "handle_exact",
    "handle_similar",
    "name_exact",
)
_TLD = r"\.(?:de|at|ch|com|net|org|eu|blog|info|io|me|co|tv|online|shop|gg|app)$"
_PROFILE_PATTERNS = (
    ("instagram", r"instagram\.com/([a-z0-9._]+)"),
    ("tiktok", r"tiktok\.com/@([a-z0-9._]+)"),
    ("youtube", r"youtube\.com/(?:@|c/|user/)([a-z0-9._-]+)"),
    ("instagram", r"(?:^|[^a-z])(?:ig|insta|instagram)\s*[:\-–]?\s*@([a-z0-9._]+)"),
    ("tiktok", r"(?:^|[^a-z])(?:tiktok|tt)\s*[:\-–]?\s*@([a-z0-9._]+)"),
    ("youtube", r"(?:^|[^a-z])(?:youtube|yt)\s*[:\-–]?\s*@([a-z0-9._-]+)"),
)


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "$^"


def handle_key(expr: pl.Expr, s: CrossPlatformSettings) -> pl.Expr:
    """The normalised handle: ``Lena.Fit_DE`` → ``lenafit``; ``lenafit.de`` (a blog) too."""
    h = fold(expr).str.strip_chars().str.strip_chars_start("@")
    h = h.str.replace(r"^[a-z][a-z0-9+.-]*://", "").str.replace(r"^www\.", "")
    h = h.str.replace(r"/.*$", "").str.replace(_TLD, "")
    h = h.str.replace(rf"^(?:{_alternation(s.handle_prefixes)})[._]", "")
    long = tuple(x for x in s.handle_suffixes if len(x) >= 6)
    for _ in range(2):  # "lena_fit_de123": digits, then suffixes, then digits again
        h = h.str.replace(r"[._-]*\d+$", "")
        h = h.str.replace(rf"(?:[._-](?:{_alternation(s.handle_suffixes)}))+$", "")
        h = h.str.replace(rf"(.{{4,}}?)(?:{_alternation(long)})$", "${1}")
    return h.str.replace_all(r"[^a-z0-9]", "")


def name_key(expr: pl.Expr, s: CrossPlatformSettings) -> pl.Expr:
    """First and last name of a display name ("Lena Müller | Fitness" → "lena mueller")."""
    first = expr.str.split_exact("|", 1).struct.field("field_0")
    first = first.str.replace(r"[^\p{L}\s'’.\-].*$", "")  # cut at the first emoji or symbol
    words = (
        fold(first).str.replace_all(r"[^a-z\s]", " ").str.replace_all(r"\s+", " ").str.strip_chars()
    )
    n = words.str.count_matches(" ") + 1
    return pl.when((words.str.len_chars() > 0) & (n >= s.min_name_tokens)).then(words)


def _urls(s: CrossPlatformSettings) -> tuple[pl.Expr, pl.Expr]:
    """The link in bio as a page key (same_url) and as a handle-like key (url_handle)."""
    url = fold(pl.col("external_url")).str.strip_chars()
    url = url.str.replace(r"^[a-z][a-z0-9+.-]*://", "").str.replace(r"^www\.", "")
    url = url.str.replace(r"[?#].*$", "").str.strip_chars_end("/")
    host = url.str.extract(r"^([^/:]+)", 1)
    path = url.str.extract(r"^[^/]+/([^/]+)", 1)
    generic = host.is_in(list(s.generic_hosts))
    in_bio = host.is_in(list(s.link_in_bio_hosts))
    page = pl.when(~generic & (~in_bio | path.is_not_null())).then(url)
    label = host.str.replace(_TLD, "").str.split(".").list.last()
    named = pl.when(in_bio).then(path).when(~generic).then(label)
    return page, handle_key(named, s)


def _keys(acc: pl.LazyFrame, s: CrossPlatformSettings) -> pl.LazyFrame:
    page, url_handle = _urls(s)
    return acc.with_columns(
        _h=handle_key(pl.col("handle"), s),
        _raw=fold(pl.col("handle")).str.strip_chars().str.strip_chars_start("@"),
        _n=name_key(pl.col("display_name"), s),
        _page=page,
        _uh=url_handle,
    ).with_columns(
        _h=pl.when(pl.col("_h").str.len_chars() >= s.min_handle_key_length).then("_h"),
        _uh=pl.when(pl.col("_uh").str.len_chars() >= s.min_handle_key_length).then("_uh"),
    )


def _pairs_on(
    acc: pl.LazyFrame, key: str, evidence: str, s: CrossPlatformSettings, limit: bool = True
) -> pl.LazyFrame:
    """Pairs of accounts on different platforms sharing ``key`` (blocks over the size skipped)."""
    side = acc.select("_i", "platform", key).drop_nulls(key)
    if limit:
        side = side.filter(pl.len().over(key) <= s.max_block_size)
    pairs = side.join(side, on=key, suffix="_b").filter(
        (pl.col("_i") < pl.col("_i_b")) & (pl.col("platform") != pl.col("platform_b"))
    )
    return pairs.select("_i", "_i_b", ev=pl.lit(evidence), _key=pl.col(key).cast(pl.String))


def _cross_pairs(acc: pl.LazyFrame, left: str, right: str, evidence: str) -> pl.LazyFrame:
    """Pairs where ``left`` of one account equals ``right`` of another on another platform."""
    a = acc.select("_i", "platform", _k=left).drop_nulls("_k")
    b = acc.select(_j="_i", _pb="platform", _k=right).drop_nulls("_k")
    hit = a.join(b, on="_k").filter(
        (pl.col("_i") != pl.col("_j")) & (pl.col("platform") != pl.col("_pb"))
    )
    return hit.select(
        _i=pl.min_horizontal("_i", "_j"),
        _i_b=pl.max_horizontal("_i", "_j"),
        ev=pl.lit(evidence),
        _key="_k",
    )


def _profile_pairs(acc: pl.LazyFrame) -> pl.LazyFrame:
    text = fold(
        pl.concat_str([pl.col("bio"), pl.col("external_url")], separator=" ", ignore_nulls=True)
    )
    refs = [
        acc.select("_i", "platform", _rp=pl.lit(platform), _rh=text.str.extract_all(pattern))
        .explode("_rh")
        .drop_nulls("_rh")
        for platform, pattern in _PROFILE_PATTERNS
    ]
    found = pl.concat(refs).with_columns(
        _rh=pl.col("_rh").str.replace(r"^.*?[/@]([a-z0-9._-]+)$", "${1}").str.strip_chars_end(".")
    )
    target = acc.select(
        _j="_i", _rp="platform", _rh=fold(pl.col("handle")).str.strip_chars_start("@")
    )
    hit = found.join(target, on=["_rp", "_rh"]).filter(pl.col("_i") != pl.col("_j"))
    return hit.select(
        _i=pl.min_horizontal("_i", "_j"),
        _i_b=pl.max_horizontal("_i", "_j"),
        ev=pl.lit("profile_link"),
        _key=pl.lit(None, pl.String),
    )


def _bigrams(acc: pl.LazyFrame) -> pl.LazyFrame:
    return (
        acc.select("_i", "_h")
        .drop_nulls("_h")
        .with_columns(_k=pl.int_ranges(0, (pl.col("_h").str.len_chars() - 1).clip(lower_bound=0)))
        .explode("_k")
        .drop_nulls("_k")
        .select("_i", _bg=pl.col("_h").str.slice(pl.col("_k"), 2))
        .unique()
    )


def _similar_pairs(acc: pl.LazyFrame, s: CrossPlatformSettings) -> pl.LazyFrame:
    """Handles within the same prefix block, with their Dice similarity."""
    blocked = acc.with_columns(_pre=pl.col("_h").str.slice(0, s.prefix_block_length)).filter(
        pl.col("_h").str.len_chars() >= s.prefix_block_length
    )
    keys = acc.select("_i", "_h")
    pairs = (
        _pairs_on(blocked, "_pre", "handle_similar", s)
        .join(keys, on="_i")
        .join(keys.rename({"_i": "_i_b", "_h": "_h_b"}), on="_i_b")
        .filter(pl.col("_h") != pl.col("_h_b"))  # identical keys are handle_exact already
        .select("_i", "_i_b")
    )
    grams = _bigrams(acc)
    sizes = grams.group_by("_i").agg(_n=pl.len())
    common = (
        pairs.join(grams, on="_i")
        .join(grams.rename({"_i": "_i_b"}), on=["_i_b", "_bg"])
        .group_by("_i", "_i_b")
        .agg(_c=pl.len())
    )
    dice = (
        common.join(sizes, on="_i")
        .join(sizes.rename({"_i": "_i_b", "_n": "_n_b"}), on="_i_b")
        .with_columns(_sim=2.0 * pl.col("_c") / (pl.col("_n") + pl.col("_n_b")))
    )
    return dice.filter(pl.col("_sim") >= s.handle_similarity_min).select(
        "_i", "_i_b", ev=pl.lit("handle_similar"), _key=pl.lit(None, pl.String), _sim="_sim"
    )


def _ambiguity(pairs: pl.LazyFrame, acc: pl.LazyFrame, key: str) -> pl.LazyFrame:
    """How many accounts of either platform share the pair's key (1 = unique)."""
    counts = acc.group_by(key, "platform").agg(_cnt=pl.len()).rename({key: "_key"})
    plat = acc.select("_i", "platform")
    return (
        pairs.join(plat, on="_i")
        .join(plat.rename({"_i": "_i_b", "platform": "platform_b"}), on="_i_b")
        .join(counts, on=["_key", "platform"], how="left")
        .join(
            counts.rename({"platform": "platform_b", "_cnt": "_cnt_b"}),
            on=["_key", "platform_b"],
            how="left",
        )
        .with_columns(_amb=pl.max_horizontal("_cnt", "_cnt_b").fill_null(1))
        .select("_i", "_i_b", "ev", "_key", "_amb")
    )


def _evidence(acc: pl.LazyFrame, s: CrossPlatformSettings) -> pl.LazyFrame:
    """Every candidate pair with its evidence probability ``_p`` per kind of evidence."""
    w = s.weights
    weights = {k: getattr(w, k) for k in EVIDENCE}
    exact = pl.concat(
        [
            _ambiguity(_pairs_on(acc, "_raw", "same_handle", s), acc, "_raw"),
            _ambiguity(_pairs_on(acc, "_h", "handle_exact", s), acc, "_h"),
            _ambiguity(_cross_pairs(acc, "_uh", "_h", "url_handle"), acc, "_h"),
            _ambiguity(_pairs_on(acc, "_n", "name_exact", s), acc, "_n"),
        ]
    ).with_columns(
        _p=pl.col("ev").replace_strict(weights, return_dtype=pl.Float64) / pl.col("_amb")
    )
    fixed = pl.concat(
        [
            _pairs_on(acc, "creator_id", "creator_id", s, limit=False),
            _pairs_on(acc, "_page", "same_url", s),
            _profile_pairs(acc),
        ]
    ).with_columns(_p=pl.col("ev").replace_strict(weights, return_dtype=pl.Float64))
    # similarity above the threshold, scaled so the threshold itself adds nothing
    scaled = (pl.col("_sim") - s.handle_similarity_min) / (1.0 - s.handle_similarity_min)
    similar = _similar_pairs(acc, s).with_columns(_p=w.handle_similar * scaled.clip(0.0, 1.0))
    cols = ["_i", "_i_b", "ev", "_p"]
    return pl.concat([exact.select(cols), fixed.select(cols), similar.select(cols)])


def _name_conflict(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """Both display names give a full name and first or last names disagree ("M." fits
    "Müller")."""

    def compatible(x: pl.Expr, y: pl.Expr) -> pl.Expr:
        return x.str.starts_with(y) | y.str.starts_with(x)

    first = compatible(a.str.split(" ").list.first(), b.str.split(" ").list.first())
    last = compatible(a.str.split(" ").list.last(), b.str.split(" ").list.last())
    return a.is_not_null() & b.is_not_null() & ~(first & last)


def _links(acc: pl.LazyFrame, s: CrossPlatformSettings) -> pl.LazyFrame:
    """Accepted links, in both directions: ``_i, _j, confidence, evidence``."""
    per_pair = (
        _evidence(acc, s)
        .group_by("_i", "_i_b", "ev")
        .agg(_p=pl.col("_p").max())
        .group_by("_i", "_i_b")
        .agg(
            confidence=1.0 - (1.0 - pl.col("_p")).product(),
            evidence=pl.col("ev").sort(),
            certain=(pl.col("ev") == "creator_id").any(),
            linked=pl.col("ev").is_in(["creator_id", "profile_link"]).any(),
        )
    )
    names = acc.select("_i", "_n")
    conflict = _name_conflict(pl.col("_n"), pl.col("_n_b"))
    per_pair = (
        per_pair.join(names, on="_i", how="left")
        .join(names.rename({"_i": "_i_b", "_n": "_n_b"}), on="_i_b", how="left")
        .with_columns(
            confidence=pl.when(conflict.fill_null(False) & ~pl.col("linked"))
            .then(pl.col("confidence") * s.name_conflict_factor)
            .otherwise(pl.col("confidence")),
            evidence=pl.when(conflict.fill_null(False))
            .then(pl.col("evidence").list.concat(pl.lit(["name_conflict"])))
            .otherwise(pl.col("evidence")),
        )
        .filter(pl.col("confidence") >= s.min_confidence)
        .select("_i", "_i_b", "confidence", "evidence", "certain")
        .collect()  # read twice below (both directions): the evidence is gathered once
        .lazy()
    )
    both = pl.concat(
        [
            per_pair.rename({"_i_b": "_j"}),
            per_pair.rename({"_i": "_j", "_i_b": "_i"}),
        ],
        how="diagonal",
    )
    plat = acc.select(_j="_i", platform_j="platform")
    both = both.join(plat, on="_j")
    best = pl.col("confidence").rank("min", descending=True)
    mine = both.with_columns(_best=best.over("_i", "platform_j") == 1).collect().lazy()
    # keep a pair when each side is the other's best on that platform (certain links always)
    mutual = mine.join(mine.select(_i="_j", _j="_i", _back="_best"), on=["_i", "_j"]).filter(
        pl.col("certain") | (pl.col("_best") & pl.col("_back"))
    )
    return mutual.select("_i", "_j", "confidence", "evidence")


def cross_platform_frame(
    accounts: pl.DataFrame | pl.LazyFrame, defaults: DomainDefaults
) -> pl.DataFrame:
    """Per account (``accounts`` order): its linked accounts on other platforms.

    Reads ``account_id, creator_id, platform, handle, display_name, bio, external_url,
    followers``. Columns: ``cross_platform_score`` (always null: descriptive),
    ``_confidence``, ``_value`` (linked accounts), ``_platforms``, ``_reach`` (followers of the
    account and its links, audiences overlapping), ``_links`` (list of ``account_id, platform,
    handle, followers, confidence, evidence``, most confident first).
    """
    s = defaults.cross_platform
    acc = (
        select_columns(accounts, ACCOUNT_COLUMNS, "accounts")
        .filter(pl.col("account_id").is_not_null())
        .unique("account_id", keep="first", maintain_order=True)
        .with_columns(platform=pl.col("platform").str.to_lowercase())
        .with_row_index("_i")
    )
    keyed = _keys(acc, s).collect().lazy()
    links = _links(keyed, s)
    other = acc.select(
        _j="_i",
        other_id="account_id",
        other_platform="platform",
        other_handle="handle",
        other_followers="followers",
    )
    per = (
        links.join(other, on="_j")
        .sort(["_i", "confidence", "other_id"], descending=[False, True, False])
        .group_by("_i", maintain_order=True)
        .agg(
            links=pl.struct(
                account_id="other_id",
                platform="other_platform",
                handle="other_handle",
                followers="other_followers",
                confidence="confidence",
                evidence="evidence",
            ),
            _n=pl.len().cast(pl.Int64),
            _conf=pl.col("confidence").mean(),
            _reach=pl.col("other_followers").sum(),
            platforms=pl.col("other_platform").unique().sort(),
        )
    )
    frame = acc.join(per, on="_i", how="left").sort("_i")
    has_handle = pl.col("handle").is_not_null()
    return frame.select(
        "account_id",
        pl.lit(None, pl.Float64).alias(P + "score"),
        # no link found is weaker evidence than a link: the creator may use another name
        pl.when(pl.col("_n") > 0)
        .then("_conf")
        .when(has_handle)
        .then(0.5)
        .otherwise(0.0)
        .alias(P + "confidence"),
        pl.col("_n").fill_null(0).alias(P + "value"),
        pl.col("platforms").fill_null([]).alias(P + "platforms"),
        (pl.col("followers") + pl.col("_reach").fill_null(0)).alias(P + "reach"),
        pl.col("links").fill_null([]).alias(P + "links"),
    ).collect()


def cross_platform_result(
    row: Mapping[str, Any], defaults: DomainDefaults, brief: object | None = None
) -> ComponentResult:
    """The explained (descriptive) cross-platform component of one row."""
    links = list(row[P + "links"] or [])
    reasons: list[Reason] = []
    for link in links:
        certain = "creator_id" in (link["evidence"] or [])
        params = {
            "platform": link["platform"],
            "handle": link["handle"],
            "followers": link["followers"],
            "confidence": link["confidence"],
            "evidence": ", ".join(link["evidence"] or []),
        }
        code = "xp_link_certain" if certain else "xp_link"
        reasons.append(Reason(code=code, params=params, severity="info"))
    if not links:
        reasons.append(Reason(code="xp_none"))
    elif row[P + "reach"] is not None:
        params = {"reach": row[P + "reach"], "n": len(links) + 1}
        reasons.append(Reason(code="xp_reach", params=params))
    evidence = {
        "links": links,
        "platforms": list(row[P + "platforms"] or []),
        "reach": row[P + "reach"],
    }
    return ComponentResult(
        key=KEY,
        score=None,
        confidence=float(row[P + "confidence"]),
        weight=defaults.composite.weights.get(KEY, 0.0),
        value=row[P + "value"],
        evidence=evidence,
        reasons=tuple(reasons),
    )
