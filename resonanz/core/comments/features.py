"""Vectorised features of comment texts: counts, patterns and word-list hits, one row per text.

Everything is a Polars expression over all texts at once; words are counted by exploding the
token lists (one row per word) and grouping back, so 100,000 comments take well under a second.
The decision that turns these features into a class is :mod:`resonanz.core.comments.rules`.

Content words are the words that say something specific: not function words, not praise,
greetings or interjections, not first-person pronouns, interrogatives, opinion or reason markers,
not numbers and not shorter than ``rules.min_word_letters``. "Tolles Bild!" has none,
"Geht das auch mit Dinkelmehl?" has two (``geht`` is a function word, ``dinkelmehl`` and …).
"""

from __future__ import annotations

import polars as pl

from resonanz.core.comments.lexicon import (
    PUNCT,
    CompiledLexicon,
    compile_lexicon,
    fold,
    tokens,
)
from resonanz.core.comments.settings import LIST_NAMES, CommentSettings

NON_CONTENT_LISTS: tuple[str, ...] = (
    "stopwords",
    "praise",
    "first_person",
    "neutral",
    "please",
    "reason",
    "opinion",
    "interrogative",
    "weak_interrogative",
)
"""Word lists whose words never count as content words."""

PRESENCE_LISTS: tuple[str, ...] = tuple(
    n for n in LIST_NAMES if n not in ("stopwords", "neutral", "question_opener", "idiom")
)
"""Word lists whose presence anywhere in a text is a feature (column ``has_<name>``)."""

# Emoji and their modifiers: pictographs, skin tones, flags, variation selector, joiner, tags,
# keycaps. Unicode properties, so new emoji are covered without an emoji library.
EMOJI_PATTERN = (
    r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}"
    r"\x{FE0E}\x{FE0F}\x{200D}\x{20E3}\x{E0020}-\x{E007F}]"
)
_KEYCAP = r"[0-9#*]\x{FE0F}?\x{20E3}"
IDIOM_TOKEN = "wow"
"""What a set phrase of praise is replaced by (a praise word, so the text stays praise)."""
_QUESTION = r"[?？¿]"


def _surface(text: pl.Expr, settings: CommentSettings) -> list[pl.Expr]:
    """Features of the raw text: patterns, mentions, hashtags, question mark, any letters."""
    p = settings.patterns
    low = text.str.to_lowercase()
    no_mentions = low.str.replace_all(p["email"], " ").str.replace_all(p["mention"], " ")
    bare = (
        low.str.replace_all(_KEYCAP, " ")
        .str.replace_all(EMOJI_PATTERN, " ")
        .str.replace_all(p["emoticon"], " ")
    )
    return [
        no_mentions.str.contains(p["url"]).alias("url"),
        low.str.contains(p["email"]).alias("email"),
        low.str.contains(p["phone"]).alias("phone"),
        low.str.contains(p["money"]).alias("money"),
        low.str.contains(p["adult"]).alias("adult"),
        no_mentions.str.count_matches(p["hashtag"]).alias("n_hashtags"),
        low.str.replace_all(p["email"], " ").str.count_matches(p["mention"]).alias("n_mentions"),
        low.str.contains(_QUESTION).alias("question_mark"),
        bare.str.replace_all(p["mention"], " ").str.contains(r"[\p{L}\p{N}]").alias("has_text"),
    ]


def _clean(text: pl.Expr, settings: CommentSettings) -> pl.Expr:
    """The text without links, e-mail addresses and @handles (hashtag words stay as words)."""
    p = settings.patterns
    return (
        text.str.replace_all(p["url"] + r"\S*", " ")
        .str.replace_all(p["email"], " ")
        .str.replace_all(p["mention"], " ")
        .str.replace_all(r"https?://\S+|www\.\S+", " ")
    )


def _non_content(token: pl.Expr, lex: CompiledLexicon, settings: CommentSettings) -> pl.Expr:
    hit = pl.lit(False)
    for name in NON_CONTENT_LISTS:
        hit = hit | lex[name].token_is(token)
    return (
        hit
        | token.str.contains(r"^\p{N}+$")
        | token.str.contains(settings.patterns["laughter"])
        | (token.str.len_chars() < settings.rules.min_word_letters)
    )


