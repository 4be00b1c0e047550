"""Audience fit: in-target share, wasted reach, partial age buckets, missing dimensions."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resonanz.core.brief import Brief
from resonanz.core.config import load_defaults
from resonanz.core.messages import MESSAGES, render
from resonanz.core.vetting.audience_fit import audience_fit_frame, audience_fit_result

D = load_defaults()
FULL = {
    "age": {"13-17": 0.1, "18-24": 0.3, "25-34": 0.4, "35-44": 0.15, "55+": 0.05},
    "gender": {"female": 0.7, "male": 0.28, "divers": 0.02},
    "country": {"DE": 0.8, "AT": 0.1, "US": 0.1},
    "city": {"Berlin": 0.3, "München": 0.1, "other": 0.6},
    "language": {"de-DE": 0.85, "en": 0.15},
}


def rows(aid: str, dims: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    return [
        {"account_id": aid, "dimension": dim, "bucket": bucket, "share": share}
        for dim, buckets in dims.items()
        for bucket, share in buckets.items()
    ]


def vet(
    target: dict[str, Any] | None, *audiences: tuple[str, dict[str, dict[str, float]]]
) -> dict[str, dict[str, Any]]:
    acc = pl.DataFrame({"account_id": [a for a, _ in audiences] + ["nodata"]})
    aud = pl.DataFrame([r for a, dims in audiences for r in rows(a, dims)])
    brief = Brief.model_validate({"target": target}) if target is not None else None
    frame = audience_fit_frame(acc, aud, D, brief)
    return {r["account_id"]: r for r in frame.iter_rows(named=True)}


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        ((18, 34), 0.3 + 0.4),
        ((20, 30), 0.3 * 5 / 7 + 0.4 * 6 / 10),  # 20–24 of 18–24, 25–30 of 25–34
        ((16, 17), 0.1 * 2 / 5),  # 16–17 of 13–17
        ((60, 99), 0.05 * 5 / 10),  # 55+ spans 55–64 (open_bucket_years = 10)
        ((45, 54), 0.0),  # no bucket reported there
    ],
)
def test_age_buckets_count_in_proportion_to_their_overlap(
    age: tuple[int, int], expected: float
) -> None:
    row = vet({"age": list(age)}, ("a", FULL))["a"]
    assert row["audience_fit_value"] == pytest.approx(expected)
    assert row["audience_fit_wasted"] == pytest.approx(1 - expected)
    assert row["audience_fit_confidence"] == pytest.approx(1.0)


def test_dimensions_multiply_assuming_independence() -> None:
    target = {"age": [18, 34], "genders": ["f"], "countries": ["DE", "AT"], "languages": ["de"]}
    row = vet(target, ("a", FULL))["a"]
    expected = 0.7 * 0.7 * 0.9 * 0.85
    assert row["audience_fit_value"] == pytest.approx(expected)
    assert row["audience_fit_score"] == pytest.approx(100 * expected ** (1 / 4))
    assert row["audience_fit_lower"] == row["audience_fit_upper"] == pytest.approx(expected)
    dims = {d["dimension"]: d["share"] for d in row["audience_fit_dimensions"]}
    assert dims == pytest.approx({"age": 0.7, "gender": 0.7, "place": 0.9, "language": 0.85})
    codes = [r.code for r in audience_fit_result(row, D).reasons]
    assert codes[0] == "af_in_target" and "af_independence" in codes


def test_a_missing_dimension_is_not_assumed_in_target_and_lowers_confidence() -> None:
    target = {"age": [18, 34], "languages": ["de"]}
    no_language = {k: v for k, v in FULL.items() if k != "language"}
    out = vet(target, ("full", FULL), ("thin", no_language))
    full, thin = out["full"], out["thin"]
    assert thin["audience_fit_missing"] == ["language"]
    assert thin["audience_fit_confidence"] == pytest.approx(0.5)
    assert full["audience_fit_confidence"] == pytest.approx(1.0)
    # counted at missing_dimension_share, with bounds 0 (all out) to 1 (all in)
    assert thin["audience_fit_value"] == pytest.approx(0.7 * D.audience_fit.missing_dimension_share)
    assert thin["audience_fit_lower"] == 0.0
    assert thin["audience_fit_upper"] == pytest.approx(0.7)
    assert thin["audience_fit_lower"] <= full["audience_fit_value"] <= thin["audience_fit_upper"]
    reasons = audience_fit_result(thin, D).reasons
    missing = next(r for r in reasons if r.code == "af_dimension_missing")
    assert missing.severity == "warn"
    assert "Sprache" in render(missing, "de")


def test_cities_replace_countries_and_fall_back_to_them_with_less_confidence() -> None:
    target = {"countries": ["DE"], "cities": ["münchen", "Berlin"]}
    no_city = {k: v for k, v in FULL.items() if k != "city"}
    out = vet(target, ("city", FULL), ("country", no_city))
    assert out["city"]["audience_fit_value"] == pytest.approx(0.4)  # not 0.4 × 0.8
    assert out["country"]["audience_fit_value"] == pytest.approx(0.8)
    assert out["country"]["audience_fit_confidence"] == pytest.approx(0.5)
    brief = Brief.model_validate({"target": target})
    codes = [r.code for r in audience_fit_result(out["country"], D, brief).reasons]
    assert "af_city_from_country" in codes


def test_shares_that_do_not_add_up_leave_the_rest_outside() -> None:
    partial = {"country": {"DE": 0.5, "AT": 0.2}}  # 30 % unknown
    row = vet({"countries": ["DE"]}, ("a", partial))["a"]
    assert row["audience_fit_value"] == pytest.approx(0.5)
    assert row["audience_fit_confidence"] == pytest.approx(0.7 / D.audience_fit.min_coverage)
    assert "af_low_coverage" in [r.code for r in audience_fit_result(row, D).reasons]


@pytest.mark.parametrize("spelling", ["w", "weiblich", "Female", "f"])
def test_gender_spellings(spelling: str) -> None:
    row = vet({"genders": [spelling]}, ("a", FULL))["a"]
    assert row["audience_fit_value"] == pytest.approx(0.7)


def test_without_target_or_data_there_is_no_score() -> None:
    none = vet(None, ("a", FULL))
    assert none["a"]["audience_fit_score"] is None
    assert none["a"]["audience_fit_confidence"] == 0.0
    assert none["a"]["audience_fit_known"] == ["age", "city", "country", "gender", "language"]
    assert [r.code for r in audience_fit_result(none["a"], D).reasons] == ["af_no_target"]
    nodata = vet({"age": [18, 34]}, ("a", FULL))["nodata"]
    assert nodata["audience_fit_score"] is None and nodata["audience_fit_value"] is None
    assert nodata["audience_fit_confidence"] == 0.0
    assert [r.code for r in audience_fit_result(nodata, D).reasons] == ["af_no_data"]


def test_empty_audience_table_and_bad_target() -> None:
    acc = pl.DataFrame({"account_id": ["a"]})
    brief = Brief.model_validate({"target": {"age": [18, 34]}})
    row = audience_fit_frame(acc, pl.DataFrame(), D, brief).row(0, named=True)
    assert row["audience_fit_score"] is None
    with pytest.raises(ValueError, match="age"):
        Brief.model_validate({"target": {"age": [40, 20]}})


def test_every_reason_renders_without_gaps() -> None:
    target = {"age": [18, 34], "cities": ["Berlin"], "languages": ["de"], "genders": ["f"]}
    thin = {"age": FULL["age"], "country": {"DE": 0.5}}
    out = vet(target, ("a", FULL), ("b", thin))
    brief = Brief.model_validate({"target": target})
    for row in out.values():
        for reason in audience_fit_result(row, D, brief).reasons:
            assert reason.code in MESSAGES
            for lang in ("de", "en"):
                text = render(reason, lang)  # type: ignore[arg-type]
                assert " – " in text or "–" not in text


@settings(max_examples=40, deadline=None)
@given(
    shares=st.lists(st.floats(0.0, 1.0), min_size=6, max_size=6),
    drop=st.sets(st.sampled_from(["age", "gender", "country", "language"])),
    age=st.tuples(st.integers(13, 70), st.integers(0, 30)),
)
def test_invariants(shares: list[float], drop: set[str], age: tuple[int, int]) -> None:
    dims = {
        "age": {"13-17": shares[0], "18-24": shares[1], "25-34": shares[2], "65+": shares[3]},
        "gender": {"f": shares[4], "m": 1 - shares[4]},
        "country": {"DE": shares[5], "other": 1 - shares[5]},
        "language": {"de": shares[1], "en": shares[2]},
    }
    target = {
        "age": [age[0], age[0] + age[1]],
        "genders": ["f"],
        "countries": ["DE"],
        "languages": ["de"],
    }
    row = vet(target, ("a", {k: v for k, v in dims.items() if k not in drop}))["a"]
    if row["audience_fit_score"] is None:
        assert drop == set(dims) and row["audience_fit_confidence"] == 0.0
        return
    assert 0.0 <= row["audience_fit_score"] <= 100.0
    assert 0.0 <= row["audience_fit_confidence"] <= 1.0
    assert row["audience_fit_lower"] <= row["audience_fit_value"] + 1e-12
    assert row["audience_fit_value"] <= row["audience_fit_upper"] + 1e-12
    assert row["audience_fit_wasted"] == pytest.approx(1 - row["audience_fit_value"])
    assert set(row["audience_fit_missing"]) == {"place" if d == "country" else d for d in drop}
