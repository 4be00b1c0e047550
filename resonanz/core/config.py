"""Domain defaults: tier bands, benchmarks, thresholds and weights, loaded from ``defaults.toml``.

The numbers live in one documented data file (``resonanz/core/defaults.toml``), never in code.
:func:`load_defaults` reads it into frozen pydantic models; an override file is deep-merged on top
(tables merge key by key; lists and plain values are replaced), so a user can change one figure
without copying the rest::

    defaults = load_defaults()                      # the shipped defaults
    defaults = load_defaults(Path("mine.toml"))     # with [engagement] recent_posts = 9, say
    defaults.benchmarks.sets["seeds"].figures[0].value   # 0.06

Every error names the offending key, e.g. ``mine.toml: engagement.recent_posts: Input should be
greater than 0``.
"""

from __future__ import annotations

import functools
import itertools
import tomllib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from resonanz.core.advice.settings import AdviceSettings, builtin_advice
from resonanz.core.advocates.settings import AdvocateSettings, builtin_advocates
from resonanz.core.comments.settings import CommentSettings, builtin_comment_settings
from resonanz.core.contracts import PLATFORMS
from resonanz.core.disclosure.settings import DisclosureSettings, builtin_disclosure
from resonanz.core.discovery.settings import DiscoverySettings, builtin_discovery
from resonanz.core.fees.settings import FeeSettings, builtin_fees
from resonanz.core.fit_settings import (
    AudienceFitSettings,
    BrandSafetySettings,
    ContentSettings,
    CrossPlatformSettings,
    builtin_audience_fit,
    builtin_brand_safety,
    builtin_content,
    builtin_cross_platform,
)
from resonanz.core.geo.settings import GeoSettings, builtin_geo
from resonanz.core.pilot.update import PilotSettings, builtin_pilot
from resonanz.core.planning.settings import PlannerSettings, builtin_planner

DEFAULTS_PATH = Path(__file__).with_name("defaults.toml")


