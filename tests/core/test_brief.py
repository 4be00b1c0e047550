"""The brief contract shared by vetting and (later) the planner."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from resonanz.core.brief import Brief, Target


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
