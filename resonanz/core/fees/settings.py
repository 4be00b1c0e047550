"""Tunables of the fair-fee range (``[fees]`` in defaults.toml): rates, factors, price bands."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from resonanz.core.fees.learn import FeeLearnSettings

_DEFAULTS_TOML = Path(__file__).resolve().parent.parent / "defaults.toml"

DELIVERABLES: tuple[str, ...] = ("feed_post", "reel", "story", "video")
"""The deliverables a fee is quoted for (keys of ``[fees.format]``)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FeeSettings(_Frozen):
    """How a fair fee range is derived from followers, engagement and follower quality."""

    usd_per_1k_low: float = Field(gt=0.0)
    usd_per_1k_high: float = Field(gt=0.0)
    engagement_exponent: float = Field(ge=0.0)
    engagement_min_factor: float = Field(gt=0.0)
    engagement_max_factor: float = Field(gt=0.0)
    min_real_share: float = Field(ge=0.0, le=1.0)
    confidence_no_quality: float = Field(ge=0.0, le=1.0)
    confidence_no_engagement: float = Field(ge=0.0, le=1.0)
    spread_no_quality: float = Field(ge=0.0)
    spread_no_engagement: float = Field(ge=0.0)
    max_spread: float = Field(gt=0.0, lt=1.0)
    platform: dict[str, float]
    format: dict[str, float]
    bands_usd: dict[str, dict[str, tuple[float, float]]] = {}
    learn: FeeLearnSettings = Field(default_factory=lambda: builtin_learn())

    @model_validator(mode="after")
    def _consistent(self) -> FeeSettings:
        if self.usd_per_1k_low > self.usd_per_1k_high:
            raise ValueError("usd_per_1k_low must not exceed usd_per_1k_high")
        if self.engagement_min_factor > 1.0 or self.engagement_max_factor < 1.0:
            raise ValueError("engagement factors must bracket 1.0")
        if set(self.format) != set(DELIVERABLES):
            raise ValueError(f"format: needs exactly the deliverables {list(DELIVERABLES)}")
        if any(v <= 0 for v in (*self.platform.values(), *self.format.values())):
            raise ValueError("platform/format multipliers must be positive")
        for platform, tiers in self.bands_usd.items():
            for tier, (low, high) in tiers.items():
                if not 0 <= low <= high:
                    raise ValueError(f"bands_usd.{platform}.{tier}: need 0 <= low <= high")
        return self


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    with _DEFAULTS_TOML.open("rb") as fh:
        return tomllib.load(fh)


def builtin_learn() -> FeeLearnSettings:
    """The shipped ``[fees.learn]`` table."""
    return FeeLearnSettings.model_validate(_shipped()["fees"]["learn"])


def builtin_fees() -> FeeSettings:
    """The shipped ``[fees]`` section (the numbers live in defaults.toml only)."""
    return FeeSettings.model_validate(_shipped()["fees"])
