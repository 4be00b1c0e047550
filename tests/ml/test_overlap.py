"""Audience overlap and deduplicated reach from follower samples (resonanz/ml/overlap.py)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from resonanz.core.planning import builtin_planner
from resonanz.ml.overlap import audiences, dedup_reach, pair_overlap

S = builtin_planner().overlap


def _world(lists: dict[str, list[int]], followers: dict[str, int]) -> dict[str, object]:
    samples = pl.DataFrame(
        {
            "account_id": [a for a, names in lists.items() for _ in names],
            "follower_username": [f"u{n}" for names in lists.values() for n in names],
        }
    )
    accounts = pl.DataFrame(
        {"account_id": list(followers), "handle": [f"@{a}" for a in followers],
         "followers": list(followers.values())}
    )  # fmt: skip
    return audiences(samples, accounts)


def test_complete_lists_give_the_exact_union() -> None:
    a, b, c = list(range(0, 600)), list(range(400, 1000)), list(range(900, 1200))
    auds = _world({"a": a, "b": b, "c": c}, {"a": 600, "b": 600, "c": 300})
    r = dedup_reach(list(auds.values()), S)
    assert r.method == "exact" and r.estimate.exact
    assert r.estimate.unique == len(set(a) | set(b) | set(c)) == 1200
    assert r.estimate.se == 0.0
    p = pair_overlap(auds["a"], auds["b"], S)
    assert p.estimate.shared == 200 and p.estimate.exact


def test_sketches_agree_with_exact_within_their_error() -> None:
    """Above exact_max_names the same lists go through MinHash and HyperLogLog; the estimates
    lie within three stated standard errors of the exact counts."""
    rng = np.random.default_rng(1)
    pool = rng.permutation(60_000)
    lists = {"a": pool[:20_000], "b": pool[12_000:32_000], "c": pool[30_000:45_000]}
    auds = _world({k: v.tolist() for k, v in lists.items()},
                  {k: len(v) for k, v in lists.items()})  # fmt: skip
    sketch = S.model_copy(update={"exact_max_names": 0})
    p = pair_overlap(auds["a"], auds["b"], sketch)
    assert p.method == "minhash"
    assert abs(p.estimate.shared - 8_000) <= 3 * p.estimate.se + 1
    r = dedup_reach(list(auds.values()), sketch)
    assert r.method == "hyperloglog"
    assert abs(r.estimate.unique - 45_000) <= 3 * r.estimate.se
    assert r.estimate.se == pytest.approx(r.estimate.unique * 1.04 / 128)


def test_samples_are_scaled_and_accounts_without_sample_count_in_full() -> None:
    auds = _world(
        {"a": list(range(0, 100)), "b": list(range(90, 190))},
        {"a": 10_000, "b": 10_000, "z": 5_000},
    )
    r = dedup_reach([auds["a"], auds["b"], auds["z"]], S)
    assert r.method == "sample" and not r.estimate.exact
    # 10 shared names × (100 × 100) = 100,000 → capped at 10,000: the union is 10,000 + 5,000
    assert r.estimate.unique == pytest.approx(15_000)
    assert r.without_sample == ("z",)
    assert r.estimate.total == 25_000
