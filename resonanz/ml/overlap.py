"""Audience overlap between accounts and deduplicated reach of a set, from follower samples.

Input: the store's ``follower_samples`` (``account_id``, ``follower_username``) and each
account's follower count. The estimators and their errors are in
:mod:`resonanz.core.planning.reach` (pure math); this module compares the name lists —
exactly (set operations) while the lists together hold at most
``planner.overlap.exact_max_names`` names, else with datasketch sketches: MinHash for the
common names of a pair (Jaccard standard error ``√(J(1−J)/k)``) and HyperLogLog++ (HyperLogLog
with bias correction for small counts) for the distinct names of a union (relative standard
error ``1.04/√m``). It lives in ``resonanz.ml`` because the
core may not import datasketch (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Literal

import polars as pl
from datasketch import (  # type: ignore[import-untyped]
    HyperLogLogPlusPlus as HyperLogLog,  # HLL++: bias-corrected at small counts
)
from datasketch import MinHash  # type: ignore[import-untyped]

from resonanz.core.planning.reach import (
    OverlapSettings,
    PairEstimate,
    ReachEstimate,
    hll_relative_error,
    minhash_jaccard_error,
    pair_estimate,
    union_estimate,
)

Method = Literal["exact", "sample", "minhash", "hyperloglog", "none"]


@dataclass(frozen=True)
class Audience:
    """One account's sampled follower names and its follower count."""

    account_id: str
    handle: str
    followers: int | None
    names: frozenset[str]

    @property
    def complete(self) -> bool:
        """The sample is the whole follower list (so comparisons are exact)."""
        return self.followers is not None and len(self.names) >= self.followers

    @property
    def size(self) -> float:
        """Audience size: the follower count, else the number of sampled names."""
        return float(self.followers if self.followers is not None else len(self.names))


def audiences(samples: pl.DataFrame, accounts: pl.DataFrame) -> dict[str, Audience]:
    """Audiences of ``accounts`` (``account_id``, ``handle``, ``followers``) from ``samples``
    (``account_id``, ``follower_username``); accounts without a sample get an empty one."""
    names: dict[str, set[str]] = {}
    for acc, name in samples.select(
        pl.col("account_id").cast(pl.String), pl.col("follower_username").cast(pl.String)
    ).iter_rows():
        if acc is not None and name:
            names.setdefault(acc, set()).add(name.casefold())
    out: dict[str, Audience] = {}
    for row in accounts.iter_rows(named=True):
        acc = str(row["account_id"])
        f = row.get("followers")
        follows = None if f is None else int(f)
        out[acc] = Audience(
            acc, str(row.get("handle") or acc), follows, frozenset(names.get(acc, ()))
        )
    return out


@dataclass(frozen=True)
class PairOverlap:
    """Overlap of two audiences: common sampled names, the scaled estimate, the method."""

    a: str
    b: str
    sample_a: int
    sample_b: int
    shared_names: float
    estimate: PairEstimate
    method: Method


@dataclass(frozen=True)
class Reach:
    """Deduplicated reach of a set of accounts and how it was estimated."""

    accounts: tuple[str, ...]
    estimate: ReachEstimate
    method: Method
    pairs: tuple[PairOverlap, ...]
    without_sample: tuple[str, ...]  # accounts counted in full (no follower sample)


class _Sketches:
    """MinHash and HyperLogLog sketches of the name lists, built on first use."""

    def __init__(self, s: OverlapSettings) -> None:
        self.s = s
        self.mh: dict[str, MinHash] = {}
        self.hll: dict[str, HyperLogLog] = {}

    def minhash(self, a: Audience) -> MinHash:
        if a.account_id not in self.mh:
            m = MinHash(num_perm=self.s.minhash_permutations, seed=1)
            m.update_batch([n.encode() for n in sorted(a.names)])
            self.mh[a.account_id] = m
        return self.mh[a.account_id]

    def hyperloglog(self, a: Audience) -> HyperLogLog:
        if a.account_id not in self.hll:
            h = HyperLogLog(p=self.s.hll_precision)
            for n in a.names:
                h.update(n.encode())
            self.hll[a.account_id] = h
        return self.hll[a.account_id]


def pair_overlap(
    a: Audience, b: Audience, s: OverlapSettings, sketches: _Sketches | None = None
) -> PairOverlap:
    """Overlap of two audiences: exact on the names while small, else MinHash; scaled to the
    audiences (exact when both lists are complete)."""
    sa, sb = len(a.names), len(b.names)
    if sa + sb <= s.exact_max_names:
        shared, se = float(len(a.names & b.names)), 0.0
        method: Method = "exact" if a.complete and b.complete else "sample"
    else:
        sk = sketches or _Sketches(s)
        j = float(sk.minhash(a).jaccard(sk.minhash(b)))
        # |A∩B| = J/(1+J)·(|A|+|B|); its error by the delta method: d/dJ = (|A|+|B|)/(1+J)²
        shared = j / (1.0 + j) * (sa + sb)
        se = minhash_jaccard_error(j, s.minhash_permutations) * (sa + sb) / (1.0 + j) ** 2
        method = "minhash"
    est = pair_estimate(shared, se, a.followers, sa, b.followers, sb)
    return PairOverlap(a.account_id, b.account_id, sa, sb, shared, est, method)


def dedup_reach(auds: Sequence[Audience], s: OverlapSettings) -> Reach:
    """Deduplicated reach of ``auds``: the exact (or HyperLogLog) count of distinct names when
    every list is complete, else the pairwise estimate of :func:`union_estimate`. Accounts
    without any sampled follower count in full (no overlap is known for them)."""
    known = [a for a in auds if a.names]
    blind = tuple(a.account_id for a in auds if not a.names)
    extra = sum(a.size for a in auds if not a.names)
    sketches = _Sketches(s)
    pairs = tuple(pair_overlap(x, y, s, sketches) for x, y in combinations(known, 2))
    total_names = sum(len(a.names) for a in known)
    if known and all(a.complete for a in known):
        if total_names <= s.exact_max_names:
            unique = float(len(frozenset().union(*(a.names for a in known))))
            est = ReachEstimate(sum(a.size for a in known), unique, 0.0, True)
            method: Method = "exact"
        else:
            h = HyperLogLog(p=s.hll_precision)
            for a in known:
                h.merge(sketches.hyperloglog(a))
            unique = float(h.count())
            se = unique * hll_relative_error(s.hll_precision)
            est = ReachEstimate(sum(a.size for a in known), unique, se, False)
            method = "hyperloglog"
    else:
        est = union_estimate([a.size for a in known], [p.estimate for p in pairs])
        method = "minhash" if any(p.method == "minhash" for p in pairs) else "sample"
        if not known:
            method = "none"
    if extra:
        est = ReachEstimate(est.total + extra, est.unique + extra, est.se, est.exact and False)
    return Reach(tuple(a.account_id for a in auds), est, method, pairs, blind)


def reach_json(reach: Any) -> dict[str, Any]:
    """The deduplicated reach of a set as JSON (followers; ``se`` is one standard error)."""
    e = reach.estimate
    return {
        "accounts": list(reach.accounts),
        "followers_total": round(e.total, 1),
        "unique_followers": round(e.unique, 1),
        "se": round(e.se, 1),
        "relative_error": round(e.se / e.unique, 4) if e.unique > 0 else None,
        "duplicate_share": round(e.duplicate_share, 4),
        "exact": e.exact,
        "method": reach.method,
        "without_sample": list(reach.without_sample),
    }
