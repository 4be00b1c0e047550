"""Tunables of the advice (``[advice]`` in defaults.toml)."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

_DEFAULTS_TOML = Path(__file__).resolve().parent.parent / "defaults.toml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PlatformRule(_Frozen):
    """What speaks for one platform, in seed 002's words turned into checkable conditions."""

    ages: tuple[int, int] | None = None  # the audience age range the platform suits
    niches: tuple[str, ...] = ()  # niches the platform suits
    small_budget_eur: float | None = Field(None, gt=0.0)  # budgets up to this suit the platform
    goals: tuple[str, ...] = ()  # campaign goals the platform suits (e.g. social commerce)
    formats: tuple[str, ...] = ()  # deliverable formats the platform is made for
    source: str


class AdviceWeights(_Frozen):
    """How much each kind of evidence counts in a platform's score (they sum to 1)."""

    age: float = Field(ge=0.0)
    niche: float = Field(ge=0.0)
    budget: float = Field(ge=0.0)
    goal: float = Field(ge=0.0)
    format: float = Field(ge=0.0)

    @model_validator(mode="after")
    def _sum_to_one(self) -> AdviceWeights:
        total = self.age + self.niche + self.budget + self.goal + self.format
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"advice.weights must sum to 1 (is {total:.3f})")
        return self


class TimingWindow(_Frozen):
    """A seed posting window: local hours [start, end) on the given days."""

    start_hour: int = Field(ge=0, le=23)
    end_hour: int = Field(ge=1, le=24)
    weekdays_only: bool = False
    source: str

    @model_validator(mode="after")
    def _ordered(self) -> TimingWindow:
        if self.end_hour <= self.start_hour:
            raise ValueError("end_hour must be after start_hour")
        return self


class TimingSettings(_Frozen):
    """Posting-time learning: window width, prior strength and the seeds' windows."""

    timezone: str
    bucket_hours: int = Field(ge=1, le=12)
    prior_strength: float = Field(gt=0.0)  # the prior counts as this many posts
    prior_lift: float = Field(gt=0.0)  # relative engagement the seed expects inside its window
    min_posts: int = Field(ge=1)  # below this an account's own history is "little evidence"
    top: int = Field(ge=1)
    windows: dict[str, TimingWindow] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _divides_day(self) -> TimingSettings:
        if 24 % self.bucket_hours:
            raise ValueError("bucket_hours must divide 24")
        return self


class AdviceSettings(_Frozen):
    """``[advice]``: platform rules, their weights, and posting-time learning."""

    weights: AdviceWeights
    platforms: dict[str, PlatformRule]
    timing: TimingSettings


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    with _DEFAULTS_TOML.open("rb") as fh:
        return tomllib.load(fh)


def builtin_advice() -> AdviceSettings:
    """The shipped ``[advice]`` section (the numbers live in defaults.toml only)."""
    return AdviceSettings.model_validate(_shipped()["advice"])
