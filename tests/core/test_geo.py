"""The geo estimator reproduces GeoLift's published walkthrough figures (shared/data/geolift)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resonanz.core.geo import GeoInputError, analyze, panel_from_long, simplex_lstsq
from resonanz.core.geo.panel import PanelError
from resonanz.core.geo.synth import fit_synth

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "geolift"
TEST_CSV = DATA / "GeoLift_Test.csv"
pytestmark = pytest.mark.skipif(not TEST_CSV.exists(), reason="GeoLift fixture not available")

# README.md of shared/data/geolift: GeoLift 2.7.5 walkthrough, chicago + portland, 2021-04-01..15
PUBLISHED_WEIGHTS = {
    "austin": 0.0465, "baton rouge": 0.1335, "cincinnati": 0.2272, "dallas": 0.0739,
    "honolulu": 0.0673, "houston": 0.0046, "miami": 0.2028, "minneapolis": 0.09,
    "nashville": 0.0685, "new york": 0.0046, "reno": 0.0306, "san antonio": 0.0054,
    "san diego": 0.0451,
}  # fmt: skip


@pytest.fixture(scope="module")
def panel():  # type: ignore[no-untyped-def]
    return panel_from_long(pl.read_csv(TEST_CSV, infer_schema=False))


@pytest.fixture(scope="module")
def result(panel):  # type: ignore[no-untyped-def]
    return analyze(panel, ["chicago", "portland"], "2021-04-01", "2021-04-15")


def test_point_estimates_match_geolift(result) -> None:  # type: ignore[no-untyped-def]
    assert result.att == pytest.approx(155.556, rel=1e-3)
    assert result.incremental == pytest.approx(4667, rel=1e-3)
    assert round(100 * result.lift, 1) == 5.4
    assert result.l2_imbalance == pytest.approx(909.489, rel=1e-3)
    assert result.scaled_l2_imbalance == pytest.approx(0.1636, abs=5e-5)


def test_weights_match_geolift(result) -> None:  # type: ignore[no-untyped-def]
    assert set(result.weights) == set(PUBLISHED_WEIGHTS)
    for region, weight in PUBLISHED_WEIGHTS.items():
        assert result.weights[region] == pytest.approx(weight, abs=1e-3), region
    assert sum(result.weights.values()) == pytest.approx(1.0, abs=1e-4)


def test_p_value_in_published_range(result) -> None:  # type: ignore[no-untyped-def]
    assert 0.005 <= result.p_value <= 0.025
    assert result.permutations == 1000


@pytest.mark.parametrize("seed", [0, 2, 3])
def test_p_value_other_seeds(panel, seed: int) -> None:  # type: ignore[no-untyped-def]
    r = analyze(panel, ["chicago", "portland"], "91", "105", seed=seed)
    assert 0.005 <= r.p_value <= 0.025


def test_ridge_matches_geolift_best(panel) -> None:  # type: ignore[no-untyped-def]
    r = analyze(panel, ["chicago", "portland"], "2021-04-01", "2021-04-15", model="ridge")
    assert r.att == pytest.approx(156.805, rel=1e-3)
    assert r.incremental == pytest.approx(4704, rel=1e-3)
    assert round(100 * r.lift, 1) == 5.5
    assert r.l2_imbalance == pytest.approx(903.525, rel=1e-3)
    assert r.scaled_l2_imbalance == pytest.approx(0.1626, abs=5e-5)
    assert r.bias == pytest.approx(-1.249, abs=1e-3)


def test_time_index_equals_dates(panel, result) -> None:  # type: ignore[no-untyped-def]
    r = analyze(panel, ["Chicago ", "PORTLAND"], "91", "105")
    assert r.att == result.att and r.start == "2021-04-01" and r.end == "2021-04-15"


def test_interval_and_money(panel, result) -> None:  # type: ignore[no-untyped-def]
    low, high = result.incremental_ci
    assert low < result.incremental < high
    assert high - low == pytest.approx(2 * 15 * (result.att_upper - result.att_lower))
    r = analyze(panel, ["chicago", "portland"], "91", "105", spend=1000.0)
    assert r.iroas == pytest.approx(r.incremental / 1000.0)
    d = r.as_dict()
    assert d["iroas_ci"]["lower"] == pytest.approx(low / 1000.0)


def test_exclude_removes_donor(panel, result) -> None:  # type: ignore[no-untyped-def]
    r = analyze(panel, ["chicago", "portland"], "91", "105", exclude=["miami"])
    assert "miami" not in r.weights and r.att != result.att


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"treated": ["atlantis"]}, "geo_unknown_treated"),
        ({"exclude": ["chicago"]}, "geo_treated_excluded"),
        ({"start": "2021-13-01"}, "geo_bad_start"),
        ({"end": "2030-01-01"}, "geo_bad_end"),
        ({"start": "2021-04-10", "end": "2021-04-01"}, "geo_end_before_start"),
        ({"start": "1", "end": "5"}, "geo_short_pre"),
    ],
)
def test_bad_requests(panel, kwargs: dict[str, object], code: str) -> None:  # type: ignore[no-untyped-def]
    args: dict[str, object] = {"treated": ["chicago"], "start": "91", "end": "105"} | kwargs
    with pytest.raises(GeoInputError) as info:
        analyze(panel, **args)  # type: ignore[arg-type]
    assert info.value.code == code


def test_panel_errors_name_rows() -> None:
    frame = pl.DataFrame(
        {"location": ["a", "a", "b", "b"], "Y": ["1", "x", "3", "4"], "date": ["2021-01-01",
         "2021-01-02", "2021-01-01", "nope"]}
    )  # fmt: skip
    with pytest.raises(PanelError) as info:
        panel_from_long(frame)
    assert [(i.row, i.field, i.reason) for i in info.value.issues] == [
        (1, "Y", "not_number"),
        (3, "date", "not_period"),
    ]
    with pytest.raises(PanelError) as info:
        panel_from_long(frame.rename({"Y": "sales"}))
    assert info.value.issues[0].reason == "missing_column"
    unbalanced = pl.DataFrame({"location": ["a", "a", "b"], "Y": [1, 2, 3], "date": [1, 2, 1]})
    with pytest.raises(PanelError) as info:
        panel_from_long(unbalanced)
    assert info.value.issues[0].reason == "missing_cell"


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 12), st.integers(3, 30), st.integers(0, 2**32 - 1), st.floats(1e-3, 1e6))
def test_simplex_weights_are_optimal(n: int, t: int, seed: int, scale: float) -> None:
    """Weights are on the simplex and no vertex or random simplex point beats them."""
    rng = np.random.default_rng(seed)
    a = rng.normal(0, scale, (t, n))
    b = rng.normal(0, scale, t)
    w = simplex_lstsq(a, b)
    assert np.all(w >= 0) and w.sum() == pytest.approx(1.0, abs=1e-9)
    best = np.sum((a @ w - b) ** 2)
    others = np.vstack([np.eye(n), rng.dirichlet(np.ones(n), 200)])
    assert np.all(np.sum((a @ others.T - b[:, None]) ** 2, axis=0) >= best * (1 - 1e-9))


def test_exact_synthetic_recovers_weights() -> None:
    rng = np.random.default_rng(5)
    donors = rng.normal(100, 10, (6, 50))
    true = np.array([0.5, 0.3, 0.2, 0, 0, 0])
    treated = true @ donors
    fit = fit_synth(np.vstack([treated, donors]), np.array([True] + [False] * 6), 40)
    assert fit.weights == pytest.approx(true, abs=1e-6)
    assert fit.l2_imbalance == pytest.approx(0.0, abs=1e-6)
