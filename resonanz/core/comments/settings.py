"""The ``[comments]`` defaults: class precedence, thresholds, patterns and word lists per language.

The values live in ``resonanz/core/defaults.toml`` (section ``[comments]``, every value commented
with its source); this module only types and validates them. Word lists are per language
(``[comments.lexicon.de]``, ``[comments.lexicon.en]``, …): the classifier uses the union of all
tables, so a user extends a list without replacing it by adding a table of their own, e.g.
``[comments.lexicon.custom] praise = ["urgemütlich"]`` in an override file.

Phrase syntax of the word lists (see :mod:`resonanz.core.comments.lexicon`): words separated by
spaces; ``a|b`` alternatives for one word; ``wort*`` any ending (inflections); ``...`` a gap of up
to three words. Matching ignores case, umlauts (ä = ae = a) and repeated letters (sooo = so).
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

CLASSES: tuple[str, ...] = ("meaningful", "generic_praise", "emoji_only", "spam")
"""The four comment classes."""

LIST_NAMES: tuple[str, ...] = (
    "stopwords",
    "praise",
    "first_person",
    "experience",
    "people",
    "reason",
    "opinion",
    "intent",
    "request_object",
    "please",
    "interrogative",
    "weak_interrogative",
    "question_opener",
    "share",
    "idiom",
    "neutral",
    "spam",
    "collab",
    "contact",
    "finance",
    "earn",
    "rate",
    "prize",
    "claim",
    "follower",
    "offer",
)
"""The word lists a language table may hold (all optional)."""

PATTERN_NAMES: tuple[str, ...] = (
    "url",
    "email",
    "phone",
    "money",
    "mention",
    "hashtag",
    "emoticon",
    "adult",
    "laughter",
    "participle",
)
"""The raw regular expressions of ``[comments.patterns]``."""

SIGNAL_PATTERNS: tuple[str, ...] = ("url", "email", "phone", "money", "adult", "mention", "hashtag")
"""Patterns that are yes/no signals of a text (usable in ``spam_patterns`` and combinations)."""

EXTRA_SIGNALS: tuple[str, ...] = ("question_mark",)
"""Signals a spam combination may name besides word lists and signal patterns."""

DEFAULTS_FILE = Path(__file__).resolve().parent.parent / "defaults.toml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CommentLexicon(_Frozen):
    """One language's word lists (phrases in the syntax of the module docstring)."""

    stopwords: tuple[str, ...] = ()
    praise: tuple[str, ...] = ()
    first_person: tuple[str, ...] = ()
    experience: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    reason: tuple[str, ...] = ()
    opinion: tuple[str, ...] = ()
    intent: tuple[str, ...] = ()
    request_object: tuple[str, ...] = ()
    please: tuple[str, ...] = ()
    interrogative: tuple[str, ...] = ()
    weak_interrogative: tuple[str, ...] = ()
    question_opener: tuple[str, ...] = ()
    share: tuple[str, ...] = ()
    idiom: tuple[str, ...] = ()
    neutral: tuple[str, ...] = ()
    spam: tuple[str, ...] = ()
    collab: tuple[str, ...] = ()
    contact: tuple[str, ...] = ()
    finance: tuple[str, ...] = ()
    earn: tuple[str, ...] = ()
    rate: tuple[str, ...] = ()
    prize: tuple[str, ...] = ()
    claim: tuple[str, ...] = ()
    follower: tuple[str, ...] = ()
    offer: tuple[str, ...] = ()

    def words(self, name: str) -> tuple[str, ...]:
        """The list called ``name``."""
        value: tuple[str, ...] = getattr(self, name)
        return value


class CommentRules(_Frozen):
    """Thresholds of the classification rules (counts of words, mentions, hashtags)."""

    spam_min_mentions: int = Field(ge=2)
    spam_min_hashtags: int = Field(ge=2)
    flood_min_words: int = Field(ge=2)
    flood_max_unique_share: float = Field(ge=0.0, le=1.0)
    min_word_letters: int = Field(ge=1)
    story_min_content_words: int = Field(ge=0)
    story_min_experience_words: int = Field(2, ge=1)
    opinion_min_content_words: int = Field(ge=0)
    opinion_min_words: int = Field(ge=1)
    intent_min_words: int = Field(ge=1)
    long_min_content_words: int = Field(ge=1)


