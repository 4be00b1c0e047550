"""Settings of content fit, brand safety, partnerships, audience fit and cross-platform linking.

The values live in ``defaults.toml`` (sections ``[content]``, ``[brand_safety]``,
``[audience_fit]``, ``[cross_platform]``) and load into these frozen models as fields of
:class:`~resonanz.core.config.DomainDefaults`. An override file extends the shipped word lists
without copying them: every list of terms has an empty ``extra`` companion, e.g.::

    [brand_safety.categories.alcohol]
    extra = ["jägermeister", "aperol spritz"]

    [brand_safety.categories.energy_drinks]   # a new category
    label_de = "Energydrinks"
    label_en = "Energy drinks"
    severity = "warn"
    penalty_per_post = 5.0
    max_penalty = 20.0
    de = ["energydrink"]

Term syntax (all lists): a word matches its lemma (``Pornos`` matches ``porno``), several words a
phrase of lemmas (``online casino``), ``term*`` any word starting with it, ``*term`` any word
ending with it, ``*term*`` any word containing it. Brand safety matches nothing else — never a
bare substring, so "Analyse" is not "anal". Niche terms without ``*`` also match German compounds
(see :mod:`resonanz.core.content.text`).
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_DEFAULTS_TOML = Path(__file__).with_name("defaults.toml")

Severity = Literal["info", "warn", "alert"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class NicheLexicon(_Frozen):
    """Words that show one niche, in German and English (plus user ``extra`` words)."""

    label_de: str
    label_en: str
    de: tuple[str, ...] = ()
    en: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        """All terms of the niche."""
        return (*self.de, *self.en, *self.extra)


class PartnershipSettings(_Frozen):
    """What makes a post commercial, and how brands are named from it."""

    recent_posts: int = Field(gt=0)
    disclosure_terms: tuple[str, ...]
    code_terms: tuple[str, ...]
    affiliate_link_patterns: tuple[str, ...]
    ignore_domains: tuple[str, ...] = ()
    min_brand_key_length: int = Field(ge=1)
    min_competitor_key_length: int = Field(ge=1)
    commercial_share_warn: float = Field(gt=0.0, le=1.0)
    max_brands: int = Field(gt=0)


class ContentSettings(_Frozen):
    """Topic detection and content fit to a brief (see docs/methodology.md)."""

    recent_posts: int = Field(gt=0)
    bio_weight: float = Field(ge=0.0)
    min_compound_length: int = Field(ge=2)
    min_infix_length: int = Field(ge=2)
    min_rest: int = Field(ge=1)
    endings: tuple[str, ...] = ()
    ignore_tokens: tuple[str, ...] = ()
    min_niche_share: float = Field(ge=0.0, le=1.0)
    min_niche_posts: int = Field(ge=1)
    full_fit_post_share: float = Field(gt=0.0, le=1.0)
    weight_posts: float = Field(ge=0.0)
    weight_focus: float = Field(ge=0.0)
    weight_bio: float = Field(ge=0.0)
    fit_good_score: float = Field(ge=0.0, le=100.0)
    fit_low_score: float = Field(ge=0.0, le=100.0)
    min_posts_full_confidence: int = Field(gt=0)
    top_terms: int = Field(gt=0)
    examples: int = Field(ge=0)
    example_chars: int = Field(gt=20)
    niches: dict[str, NicheLexicon]
    partnerships: PartnershipSettings

    @model_validator(mode="after")
    def _weights(self) -> ContentSettings:
        if self.weight_posts + self.weight_focus + self.weight_bio <= 0:
            raise ValueError("weight_posts + weight_focus + weight_bio must be positive")
        return self


class SafetyCategory(_Frozen):
    """One brand-safety category: its words, how serious a hit is, and its penalty."""

    label_de: str
    label_en: str
    severity: Severity
    penalty_per_post: float = Field(ge=0.0, le=100.0)
    max_penalty: float = Field(ge=0.0, le=100.0)
    de: tuple[str, ...] = ()
    en: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        """All terms of the category."""
        return (*self.de, *self.en, *self.extra)


class BrandSafetySettings(_Frozen):
    """Brand-safety screening of captions, on-screen text, transcripts, hashtags and bio."""

    recent_posts: int = Field(gt=0)
    min_posts_full_confidence: int = Field(gt=0)
    snippet_chars: int = Field(gt=0)
    max_hits: int = Field(gt=0)
    allow: tuple[str, ...] = ()
    brief_category: SafetyCategory
    categories: dict[str, SafetyCategory]


class AudienceFitSettings(_Frozen):
    """Audience demographics against a target (see docs/methodology.md)."""

    open_bucket_years: int = Field(gt=0)
    youngest_age: int = Field(ge=0)
    missing_dimension_share: float = Field(ge=0.0, le=1.0)
    min_coverage: float = Field(gt=0.0, le=1.0)
    good_share: float = Field(ge=0.0, le=1.0)
    low_share: float = Field(ge=0.0, le=1.0)
    gender_aliases: dict[str, str]


class CrossPlatformWeights(_Frozen):
    """Evidence strengths (probabilities that a link is right), combined by noisy-OR."""

    creator_id: float = Field(ge=0.0, le=1.0)
    profile_link: float = Field(ge=0.0, le=1.0)
    same_url: float = Field(ge=0.0, le=1.0)
    url_handle: float = Field(ge=0.0, le=1.0)
    same_handle: float = Field(ge=0.0, le=1.0)
    handle_exact: float = Field(ge=0.0, le=1.0)
    handle_similar: float = Field(ge=0.0, le=1.0)
    name_exact: float = Field(ge=0.0, le=1.0)


class CrossPlatformSettings(_Frozen):
    """Linking accounts of the same creator across platforms."""

    weights: CrossPlatformWeights
    min_confidence: float = Field(ge=0.0, le=1.0)
    name_conflict_factor: float = Field(ge=0.0, le=1.0)
    min_handle_key_length: int = Field(ge=1)
    min_name_tokens: int = Field(ge=1)
    handle_similarity_min: float = Field(ge=0.0, le=1.0)
    prefix_block_length: int = Field(ge=2)
    max_block_size: int = Field(ge=2)
    handle_prefixes: tuple[str, ...] = ()
    handle_suffixes: tuple[str, ...] = ()
    link_in_bio_hosts: tuple[str, ...] = ()
    generic_hosts: tuple[str, ...] = ()


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    with _DEFAULTS_TOML.open("rb") as fh:
        return tomllib.load(fh)


# The numbers stay in defaults.toml: an older override mapping without these sections gets them
# from there, not from constants in code.
def builtin_content() -> ContentSettings:
    """The shipped ``[content]`` section."""
    return ContentSettings.model_validate(_shipped()["content"])


def builtin_brand_safety() -> BrandSafetySettings:
    """The shipped ``[brand_safety]`` section."""
    return BrandSafetySettings.model_validate(_shipped()["brand_safety"])


def builtin_audience_fit() -> AudienceFitSettings:
    """The shipped ``[audience_fit]`` section."""
    return AudienceFitSettings.model_validate(_shipped()["audience_fit"])


def builtin_cross_platform() -> CrossPlatformSettings:
    """The shipped ``[cross_platform]`` section."""
    return CrossPlatformSettings.model_validate(_shipped()["cross_platform"])
