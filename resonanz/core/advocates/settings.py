"""Tunables of the consumer-influencer analysis (``[advocates]`` in defaults.toml)."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

_DEFAULTS_TOML = Path(__file__).resolve().parent.parent / "defaults.toml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AdvocateWeights(_Frozen):
    """Weights of the score components; they need not sum to 1 (the score divides by the sum)."""

    rfm: float = Field(ge=0.0)
    early_adopter: float = Field(ge=0.0)
    metro: float = Field(ge=0.0)
    reviews: float = Field(ge=0.0)
    social_reach: float = Field(ge=0.0)

    @model_validator(mode="after")
    def _some_weight(self) -> AdvocateWeights:
        if sum(self.model_dump().values()) <= 0:
            raise ValueError("at least one weight must be positive")
        return self


class SegmentSettings(_Frozen):
    """Cut-offs of brand critics, lovers and mavens, and of an advocate."""

    critic_max_tone: float = Field(ge=-1.0, le=1.0)
    lover_min_tone: float = Field(ge=-1.0, le=1.0)
    lover_min_rfm: float = Field(ge=0.0, le=1.0)
    maven_min_reviews: int = Field(ge=1)
    maven_min_tone: float = Field(ge=-1.0, le=1.0)
    maven_critical_rating: int = Field(ge=1, le=5)
    advocate_min_score: float = Field(ge=0.0, le=100.0)


class ReferralSettings(_Frozen):
    """Referral codes, fraud checks and the projected uplift."""

    code_length: int = Field(ge=6, le=52)
    link_base: str
    burst_window_minutes: float = Field(gt=0.0)
    burst_min_referrals: int = Field(ge=2)
    ci_level: float = Field(gt=0.0, lt=1.0)
    bootstrap_draws: int = Field(ge=100)
    seed: int = Field(ge=0)
    prior_conversions: float = Field(gt=0.0)
    prior_failures: float = Field(gt=0.0)


class AdvocateSettings(_Frozen):
    """Everything under ``[advocates]``."""

    lookback_days: int = Field(ge=1)
    early_window_days: int = Field(ge=0)
    min_launches: int = Field(ge=1)
    review_saturation: int = Field(ge=1)
    reach_saturation_followers: int = Field(ge=2)
    reach_floor_followers: int = Field(ge=1)
    require_profiling_consent: bool
    reason_min_component: float = Field(ge=0.0, le=1.0)
    weights: AdvocateWeights
    segments: SegmentSettings
    referrals: ReferralSettings

    @model_validator(mode="after")
    def _reach_range(self) -> AdvocateSettings:
        if self.reach_floor_followers >= self.reach_saturation_followers:
            raise ValueError("reach_floor_followers must be below reach_saturation_followers")
        return self


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    with _DEFAULTS_TOML.open("rb") as fh:
        return tomllib.load(fh)


def builtin_advocates() -> AdvocateSettings:
    """The shipped ``[advocates]`` section (the numbers live in defaults.toml only)."""
    return AdvocateSettings.model_validate(_shipped()["advocates"])
