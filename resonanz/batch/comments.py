"""Classify comments in bulk: the core rules plus language detection (lingua).

:func:`classify_comment_texts` labels any series of texts (the ``resonanz comments classify``
command uses it); :func:`comment_classes_frame` adds ``comment_class``, ``comment_rule`` and
``comment_language`` to a contract ``comments`` table, ready for
:func:`resonanz.core.vetting.comments.comments_component_frame`.
"""

from __future__ import annotations

import polars as pl

from resonanz.batch.language import detect_languages
from resonanz.core.comments.rules import classify_texts
from resonanz.core.comments.settings import CommentSettings, builtin_comment_settings
from resonanz.core.config import DomainDefaults


def _settings(defaults: DomainDefaults | CommentSettings | None) -> CommentSettings:
    if defaults is None:
        return builtin_comment_settings()
    if isinstance(defaults, CommentSettings):
        return defaults
    return defaults.comments


def classify_comment_texts(
    texts: pl.Series, defaults: DomainDefaults | CommentSettings | None = None
) -> pl.DataFrame:
    """``class``, ``rule`` and ``language`` (ISO 639-1 or null) for every text, in order.

    Duplicate texts are classified once (real comment sections repeat "😍" and "Nice!" a lot).
    """
    s = _settings(defaults)
    texts = texts.cast(pl.String).fill_null("")
    unique = texts.unique(maintain_order=True)
    labels = classify_texts(unique, s)
    labels = labels.with_columns(language=detect_languages(labels, s.language))
    lookup = labels.select(pl.Series("text", unique), "class", "rule", "language")
    frame = pl.DataFrame({"text": texts})
    return frame.join(lookup, on="text", how="left", maintain_order="left").drop("text")


def comment_classes_frame(
    comments: pl.DataFrame, defaults: DomainDefaults | CommentSettings | None = None
) -> pl.DataFrame:
    """The ``comments`` table with ``comment_class``, ``comment_rule``, ``comment_language``.

    Needs a ``text`` column (null text counts as empty: class ``emoji_only``, language null);
    every other column is kept as it is.
    """
    if "text" not in comments.columns:
        raise ValueError("comments: missing required column: text")
    labels = classify_comment_texts(comments["text"], defaults)
    return comments.with_columns(
        comment_class=labels["class"],
        comment_rule=labels["rule"],
        comment_language=labels["language"],
    )
