"""The comment classifier: transparent rules over the features of :mod:`.features`.

Each class has named rules; the first class in ``comments.precedence`` (default: spam,
emoji_only, meaningful, generic_praise) with a rule that holds wins, the last class is the
fallback. The ``rule`` column names the rule that decided, so every label can be explained:

* **spam** — ``url``/``email``/``phone``/``adult`` (the ``spam_patterns``), ``spam_phrase``
  ("check my bio", "folgt mir", "link in bio"), ``mass_mentions`` (≥ 5 @handles),
  ``hashtags`` (≥ 4), ``flood`` (many words, few distinct), ``combo_<name>`` (word lists that
  together mean spam: money + earn + rate, prize + claim, …);
* **emoji_only** — ``no_text``: no letter or digit once emoji, emoticons, punctuation and spaces
  are gone (an empty comment too: it carries no words, like an emoji reply);
* **meaningful** — ``question`` (a "?" with a content word or an interrogative, or a question
  opener such as "Hast du…", "do you…", "where…"), ``request`` ("Rezept bitte", "link pls"),
  ``story`` (first person + experience, people, past participle or ≥ 3 content words; or
  ≥ 2 experience words without a pronoun: "War letztes Jahr auch dort"),
  ``opinion`` (reason or opinion marker + ≥ 2 content words), ``intent`` ("will try this"),
  ``friend_tag`` (1–4 @handles alone or with "look"/"wir müssen": sharing is authentic),
  ``long_text`` (≥ 5 content words);
* **generic_praise** — ``praise`` (a praise word) or ``short`` (anything else short).
"""

from __future__ import annotations

import polars as pl

from resonanz.core.comments.features import comment_features
from resonanz.core.comments.settings import (
    CLASSES,
    LIST_NAMES,
    CommentSettings,
    builtin_comment_settings,
)

__all__ = ["CLASSES", "class_rules", "classify_text", "classify_texts"]

LANGUAGE_INPUT_COLUMNS: tuple[str, ...] = ("lang_text", "n_letters", "only_neutral_words")
"""Columns of :func:`classify_texts` that language detection reads (plus ``vote_<code>``)."""


def _signal(name: str) -> pl.Expr:
    if name in LIST_NAMES:
        return pl.col(f"has_{name}")
    if name == "mention":
        return pl.col("n_mentions") > 0
    if name == "hashtag":
        return pl.col("n_hashtags") > 0
    return pl.col(name)


def _spam_rules(settings: CommentSettings) -> list[tuple[str, pl.Expr]]:
    r = settings.rules
    rules = [(name, _signal(name)) for name in settings.spam_patterns]
    rules += [
        ("spam_phrase", pl.col("has_spam")),
        ("mass_mentions", pl.col("n_mentions") >= r.spam_min_mentions),
        ("hashtags", pl.col("n_hashtags") >= r.spam_min_hashtags),
        (
            "flood",
            (pl.col("n_words") >= r.flood_min_words)
            & (pl.col("n_unique_words") <= r.flood_max_unique_share * pl.col("n_words")),
        ),
    ]
    for combo, groups in settings.spam_combos.items():
        parts = [pl.any_horizontal([_signal(s) for s in group]) for group in groups]
        rules.append((f"combo_{combo}", pl.all_horizontal(parts)))
    return rules


def _meaningful_rules(settings: CommentSettings) -> list[tuple[str, pl.Expr]]:
    r = settings.rules
    q = pl.col("question_mark")
    content = pl.col("n_content")
    opener = pl.col("opener_start") | pl.col("verb_first_start") | pl.col("weak_question_start")
    question = (
        pl.col("interrogative_start")
        | (opener & (q | (content >= 1)))
        | (q & (pl.col("has_interrogative") | (content >= 1)))
    )
    story = pl.col("has_first_person") & (
        pl.col("has_experience")
        | pl.col("has_people")
        | pl.col("has_participle")
        | (content >= r.story_min_content_words)
    ) | ((pl.col("n_experience") >= r.story_min_experience_words) & (content >= 1))
    opinion = (
        (pl.col("has_reason") | pl.col("has_opinion"))
        & (content >= r.opinion_min_content_words)
        & (pl.col("n_words") >= r.opinion_min_words)
    )
    mentions = pl.col("n_mentions")
    return [
        ("question", question),
        ("request", pl.col("has_request_object") & pl.col("has_please")),
        ("story", story),
        ("opinion", opinion),
        ("intent", pl.col("has_intent") & (pl.col("n_words") >= r.intent_min_words)),
        (
            "friend_tag",
            (mentions >= 1) & ((pl.col("n_words") == 0) | pl.col("has_share")),
        ),
        ("long_text", content >= r.long_min_content_words),
    ]


def class_rules(settings: CommentSettings) -> dict[str, list[tuple[str, pl.Expr]]]:
    """Per class, its named rules in order (expressions over :func:`comment_features`)."""
    return {
        "spam": _spam_rules(settings),
        "emoji_only": [("no_text", ~pl.col("has_text") & (pl.col("n_mentions") == 0))],
        "meaningful": _meaningful_rules(settings),
        "generic_praise": [
            ("praise", pl.col("has_praise")),
            ("short", pl.col("n_content") < settings.rules.long_min_content_words),
        ],
    }


FALLBACK_RULE: dict[str, str] = {
    "spam": "spam",
    "emoji_only": "no_text",
    "meaningful": "meaningful",
    "generic_praise": "generic",
}
"""The rule name reported when a class wins as the fallback (no own rule held)."""


def _decision(settings: CommentSettings) -> tuple[pl.Expr, pl.Expr]:
    rules = class_rules(settings)
    held = {c: pl.any_horizontal([e for _, e in rules[c]]) for c in CLASSES}
    *ordered, fallback = settings.precedence
    label: pl.Expr = pl.lit(fallback)
    for cls in reversed(ordered):
        label = pl.when(held[cls]).then(pl.lit(cls)).otherwise(label)
    rule: pl.Expr = pl.lit(None, dtype=pl.String)
    for cls in CLASSES:
        named = [pl.when(e).then(pl.lit(n)) for n, e in rules[cls]]
        which = pl.coalesce([*named, pl.lit(FALLBACK_RULE[cls])])
        rule = pl.when(pl.col("class") == cls).then(which).otherwise(rule)
    return label.alias("class"), rule.alias("rule")


def classify_texts(texts: pl.Series, settings: CommentSettings | None = None) -> pl.DataFrame:
    """Class and deciding rule of every text, with the inputs language detection needs.

    Returns one row per text, in order: ``class``, ``rule``, ``lang_text`` (the text without
    links, handles, emoji and digits), ``n_letters``, ``only_neutral_words`` (nothing but
    "wow", "haha", numbers) and ``vote_<code>`` (words only that language's lists know).

    >>> classify_texts(pl.Series(["Wo gibt es die Jacke?", "😍🔥", "Mega!"]))["class"].to_list()
    ['meaningful', 'emoji_only', 'generic_praise']
    """
    s = settings or builtin_comment_settings()
    label, rule = _decision(s)
    feats = comment_features(texts, s).with_columns(label).with_columns(rule)
    votes = [c for c in feats.columns if c.startswith("vote_")]
    return feats.select("class", "rule", *LANGUAGE_INPUT_COLUMNS, *votes)


def classify_text(text: str | None, settings: CommentSettings | None = None) -> str:
    """The class of one text (convenience for a single comment; use :func:`classify_texts`)."""
    return str(classify_texts(pl.Series([text], dtype=pl.String), settings)["class"][0])