class DefaultsError(ValueError):
    """The defaults (or an override of them) are malformed; the message names file and key."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TierBand(_Frozen):
    """A named follower band starting at ``min_followers`` (inclusive)."""

    name: str = Field(min_length=1)
    min_followers: int = Field(ge=0)


class BandSet(_Frozen):
    """Ordered follower bands; ``platforms`` restricts it, others use the ``fallback`` set."""

    description: str = ""
    source: str = ""
    platforms: tuple[str, ...] | None = None
    fallback: str | None = None
    bands: tuple[TierBand, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> BandSet:
        mins = [b.min_followers for b in self.bands]
        if mins[0] != 0:
            raise ValueError("bands: the first band must start at min_followers = 0")
        if any(b <= a for a, b in itertools.pairwise(mins)):
            raise ValueError("bands: min_followers must increase strictly")
        if len({b.name for b in self.bands}) != len(self.bands):
            raise ValueError("bands: names must be unique")
        return self

    def bounds(self, tier: str) -> tuple[int, int | None]:
        """Follower range ``[lower, upper)`` of a tier; ``upper`` is None for the top band."""
        for i, band in enumerate(self.bands):
            if band.name == tier:
                upper = self.bands[i + 1].min_followers if i + 1 < len(self.bands) else None
                return band.min_followers, upper
        raise KeyError(tier)


class TierSettings(_Frozen):
    """The named band sets and which one is used by default."""

    default_band_set: str
    band_sets: dict[str, BandSet]

    @model_validator(mode="after")
    def _references(self) -> TierSettings:
        if self.default_band_set not in self.band_sets:
            raise ValueError(f"default_band_set: unknown band set {self.default_band_set!r}")
        for name, bs in self.band_sets.items():
            if bs.platforms is not None and bs.fallback not in self.band_sets:
                raise ValueError(f"band_sets.{name}.fallback: must name a band set")
            if bs.fallback is not None and self.band_sets[bs.fallback].platforms is not None:
                raise ValueError(f"band_sets.{name}.fallback: must apply to all platforms")
        return self

    def band_set(self, name: str) -> BandSet:
        """The band set called ``name``; KeyError lists the known names."""
        if name not in self.band_sets:
            raise KeyError(f"unknown band set {name!r}; known: {sorted(self.band_sets)}")
        return self.band_sets[name]

    def bands_for(self, name: str, platform: str) -> BandSet:
        """The bands that apply to accounts on ``platform`` when band set ``name`` is chosen."""
        bs = self.band_set(name)
        if bs.platforms is None or platform in bs.platforms or bs.fallback is None:
            return bs
        return self.band_set(bs.fallback)


class BenchmarkFigure(_Frozen):
    """One published engagement-rate figure and the accounts it covers."""

    id: str = Field(min_length=1)
    platform: str
    tier: str | None = None
    min_followers: int | None = Field(None, ge=0)
    max_followers: int | None = Field(None, gt=0)
    value: float = Field(gt=0.0, le=1.0, description="Engagement rate as a fraction.")
    statistic: Literal["mean", "median", "unknown"] = "unknown"
    label_de: str
    label_en: str
    source: str


class BenchmarkSet(_Frozen):
    """Figures in order of precedence (the first match applies) and the fallback rule."""

    description: str = ""
    source: str = ""
    fallback: Literal["nearest", "peers", "none"] = "nearest"
    figures: tuple[BenchmarkFigure, ...] = ()

    def figure(self, figure_id: str) -> BenchmarkFigure:
        """The figure with this id."""
        return next(f for f in self.figures if f.id == figure_id)


class BenchmarkSettings(_Frozen):
    """Named benchmark sets and the default one."""

    default_set: str
    sets: dict[str, BenchmarkSet]

    @model_validator(mode="after")
    def _references(self) -> BenchmarkSettings:
        if self.default_set not in self.sets:
            raise ValueError(f"default_set: unknown benchmark set {self.default_set!r}")
        for name, bset in self.sets.items():
            ids = [f.id for f in bset.figures]
            if len(set(ids)) != len(ids):
                raise ValueError(f"sets.{name}.figures: ids must be unique")
        return self

    def benchmark_set(self, name: str) -> BenchmarkSet:
        """The benchmark set called ``name``; KeyError lists the known names."""
        if name not in self.sets:
            raise KeyError(f"unknown benchmark set {name!r}; known: {sorted(self.sets)}")
        return self.sets[name]


class EngagementSettings(_Frozen):
    """How the engagement rate is measured and scored (see docs/scoring.md)."""

    recent_posts: int = Field(gt=0)
    min_posts_full_confidence: int = Field(gt=0)
    by_views_platforms: tuple[str, ...] = ()
    exclude_formats: tuple[str, ...] = ()
    score_steepness: float = Field(gt=0.0)
    ratio_good: float = Field(gt=0.0)
    ratio_below: float = Field(gt=0.0)
    ratio_low: float = Field(gt=0.0)
    ratio_unusually_high: float = Field(gt=0.0)
    nearest_confidence: float = Field(ge=0.0, le=1.0)
    peer_confidence: float = Field(ge=0.0, le=1.0)
    min_peers: int = Field(ge=1)


class ActivitySettings(_Frozen):
    """Posting frequency and consistency expectations."""

    window_days: int = Field(gt=0)
    inactive_after_days: int = Field(gt=0)
    min_posts_full_confidence: int = Field(gt=0)
    frequency_weight: float = Field(ge=0.0, le=1.0)
    frequency_exponent: float = Field(gt=0.0)
    cv_for_zero: float = Field(gt=0.0)
    expected_posts_per_week: dict[str, float]


class GrowthSettings(_Frozen):
    """Growth window, trend scoring and spike/drop detection thresholds."""

    window_days: int = Field(gt=1)
    min_days_full_confidence: int = Field(gt=0)
    full_score_growth_30d: float = Field(gt=0.0)
    declining_below_30d: float
    spike_min_share: float = Field(ge=0.0)
    spike_mad_k: float = Field(ge=0.0)
    spike_min_followers: int = Field(ge=0)
    drop_min_share: float = Field(ge=0.0)
    drop_mad_k: float = Field(ge=0.0)
    drop_min_followers: int = Field(ge=0)
    spike_penalty: float = Field(ge=0.0, le=100.0)
    spike_trend_cap: float = Field(50.0, ge=0.0, le=100.0)
    event_merge_days: int = Field(2, ge=0)
    drop_penalty: float = Field(ge=0.0, le=100.0)


class LikeCommentNorm(_Frozen):
    """The expected range of likes per comment on one platform (optionally one tier)."""

    platform: str
    tier: str | None = None
    low: float = Field(gt=0.0, description="Fewer likes per comment: comment-heavy.")
    high: float = Field(gt=0.0, description="More likes per comment: likes without comments.")
    source: str

    @model_validator(mode="after")
    def _ordered(self) -> LikeCommentNorm:
        if self.platform not in PLATFORMS:
            raise ValueError(f"platform: unknown platform {self.platform!r}")
        if self.low >= self.high:
            raise ValueError("low must be below high")
        return self


class AuthenticitySettings(_Frozen):
    """Engagement authenticity: like:comment ratio, erratic engagement, bought likes, pods."""

    recent_posts: int = Field(gt=0)
    min_post_age_hours: float = Field(ge=0.0)
    min_posts: int = Field(gt=0)
    min_posts_full_confidence: int = Field(gt=0)
    counts_confidence_weight: float = Field(ge=0.0, le=1.0)
    norms: tuple[LikeCommentNorm, ...] = ()
    min_peers: int = Field(ge=1)
    ratio_high_percentile: float = Field(ge=0.0, le=1.0)
    ratio_low_percentile: float = Field(ge=0.0, le=1.0)
    typical_likes_quantile: float = Field(gt=0.0, lt=1.0)
    bought_post_factor: float = Field(gt=1.0)
    max_chance: float = Field(gt=0.0, lt=1.0)
    bought_min_posts: int = Field(ge=1)
    bought_min_share: float = Field(ge=0.0, le=1.0)
    erratic_cv: float = Field(gt=0.0)
    outlier_factor: float = Field(gt=1.0)
    pod_min_posts: int = Field(ge=1)
    pod_min_share: float = Field(gt=0.0, le=1.0)
    pod_fast_minutes: float = Field(gt=0.0)
    pod_min_size: int = Field(ge=2)
    group_min_commenters: int = Field(ge=1)
    pod_penalty: float = Field(ge=0.0, le=100.0)
    group_penalty: float = Field(ge=0.0, le=100.0)
    bought_likes_penalty: float = Field(ge=0.0, le=100.0)
    ratio_high_penalty: float = Field(ge=0.0, le=100.0)
    ratio_low_penalty: float = Field(ge=0.0, le=100.0)
    erratic_penalty: float = Field(ge=0.0, le=100.0)


def _builtin_authenticity() -> AuthenticitySettings:
    # The numbers stay in defaults.toml: an older override mapping without the section gets them
    # from there, not from constants in code.
    return AuthenticitySettings.model_validate(_read_toml(DEFAULTS_PATH)["authenticity"])


class FollowerQualitySettings(_Frozen):
    """Follower quality from a follower sample (resonanz/core/followers/quality.py)."""

    suspicious_probability: float = Field(gt=0.0, lt=1.0)
    mass_following: int = Field(gt=0)
    inactive_after_days: int = Field(gt=0)
    full_confidence_sample: int = Field(gt=0)
    ci_z: float = Field(gt=0.0)
    correct_error_rates: bool
    fake_warn_share: float = Field(ge=0.0, le=1.0)
    fake_alert_share: float = Field(ge=0.0, le=1.0)
    mass_warn_share: float = Field(ge=0.0, le=1.0)
    inactive_warn_share: float = Field(ge=0.0, le=1.0)
    weight_fake: float = Field(ge=0.0)
    weight_mass: float = Field(ge=0.0)
    weight_inactive: float = Field(ge=0.0)


def _builtin_follower_quality() -> FollowerQualitySettings:
    # as for authenticity: the numbers live in defaults.toml only
    return FollowerQualitySettings.model_validate(_read_toml(DEFAULTS_PATH)["follower_quality"])


class CompositeSettings(_Frozen):
    """Weights of the components in the resonanz score (shown with every report)."""

    weights: dict[str, float]
    low_confidence_below: float = Field(0.5, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _positive(self) -> CompositeSettings:
        if any(w < 0 for w in self.weights.values()):
            raise ValueError("weights: must not be negative")
        if sum(self.weights.values()) <= 0:
            raise ValueError("weights: at least one weight must be positive")
        if self.weights.get("tier", 0.0) != 0.0:
            raise ValueError("weights.tier: must be 0 — the tier is descriptive and has no score")
        return self


class CurrencySettings(_Frozen):
    """Exchange rate for fees quoted in USD by the seeds."""

    usd_eur: float = Field(gt=0.0)
    usd_eur_date: date
    usd_eur_source: str


class Meta(_Frozen):
    """Version of the defaults file layout."""

    version: int


class DomainDefaults(_Frozen):
    """All domain defaults, as loaded from ``defaults.toml`` (plus an optional override)."""

    meta: Meta
    tiers: TierSettings
    benchmarks: BenchmarkSettings
    engagement: EngagementSettings
    activity: ActivitySettings
    growth: GrowthSettings
    composite: CompositeSettings
    currency: CurrencySettings
    authenticity: AuthenticitySettings = Field(default_factory=_builtin_authenticity)
    follower_quality: FollowerQualitySettings = Field(default_factory=_builtin_follower_quality)
    # content fit, brand safety, audience fit, cross-platform (resonanz/core/fit_settings.py)
    content: ContentSettings = Field(default_factory=builtin_content)
    brand_safety: BrandSafetySettings = Field(default_factory=builtin_brand_safety)
    audience_fit: AudienceFitSettings = Field(default_factory=builtin_audience_fit)
    cross_platform: CrossPlatformSettings = Field(default_factory=builtin_cross_platform)
    disclosure: DisclosureSettings = Field(default_factory=builtin_disclosure)  # ad disclosure
    comments: CommentSettings = Field(default_factory=builtin_comment_settings)  # comment quality
    geo: GeoSettings = Field(default_factory=builtin_geo)  # regional tests (core/geo)
    fees: FeeSettings = Field(default_factory=builtin_fees)  # fair fees (core/fees)
    planner: PlannerSettings = Field(default_factory=builtin_planner)  # campaign planner
    discovery: DiscoverySettings = Field(default_factory=builtin_discovery)  # search, lookalikes
    advocates: AdvocateSettings = Field(default_factory=builtin_advocates)  # consumer influencers
    advice: AdviceSettings = Field(default_factory=builtin_advice)  # platforms, posting times
    pilot: PilotSettings = Field(default_factory=builtin_pilot)  # pilot → scale

    @model_validator(mode="after")
    def _known_platforms(self) -> DomainDefaults:
        for name, bset in self.benchmarks.sets.items():
            for i, fig in enumerate(bset.figures):
                if fig.platform not in PLATFORMS:
                    raise ValueError(f"benchmarks.sets.{name}.figures[{i}].platform: unknown")
        for platform in self.activity.expected_posts_per_week:
            if platform not in PLATFORMS:
                raise ValueError(f"activity.expected_posts_per_week.{platform}: unknown platform")
        return self


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``override`` merged in: tables recursively, everything else replaced."""
    merged = dict(base)
    for key, value in override.items():
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = deep_merge(old, value)
        else:
            merged[key] = value
    return merged


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise DefaultsError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DefaultsError(f"{path}: invalid TOML: {exc}") from exc


def _loc(parts: tuple[int | str, ...]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def defaults_from_mapping(data: Mapping[str, Any], source: str = "defaults") -> DomainDefaults:
    """Validate a parsed defaults mapping; errors name ``source`` and the key."""
    try:
        return DomainDefaults.model_validate(data)
    except ValidationError as exc:
        lines = [f"{source}: {_loc(tuple(e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise DefaultsError("\n".join(lines)) from None


@functools.lru_cache(maxsize=1)
def _builtin() -> DomainDefaults:
    return defaults_from_mapping(_read_toml(DEFAULTS_PATH), str(DEFAULTS_PATH.name))


def load_defaults(override: Path | None = None) -> DomainDefaults:
    """The shipped defaults, with ``override`` (a TOML file) deep-merged on top when given."""
    if override is None:
        return _builtin()
    merged = deep_merge(_read_toml(DEFAULTS_PATH), _read_toml(override))
    return defaults_from_mapping(merged, str(override))


def merge_defaults(base: DomainDefaults, changes: Mapping[str, Any]) -> DomainDefaults:
    """``base`` with ``changes`` (same layout as the TOML) deep-merged on top, validated again."""
    merged = deep_merge(base.model_dump(), changes)
    return defaults_from_mapping(merged, "override")
