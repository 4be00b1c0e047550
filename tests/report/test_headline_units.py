"""Headline values carry the right unit: the authenticity ratio is not a percentage."""

from __future__ import annotations

from resonanz.core.vetting.result import ComponentResult
from resonanz.report.html import headline_value
from resonanz.report.strings import Catalogue


def _component(key: str, value: float) -> ComponentResult:
    return ComponentResult(key=key, score=50.0, weight=0.1, confidence=1.0, value=value)


def test_authenticity_is_likes_per_comment_not_percent():
    assert headline_value(_component("authenticity", 21.574), Catalogue("de")) == (
        "21,6 Likes je Kommentar"
    )
    assert headline_value(_component("authenticity", 21.574), Catalogue("en")) == (
        "21.6 likes per comment"
    )


def test_engagement_stays_a_percentage():
    assert headline_value(_component("engagement", 0.034), Catalogue("de")) == "3,4\xa0%"
