"""Tunables of the campaign planner (``[planner]`` in defaults.toml): solver limits, overlap."""

from __future__ import annotations

import functools
import itertools
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from resonanz.core.planning.reach import OverlapSettings

_DEFAULTS_TOML = Path(__file__).resolve().parent.parent / "defaults.toml"


class PlannerValue(BaseModel):
    """Expected-value rates of a candidate option (``[planner.value]``; docs/planning.md)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reach_rate: dict[str, tuple[float, float, float]] = Field(min_length=1)
    default_real_share: tuple[float, float, float]
    unknown_in_target: tuple[float, float, float]
    default_engagement_rate: tuple[float, float, float]
    conversion_rate: tuple[float, float, float]
    deliverables: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    excluded_tiers: tuple[str, ...] = ("private",)
    min_content_fit: float = Field(0.0, ge=0.0, le=100.0)
    unknown_content_fit: tuple[float, float, float] = (0.0, 0.5, 1.0)

    @model_validator(mode="after")
    def _ranges(self) -> PlannerValue:
        triples = [*self.reach_rate.values(), self.default_real_share, self.unknown_in_target,
                   self.default_engagement_rate, self.conversion_rate,
                   self.unknown_content_fit]  # fmt: skip
        if any(not 0.0 <= lo <= mid <= hi <= 1.0 for lo, mid, hi in triples):
            raise ValueError("planner.value: each rate is [low, mid, high] within 0..1, ascending")
        return self


class PlannerSettings(BaseModel):
    """Planner defaults (docs/planning.md, section "Planner")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    time_limit_s: float = Field(gt=0.0)
    mip_rel_gap: float = Field(ge=0.0, lt=1.0)
    max_count: int = Field(ge=1)
    max_count_by_deliverable: dict[str, int] = Field(default_factory=dict)
    micro_tiers: tuple[str, ...] = Field(min_length=1)
    overlap_tangents: tuple[float, ...] = Field(min_length=1)
    left_out_top: int = Field(ge=0)
    sift_above_options: int = Field(50_000, ge=0)
    sift_core_min: int = Field(2_000, ge=1)
    value: PlannerValue = Field(default_factory=lambda: builtin_value())
    overlap: OverlapSettings = Field(default_factory=lambda: builtin_overlap())

    @model_validator(mode="after")
    def _checks(self) -> PlannerSettings:
        if any(n < 1 for n in self.max_count_by_deliverable.values()):
            raise ValueError("max_count_by_deliverable: counts must be at least 1")
        t = self.overlap_tangents
        if t[0] != 0.0 or any(b <= a for a, b in itertools.pairwise(t)):
            raise ValueError("overlap_tangents: must start at 0 and increase strictly")
        return self

    def count_limit(self, deliverable: str) -> int:
        """Most units of one deliverable bought from one creator."""
        return self.max_count_by_deliverable.get(deliverable, self.max_count)


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    with _DEFAULTS_TOML.open("rb") as fh:
        return tomllib.load(fh)


def builtin_planner() -> PlannerSettings:
    """The shipped ``[planner]`` section (the numbers live in defaults.toml only)."""
    return PlannerSettings.model_validate(_shipped()["planner"])


def builtin_overlap() -> OverlapSettings:
    """The shipped ``[planner.overlap]`` table."""
    return OverlapSettings.model_validate(_shipped()["planner"]["overlap"])


def builtin_value() -> PlannerValue:
    """The shipped ``[planner.value]`` table."""
    return PlannerValue.model_validate(_shipped()["planner"]["value"])
