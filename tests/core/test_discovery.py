"""Discovery core: search-text normalisation, filters, sort orders, signals, similarity."""

from __future__ import annotations

import re

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from resonanz.core.brief import Brief
from resonanz.core.config import load_defaults
from resonanz.core.discovery.filters import DiscoveryFilters, apply_filters, sort_frame
from resonanz.core.discovery.settings import LookalikeWeights
from resonanz.core.discovery.signals import brief_hashtags, signal_frame
from resonanz.core.discovery.similarity import (
    audience_similarity,
    combined_similarity,
    follower_overlap,
    top_buckets,
)
from resonanz.core.discovery.text import (
    fts5_match,
    handle_words,
    normalise,
    normalise_many,
    query_terms,
)
from resonanz.io.text import lemmatiser

LEM = lemmatiser()


def _terms(query: str) -> list[tuple[str, ...]]:
    s = load_defaults().discovery
    return query_terms(
        query, LEM, s.max_query_chars, s.max_query_terms, s.min_term_length, set(s.stopwords)
    )


# --- text -----------------------------------------------------------------------------------


def test_plural_and_singular_meet() -> None:
    doc = normalise_many(["Meine neuen Laufschuhe!"], LEM)[0].split()
    for query in ("Laufschuh", "laufschuhe", "LAUFSCHUHE", "#Laufschuhe"):
        (forms,) = _terms(query)
        assert set(forms) & set(doc), query


def test_umlauts_are_spelled_out_and_accents_dropped() -> None:
    assert normalise("Müsli Straße Crème", None) == ["muesli", "strasse", "creme"]
    assert normalise_many(["Café Köln"], None) == ["cafe koeln"]


def test_stop_words_dropped_unless_nothing_else() -> None:
    assert _terms("Rezepte für Kinder") == [("rezept", "rezepte"), ("kind", "kinder")]
    assert _terms("für") == [("fuer",)]


def test_query_is_cut() -> None:
    assert len(_terms(" ".join(f"wort{i}" for i in range(1000)))) == 32
    assert _terms("a" * 10_000) == [("a" * 1000,)]  # cut to 1,000 letters first
    assert _terms("") == []


@given(st.text(max_size=300))
def test_match_expression_only_has_quoted_words(query: str) -> None:
    terms = query_terms(query, None, 1000, 32, 2)
    expr = fts5_match(terms)
    if not terms:
        assert expr == ""
        return
    # groups of quoted letters/digits joined by OR and AND: no other FTS5 syntax can get in
    group = r'\("[^\W_]+"(?: OR "[^\W_]+")*\)'
    assert re.fullmatch(rf"{group}(?: AND {group})*", expr), expr


def test_fts5_match_doubles_quotes() -> None:
    assert fts5_match([('a"b',)]) == '("a""b")'


def test_handle_words() -> None:
    assert handle_words("@Lena.Läuft_88") == ["lenaläuft88", "lena", "läuft", "88"]


# --- filters and sort -------------------------------------------------------------------------

FRAME = pl.DataFrame(
    {
        "account_id": ["a", "b", "c", "d"],
        "platform": ["instagram", "tiktok", "instagram", "youtube"],
        "tier": ["micro", "nano", "micro", None],
        "city": ["Köln", "Berlin", "München", None],
        "country": ["DE", "DE", "AT", None],
        "language": ["de", "de", "de", "en"],
        "niches": [["fitness"], ["food", "fitness"], ["beauty"], []],
        "hashtags": [["laufen", "fitness"], ["rezept"], ["makeup"], []],
        "engagement_rate": [0.05, 0.08, 0.01, None],
        "real_share": [0.9, 0.6, None, 0.99],
        "audience_fit": [80.0, None, 40.0, 10.0],
        "content_fit": [90.0, 50.0, None, None],
        "score": [70.0, 60.0, 50.0, None],
        "rank_score": [65.0, 58.0, 50.0, None],
        "fee_eur": [500.0, 90.0, 300.0, None],
        "relevance": [1.0, 3.0, 2.0, None],
    }
)