class CommentLanguage(_Frozen):
    """Language detection: which languages, and when a guess is good enough to report."""

    languages: tuple[str, ...] = Field(min_length=1)
    other_languages: tuple[str, ...] = ()
    min_letters: int = Field(ge=1)
    min_confidence: float = Field(ge=0.5, le=1.0)
    other_min_confidence: float = Field(ge=0.0, le=1.0)
    other_min_letters: int = Field(ge=1)
    lexicon_vote_weight: float = Field(ge=0.0)
    decisive_votes: int = Field(3, ge=1)

    @model_validator(mode="after")
    def _codes(self) -> CommentLanguage:
        codes = (*self.languages, *self.other_languages)
        if any(len(c) != 2 or not c.isalpha() or not c.islower() for c in codes):
            raise ValueError("languages: ISO 639-1 codes, two lower-case letters")
        if len(set(codes)) != len(codes):
            raise ValueError("languages, other_languages: each code once")
        return self


class CommentScoring(_Frozen):
    """How the per-account component turns class shares into a score and a confidence."""

    class_values: dict[str, float]
    min_comments_full_confidence: int = Field(gt=0)
    min_posts_full_confidence: int = Field(gt=0)
    min_comments_for_flags: int = Field(ge=1)
    meaningful_share_good: float = Field(ge=0.0, le=1.0)
    meaningful_share_low: float = Field(ge=0.0, le=1.0)
    spam_share_high: float = Field(ge=0.0, le=1.0)
    emoji_share_high: float = Field(ge=0.0, le=1.0)
    exclude_owner_replies: bool = True

    @model_validator(mode="after")
    def _values(self) -> CommentScoring:
        if set(self.class_values) != set(CLASSES):
            raise ValueError(f"class_values: one value for each of {', '.join(CLASSES)}")
        if any(not 0.0 <= v <= 1.0 for v in self.class_values.values()):
            raise ValueError("class_values: between 0 and 1")
        return self


class CommentSettings(_Frozen):
    """Everything the comment classifier and the ``comments`` component read."""

    precedence: tuple[str, ...]
    rules: CommentRules
    language: CommentLanguage
    scoring: CommentScoring
    patterns: dict[str, str]
    spam_patterns: tuple[str, ...] = ()
    spam_combos: dict[str, tuple[tuple[str, ...], ...]] = Field(default_factory=dict)
    lexicon: dict[str, CommentLexicon]

    @model_validator(mode="after")
    def _consistent(self) -> CommentSettings:
        if sorted(self.precedence) != sorted(CLASSES):
            raise ValueError(f"precedence: each of {', '.join(CLASSES)} exactly once")
        missing = [p for p in PATTERN_NAMES if p not in self.patterns]
        if missing:
            raise ValueError(f"patterns: missing {', '.join(missing)}")
        known = {*LIST_NAMES, *SIGNAL_PATTERNS, *EXTRA_SIGNALS}
        for name in self.spam_patterns:
            if name not in SIGNAL_PATTERNS:
                raise ValueError(f"spam_patterns: {name!r} is not one of {SIGNAL_PATTERNS}")
        for combo, groups in self.spam_combos.items():
            if not groups or any(not g for g in groups):
                raise ValueError(f"spam_combos.{combo}: a non-empty list of non-empty groups")
            unknown = sorted({s for g in groups for s in g} - known)
            if unknown:
                raise ValueError(f"spam_combos.{combo}: unknown signal(s) {', '.join(unknown)}")
        return self

    def words(self, name: str) -> tuple[str, ...]:
        """The union of list ``name`` over all language tables, in table order."""
        return tuple(w for lex in self.lexicon.values() for w in lex.words(name))


def comment_settings_from_toml(path: Path = DEFAULTS_FILE) -> CommentSettings:
    """The ``[comments]`` section of a defaults file, validated."""
    with path.open("rb") as fh:
        data: dict[str, Any] = tomllib.load(fh)
    return CommentSettings.model_validate(data["comments"])


@functools.lru_cache(maxsize=1)
def builtin_comment_settings() -> CommentSettings:
    """The shipped ``[comments]`` settings (the default when a mapping has no such section)."""
    return comment_settings_from_toml()
