"""The brief contract shared by vetting and (later) the planner."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from resonanz.core.brief import Brief, BriefError, Target, parse_brief


def test_the_planner_yaml_shape_validates() -> None:
    brief = Brief.model_validate(
        {
            "niches": ["Fitness", "food", "fitness"],
            "keywords": ["Proteinriegel", " "],
            "competitors": ["nordkraft"],
            "brand": " proteinwerk ",
            "excluded_keywords": ["Diät"],
            "target": {
                "age": [18, 34],
                "countries": ["de", "AT"],
                "languages": ["de"],
                "genders": ["f"],
            },
        }
    )
    assert brief.niches == ("fitness", "food")
    assert brief.keywords == ("Proteinriegel",)
    assert brief.brand == "proteinwerk"
    assert brief.target is not None and brief.target.countries == ("DE", "AT")
    assert brief.has_topics and brief.has_target


def test_everything_is_optional_and_frozen() -> None:
    brief = Brief()
    assert not brief.has_topics and not brief.has_target
    assert not Brief(target=Target()).has_target
    with pytest.raises(ValidationError):
        brief.niches = ("x",)  # type: ignore[misc]


@pytest.mark.parametrize(
    "data",
    [{"niche": ["fitness"]}, {"target": {"age": [40, 18]}}, {"target": {"age": [18, 200]}}],
)
def test_typos_and_bad_ranges_are_rejected(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Brief.model_validate(data)


def test_plan_brief_reads_the_issue_example() -> None:
    brief = parse_brief(
        """
goal: awareness            # awareness | engagement | conversions
budget_eur: 50000
platforms: [instagram, tiktok]
niches: [fitness, food]
target: {age: [18, 34], countries: [DE, AT, CH], languages: [de]}
micro_share: [0.6, 0.7]
min_creators: 20
max_per_creator_eur: 5000
"""
    )
    assert brief.goal == "awareness"
    assert brief.budget_eur == 50000
    assert brief.platforms == ("instagram", "tiktok")
    assert brief.micro_share == (0.6, 0.7)
    assert brief.target is not None and brief.target.countries == ("DE", "AT", "CH")
    assert isinstance(brief, Brief)  # vetting accepts a plan brief as it is


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("goal: [unclosed", "brief.yaml:1: not valid YAML"),
        ("- a list", "brief.yaml: a brief is a YAML mapping"),
        ("goal: fame", "brief.yaml: goal: Input should be"),
        ("budget_eur: -5", "brief.yaml: budget_eur: Input should be greater than 0"),
        ("micro_share: [0.8, 0.6]", "brief.yaml: micro_share: Value error, micro_share must be"),
        ("budgte_eur: 5", "brief.yaml: budgte_eur: Extra inputs are not permitted"),
    ],
)
def test_bad_briefs_name_the_field_and_reason(text: str, expected: str) -> None:
    with pytest.raises(BriefError) as caught:
        parse_brief(text, "brief.yaml")
    assert str(caught.value).startswith(expected)


def test_empty_brief_is_valid() -> None:
    assert parse_brief("").goal == "awareness"
