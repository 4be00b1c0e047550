"""The checker's result contract and the vocabularies of its inputs."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Verdict = Literal["ok", "warn", "review", "error"]
Consideration = Literal["paid", "gifted", "affiliate", "discount_code", "none", "unknown"]
Requirement = Literal["required", "unclear", "none"]

SEVERITY_RANK: dict[str, int] = {"ok": 0, "warn": 1, "review": 2, "error": 3}
"""A post's verdict is its worst finding: error > review > warn > ok."""

CONSIDERATIONS: tuple[str, ...] = (
    "paid",
    "gifted",
    "affiliate",
    "discount_code",
    "none",
    "unknown",
)
UNDISCLOSED_CODES: frozenset[str] = frozenset(
    {"disc_r1", "disc_r1_consideration", "disc_r1_unclear", "disc_r4_thanks", "disc_r2_affiliate"}
)
"""Findings that mean the ad is not disclosed as an ad at all (the ``undisclosed_ads`` flag)."""
LABEL_REQUIRED: frozenset[str] = frozenset({"paid", "gifted", "affiliate", "discount_code"})

_CONSIDERATION_ALIASES: dict[str, str] = {
    **{c: c for c in CONSIDERATIONS},
    "": "unknown",
    "?": "unknown",
    "unbekannt": "unknown",
    "bezahlt": "paid",
    "sponsored": "paid",
    "gesponsert": "paid",
    "honorar": "paid",
    "sample": "gifted",
    "produkt": "gifted",
    "rabatt": "discount_code",
    "payment": "paid",
    "geschenkt": "gifted",
    "gift": "gifted",
    "free product": "gifted",
    "pr": "gifted",
    "pr sample": "gifted",
    "affiliate link": "affiliate",
    "provision": "affiliate",
    "discount": "discount_code",
    "code": "discount_code",
    "rabattcode": "discount_code",
    "discount code": "discount_code",
    "keine": "none",
    "no": "none",
    "nein": "none",
    "unbezahlt": "none",
}

FORMAT_KINDS: dict[str, str] = {
    **dict.fromkeys(("story", "stories", "story_frame", "story_frames", "storys"), "story"),
    **dict.fromkeys(
        ("reel", "reels", "short", "shorts", "video", "live", "igtv", "tv", "clip"), "video"
    ),
    **dict.fromkeys(("podcast", "audio"), "audio"),
}
"""Format spellings → story | video | audio; every other format is read as a feed post."""


def parse_consideration(value: str | None) -> str | None:
    """A consideration from its name or a common alias (German too); None if not recognised."""
    key = re.sub(r"[\s_\-]+", " ", (value or "").strip().casefold())
    return _CONSIDERATION_ALIASES.get(key, _CONSIDERATION_ALIASES.get(key.replace(" ", "_")))


def format_kind(value: str | None) -> str:
    """story | video | audio | feed for a post format (unknown or empty → feed)."""
    key = re.sub(r"[\s\-]+", "_", (value or "").strip().casefold())
    return FORMAT_KINDS.get(key, "feed")


class RuleHit(BaseModel):
    """One finding: which rule, how bad, and the offending text with its position.

    ``position`` is the 0-based character index of ``text`` in ``field`` (the caption unless
    said otherwise), or None when the problem has no place in the text (a label that is missing).
    ``code`` and ``params`` render the explanation via :mod:`resonanz.core.messages`.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    severity: Verdict
    text: str
    position: int | None = None
    field: str = "text"
    code: str
    params: dict[str, Any] = Field(default_factory=dict)


class SignalHit(BaseModel):
    """A commercial signal that made a label necessary (or unclear)."""

    model_config = ConfigDict(frozen=True)

    kind: str
    strong: bool
    text: str
    position: int | None = None
    field: str = "text"


class DisclosureVerdict(BaseModel):
    """The checker's verdict on one post."""

    model_config = ConfigDict(frozen=True)

    verdict: Verdict
    profile: str
    consideration: Consideration
    requirement: Requirement = Field(
        description="required: a label is needed; unclear: only a bare @mention hints at a "
        "deal (findings capped at review); none: no label needed."
    )
    audience_german: bool
    rules: tuple[RuleHit, ...] = ()
    signals: tuple[SignalHit, ...] = ()
    unchecked: tuple[str, ...] = Field(
        (), description="Rules that apply but lack their input (e.g. R7 without on-screen text)."
    )

    @property
    def undisclosed(self) -> bool:
        """A label is (or may be) required and nothing says "ad": no label at all (R1), only a
        thank-you to the brand (R4) or only an affiliate note for a wider deal (R2)."""
        return any(hit.code in UNDISCLOSED_CODES for hit in self.rules)
