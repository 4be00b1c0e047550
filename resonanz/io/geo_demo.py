"""Seeded demo sales panel for regional tests, with a campaign effect of known size.

Daily sales per region follow a latent factor model (what synthetic controls assume):

    Y0_it = b_i · (1 + g·t/T + s_i·weekly(t) + Σ_k λ_ik f_kt) + ε_it,   ε_it ~ N(0, (σ·√b_i)²)

with region sizes ``b_i`` log-normal (a few big cities, many small regions), a shared slow trend
``g``, region-specific weekly amplitude ``s_i``, ``K`` common AR(1) factors ``f_kt`` (weather,
holidays, national campaigns) and region loadings ``λ_ik``. The campaign multiplies the treated
regions' sales by ``1 + lift`` in the test window. The ground truth (counterfactual-based ATT and
incremental sales) is returned separately, so an estimator can be scored against it.

    frame, truth = demo_sales(regions=40, days=120, test_days=15, lift=0.05, seed=7)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

BUNDESLAENDER = (
    "Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hessen",
    "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen", "Rheinland-Pfalz",
    "Saarland", "Sachsen", "Sachsen-Anhalt", "Schleswig-Holstein", "Thüringen",
)  # fmt: skip
"""The 16 German federal states: the region names of demos with up to 16 regions."""


@dataclass(frozen=True)
class GeoDemoTruth:
    """What the generator injected: treated regions, window and the true effect."""

    treated: tuple[str, ...]
    start: str
    end: str
    lift: float
    att: float  # mean over treated regions and test days of Y1 − Y0
    incremental: float  # Σ (Y1 − Y0) over treated regions and test days


def region_names(n: int) -> list[str]:
    """Bundesländer for up to 16 regions, otherwise postal regions ``PLZ 01`` … / ``PLZ 001`` …."""
    if n <= len(BUNDESLAENDER):
        return list(BUNDESLAENDER[:n])
    width = 2 if n <= 99 else 3
    return [f"PLZ {i:0{width}d}" for i in range(1, n + 1)]


def _factors(rng: np.random.Generator, k: int, days: int, rho: float, sd: float) -> np.ndarray:
    shocks = rng.normal(0.0, sd, (k, days))
    out = np.zeros((k, days))
    for t in range(1, days):
        out[:, t] = rho * out[:, t - 1] + shocks[:, t]
    return out


def demo_sales(
    regions: int = 40,
    days: int = 120,
    test_days: int = 15,
    lift: float = 0.05,
    treated: int = 3,
    seed: int = 0,
    start: date = date(2024, 1, 1),
    noise: float = 1.0,
) -> tuple[pl.DataFrame, GeoDemoTruth]:
    """A long frame ``location, Y, date`` and the injected truth (last ``test_days`` treated)."""
    if not (2 <= treated < regions and 2 <= test_days < days - 10):
        raise ValueError("need 2 <= treated < regions and 2 <= test_days < days - 10")
    rng = np.random.default_rng(seed)
    names = region_names(regions)
    size = np.exp(rng.normal(np.log(2_000.0), 0.8, regions))
    t = np.arange(days)
    weekly = np.array([0.0, -0.02, -0.03, 0.0, 0.05, 0.12, -0.12])[(t + start.weekday()) % 7]
    amp = rng.uniform(0.6, 1.4, regions)
    factors = _factors(rng, 3, days, 0.8, 0.02)
    loadings = rng.normal(1.0, 0.5, (regions, 3))
    shape = 1.0 + 0.05 * t / days + amp[:, None] * weekly[None, :] + loadings @ factors
    y0 = size[:, None] * shape + rng.normal(0.0, noise, (regions, days)) * np.sqrt(size)[:, None]
    y0 = np.maximum(y0, 0.0)
    chosen = np.sort(rng.choice(regions, size=treated, replace=False))
    y1 = y0.copy()
    y1[chosen, days - test_days :] *= 1.0 + lift
    effect = (y1 - y0)[chosen, days - test_days :]
    dates = [start + timedelta(days=int(d)) for d in t]
    frame = pl.DataFrame(
        {
            "location": np.repeat(names, days),
            "Y": np.round(y1, 2).ravel(),
            "date": dates * regions,
        }
    )
    truth = GeoDemoTruth(
        treated=tuple(names[i] for i in chosen),
        start=dates[days - test_days].isoformat(),
        end=dates[-1].isoformat(),
        lift=lift,
        att=float(effect.mean()),
        incremental=float(effect.sum()),
    )
    return frame, truth