def _ids(f: DiscoveryFilters) -> list[str]:
    return apply_filters(FRAME, f)["account_id"].to_list()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (DiscoveryFilters(), ["a", "b", "c", "d"]),
        (DiscoveryFilters(platforms=("instagram",)), ["a", "c"]),
        (DiscoveryFilters(tiers=("micro",)), ["a", "c"]),
        (DiscoveryFilters(cities=("KOELN", "muenchen")), ["a", "c"]),
        (DiscoveryFilters(countries=("AT",)), ["c"]),
        (DiscoveryFilters(languages=("en",)), ["d"]),
        (DiscoveryFilters(niches=("Fitness",)), ["a", "b"]),
        (DiscoveryFilters(hashtags=("#Rezept",)), ["b"]),
        (DiscoveryFilters(min_engagement=0.05), ["a", "b"]),
        (DiscoveryFilters(min_engagement=0.02, max_engagement=0.06), ["a"]),
        (DiscoveryFilters(min_quality=0.8), ["a", "d"]),
        (DiscoveryFilters(min_audience_fit=40.0), ["a", "c"]),
        (DiscoveryFilters(min_score=60.0), ["a", "b"]),
        (DiscoveryFilters(max_fee=300.0), ["b", "c"]),
        (DiscoveryFilters(min_fee=100.0, max_fee=400.0), ["c"]),
        (DiscoveryFilters(platforms=("instagram",), niches=("fitness",)), ["a"]),
    ],
)
def test_filters_are_exact(filters: DiscoveryFilters, expected: list[str]) -> None:
    assert _ids(filters) == expected


def test_filters_on_missing_columns_keep_nothing_for_figures() -> None:
    frame = FRAME.select("account_id")
    assert apply_filters(frame, DiscoveryFilters(min_score=1.0)).height == 0
    assert apply_filters(frame, DiscoveryFilters()).height == 4


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("relevance", ["b", "c", "a", "d"]),
        ("score", ["a", "b", "c", "d"]),
        ("engagement", ["b", "a", "c", "d"]),
        ("fit", ["a", "b", "c", "d"]),  # a: (90+80)/2, b: 50 (content only), c: 40, d: 10
    ],
)
def test_sort_orders(key: str, expected: list[str]) -> None:
    out = sort_frame(FRAME, key)
    assert out["account_id"].to_list() == expected
    assert out["fit"].to_list() == [85.0, 50.0, 40.0, 10.0] if key == "fit" else True


def test_unknown_sort_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown sort"):
        sort_frame(FRAME, "followers")


# --- signals ----------------------------------------------------------------------------------