def _word_features(
    tokens: pl.DataFrame, lex: CompiledLexicon, settings: CommentSettings
) -> pl.DataFrame:
    """Per text (``_i``): word counts, participles, weak-interrogative questions.

    ``tokens`` is in text order; neighbours are found with shifts (same ``_i``), which is far
    cheaper than window functions over millions of words.
    """
    t, i = pl.col("_tok"), pl.col("_i")
    starts = (i != i.shift(1)).fill_null(True) | (t.shift(1) == PUNCT).fill_null(False)
    words = tokens.with_columns(_start=starts).filter(t != PUNCT)
    words = words.with_columns(_nc=_non_content(t, lex, settings))
    nc, start = pl.col("_nc"), pl.col("_start")
    same_next = (i.shift(-1) == i).fill_null(False) & ~start.shift(-1).fill_null(True)
    next_content = same_next & ~nc.shift(-1).fill_null(True)
    weak_start = lex["weak_interrogative"].token_is(t) & start & next_content
    # "gut gemacht", "super erklärt": a participle right after praise is praise, not a story
    after_praise = (i.shift(1) == i).fill_null(False) & lex["praise"].token_is(t.shift(1))
    participle = t.str.contains(settings.patterns["participle"]) & ~nc & ~after_praise
    return words.group_by("_i").agg(
        pl.len().alias("n_words"),
        t.n_unique().alias("n_unique_words"),
        (~nc).sum().alias("n_content"),
        lex["experience"].token_is(t).sum().alias("n_experience"),
        participle.any().alias("has_participle"),
        weak_start.any().alias("weak_question_start"),
    )


def _language_features(
    tokens: pl.DataFrame, lex: CompiledLexicon, settings: CommentSettings
) -> pl.DataFrame:
    """Per text (``_i``): words only one language's lists know, and "nothing but wow/haha"."""
    t = pl.col("_tok")
    neutral = (
        lex["neutral"].token_is(t)
        | t.str.contains(settings.patterns["laughter"])
        | t.str.contains(r"^\p{N}+$")
    )
    votes = [w.vote(t).sum().alias(f"vote_{code}") for code, w in lex.language_words.items()]
    return (
        tokens.filter(t != PUNCT)
        .group_by("_i")
        .agg(neutral.all().alias("only_neutral_words"), *votes)
    )


def _explode(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    return frame.select("_i", pl.col(column).alias("_tok")).explode("_tok").drop_nulls()


def comment_features(texts: pl.Series, settings: CommentSettings) -> pl.DataFrame:
    """One row of features per text (same order as ``texts``; null counts as empty)."""
    lex = compile_lexicon(settings)
    text = pl.col("text")
    base = pl.DataFrame({"text": texts.cast(pl.String).fill_null("")}).with_row_index("_i")
    folded = fold(_clean(text, settings))
    base = base.with_columns(*_surface(text, settings), _tokens=tokens(folded))
    # set phrases ("made my day", "gut gemacht", "weiter so") are praise: replace them by "wow"
    idioms = lex["idiom"].anywhere
    words = pl.col("_tokens").list.join(" ")
    if idioms is not None:
        words = words.str.replace_all(idioms, f" {IDIOM_TOKEN} ").str.replace_all(" +", " ")
    base = base.with_columns(words=words.str.strip_chars())
    base = base.with_columns(
        _words=pl.col("words").str.split(" ").list.eval(pl.element().filter(pl.element() != ""))
    )
    counts = _word_features(_explode(base, "_words"), lex, settings)
    language = _language_features(_explode(base, "_tokens"), lex, settings)
    words = pl.col("words")
    presence = [lex[name].contains(words).alias(f"has_{name}") for name in PRESENCE_LISTS]
    starts = [
        lex["interrogative"].starts_clause(words).alias("interrogative_start"),
        lex["question_opener"].starts_clause(words).alias("opener_start"),
        words.str.contains(settings.patterns["question_start"]).alias("verb_first_start"),
    ]
    lang_text = (
        _clean(text, settings)
        .str.replace_all(_KEYCAP, " ")
        .str.replace_all(EMOJI_PATTERN, " ")
        .str.replace_all(r"[#\p{N}_]+", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    for letter in "abcdefghijklmnopqrstuvwxyzäöü":  # "Yesss", "schööön": stretched for emphasis
        lang_text = lang_text.str.replace_all(f"(?i){letter}{{3,}}", letter)
    out = base.drop("_tokens", "_words").with_columns(
        *presence,
        *starts,
        lang_text=lang_text,
        n_letters=lang_text.str.count_matches(r"\p{L}"),
    )
    out = out.join(counts, on="_i", how="left", maintain_order="left")
    out = out.join(language, on="_i", how="left", maintain_order="left")
    fills = {c: 0 for c in out.columns if c.startswith("vote_") or c.startswith("n_")}
    return out.with_columns(
        *(pl.col(c).fill_null(v) for c, v in fills.items()),
        pl.col("has_participle", "weak_question_start").fill_null(False),
        pl.col("only_neutral_words").fill_null(True),
    ).drop("_i")
