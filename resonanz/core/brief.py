"""The brief: what a brand wants (niches, keywords, competitors, target audience).

A brief is optional everywhere in vetting. Without one, content fit still names the account's
topics, brand safety and partnerships are still screened, and audience fit has no score (there is
no target to compare with). The planner (campaign planning) reads the same fields from its YAML::

    niches: [fitness, food]
    keywords: [proteinriegel, laufschuhe]
    competitors: [nordkraft]
    brand: proteinwerk
    excluded_keywords: [diät]
    target: {age: [18, 34], genders: [f], countries: [DE, AT, CH], languages: [de]}

>>> Brief.model_validate({"niches": ["fitness"], "target": {"age": [18, 34]}}).target.age
(18, 34)
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _clean(values: tuple[str, ...]) -> tuple[str, ...]:
    """Stripped, non-empty, first occurrence kept (case-insensitively)."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        text = value.strip()
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return tuple(out)


class Target(_Frozen):
    """The target audience. Every field is optional; an empty field does not constrain.

    ``age`` is an inclusive range of years ``[min, max]``; ``genders`` uses ``f``, ``m``, ``d``
    (other spellings such as ``female``/``weiblich`` are understood by audience fit);
    ``countries`` are ISO 3166-1 alpha-2 codes; ``languages`` ISO 639-1 codes.
    """

    age: tuple[int, int] | None = Field(None, description="Inclusive age range [min, max].")
    genders: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    @field_validator("age")
    @classmethod
    def _age_range(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is not None and not 0 <= value[0] <= value[1] <= 120:
            raise ValueError("age must be [min, max] with 0 <= min <= max <= 120")
        return value

    @field_validator("genders", "cities", "languages")
    @classmethod
    def _lists(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _clean(value)

    @field_validator("countries")
    @classmethod
    def _countries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _clean(tuple(v.upper() for v in value))

    @property
    def is_empty(self) -> bool:
        """True when no field constrains the audience."""
        return self.age is None and not (
            self.genders or self.countries or self.cities or self.languages
        )


class Brief(_Frozen):
    """A brand's brief as vetting reads it (all fields optional)."""

    niches: tuple[str, ...] = Field((), description="Niche names, e.g. fitness, food.")
    keywords: tuple[str, ...] = Field((), description="Words the content should be about.")
    competitors: tuple[str, ...] = Field((), description="Competing brands (handles or names).")
    brand: str | None = Field(None, description="The brand itself (handle or name).")
    target: Target | None = None
    excluded_keywords: tuple[str, ...] = Field(
        (), description="Extra brand-safety terms for this brief (screened as an alert)."
    )

    @field_validator("keywords", "competitors", "excluded_keywords")
    @classmethod
    def _lists(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _clean(value)

    @field_validator("niches")
    @classmethod
    def _niches(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # niche names are keys of the lexicon: compared lower-case
        return _clean(tuple(v.lower() for v in value))

    @field_validator("brand")
    @classmethod
    def _brand(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return value.strip() or None

    @property
    def has_topics(self) -> bool:
        """True when the brief names niches or keywords (content fit can be scored)."""
        return bool(self.niches or self.keywords)

    @property
    def has_target(self) -> bool:
        """True when the brief constrains the audience (audience fit can be scored)."""
        return self.target is not None and not self.target.is_empty


Goal = Literal["awareness", "engagement", "conversions"]


class PlanBrief(Brief):
    """A campaign brief as the planner reads it: the vetting brief plus budget and constraints.

    Every planning field has a default so a vetting-only brief file is a valid plan brief too.
    ``micro_share`` is the allowed range of the plan's spend on micro-influencers (the seeds'
    60–70 %); ``platform_mix`` maps a platform to its minimum share of the spend.
    """

    goal: Goal = "awareness"
    budget_eur: float | None = Field(None, gt=0, description="Total budget in EUR.")
    platforms: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    micro_share: tuple[float, float] | None = None
    min_creators: int = Field(0, ge=0)
    max_creators: int | None = Field(None, ge=1)
    max_per_creator_eur: float | None = Field(None, gt=0)
    must_have: tuple[str, ...] = ()
    excluded_creators: tuple[str, ...] = ()
    platform_mix: dict[str, float] = Field(default_factory=dict)
    pilot: bool = False

    @field_validator("platforms", "formats")
    @classmethod
    def _lower_lists(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _clean(tuple(v.lower() for v in value))

    @field_validator("must_have", "excluded_creators")
    @classmethod
    def _handles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _clean(tuple(v.lstrip("@") for v in value))

    @field_validator("micro_share")
    @classmethod
    def _share_range(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None and not 0.0 <= value[0] <= value[1] <= 1.0:
            raise ValueError("micro_share must be [min, max] with 0 <= min <= max <= 1")
        return value


class BriefError(ValueError):
    """A brief file that cannot be read; the message names the file, field and reason."""


def parse_brief(text: str, source: str = "brief") -> PlanBrief:
    """Parse a YAML brief (a mapping) into a :class:`PlanBrief`.

    Raises :class:`BriefError` naming ``source``, the field and the reason, never a traceback.

    >>> parse_brief("goal: engagement\\nbudget_eur: 5000\\nniches: [Fitness]").niches
    ('fitness',)
    """
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise BriefError(f"{source}{where}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise BriefError(f"{source}: a brief is a YAML mapping of fields (e.g. 'goal: awareness')")
    try:
        return PlanBrief.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(brief)'}: {e['msg']}" for e in exc.errors()
        )
        raise BriefError(f"{source}: {problems}") from exc
