"""The vetting report contract: what every interface (CLI, HTML, web, API) shows of a vetting."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Reason(BaseModel):
    """One sentence of explanation, as a message code plus parameters (translated when shown).

    ``severity`` says how to show it: ``info`` (neutral), ``good`` (raises trust), ``warn``
    (lowers the score), ``alert`` (a red flag such as bought followers).
    """

    model_config = ConfigDict(frozen=True)

    code: str
    params: dict[str, Any] = Field(default_factory=dict)
    severity: str = "info"


class ComponentResult(BaseModel):
    """One vetting component (tier, engagement, activity, growth, …) with its evidence.

    ``score`` is 0–100 (higher is better for a brand) or ``None`` when the data does not allow a
    score; ``confidence`` is 0–1 and falls when data is missing or thin; ``weight`` is the
    configured weight in the composite score; ``value`` is the headline figure (e.g. the median
    engagement rate as a fraction); ``evidence`` holds the numbers behind it.
    """

    model_config = ConfigDict(frozen=True)

    key: str
    score: float | None = Field(None, ge=0.0, le=100.0)
    confidence: float = Field(ge=0.0, le=1.0)
    weight: float = Field(ge=0.0)
    value: float | str | None = None
    evidence: dict[str, Any] = Field(default_factory=dict)
    reasons: tuple[Reason, ...] = ()


class VettingReport(BaseModel):
    """The explained verdict on one platform account."""

    model_config = ConfigDict(frozen=True)

    account_id: str
    handle: str
    platform: str
    followers: int | None
    tier: str | None
    score: float | None = Field(None, ge=0.0, le=100.0, description="resonanz score 0–100")
    confidence: float = Field(ge=0.0, le=1.0)
    rank_score: float | None = Field(
        None,
        ge=0.0,
        le=100.0,
        description="The score shrunk towards neutral (50) by missing evidence: "
        "50 + (score − 50) × confidence. Rankings sort by it, so a verdict on thin data "
        "does not outrank a well-founded one.",
    )
    components: tuple[ComponentResult, ...]
    flags: tuple[str, ...] = ()

    def component(self, key: str) -> ComponentResult | None:
        """The component with this key, if it was computed."""
        return next((c for c in self.components if c.key == key), None)


def component_from_row(
    key: str,
    row: Mapping[str, Any],
    weight: float,
    evidence: dict[str, Any],
    reasons: Iterable[Reason],
) -> ComponentResult:
    """The component ``key`` from a vetting row's ``<key>_score/_confidence/_value`` columns."""
    score = row[f"{key}_score"]
    return ComponentResult(
        key=key,
        score=None if score is None else float(score),
        confidence=float(row[f"{key}_confidence"]),
        weight=weight,
        value=row[f"{key}_value"],
        evidence=evidence,
        reasons=tuple(reasons),
    )
