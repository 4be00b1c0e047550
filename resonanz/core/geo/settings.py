"""Tunables of the regional test (``[geo]`` in defaults.toml): permutations, CI, ridge, design."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_DEFAULTS_TOML = Path(__file__).resolve().parent.parent / "defaults.toml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GeoDesignSettings(_Frozen):
    """Design phase: placebo tests over the history, power and minimum detectable effect."""

    alpha: float = Field(gt=0.0, lt=1.0)
    power_target: float = Field(gt=0.0, lt=1.0)
    effects: tuple[float, ...] = Field(min_length=1)
    placebo_windows: int = Field(ge=1)
    permutations: int = Field(ge=19)
    treated_counts: tuple[int, ...] = Field(min_length=1)
    candidates_per_count: int = Field(ge=1)
    top: int = Field(ge=1)

    @model_validator(mode="after")
    def _sorted(self) -> GeoDesignSettings:
        if any(e <= 0 for e in self.effects) or list(self.effects) != sorted(self.effects):
            raise ValueError("effects: positive lifts in increasing order")
        if any(n < 1 for n in self.treated_counts):
            raise ValueError("treated_counts: at least one treated region each")
        return self


class GeoSettings(_Frozen):
    """Analysis defaults of the augmented synthetic control (docs/advocates-and-geo.md)."""

    model: Literal["none", "ridge"]
    fixed_effects: bool
    permutations: int = Field(ge=19)
    ci_level: float = Field(gt=0.0, lt=1.0)
    seed: int = Field(ge=0)
    ridge_lambda: float | None = Field(None, gt=0.0)
    ridge_lambda_min_ratio: float = Field(gt=0.0, lt=1.0)
    ridge_lambda_steps: int = Field(ge=1)
    ridge_min_1se: bool
    ci_tolerance: float = Field(gt=0.0, lt=1.0)
    weight_display_min: float = Field(ge=0.0, lt=1.0)
    design: GeoDesignSettings


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    with _DEFAULTS_TOML.open("rb") as fh:
        return tomllib.load(fh)


def builtin_geo() -> GeoSettings:
    """The shipped ``[geo]`` section (the numbers live in defaults.toml only)."""
    return GeoSettings.model_validate(_shipped()["geo"])
