"""Settings of the ad-disclosure checker, loaded from ``[disclosure]`` in ``defaults.toml``.

Kept apart from :mod:`resonanz.core.config` (which only adds one field for it) because the token
and pattern lists are long. This module imports nothing from resonanz, so the config module can
import it without a cycle.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Severity = Literal["error", "review", "warn", "ok", "off"]
"""A rule's severity in a profile; ``off`` means the rule does not apply in that profile."""

RULE_IDS: tuple[str, ...] = tuple(f"R{i}" for i in range(1, 13))
PROFILES: tuple[str, ...] = ("DE", "EU", "US")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Truncation(_Frozen):
    """Where a platform cuts a caption off behind "… more"."""

    chars: int = Field(gt=0, description="Characters shown before the cut.")
    lines: int = Field(gt=0, description="Lines shown before the cut (blank lines count).")


class TokenSettings(_Frozen):
    """Label words. Entries are phrases, matched on whole words after Unicode normalisation.

    A leading ``#`` means the hashtag only; without it, the word and its hashtag both match.
    """

    de: tuple[str, ...] = Field(min_length=1, description="Accepted German labels (R2).")
    en: tuple[str, ...] = Field(min_length=1, description="English labels: accepted in US (R2).")
    video: tuple[str, ...] = Field(description="Extra labels accepted for video (R7).")
    hashtag_prefixes: tuple[str, ...] = Field(description="#werbungxyz counts as a label.")
    hashtag_suffixes: tuple[str, ...] = Field(description="#xyzwerbung counts as a label.")
    negations: tuple[str, ...] = Field(description="'keine Werbung' is no label.")
    unpaid_qualifiers: tuple[str, ...] = Field(description="'unbezahlte Werbung'.")
    weak: tuple[str, ...] = Field(description="Insufficient labels (R4).")
    weak_en: tuple[str, ...] = Field(description="Weak labels that are English (R11).")
    thanks: tuple[str, ...] = Field(description="'thanks @brand' (R4) starts with one of these.")
    unclear: tuple[str, ...] = Field(description="Label-like words that are no label (R2).")
    exceptions: tuple[str, ...] = Field(description="Phrases a label word starts but is no label.")


class SignalSettings(_Frozen):
    """Commercial signals: what makes a label necessary when the consideration is unknown."""

    code_words: tuple[str, ...] = Field(description="Words that introduce a discount code.")
    discount_words: tuple[str, ...] = Field(description="Words near an upper-case code.")
    affiliate_domains: tuple[str, ...]
    affiliate_params: tuple[str, ...] = Field(description="URL query keys of affiliate links.")
    affiliate_words: tuple[str, ...] = Field(description="Words that explain an affiliate link.")
    shop_patterns: tuple[str, ...] = Field(description="URL parts that make a link a shop link.")
    promo_params: tuple[str, ...] = Field(description="URL query keys of promotional links.")
    brand_context: tuple[str, ...] = Field(description="Words that make a @mention a brand's.")
    brand_prepositions: tuple[str, ...] = Field(description="'von @brand': the word before.")
    credit_context: tuple[str, ...] = Field(description="Words that make a @mention a credit.")
    commercial_phrases: tuple[str, ...] = Field(description="Phrases that show a deal.")
    mention_window: int = Field(gt=0, description="Characters around a mention for context.")


class ScoringSettings(_Frozen):
    """The per-account component: points per post verdict, confidence, evidence size."""

    points: dict[str, float]
    recent_posts: int = Field(
        gt=0, description="Vetting checks each account's latest posts only (as engagement)."
    )
    full_confidence_posts: int = Field(gt=0)
    few_posts: int = Field(ge=0)
    worst_findings: int = Field(ge=1)
    source: str = ""

    @model_validator(mode="after")
    def _verdicts(self) -> ScoringSettings:
        missing = {"ok", "warn", "review", "error"} - set(self.points)
        if missing:
            raise ValueError(f"points: missing verdicts {sorted(missing)}")
        if any(not 0.0 <= v <= 1.0 for v in self.points.values()):
            raise ValueError("points: must be between 0 and 1")
        return self


class DisclosureSettings(_Frozen):
    """Everything the checker reads; see ``[disclosure]`` in ``defaults.toml``."""

    default_profile: Literal["DE", "EU", "US"] = "DE"
    severity: dict[str, dict[str, Severity]]
    truncation: dict[str, Truncation]
    near_chars: int = Field(gt=0)
    near_lines: int = Field(ge=0)
    affiliate_direct_chars: int = Field(ge=0)
    german_speaking_countries: tuple[str, ...]
    frame_separators: tuple[str, ...] = Field(description="Lines that split story frames.")
    tokens: TokenSettings
    signals: SignalSettings
    political_terms: tuple[str, ...]
    stopwords: dict[str, tuple[str, ...]]
    scoring: ScoringSettings

    @model_validator(mode="after")
    def _complete(self) -> DisclosureSettings:
        for profile in PROFILES:
            table = self.severity.get(profile)
            if table is None:
                raise ValueError(f"severity.{profile}: missing")
            missing = [r for r in RULE_IDS if r not in table]
            if missing:
                raise ValueError(f"severity.{profile}: missing rules {missing}")
        if "default" not in self.truncation:
            raise ValueError("truncation.default: missing")
        if not {"de", "en"} <= set(self.stopwords):
            raise ValueError("stopwords: needs 'de' and 'en'")
        return self

    def truncation_for(self, platform: str | None) -> Truncation:
        """The truncation point of ``platform`` (the default one when unknown)."""
        return self.truncation.get(platform or "", self.truncation["default"])


def builtin_disclosure() -> DisclosureSettings:
    """The shipped ``[disclosure]`` section of ``defaults.toml``.

    The lists stay in the data file: an override mapping without the section gets them from
    there, not from constants in code.
    """
    path = Path(__file__).resolve().parents[1] / "defaults.toml"
    with path.open("rb") as fh:
        return DisclosureSettings.model_validate(tomllib.load(fh)["disclosure"])
