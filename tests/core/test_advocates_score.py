"""Advocate score: components, segments, consent, metropolis and tone, with exact values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resonanz.core.advocates.cities import city_table, metro_city
from resonanz.core.advocates.score import COMPONENTS, score_customers
from resonanz.core.advocates.settings import builtin_advocates
from resonanz.core.advocates.tone import text_tone

S = builtin_advocates()
AS_OF = date(2025, 7, 1)


def _customers(**cols: list) -> pl.DataFrame:
    n = len(cols["customer_id"])
    base: dict[str, list] = {
        "customer_id": cols["customer_id"],
        "postal_code": [None] * n,
        "city": [None] * n,
        "signup_date": [date(2024, 1, 1)] * n,
        "consent_marketing": [True] * n,
        "consent_profiling": [True] * n,
        "email_hash": [None] * n,
        "address_hash": [None] * n,
        "payment_fingerprint": [None] * n,
        "instagram": [None] * n,
        "tiktok": [None] * n,
        "youtube": [None] * n,
    }
    base.update(cols)
    return pl.DataFrame(
        base,
        schema_overrides={
            k: pl.String
            for k in (
                "postal_code",
                "city",
                "email_hash",
                "address_hash",
                "payment_fingerprint",
                "instagram",
                "tiktok",
                "youtube",
            )
        }
        | {"consent_marketing": pl.Boolean, "consent_profiling": pl.Boolean},
    )


def _orders(rows: list[tuple[str, str, list[str], float]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "order_id": [f"o{i}" for i in range(len(rows))],
            "customer_id": [r[0] for r in rows],
            "ordered_at": [datetime.fromisoformat(r[1]).replace(tzinfo=UTC) for r in rows],
            "products": [r[2] for r in rows],
            "value": [r[3] for r in rows],
        },
        schema_overrides={"products": pl.List(pl.String)},
    )


PRODUCTS = pl.DataFrame(
    {"product_id": ["P1", "P2", "P3"], "launch_date": [date(2025, 2, 1), date(2025, 4, 1), None]}
)
NO_REVIEWS = pl.DataFrame(
    schema={"review_id": pl.String, "customer_id": pl.String, "rating": pl.Int64, "text": pl.String}
)


def _score(customers, orders, reviews=NO_REVIEWS, accounts=None, settings_=S):
    out = score_customers(customers, orders, PRODUCTS, reviews, settings_, accounts, as_of=AS_OF)
    return {r["customer_id"]: r for r in out.to_dicts()}


def test_rfm_ranks_recency_frequency_and_value():
    customers = _customers(customer_id=["a", "b", "c"])
    orders = _orders(
        [
            ("a", "2025-06-20", ["P3"], 50.0),
            ("a", "2025-06-10", ["P3"], 50.0),
            ("b", "2025-03-01", ["P3"], 10.0),
            ("c", "2025-05-01", ["P3"], 20.0),
        ]
    )
    got = _score(customers, orders)
    # a: best in all three → (1 + 1 + 1) / 3; b: worst → (1/3 + 1.5/3 + 1/3) / 3 (frequency tie)
    assert got["a"]["rfm"] == pytest.approx(1.0)
    assert got["b"]["rfm"] == pytest.approx((1 / 3 + 1.5 / 3 + 1 / 3) / 3)
    assert got["a"]["frequency"] == 2
    assert got["a"]["recency_days"] == 11
    assert got["a"]["monetary"] == 100.0
    assert "loyal_buyer" in got["a"]["reasons"]


def test_early_adopter_counts_launches_bought_within_the_window():
    customers = _customers(customer_id=["early", "late", "new"])
    customers = customers.with_columns(
        pl.Series("signup_date", [date(2024, 1, 1), date(2024, 1, 1), date(2025, 3, 1)])
    )
    orders = _orders(
        [
            ("early", "2025-02-03", ["P1"], 5.0),  # 2 days after launch
            ("early", "2025-04-20", ["P2"], 5.0),  # 19 days after launch
            ("late", "2025-05-15", ["P1", "P2"], 9.0),  # 103 and 44 days: too late
            ("new", "2025-04-02", ["P2"], 5.0),  # joined after P1: only P2 counts
        ]
    )
    got = _score(customers, orders)
    assert (got["early"]["early_products"], got["early"]["launches"]) == (2, 2)
    assert got["early"]["early_adopter"] == 1.0
    assert got["late"]["early_adopter"] == 0.0
    assert (got["new"]["launches"], got["new"]["early_adopter"]) == (1, 1.0)


def test_no_launch_lived_through_leaves_the_component_out():
    customers = _customers(customer_id=["a"]).with_columns(
        pl.Series("signup_date", [date(2025, 6, 1)])
    )
    got = _score(customers, _orders([("a", "2025-06-02", ["P3"], 5.0)]))
    assert got["a"]["early_adopter"] is None
    assert got["a"]["metro"] is None  # no postal code, no city
    # only rfm (1.0), reviews (0) and reach (0) are known: 100 × 0.35 / (0.35 + 0.15 + 0.2)
    assert got["a"]["score"] == pytest.approx(100 * 0.35 / 0.70)


def test_metropolis_by_postal_code_then_by_city_name():
    frame = pl.DataFrame(
        {
            "pc": ["80331", "10115", "D-50667", "83646", None, None, "1234"],
            "city": [None, "Kleinkleckersdorf", None, "Bad Tölz", "Frankfurt", "Muenchen", "Köln"],
        }
    )
    got = metro_city(pl.col("pc"), pl.col("city"), frame).to_list()
    assert got == ["München", "Berlin", "Köln", None, "Frankfurt am Main", "München", "Köln"]


def test_city_table_is_the_destatis_list_of_cities_over_100k():
    table = city_table()
    cities = table.unique("city")
    assert 80 <= cities.height <= 85
    assert (cities["population"] > 100_000).all()
    assert {"Berlin", "Hamburg", "München", "Köln", "Jena", "Hanau"} <= set(cities["city"])
    assert (table["plz_from"].str.len_chars() == 5).all()
    assert (table["plz_from"] <= table["plz_to"]).all()
    # no postal code belongs to two cities
    spans = table.select(
        "city", pl.col("plz_from").cast(pl.Int32), pl.col("plz_to").cast(pl.Int32)
    ).sort("plz_from")
    assert (spans["plz_from"].shift(-1).drop_nulls() > spans["plz_to"].head(-1)).all()


def test_tone_lexicon_german_and_english_with_negation():
    frame = pl.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e", "f"],
            "text": [
                "Super lecker, gerne wieder!",
                "Leider nicht gut, enttäuschend.",
                "Not bad at all, I love it",
                "Gutschein eingelöst",
                None,
                "Good taste but too expensive",
            ],
        }
    )
    got = dict(text_tone(frame, "id", "text").select("id", "tone").iter_rows())
    assert got == {"a": 1.0, "b": -1.0, "c": 1.0, "d": None, "e": None, "f": 0.0}


def _reviews(rows: list[tuple[str, int, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "review_id": [f"r{i}" for i in range(len(rows))],
            "customer_id": [r[0] for r in rows],
            "rating": [r[1] for r in rows],
            "text": [r[2] for r in rows],
        },
        schema={
            "review_id": pl.String,
            "customer_id": pl.String,
            "rating": pl.Int64,
            "text": pl.String,
        },
    )


def test_segments_lover_maven_critic():
    customers = _customers(customer_id=["lover", "maven", "critic", "plain"])
    orders = _orders(
        [(c, "2025-06-20", ["P3"], 40.0) for c in ("lover", "maven", "critic")]
        + [("lover", "2025-06-01", ["P3"], 40.0), ("plain", "2025-01-05", ["P3"], 3.0)]
    )
    reviews = _reviews(
        [
            ("lover", 5, "Super lecker!"),
            ("maven", 5, "Toll, gerne wieder"),
            ("maven", 3, "Gut, aber leider teuer"),
            ("critic", 1, "Enttäuschend und fad"),
            ("critic", 2, "Leider schlecht"),
        ]
    )
    got = _score(customers, orders, reviews)
    assert {k: v["segment"] for k, v in got.items()} == {
        "lover": "brand_lover",
        "maven": "brand_maven",
        "critic": "brand_critic",
        "plain": "customer",
    }
    assert got["critic"]["advocate"] is False
    assert got["critic"]["critical_reviews"] == 2
    assert "negative_tone" in got["critic"]["reasons"]


def test_consent_refused_is_never_scored_and_marketing_refusal_is_no_advocate():
    customers = _customers(
        customer_id=["yes", "no", "unknown", "nomarketing"],
        consent_profiling=[True, False, None, True],
        consent_marketing=[True, True, True, False],
    )
    orders = _orders(
        [(c, "2025-06-20", ["P3"], 40.0) for c in ("yes", "no", "unknown", "nomarketing")]
    )
    got = _score(customers, orders)
    assert set(got) == {"yes", "unknown", "nomarketing"}
    assert got["nomarketing"]["advocate"] is False
    assert "no_marketing_consent" in got["nomarketing"]["reasons"]
    strict = S.model_copy(update={"require_profiling_consent": True})
    assert set(_score(customers, orders, settings_=strict)) == {"yes", "nomarketing"}


def test_social_reach_matches_handles_case_and_at_insensitively():
    customers = _customers(customer_id=["a", "b"], instagram=["@Anna.K", "nobody"])
    accounts = pl.DataFrame(
        {
            "platform": ["instagram", "tiktok"],
            "handle": ["anna.k", "nobody"],
            "followers": [10_000, 5],
        }
    )
    orders = _orders([("a", "2025-06-20", ["P3"], 1.0), ("b", "2025-06-20", ["P3"], 1.0)])
    got = _score(customers, orders, accounts=accounts)
    # log10(10k) between floor 100 and saturation 100k: (4 − 2) / (5 − 2)
    assert got["a"]["social_reach"] == pytest.approx(2 / 3)
    assert got["a"]["followers"] == 10_000
    assert got["b"]["social_reach"] == 0.0
    assert got["b"]["social_handle"] is None


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 5),  # customer
            st.integers(0, 500),  # days before as_of
            st.floats(0, 1000, allow_nan=False),
            st.sampled_from(["P1", "P2", "P3"]),
        ),
        min_size=1,
        max_size=40,
    ),
    st.lists(st.tuples(st.integers(0, 5), st.integers(1, 5)), max_size=10),
)
def test_scores_and_components_stay_in_bounds(order_rows, review_rows):
    ids = [f"c{i}" for i in range(6)]
    customers = _customers(
        customer_id=ids, postal_code=["80331", None, "99999", None, "10115", None]
    )
    orders = _orders(
        [
            (
                f"c{c}",
                (datetime(2025, 7, 1) - timedelta(days=d + 1)).isoformat(),
                [p],
                v,
            )
            for c, d, v, p in order_rows
        ]
    )
    reviews = _reviews([(f"c{c}", r, "gut") for c, r in review_rows])
    out = score_customers(customers, orders, PRODUCTS, reviews, S, as_of=AS_OF)
    assert out.height == 6
    assert out["score"].is_between(0.0, 100.0).all()
    for c in COMPONENTS:
        values = out[c].drop_nulls()
        assert values.is_between(0.0, 1.0).all(), c
    assert set(out["segment"]) <= {"brand_lover", "brand_maven", "brand_critic", "customer"}
    # an advocate is always a lover or maven with at least the minimum score
    adv = out.filter(pl.col("advocate"))
    assert (adv["score"] >= S.segments.advocate_min_score).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=8))
def test_tone_is_between_minus_one_and_one_or_null(texts):
    frame = pl.DataFrame({"id": [str(i) for i in range(len(texts))], "text": texts})
    out = text_tone(frame, "id", "text")
    assert out.height == len(texts)
    tones = out["tone"].drop_nulls()
    assert tones.is_between(-1.0, 1.0).all()
    # no lexicon word, no tone — never a silent 0
    assert (out.filter(pl.col("pos") + pl.col("neg") == 0)["tone"].is_null()).all()


def test_nothing_after_the_reference_day_counts():
    customers = _customers(customer_id=["a", "b"])
    orders = _orders(
        [
            ("a", "2025-02-02", ["P1"], 5.0),
            ("b", "2025-03-01", ["P3"], 5.0),
            ("b", "2025-08-01", ["P2"], 500.0),  # after AS_OF (2025-07-01)
        ]
    )
    reviews = _reviews([("a", 5, "super"), ("a", 1, "schlecht")]).with_columns(
        pl.Series(
            "reviewed_at",
            [datetime(2025, 6, 1, tzinfo=UTC), datetime(2025, 7, 2, tzinfo=UTC)],
        )
    )
    got = _score(customers, orders, reviews)
    assert (got["b"]["frequency"], got["b"]["monetary"]) == (1, 5.0)
    assert (got["a"]["review_count"], got["a"]["tone"]) == (1, 1.0)
