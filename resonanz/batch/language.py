"""Language of comments: lingua (offline, maintained) restricted to the expected languages.

Restricting lingua to few languages matters: with all 75 it loads for 7 s, takes 1.3 GB and
mislabels short English comments; with German and English it loads in 0.4 s. The other
languages of ``comments.language.other_languages`` (Turkish, French, …) are loaded too, but a
comment is only labelled with one of them when lingua is sure (``other_min_confidence``) and the
text is long enough (``other_min_letters``); otherwise the best *expected* language is taken.

Among the expected languages the decision combines lingua's confidence with the classifier's
word lists: a word only one language's lists know ("schee", "pls") shifts the log-odds by
``lexicon_vote_weight``. The result is null when the text has too few letters
(``min_letters``), holds only language-neutral words ("wow", "haha", "omg"), or the combined
confidence stays below ``min_confidence``.

The detector is built once per language set (lazy, cached) and runs over the *distinct* texts in
parallel (``compute_language_confidence_values_in_parallel``).
"""

from __future__ import annotations

import functools

import polars as pl
from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from resonanz.core.comments.settings import CommentLanguage

_EPS = 1e-6


@functools.lru_cache(maxsize=4)
def detector(codes: tuple[str, ...]) -> LanguageDetector:
    """The lingua detector for these ISO 639-1 codes (built once, models preloaded)."""
    isos = [IsoCode639_1.from_str(c) for c in codes]
    return (
        LanguageDetectorBuilder.from_iso_codes_639_1(*isos).with_preloaded_language_models().build()
    )


def _confidences(texts: list[str], codes: tuple[str, ...]) -> dict[str, list[float]]:
    """Per language code, lingua's confidence for each text (0 when lingua has no idea)."""
    out: dict[str, list[float]] = {c: [0.0] * len(texts) for c in codes}
    if not texts:
        return out
    results = detector(codes).compute_language_confidence_values_in_parallel(texts)
    for i, values in enumerate(results):
        for value in values:
            out[value.language.iso_code_639_1.name.lower()][i] = value.value
    return out


def _lingua_frame(texts: pl.Series, settings: CommentLanguage) -> pl.DataFrame:
    """Distinct texts with ``p_<code>`` for every configured language."""
    codes = (*settings.languages, *settings.other_languages)
    unique = texts.unique().to_list()
    conf = _confidences([str(t) for t in unique], codes)
    return pl.DataFrame(
        {"lang_text": unique, **{f"p_{c}": conf[c] for c in codes}},
        schema={"lang_text": pl.String, **{f"p_{c}": pl.Float64 for c in codes}},
    )


def _scores(frame: pl.DataFrame, settings: CommentLanguage) -> dict[str, pl.Expr]:
    """Per language: log(lingua confidence) + vote weight × words only its lists know."""
    w = settings.lexicon_vote_weight
    out = {}
    for code in (*settings.languages, *settings.other_languages):
        vote = pl.col(f"vote_{code}") if f"vote_{code}" in frame.columns else pl.lit(0)
        out[code] = (pl.col(f"p_{code}") + _EPS).log() + w * vote
    return out


def _argmax(scores: dict[str, pl.Expr]) -> pl.Expr:
    best = pl.max_horizontal(list(scores.values()))
    choice: pl.Expr = pl.lit(None, dtype=pl.String)
    for code, score in reversed(scores.items()):
        choice = pl.when(score == best).then(pl.lit(code)).otherwise(choice)
    return choice


def _choose(frame: pl.DataFrame, settings: CommentLanguage) -> pl.Expr:
    """The language: best overall; an expected one needs ``min_confidence`` among the expected
    languages, another one ``other_min_confidence`` (lingua alone) and ``other_min_letters``."""
    scores = _scores(frame, settings)
    expected = {c: scores[c] for c in settings.languages}
    best_expected = pl.max_horizontal(list(expected.values()))
    expected_conf = 1.0 / pl.sum_horizontal([(s - best_expected).exp() for s in expected.values()])
    best = _argmax(scores)
    top_p = pl.max_horizontal([pl.col(f"p_{c}") for c in scores])
    other_sure = (top_p >= settings.other_min_confidence) & (
        pl.col("n_letters") >= settings.other_min_letters
    )
    is_expected = best.is_in(list(settings.languages))
    return (
        pl.when(is_expected & (expected_conf >= settings.min_confidence))
        .then(best)
        .when(~is_expected & other_sure)
        .then(best)
    )


def detect_languages(inputs: pl.DataFrame, settings: CommentLanguage) -> pl.Series:
    """ISO 639-1 code (or null) per row of ``inputs``.

    ``inputs`` has the language columns of
    :func:`resonanz.core.comments.rules.classify_texts`: ``lang_text``, ``n_letters``,
    ``only_neutral_words`` and ``vote_<code>``.
    """
    frame = inputs.with_row_index("_row")
    candidate = (pl.col("n_letters") >= settings.min_letters) & ~pl.col("only_neutral_words")
    frame = frame.with_columns(_decided=_decisive(frame, settings))
    todo = frame.filter(candidate & pl.col("_decided").is_null())
    result = frame.filter(candidate & pl.col("_decided").is_not_null()).select(
        "_row", pl.col("_decided").alias("language")
    )
    if todo.height:
        scored = todo.join(_lingua_frame(todo["lang_text"], settings), on="lang_text", how="left")
        known = pl.sum_horizontal(
            [pl.col(f"p_{c}") for c in (*settings.languages, *settings.other_languages)]
        )
        language = pl.when(known > 0).then(_choose(scored, settings))
        result = pl.concat([result, scored.select("_row", language.alias("language"))])
    out = frame.select("_row").join(result, on="_row", how="left", maintain_order="left")
    return out["language"].alias("language")


def _decisive(frame: pl.DataFrame, settings: CommentLanguage) -> pl.Expr:
    """An expected language whose word lists alone are decisive (skips lingua), else null."""
    votes = {c: pl.col(f"vote_{c}") for c in settings.languages if f"vote_{c}" in frame.columns}
    out: pl.Expr = pl.lit(None, dtype=pl.String)
    for code, vote in votes.items():
        others = [v for c, v in votes.items() if c != code]
        silent = pl.sum_horizontal(others) == 0 if others else pl.lit(True)
        out = pl.when((vote >= settings.decisive_votes) & silent).then(pl.lit(code)).otherwise(out)
    return out
