"""Audience overlap and deduplicated reach: the estimators and their errors (pure math).

The store holds a *sample* of each account's followers (``follower_samples``, usernames). For
accounts ``a`` and ``b`` with ``n_a``, ``n_b`` followers and samples of ``s_a``, ``s_b`` names
that share ``k`` names:

* **Complete lists** (``s ≥ n`` for both: the sample is the whole follower list): the overlap is
  exact, ``|A ∩ B| = k``, error 0.
* **Samples**: each of the ``|A ∩ B|`` common followers is in both samples with probability
  ``(s_a/n_a)·(s_b/n_b)`` (independent uniform samples), so ``k`` is about Poisson with mean
  ``|A ∩ B|·s_a s_b/(n_a n_b)`` and ``|A ∩ B| ≈ k·(n_a/s_a)(n_b/s_b)`` with relative standard
  error ``1/√k``. With ``k = 0`` the estimate is 0, its standard error one name's worth
  ``(n_a/s_a)(n_b/s_b)`` (the estimator's resolution) and the one-sided 95 % upper limit
  ``3·(n_a/s_a)(n_b/s_b)`` (the "rule of three"). A complete list has factor 1.
* **Sketches** (when the name lists are too large to compare exactly; resonanz/ml/overlap.py
  uses datasketch): MinHash with ``k`` permutations estimates the Jaccard index ``J`` of two name
  lists with standard error ``√(J(1−J)/k)``; HyperLogLog with ``m = 2^p`` registers counts the
  distinct names of a union with relative standard error ``1.04/√m``.

Deduplicated reach of a set (the union ``|∪ A_i|``): with all lists complete it is the number
of distinct names (exact, or HyperLogLog). Otherwise the second-order Bonferroni estimate
``Σ n_i − Σ_{i<j} |A_i ∩ A_j|``, kept within ``[max n_i, Σ n_i]``; it is exact when no follower
follows three or more accounts of the set and otherwise *under*states the union (triple
overlaps are subtracted too often). Its standard error combines the pairs' (independent Poisson)
errors: ``√(Σ_{i<j} se_ij²)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

RULE_OF_THREE = 3.0  # one-sided 95 % upper limit of a Poisson mean after observing 0 events


class OverlapSettings(BaseModel):
    """``[planner.overlap]`` in defaults.toml: when to use sketches and how large they are."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    exact_max_names: int = Field(ge=0)
    minhash_permutations: int = Field(ge=16)
    hll_precision: int = Field(ge=4, le=18)


def hll_relative_error(precision: int) -> float:
    """Relative standard error of a HyperLogLog count with ``2^precision`` registers."""
    return 1.04 / math.sqrt(2**precision)


def minhash_jaccard_error(jaccard: float, permutations: int) -> float:
    """Standard error of a MinHash Jaccard estimate from ``permutations`` hash functions."""
    j = min(max(jaccard, 0.0), 1.0)
    return math.sqrt(j * (1.0 - j) / permutations)


def scale(followers: float | None, sample: int) -> float:
    """Followers one sampled name stands for (1 for a complete list or unknown count)."""
    if followers is None or sample <= 0 or sample >= followers:
        return 1.0
    return followers / sample


@dataclass(frozen=True)
class PairEstimate:
    """Overlap of two accounts' audiences (in followers) with its standard error."""

    shared: float  # estimated common followers |A ∩ B|
    se: float  # standard error of ``shared``
    upper95: float  # one-sided 95 % upper limit of ``shared``
    jaccard: float  # |A ∩ B| / |A ∪ B| of the audiences (estimated)
    exact: bool


def pair_estimate(
    shared_names: float,
    shared_se_names: float,
    followers_a: float | None,
    sample_a: int,
    followers_b: float | None,
    sample_b: int,
) -> PairEstimate:
    """Scale ``shared_names`` (common sampled names, exact or from a sketch with its own error
    ``shared_se_names``) to the two audiences (see the module docstring)."""
    f = scale(followers_a, sample_a) * scale(followers_b, sample_b)
    n_a = float(followers_a if followers_a is not None else sample_a)
    n_b = float(followers_b if followers_b is not None else sample_b)
    shared = min(shared_names * f, n_a, n_b)
    # Poisson error of the count; with no common name, one name's worth (the resolution)
    poisson = math.sqrt(max(shared_names, 1.0)) * f if f > 1.0 else 0.0
    se = min(math.sqrt(poisson**2 + (shared_se_names * f) ** 2), min(n_a, n_b))  # within range
    upper = shared + 1.645 * se if shared_names > 0 else RULE_OF_THREE * f * (f > 1.0)
    union = n_a + n_b - shared
    return PairEstimate(
        shared=shared,
        se=se,
        upper95=min(upper, n_a, n_b),
        jaccard=shared / union if union > 0 else 0.0,
        exact=f == 1.0 and shared_se_names == 0.0,
    )


@dataclass(frozen=True)
class ReachEstimate:
    """Deduplicated reach (followers) of a set of accounts with its standard error."""

    total: float  # Σ followers (counting shared followers once per account)
    unique: float  # estimated distinct followers
    se: float
    exact: bool

    @property
    def duplicate_share(self) -> float:
        """Share of the summed followers that are duplicates."""
        return 1.0 - self.unique / self.total if self.total > 0 else 0.0


def union_estimate(sizes: Sequence[float], pairs: Sequence[PairEstimate]) -> ReachEstimate:
    """Second-order Bonferroni estimate of ``|∪ A_i|`` from the sizes and all pairs."""
    total = float(sum(sizes))
    if not sizes:
        return ReachEstimate(0.0, 0.0, 0.0, True)
    raw = total - sum(p.shared for p in pairs)
    unique = min(max(raw, max(sizes)), total)
    se = min(math.sqrt(sum(p.se**2 for p in pairs)), total - max(sizes))  # within the range
    # exact only for up to two accounts: with three, triple overlaps are not seen by pairs
    return ReachEstimate(total, unique, se, exact=len(sizes) <= 2 and all(p.exact for p in pairs))