def test_signals() -> None:
    accounts = pl.DataFrame(
        {"account_id": ["a", "b", "c", "rival"], "handle": ["anna", "ben", "cleo", "nordkraft"]}
    )
    posts = pl.DataFrame(
        {
            "post_id": ["p1", "p2", "p3", "p4", "p5"],
            "account_id": ["a", "a", "b", "c", "rival"],
            "caption": [
                "Mein Lieblings-Riegel von @proteinwerk",
                "Werbung: Proteinwerk Riegel",
                "Training mit Nordkraft heute",
                "Laufen",
                "Unser neues Produkt",
            ],
            "hashtags": [["Laufschuhe", "fitness"], [], ["training"], ["laufschuhe"], []],
            "mentions": [["proteinwerk"], [], [], [], []],
            "has_platform_paid_label": [False, False, None, False, False],
        }
    )
    comments = pl.DataFrame(
        {"post_id": ["p3", "p3", "p5", "p1"], "author": ["Cleo", "cleo", "anna", "ben"]}
    )
    brief = Brief(
        keywords=("Laufschuhe",),
        niches=("fitness",),
        brand="Proteinwerk",
        competitors=("nordkraft",),
        target={"cities": ["Köln"]},
    )
    cities = pl.DataFrame(
        {"account_id": ["a", "b", "c", "rival"], "city": ["Köln", None, "Bonn", None]}
    )
    audience = pl.DataFrame(
        {
            "account_id": ["a", "a", "b"],
            "dimension": ["city", "city", "age"],
            "bucket": ["Koeln", "Berlin", "18-24"],
            "share": [0.3, 0.7, 1.0],
        }
    )
    out = signal_frame(
        accounts, posts, comments, brief, creator_city=cities, audience=audience,
        paid_markers=("werbung",),
    ).sort("account_id")  # fmt: skip
    rows = {r["account_id"]: r for r in out.to_dicts()}
    assert rows["a"]["shared_hashtags"] == ["laufschuhe", "fitness"]
    assert rows["a"]["brand_mentions"] == 2 and rows["a"]["ugc_posts"] == 1
    assert rows["b"]["competitor_posts"] == 1
    assert rows["c"]["competitor_engagement"] == 2  # two comments under b's competitor post
    assert rows["a"]["competitor_engagement"] == 1  # one under the competitor's own post
    assert rows["b"]["competitor_engagement"] == 0  # p1 names the brand, not a competitor
    assert rows["a"]["in_target_city"] is True and rows["c"]["in_target_city"] is False
    assert rows["a"]["target_city_share"] == pytest.approx(0.3)
    assert rows["c"]["shared_hashtags"] == ["laufschuhe"]


def test_signals_without_brief_are_neutral() -> None:
    accounts = pl.DataFrame({"account_id": ["a"], "handle": ["anna"]})
    posts = pl.DataFrame({"post_id": ["p"], "account_id": ["a"], "caption": ["x"]})
    out = signal_frame(accounts, posts, pl.DataFrame(), None).row(0, named=True)
    assert out["brand_mentions"] == 0 and out["shared_hashtags"] == []
    assert out["in_target_city"] is None
    assert brief_hashtags(None) == []


# --- similarity -------------------------------------------------------------------------------


def test_audience_similarity_averages_dimensions() -> None:
    aud = pl.DataFrame(
        {
            "account_id": ["a", "a", "a", "b", "b", "b", "c"],
            "dimension": ["age", "age", "gender", "age", "age", "gender", "gender"],
            "bucket": ["18-24", "25-34", "f", "18-24", "25-34", "m", "f"],
            "share": [0.5, 0.5, 1.0, 0.5, 0.5, 1.0, 1.0],
        }
    )
    sims = dict(audience_similarity(aud, "a", ["age", "gender"]).iter_rows())
    assert sims["a"] == pytest.approx(1.0)
    assert sims["b"] == pytest.approx(0.5)  # same ages (1), other gender (0)
    assert sims["c"] == pytest.approx(1.0)  # only gender known: same
    assert audience_similarity(aud, "zz", ["age"]).height == 0
    assert top_buckets(aud, "b", ["gender"]) == {"gender": "m"}


def test_follower_overlap_needs_big_enough_samples() -> None:
    s = pl.DataFrame({"account_id": ["a", "a", "b", "b", "b"], "follower_username": list("xyxyz")})
    out = dict(follower_overlap(s, "a", 2).select("account_id", "follower_similarity").iter_rows())
    assert out["b"] == pytest.approx(2 / 3)
    assert follower_overlap(s, "a", 3).height == 0


def test_combined_similarity_respreads_missing_weights() -> None:
    w = LookalikeWeights(content=0.5, audience=0.3, followers=0.2)
    frame = pl.DataFrame(
        {
            "content_similarity": [1.0, 1.0, None],
            "audience_similarity": [0.0, None, None],
            "follower_similarity": [None, None, None],
        },
        schema=dict.fromkeys(
            ["content_similarity", "audience_similarity", "follower_similarity"], pl.Float64
        ),
    )
    out = frame.select(combined_similarity(w).alias("s"))["s"].to_list()
    assert out[0] == pytest.approx(0.5 / 0.8)
    assert out[1] == pytest.approx(1.0)
    assert out[2] is None
