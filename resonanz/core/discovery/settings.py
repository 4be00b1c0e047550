"""Tunables of discovery and lookalikes (``[discovery]`` in defaults.toml; docs/discovery.md)."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

_DEFAULTS_TOML = Path(__file__).resolve().parent.parent / "defaults.toml"


class LookalikeWeights(BaseModel):
    """How content, audience shares and follower-sample overlap combine into one similarity."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    content: float = Field(ge=0.0)
    audience: float = Field(ge=0.0)
    followers: float = Field(ge=0.0)

    @model_validator(mode="after")
    def _some(self) -> LookalikeWeights:
        if self.content + self.audience + self.followers <= 0:
            raise ValueError("discovery.lookalike_weights: at least one weight must be positive")
        return self


class DiscoverySettings(BaseModel):
    """Discovery defaults: the search document, query limits, lookalike weights."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    recent_posts: int = Field(gt=0)
    max_query_chars: int = Field(gt=0)
    max_query_terms: int = Field(gt=0)
    min_term_length: int = Field(ge=1)
    stopwords: tuple[str, ...] = ()
    audience_dimensions: tuple[str, ...] = Field(min_length=1)
    lookalike_weights: LookalikeWeights
    min_follower_overlap_sample: int = Field(ge=1)
    explain_top: int = Field(ge=1)
    similar_audience: float = Field(ge=0.0, le=1.0)
    similar_content: float = Field(ge=0.0, le=1.0)
    deliverable: str = Field(min_length=1)
    fit_content_weight: float = Field(ge=0.0, le=1.0)
    paid_markers: tuple[str, ...] = ()


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    with _DEFAULTS_TOML.open("rb") as fh:
        return tomllib.load(fh)


def builtin_discovery() -> DiscoverySettings:
    """The shipped ``[discovery]`` section (the numbers live in defaults.toml only)."""
    return DiscoverySettings.model_validate(_shipped()["discovery"])
