"""Tone of a review in German or English: a small lexicon with negation, written for resonanz.

Why our own: SentiWS (the usual German lexicon) is CC BY-NC and may not ship in the package.
The word lists below were written by the resonanz authors for product reviews and ship under the
project's licence. A word after a negation ("nicht", "kein", "not", "never", …) counts reversed.
The tone of a text is (positive − negative) / (positive + negative), in [−1, 1]; a text without
any lexicon word has no tone (null), never 0. Word stems match the start of a token ("lieb" →
"liebe", "lieben"), so the lists stay short.
"""

from __future__ import annotations

import polars as pl

POSITIVE_STEMS: tuple[str, ...] = (
    # German
    "gut",
    "super",
    "toll",
    "klasse",
    "prima",
    "lecker",
    "lieb",
    "perfekt",
    "begeister",
    "empfehl",
    "top",
    "genial",
    "wunderbar",
    "herrlich",
    "schön",
    "zufrieden",
    "fantastisch",
    "großartig",
    "hervorragend",
    "ausgezeichnet",
    "spitze",
    "angenehm",
    "praktisch",
    "schnell",
    "freu",
    "mag",
    "geil",
    "klasse",
    "lohnt",
    "gerne",
    "überzeugt",
    "hochwertig",
    "frisch",
    # English
    "good",
    "great",
    "love",
    "excellent",
    "amazing",
    "awesome",
    "perfect",
    "recommend",
    "delicious",
    "tasty",
    "nice",
    "happy",
    "fantastic",
    "wonderful",
    "best",
    "like",
    "enjoy",
    "fast",
    "quality",
    "worth",
    "brilliant",
    "satisfied",
    "fresh",
)
NEGATIVE_STEMS: tuple[str, ...] = (
    # German
    "schlecht",
    "enttäusch",
    "mies",
    "furchtbar",
    "schrecklich",
    "ekel",
    "kaputt",
    "defekt",
    "teuer",
    "langsam",
    "ärger",
    "leider",
    "mangel",
    "billig",
    "schade",
    "nervig",
    "zurück",
    "reklamation",
    "beschwer",
    "fad",
    "langweilig",
    "unzufrieden",
    "verdorben",
    "muffig",
    "abzocke",
    # English
    "bad",
    "poor",
    "terrible",
    "awful",
    "disappoint",
    "broken",
    "expensive",
    "slow",
    "worst",
    "hate",
    "refund",
    "return",
    "complain",
    "bland",
    "boring",
    "stale",
    "waste",
    "cheap",
)
NEGATIONS: tuple[str, ...] = (
    "nicht", "kein", "keine", "keinen", "keiner", "nie", "niemals", "ohne",
    "not", "no", "never", "don't", "dont", "isn't", "wasn't", "without",
)  # fmt: skip


def _stem_pattern(stems: tuple[str, ...]) -> str:
    return "^(?:" + "|".join(sorted(set(stems), key=len, reverse=True)) + ")"


_POS = _stem_pattern(POSITIVE_STEMS)
_NEG = _stem_pattern(NEGATIVE_STEMS)
# positive stems that start a negative word ("gut" vs "gutschein" is neutral, "billig" is negative)
_NEUTRAL = r"^(?:gutschein|guthaben|topf|mage|liken|cheaper)"


def text_tone(frame: pl.DataFrame, key: str, text: str) -> pl.DataFrame:
    """Per ``key``: ``tone`` in [−1, 1] (null without lexicon words), ``pos`` and ``neg`` counts."""
    tokens = (
        frame.select(
            pl.col(key),
            pl.col(text).fill_null("").str.to_lowercase().str.extract_all(r"[\p{L}']+").alias("t"),
        )
        .explode("t")
        .drop_nulls("t")
        .with_columns(pl.col("t").shift(1).over(key).is_in(list(NEGATIONS)).alias("negated"))
    )
    neutral = pl.col("t").str.contains(_NEUTRAL)
    polarity = (
        pl.when(neutral)
        .then(0)
        .when(pl.col("t").str.contains(_NEG))
        .then(-1)
        .when(pl.col("t").str.contains(_POS))
        .then(1)
        .otherwise(0)
    )
    signed = pl.when(pl.col("negated")).then(-polarity).otherwise(polarity)
    counted = (
        tokens.with_columns(signed.alias("p"))
        .group_by(key)
        .agg(
            (pl.col("p") > 0).sum().cast(pl.Int64).alias("pos"),
            (pl.col("p") < 0).sum().cast(pl.Int64).alias("neg"),
        )
    )
    total = pl.col("pos") + pl.col("neg")
    out = (
        frame.select(pl.col(key))
        .join(counted, on=key, how="left")
        .with_columns(pl.col("pos").fill_null(0), pl.col("neg").fill_null(0))
    )
    return out.with_columns(
        pl.when(total > 0).then((pl.col("pos") - pl.col("neg")) / total).alias("tone")
    )
