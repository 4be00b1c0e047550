"""Check many posts at once: a contract-shaped posts frame in, one verdict row per post out.

Most posts of a market carry no commercial signal and no label word at all. A vectorised polars
prefilter finds them (a *superset* test: every rule needs a label word, a signal word, a link, a
@mention, a code, a platform label or a label-requiring consideration, or an odd Unicode character
that folding might turn into one), and only the rest go through :func:`check_post` one by one.
Posts skipped by the prefilter get exactly what :func:`check_post` would give them: ``ok``, no
label required, no findings (a test checks this on a generated market).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import polars as pl

from resonanz.core.disclosure.checker import check_post, default_settings, handle_set
from resonanz.core.disclosure.models import LABEL_REQUIRED, DisclosureVerdict
from resonanz.core.disclosure.normalise import fold_phrase
from resonanz.core.disclosure.settings import DisclosureSettings

RULE_STRUCT = pl.Struct(
    {
        "id": pl.String,
        "severity": pl.String,
        "text": pl.String,
        "position": pl.Int64,
        "field": pl.String,
        "code": pl.String,
    }
)
OUTPUT_SCHEMA: dict[str, Any] = {
    "_row": pl.Int64,
    "disclosure_verdict": pl.String,
    "disclosure_requirement": pl.String,
    "disclosure_undisclosed": pl.Boolean,
    "disclosure_rules": pl.List(RULE_STRUCT),
    "disclosure_unchecked": pl.List(pl.String),
}
_TEXT_COLUMNS = ("on_screen_text", "transcript")
_LIST_COLUMNS = ("mentions", "links", "discount_codes")
# Characters folding may turn into letters or drop: format/zero-width, combining marks, Greek,
# Cyrillic, IPA/small capitals, Latin beyond German's umlauts, fullwidth, enclosed and
# mathematical letters, letter-like symbols, regional indicators.
_ODD = (
    r"[\u00ad\u0180-\u036f\u0370-\u052f\u1d00-\u1dbf\u180e\u200b\u200c\u200e\u200f\u202a-\u202e"
    r"\u2060-\u206f\u2070-\u209f\u20d0-\u20ff\u2100-\u214f\u2460-\u24ff\u2800\u3164"
    r"\uff00-\uffef\U0001d400-\U0001d7ff\U0001f100-\U0001f1ff\u00c0-\u00c3\u00c5-\u00d5"
    r"\u00d8-\u00db\u00dd\u00de\u00e0-\u00e3\u00e5-\u00f5\u00f8-\u00fb\u00fd-\u017f]"
)
# ASCII word boundaries keep the Rust engine on its fast path; they are a superset of Unicode
# ones here because every other non-ASCII letter already matches _ODD.
_B = r"(?-u:\b)"
_JOINERS = r"[\u200d\ufe00-\ufe0f]"
_CODE = r"[A-Z][A-Z0-9_\-]*[0-9]"  # an upper-case discount code such as ANNA20
_UMLAUTS = (["ä", "ö", "ü", "ß"], ["a", "o", "u", "ss"])


def _fragments(settings: DisclosureSettings) -> Iterable[str]:
    """One regex fragment per listed phrase that every match of the phrase contains."""
    t, s = settings.tokens, settings.signals
    # Left out: "thanks" needs an @mention and discount words an upper-case code with a digit;
    # both are tested separately.
    lists = (
        t.de,
        t.en,
        t.video,
        t.weak,
        t.unclear,
        t.hashtag_prefixes,
        t.hashtag_suffixes,
        s.code_words,
        s.affiliate_words,
        s.commercial_phrases,
        settings.political_terms,
    )
    for items in lists:
        for phrase in items:
            folded = fold_phrase(phrase)
            words = [w for w in re.split(r"[\s\-]+", folded.lstrip("#")) if w]
            if not words:
                continue
            word = max(words, key=len)  # "in kooperation mit" → "kooperation"
            if len(word) >= 5:
                yield re.escape(word)
            else:  # short words only as whole words: "ad" must not match "schade"
                tag = "#" if folded.startswith("#") and len(words) == 1 else ""
                yield rf"{tag}{_B}{re.escape(word)}{_B}" if not tag else rf"#{re.escape(word)}{_B}"


def prefilter_pattern(settings: DisclosureSettings) -> str:
    """Regex (Rust syntax) for lower-cased, umlaut-free text that may need a full check."""
    fragments = sorted(set(_fragments(settings)), key=len, reverse=True)
    spaced = r"(?:^|[^a-z0-9_])(?:[a-z0-9][ .·•\-_*|/]){3,}[a-z0-9](?:[^a-z0-9_]|$)"
    parts = [
        *fragments,
        "@",
        r"https?:",
        r"www\.",
        rf"[a-z0-9]\.[a-z]{{2,6}}(?:/|{_B})",
        spaced,
        _ODD,
    ]
    return "|".join(parts)


def needs_check(frame: pl.DataFrame, settings: DisclosureSettings) -> pl.Series:
    """True for the posts :func:`check_post` may have something to say about."""
    pattern = prefilter_pattern(settings)

    def text_hit(name: str) -> pl.Expr:
        raw = pl.col(name).fill_null("")
        # Emoji joiners and variation selectors are everywhere; folding drops them, so drop
        # them here too instead of sending every emoji caption to the full check.
        lowered = raw.str.replace_all(_JOINERS, "").str.to_lowercase()
        words = lowered.str.replace_many(*_UMLAUTS).str.contains(pattern)
        return words | raw.str.contains(_CODE)

    cond = text_hit("_text")
    for name in _TEXT_COLUMNS:
        cond = cond | text_hit(name)
    for name in _LIST_COLUMNS:
        cond = cond | (pl.col(name).list.len().fill_null(0) > 0)
    cond = cond | pl.col("has_platform_paid_label").fill_null(False)
    cond = cond | pl.col("_consideration").is_in(sorted(LABEL_REQUIRED))
    return frame.select(cond.alias("m")).to_series()


def _prepare(
    posts: pl.DataFrame,
    accounts: pl.DataFrame | None,
    text_column: str,
    consideration: str,
) -> pl.DataFrame:
    frame = posts.with_row_index("_row").with_columns(pl.col("_row").cast(pl.Int64))
    if accounts is not None and "account_id" in frame.columns:
        keep = [c for c in ("platform", "audience_country") if c in accounts.columns]
        if "audience_country" not in keep and "country" in accounts.columns:
            accounts = accounts.with_columns(pl.col("country").alias("audience_country"))
            keep.append("audience_country")
        extra = [c for c in keep if c not in frame.columns]
        if extra:
            frame = frame.join(accounts.select("account_id", *extra), on="account_id", how="left")
    text = pl.col(text_column) if text_column in frame.columns else pl.lit(None)
    cons = pl.col("consideration") if "consideration" in frame.columns else pl.lit(None)
    columns = [
        text.cast(pl.String).alias("_text"),
        cons.cast(pl.String).fill_null(consideration).alias("_consideration"),
    ]
    for name in ("format", "platform", "audience_country", *_TEXT_COLUMNS):
        if name not in frame.columns:
            columns.append(pl.lit(None, dtype=pl.String).alias(name))
    for name in _LIST_COLUMNS:
        if name not in frame.columns:
            columns.append(pl.lit(None, dtype=pl.List(pl.String)).alias(name))
    if "has_platform_paid_label" not in frame.columns:
        columns.append(pl.lit(None, dtype=pl.Boolean).alias("has_platform_paid_label"))
    return frame.with_columns(columns).sort("_row")


def _row_result(row: int, v: DisclosureVerdict) -> dict[str, Any]:
    return {
        "_row": row,
        "disclosure_verdict": v.verdict,
        "disclosure_requirement": v.requirement,
        "disclosure_undisclosed": v.undisclosed,
        "disclosure_rules": [
            {k: getattr(h, k) for k in ("id", "severity", "text", "position", "field", "code")}
            for h in v.rules
        ],
        "disclosure_unchecked": list(v.unchecked),
    }


def check_posts(
    posts: pl.DataFrame,
    accounts: pl.DataFrame | None = None,
    *,
    profile: str | None = None,
    settings: DisclosureSettings | None = None,
    text_column: str = "caption",
    consideration: str = "unknown",
    brand_handles: Iterable[str] = (),
    non_brand_handles: Iterable[str] | None = None,
) -> pl.DataFrame:
    """One verdict per post: ``posts`` with ``disclosure_verdict``, ``disclosure_requirement``,
    ``disclosure_undisclosed``, ``disclosure_rules`` (id, severity, text, position, field, code)
    and ``disclosure_unchecked`` added, in the input order.

    Reads the contract columns that exist (``caption`` or ``text_column``, ``format``,
    ``mentions``, ``links``, ``discount_codes``, ``has_platform_paid_label``,
    ``on_screen_text``, ``transcript``, optional ``consideration``) and, from ``accounts``,
    ``platform`` and ``audience_country`` (or ``country``). ``non_brand_handles`` defaults to the
    handles in ``accounts``: a creator of the store tagging another is not read as a brand deal.
    """
    s = settings or default_settings()
    if non_brand_handles is None:
        have = accounts is not None and "handle" in accounts.columns
        non_brand_handles = accounts["handle"].drop_nulls().to_list() if have else []  # type: ignore[index]
    non_brand = handle_set(non_brand_handles)
    brands = handle_set(brand_handles)
    frame = _prepare(posts, accounts, text_column, consideration)
    mask = needs_check(frame, s)
    rows: list[dict[str, Any]] = []
    for r in frame.filter(mask).iter_rows(named=True):
        verdict = check_post(
            r["_text"],
            consideration=r["_consideration"],
            profile=profile,
            format=r["format"],
            has_platform_paid_label=r["has_platform_paid_label"],
            audience_country=r["audience_country"],
            on_screen_text=r["on_screen_text"],
            transcript=r["transcript"],
            mentions=r["mentions"] or (),
            links=r["links"] or (),
            discount_codes=r["discount_codes"] or (),
            platform=r["platform"],
            brand_handles=brands,
            non_brand_handles=non_brand,
            settings=s,
        )
        rows.append(_row_result(r["_row"], verdict))
    checked = pl.DataFrame(rows, schema=OUTPUT_SCHEMA)
    out = posts.with_row_index("_row").with_columns(pl.col("_row").cast(pl.Int64))
    out = out.join(checked, on="_row", how="left").sort("_row")
    return out.with_columns(
        pl.col("disclosure_verdict").fill_null("ok"),
        pl.col("disclosure_requirement").fill_null("none"),
        pl.col("disclosure_undisclosed").fill_null(False),
        pl.col("disclosure_rules").fill_null(pl.lit([], dtype=pl.List(RULE_STRUCT))),
        pl.col("disclosure_unchecked").fill_null(pl.lit([], dtype=pl.List(pl.String))),
    ).drop("_row")
